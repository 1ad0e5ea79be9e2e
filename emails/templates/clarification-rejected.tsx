// Sent to the supplier who asked a clarification question that staff will not answer, with why.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function clarificationRejectedMessage(props: {
  name: string;
  subject: string;
  reason: string;
  procurementTitle: string;
  link: string;
}) {
  const subject = `Your clarification question will not be answered: ${props.subject}`;
  return renderEmail(
    subject,
    <EmailLayout heading="Your clarification question will not be answered">
      <p>Dear {props.name},</p>
      <p>
        We will not answer your question “{props.subject}” about <strong>{props.procurementTitle}</strong>.
      </p>
      <p style={{ whiteSpace: "pre-line" }}>
        <strong>Why:</strong> {props.reason}
      </p>
      <EmailButton href={props.link}>See your question</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

We will not answer your question "${props.subject}" about ${props.procurementTitle}.

Why: ${props.reason}

See your question: ${props.link}`,
  );
}
