// One answer in the clarification log: its number, dates, reference, question and answer, and
// (when amended) why and every earlier version.
import { Tag } from "~/components/page";
import { formatDateTime } from "~/time";

export type LogEntryView = {
  anchor: string;
  label: string;
  private: boolean;
  version: number;
  question: string;
  answer: string;
  documentRef: string | null;
  sectionRef: string | null;
  firstPublishedAt: string | Date;
  publishedAt: string | Date;
  amendmentReason: string | null;
  history: {
    version: number;
    question: string;
    answer: string;
    publishedAt: string | Date;
    amendmentReason: string | null;
  }[];
};

export function reference(entry: { documentRef: string | null; sectionRef: string | null }) {
  return [entry.documentRef, entry.sectionRef ? `section ${entry.sectionRef}` : null].filter(Boolean).join(", ");
}

export function LogEntry({ entry }: { entry: LogEntryView }) {
  const ref = reference(entry);
  return (
    <section className="nhsuk-card" id={entry.anchor} aria-labelledby={`${entry.anchor}-heading`}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-m" id={`${entry.anchor}-heading`}>
          {entry.label} {entry.private ? <Tag colour="yellow">Private to your organisation</Tag> : null}{" "}
          {entry.version > 1 ? <Tag colour="orange">Amended</Tag> : null}
        </h3>
        <p className="nhsuk-body-s">
          Published {formatDateTime(entry.firstPublishedAt)}
          {entry.version > 1 ? (
            <>
              <br />
              Amended on {formatDateTime(entry.publishedAt)} (version {entry.version})
            </>
          ) : null}
          {ref ? (
            <>
              <br />
              Refers to {ref}
            </>
          ) : null}
        </p>
        {entry.version > 1 && entry.amendmentReason ? (
          <div className="nhsuk-inset-text nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-3">
            <p>
              <strong>Why it was amended:</strong> {entry.amendmentReason}
            </p>
          </div>
        ) : null}
        <h4 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">Question</h4>
        <p style={{ whiteSpace: "pre-line" }}>{entry.question}</p>
        <h4 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">Answer</h4>
        <p className="nhsuk-u-margin-bottom-0" style={{ whiteSpace: "pre-line" }}>
          {entry.answer}
        </p>
        {entry.history.length > 0 ? (
          <details className="nhsuk-details nhsuk-u-margin-top-4 nhsuk-u-margin-bottom-0">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Earlier {entry.history.length === 1 ? "version" : "versions"} of {entry.label}
              </span>
            </summary>
            <div className="nhsuk-details__text">
              {entry.history.map((v) => (
                <div key={v.version} className="nhsuk-u-margin-bottom-4">
                  <h5 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">
                    Version {v.version}, published {formatDateTime(v.publishedAt)}
                  </h5>
                  {v.amendmentReason ? <p className="nhsuk-body-s">Why it was amended: {v.amendmentReason}</p> : null}
                  <p className="nhsuk-body-s" style={{ whiteSpace: "pre-line" }}>
                    <strong>Question:</strong> {v.question}
                  </p>
                  <p className="nhsuk-body-s" style={{ whiteSpace: "pre-line" }}>
                    <strong>Answer:</strong> {v.answer}
                  </p>
                </div>
              ))}
            </div>
          </details>
        ) : null}
      </div>
    </section>
  );
}
