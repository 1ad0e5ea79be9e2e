// Sent to an attendee when a place is confirmed (on registering, or from the waitlist), or when
// they join the waitlist. A confirmed place carries the calendar invitation.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function engagementRegistrationMessage(props: {
  name: string;
  status: "confirmed" | "promoted" | "waitlisted" | "booked";
  sessionTitle: string;
  procurementTitle: string;
  when: string;
  where: string;
  link: string;
}) {
  const subject =
    props.status === "waitlisted"
      ? `You are on the waitlist: ${props.sessionTitle}`
      : props.status === "promoted"
        ? `A place is now yours: ${props.sessionTitle}`
        : props.status === "booked"
          ? `Your one-to-one meeting is booked: ${props.sessionTitle}`
          : `Your place is confirmed: ${props.sessionTitle}`;
  const intro =
    props.status === "waitlisted"
      ? "The session is full, so you are on the waitlist. If a place becomes free, it goes to the first person on the list and we will email you at once."
      : props.status === "promoted"
        ? "A place has become free and it is now yours. The calendar invitation is attached."
        : props.status === "booked"
          ? "Your one-to-one meeting slot is booked. The calendar invitation is attached."
          : "Your place is confirmed. The calendar invitation is attached.";
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>{intro}</p>
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
      <p>If you can no longer attend, cancel your place on the session page so that someone else can have it.</p>
    </EmailLayout>,
    `Dear ${props.name},

${intro}

${props.sessionTitle}
${props.procurementTitle}
${props.when}
${props.where}

View the session: ${props.link}

If you can no longer attend, cancel your place on the session page so that someone else can have it.`,
  );
}
