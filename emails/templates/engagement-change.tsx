// Sent to everyone registered when staff change a session's time or place, cancel it, or when it
// starts within 24 hours (reminder); and to one person whose own place (or one-to-one slot) was
// cancelled while the session goes ahead. Changes and cancellations carry an updated invitation.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function engagementChangeMessage(props: {
  name: string;
  change: "updated" | "cancelled" | "reminder" | "place_cancelled";
  sessionTitle: string;
  procurementTitle: string;
  when: string;
  where: string;
  link: string;
  reason?: string;
  /** place_cancelled: who cancelled the place ("You", "The procurement team", "<name> from your organisation"). */
  cancelledBy?: string;
  /** place_cancelled: when registration closes, as the session page shows it. */
  registrationCloses?: string;
}) {
  const subject =
    props.change === "cancelled"
      ? `Cancelled: ${props.sessionTitle}`
      : props.change === "place_cancelled"
        ? `Your place is cancelled: ${props.sessionTitle}`
        : props.change === "updated"
          ? `Changed: ${props.sessionTitle}`
          : `Reminder: ${props.sessionTitle} is tomorrow`;
  const intro =
    props.change === "cancelled"
      ? "This session has been cancelled. The attached cancellation removes it from your calendar."
      : props.change === "place_cancelled"
        ? `${props.cancelledBy ?? "Someone"} cancelled your place at ${props.sessionTitle} on ${props.when}. ` +
          "The session is still going ahead. The attached cancellation removes it from your calendar."
        : props.change === "updated"
          ? "The details of this session have changed. The attached invitation updates your calendar."
          : "This is a reminder that you are registered for this session, which starts within 24 hours.";
  const bookAgain =
    props.change === "place_cancelled"
      ? `To book a place again, go to the session page${
          props.registrationCloses ? ` before registration closes on ${props.registrationCloses}` : ""
        }.`
      : undefined;
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>{intro}</p>
      {props.reason ? <p>Reason: {props.reason}</p> : null}
      {bookAgain ? <p>{bookAgain}</p> : null}
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
${props.reason ? `\nReason: ${props.reason}\n` : ""}${bookAgain ? `\n${bookAgain}\n` : ""}
${props.sessionTitle}
${props.procurementTitle}
${props.when}
${props.where}

View the session: ${props.link}`,
  );
}
