// Sent to everyone registered when staff change a session's time or place, cancel it, or when it
// starts within 24 hours (reminder). Changes and cancellations carry an updated invitation.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function engagementChangeMessage(props: {
  name: string;
  change: "updated" | "cancelled" | "reminder";
  sessionTitle: string;
  procurementTitle: string;
  when: string;
  where: string;
  link: string;
  reason?: string;
}) {
  const subject =
    props.change === "cancelled"
      ? `Cancelled: ${props.sessionTitle}`
      : props.change === "updated"
        ? `Changed: ${props.sessionTitle}`
        : `Reminder: ${props.sessionTitle} is tomorrow`;
  const intro =
    props.change === "cancelled"
      ? "This session has been cancelled. The attached cancellation removes it from your calendar."
      : props.change === "updated"
        ? "The details of this session have changed. The attached invitation updates your calendar."
        : "This is a reminder that you are registered for this session, which starts within 24 hours.";
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>{intro}</p>
      {props.reason ? <p>Reason: {props.reason}</p> : null}
      <p>
        <strong>{props.sessionTitle}</strong>
        <br />
        {props.procurementTitle}
        <br />
        {props.when}
        <br />
        {props.where}
      </p>
      <EmailButton href={props.link}>View the session</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

${intro}
${props.reason ? `\nReason: ${props.reason}\n` : ""}
${props.sessionTitle}
${props.procurementTitle}
${props.when}
${props.where}

View the session: ${props.link}`,
  );
}
