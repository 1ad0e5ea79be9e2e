// Sent to the users of the one organisation whose question staff accepted as commercially
// confidential: its answer (or an amendment to it) goes to them alone.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function clarificationPrivateAnswerMessage(props: {
  name: string;
  kind: "answered" | "amended";
  subject: string;
  procurementTitle: string;
  question: string;
  answer: string;
  amendmentReason: string | null;
  link: string;
}) {
  const subject =
    props.kind === "amended"
      ? `Private answer amended: ${props.subject}`
      : `Your clarification question has been answered privately: ${props.subject}`;
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>
        We accepted that your organisation's question about <strong>{props.procurementTitle}</strong> is commercially
        confidential, so this answer is sent to your organisation only and is not in the public clarification log.
      </p>
      {props.kind === "amended" && props.amendmentReason ? (
        <p>
          <strong>Why it was amended:</strong> {props.amendmentReason}
        </p>
      ) : null}
      <p style={{ whiteSpace: "pre-line" }}>
        <strong>Question:</strong> {props.question}
      </p>
      <p style={{ whiteSpace: "pre-line" }}>
        <strong>Answer:</strong> {props.answer}
      </p>
      <EmailButton href={props.link}>See your question</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

We accepted that your organisation's question about ${props.procurementTitle} is commercially confidential, so this answer is sent to your organisation only and is not in the public clarification log.
${props.kind === "amended" && props.amendmentReason ? `\nWhy it was amended: ${props.amendmentReason}\n` : ""}
Question: ${props.question}

Answer: ${props.answer}

See your question: ${props.link}`,
  );
}
