// Sent to every user of every supplier organisation registered on the procurement when staff
// change the bid deadline: everyone learns it at the same time (equal treatment).
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function tenderDeadlineChangedMessage(props: {
  name: string;
  procurementTitle: string;
  previous: string | null;
  deadline: string;
  reason: string;
  link: string;
}) {
  const subject = `Bid deadline changed: ${props.procurementTitle}`;
  const was = props.previous ? ` (it was ${props.previous})` : "";
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>
        The deadline for bids for <strong>{props.procurementTitle}</strong> is now <strong>{props.deadline}</strong> (UK
        time){was}.
      </p>
      <p>The reason for the change:</p>
      <p style={{ whiteSpace: "pre-line" }}>{props.reason}</p>
      <EmailButton href={props.link}>Read the tender</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

The deadline for bids for ${props.procurementTitle} is now ${props.deadline} (UK time)${was}.

The reason for the change:
${props.reason}

Read the tender: ${props.link}`,
  );
}
