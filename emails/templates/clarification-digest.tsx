// Sent to every user of every supplier organisation registered on a procurement when clarification
// answers are published or amended: one email listing all that went out since the last one
// (equal treatment, Procurement Act 2023 s.12). Never says who asked.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export type DigestEntry = {
  label: string;
  kind: "published" | "amended";
  version: number;
  question: string;
  answer: string;
  documentRef: string | null;
  sectionRef: string | null;
  amendmentReason: string | null;
  link: string;
};

function reference(entry: DigestEntry) {
  return [entry.documentRef, entry.sectionRef ? `section ${entry.sectionRef}` : null].filter(Boolean).join(", ");
}

function heading(entry: DigestEntry) {
  return entry.kind === "amended" ? `${entry.label} amended (version ${entry.version})` : `${entry.label}`;
}

export function clarificationDigestMessage(props: {
  name: string;
  procurementTitle: string;
  entries: DigestEntry[];
  link: string;
}) {
  const { entries } = props;
  const amendedOnly = entries.every((e) => e.kind === "amended");
  const subject =
    entries.length === 1
      ? `Clarification ${entries[0].label} ${entries[0].kind === "amended" ? "amended" : "published"}: ${props.procurementTitle}`
      : `${entries.length} clarification answers ${amendedOnly ? "amended" : "published"}: ${props.procurementTitle}`;
  const text = entries
    .map((e) => {
      const ref = reference(e);
      return [
        heading(e),
        ref ? `Refers to: ${ref}` : null,
        e.kind === "amended" && e.amendmentReason ? `Why it was amended: ${e.amendmentReason}` : null,
        `Question: ${e.question}`,
        `Answer: ${e.answer}`,
        e.link,
      ]
        .filter(Boolean)
        .join("\n");
    })
    .join("\n\n");
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>
        We have {amendedOnly ? "amended" : "published"} {entries.length === 1 ? "an answer" : "answers"} to
        clarification questions about <strong>{props.procurementTitle}</strong>. Every supplier registered on the
        procurement receives the same answers; we never say who asked.
      </p>
      {entries.map((e) => (
        <div
          key={`${e.label}-${e.version}`}
          style={{ borderLeft: "4px solid #005eb8", padding: "4px 12px", margin: "16px 0" }}
        >
          <h2 style={{ fontSize: "19px", margin: "0 0 8px" }}>
            <a href={e.link}>{heading(e)}</a>
          </h2>
          {reference(e) ? <p style={{ margin: "0 0 8px", color: "#4c6272" }}>Refers to: {reference(e)}</p> : null}
          {e.kind === "amended" && e.amendmentReason ? (
            <p style={{ margin: "0 0 8px" }}>
              <strong>Why it was amended:</strong> {e.amendmentReason}
            </p>
          ) : null}
          <p style={{ margin: "0 0 8px", whiteSpace: "pre-line" }}>
            <strong>Question:</strong> {e.question}
          </p>
          <p style={{ margin: 0, whiteSpace: "pre-line" }}>
            <strong>Answer:</strong> {e.answer}
          </p>
        </div>
      ))}
      <EmailButton href={props.link}>Read the clarification log</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

We have ${amendedOnly ? "amended" : "published"} ${entries.length === 1 ? "an answer" : "answers"} to clarification questions about ${props.procurementTitle}. Every supplier registered on the procurement receives the same answers; we never say who asked.

${text}

Read the clarification log: ${props.link}`,
  );
}
