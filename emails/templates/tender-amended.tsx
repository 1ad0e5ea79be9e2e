// Sent to every user of every supplier organisation registered on the procurement when the tender
// is amended: a change to the tender documents is a new version, and every supplier is told
// (Procurement Act 2023 s.31).
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function tenderAmendedMessage(props: {
  name: string;
  procurementTitle: string;
  version: number;
  reason: string;
  link: string;
}) {
  const subject = `Tender amended (version ${props.version}): ${props.procurementTitle}`;
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>
        The tender for <strong>{props.procurementTitle}</strong> has been amended. Version {props.version} of the
        questionnaire and tender documents is now published.
      </p>
      <p>The reason for the amendment:</p>
      <p style={{ whiteSpace: "pre-line" }}>{props.reason}</p>
      <p>If your organisation has started a bid, review your answers against the new version before you submit.</p>
      <EmailButton href={props.link}>Read the amended tender</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

The tender for ${props.procurementTitle} has been amended. Version ${props.version} of the questionnaire and tender documents is now published.

The reason for the amendment:
${props.reason}

If your organisation has started a bid, review your answers against the new version before you submit.

Read the amended tender: ${props.link}`,
  );
}
