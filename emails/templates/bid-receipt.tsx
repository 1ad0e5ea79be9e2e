// Sent to every person of a bidding organisation when its bid is submitted: the receipt.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function bidReceiptMessage(props: {
  name: string;
  submitter: string;
  procurementTitle: string;
  reference: string;
  receivedAtText: string;
  digest: string;
  answers: number;
  files: number;
  receiptLink: string;
  verifyLink: string;
}) {
  const subject = `Bid receipt ${props.reference}: ${props.procurementTitle}`;
  return renderEmail(
    subject,
    <EmailLayout heading="We have received your bid">
      <p>Dear {props.name},</p>
      <p>
        {props.submitter} submitted your organisation's bid for <strong>{props.procurementTitle}</strong>. Keep this
        receipt: it proves what was submitted and when.
      </p>
      <p>
        The time below is when the portal received the submit request, to the second. It is the time that counts against
        the deadline.
      </p>
      <table role="presentation" cellPadding={4} style={{ borderCollapse: "collapse" }}>
        <tbody>
          <tr>
            <th style={{ textAlign: "left" }}>Reference</th>
            <td>{props.reference}</td>
          </tr>
          <tr>
            <th style={{ textAlign: "left" }}>Received (UK time)</th>
            <td>{props.receivedAtText}</td>
          </tr>
          <tr>
            <th style={{ textAlign: "left" }}>SHA-256 digest</th>
            <td style={{ fontFamily: "monospace", wordBreak: "break-all" }}>{props.digest}</td>
          </tr>
          <tr>
            <th style={{ textAlign: "left" }}>Contents</th>
            <td>
              {props.answers} answers, {props.files} files
            </td>
          </tr>
        </tbody>
      </table>
      <EmailButton href={props.receiptLink}>View or download your receipt</EmailButton>
      <p>
        Anyone holding this receipt can check it at <a href={props.verifyLink}>{props.verifyLink}</a>. Until the
        deadline you may withdraw the bid or submit it again; the last submission counts.
      </p>
    </EmailLayout>,
    `Dear ${props.name},

${props.submitter} submitted your organisation's bid for ${props.procurementTitle}. Keep this receipt: it proves what was submitted and when.

The received time is when the portal received the submit request, to the second. It is the time that counts against the deadline.

Reference: ${props.reference}
Received (UK time): ${props.receivedAtText}
SHA-256 digest: ${props.digest}
Contents: ${props.answers} answers, ${props.files} files

View or download your receipt: ${props.receiptLink}
Check a receipt: ${props.verifyLink}

Until the deadline you may withdraw the bid or submit it again; the last submission counts.`,
  );
}
