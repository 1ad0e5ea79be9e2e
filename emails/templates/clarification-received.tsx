// Sent to a supplier who asks a clarification question: a receipt, and where to follow it.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function clarificationReceivedMessage(props: {
  name: string;
  subject: string;
  procurementTitle: string;
  link: string;
}) {
  const subject = `We have received your clarification question: ${props.subject}`;
  return renderEmail(
    subject,
    <EmailLayout heading="We have received your clarification question">
      <p>Dear {props.name},</p>
      <p>
        Thank you for your question about <strong>{props.procurementTitle}</strong>. We will answer it in the
        clarification log, which every registered supplier can read, without saying who asked. If you asked for it to be
        treated as commercially confidential, we will tell you what we decide.
      </p>
      <EmailButton href={props.link}>Follow your question</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

Thank you for your question "${props.subject}" about ${props.procurementTitle}. We will answer it in the clarification log, which every registered supplier can read, without saying who asked. If you asked for it to be treated as commercially confidential, we will tell you what we decide.

Follow your question: ${props.link}`,
  );
}
