// Sent to every user of every supplier organisation registered on the procurement when the tender
// is first published: everyone learns at the same time that bidding is open, and until when.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function tenderPublishedMessage(props: {
  name: string;
  procurementTitle: string;
  bidDeadline: string;
  clarificationDeadline: string | null;
  link: string;
}) {
  const subject = `Tender published: ${props.procurementTitle}`;
  const clarifications = props.clarificationDeadline
    ? `Clarification questions can be asked until ${props.clarificationDeadline} (UK time).`
    : null;
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>
        The tender for <strong>{props.procurementTitle}</strong> is published: the questionnaire and the tender
        documents are on the portal, and your organisation can now prepare and submit a bid.
      </p>
      <p>
        Bids must be submitted by <strong>{props.bidDeadline}</strong> (UK time). The portal refuses a bid received
        after it.
      </p>
      {clarifications ? <p>{clarifications}</p> : null}
      <EmailButton href={props.link}>Read the tender</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

The tender for ${props.procurementTitle} is published: the questionnaire and the tender documents are on the portal, and your organisation can now prepare and submit a bid.

Bids must be submitted by ${props.bidDeadline} (UK time). The portal refuses a bid received after it.
${clarifications ? `\n${clarifications}\n` : ""}
Read the tender: ${props.link}`,
  );
}
