// Sent to every person of a bidding organisation when its submitted bid is withdrawn.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function bidWithdrawnMessage(props: {
  name: string;
  withdrawnBy: string;
  procurementTitle: string;
  reference: string;
  withdrawnAtText: string;
  link: string;
}) {
  const subject = `Bid ${props.reference} withdrawn: ${props.procurementTitle}`;
  return renderEmail(
    subject,
    <EmailLayout heading="Your bid has been withdrawn">
      <p>Dear {props.name},</p>
      <p>
        {props.withdrawnBy} withdrew your organisation's bid {props.reference} for{" "}
        <strong>{props.procurementTitle}</strong> at {props.withdrawnAtText} (UK time). Your organisation has no bid
        that counts until you submit again, before the deadline. Your draft answers are kept.
      </p>
      <EmailButton href={props.link}>Go to your bid</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

${props.withdrawnBy} withdrew your organisation's bid ${props.reference} for ${props.procurementTitle} at ${props.withdrawnAtText} (UK time). Your organisation has no bid that counts until you submit again, before the deadline. Your draft answers are kept.

Go to your bid: ${props.link}`,
  );
}
