// Sent to the procurement's commercial team mailbox when a supplier asks a clarification question,
// so that it is picked up from the queue well before the clarification deadline. It names neither
// the organisation nor the person: the queue, behind sign-in, does.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function clarificationQueuedMessage(props: {
  subject: string;
  procurementTitle: string;
  confidentialRequested: boolean;
  deadline: string | null;
  link: string;
}) {
  const subject = `New clarification question: ${props.procurementTitle}`;
  const confidential = props.confidentialRequested
    ? "The supplier asks for it to be treated as commercially confidential: decide before answering."
    : null;
  const deadline = props.deadline ? `The clarification deadline is ${props.deadline} (UK time).` : null;
  return renderEmail(
    subject,
    <EmailLayout heading="A new clarification question is in the queue">
      <p>
        A supplier has asked a clarification question about <strong>{props.procurementTitle}</strong>:{" "}
        <strong>{props.subject}</strong>.
      </p>
      {confidential ? <p>{confidential}</p> : null}
      {deadline ? <p>{deadline}</p> : null}
      <EmailButton href={props.link}>Open the question</EmailButton>
    </EmailLayout>,
    [
      `A supplier has asked a clarification question about ${props.procurementTitle}: "${props.subject}".`,
      confidential,
      deadline,
      `Open the question: ${props.link}`,
    ]
      .filter(Boolean)
      .join("\n\n"),
  );
}
