// Small NHS.UK building blocks used across pages: headings with captions, summary lists, tags, tables.
import type { ReactNode } from "react";

export function PageHeading({ caption, children }: { caption?: ReactNode; children: ReactNode }) {
  return (
    <h1 className="nhsuk-heading-l">
      {caption ? <span className="nhsuk-caption-l">{caption}</span> : null}
      {children}
    </h1>
  );
}

export function SummaryList({ rows }: { rows: { key: ReactNode; value: ReactNode }[] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows.map((row, index) => (
        <div className="nhsuk-summary-list__row" key={index}>
          <dt className="nhsuk-summary-list__key">{row.key}</dt>
          <dd className="nhsuk-summary-list__value">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export type TagColour =
  "grey" | "green" | "blue" | "red" | "yellow" | "orange" | "purple" | "white" | "aqua-green" | "pink";

export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={`nhsuk-tag${colour ? ` nhsuk-tag--${colour}` : ""}`}>{children}</strong>;
}

export function Table({ caption, head, rows }: { caption?: ReactNode; head: ReactNode[]; rows: ReactNode[][] }) {
  return (
    <table className="nhsuk-table">
      {caption ? <caption className="nhsuk-table__caption">{caption}</caption> : null}
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {head.map((cell, i) => (
            <th key={i} scope="col" className="nhsuk-table__header">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row, r) => (
          <tr key={r} className="nhsuk-table__row">
            {row.map((cell, c) => (
              <td key={c} className="nhsuk-table__cell">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="nhsuk-inset-text">{children}</div>;
}

/** NHS.UK details: `summary` opens the rest; `open` shows it opened. */
export function Details({ summary, open, children }: { summary: ReactNode; open?: boolean; children: ReactNode }) {
  return (
    <details className="nhsuk-details" open={open}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{summary}</span>
      </summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}

export function SubmitButton({
  children,
  submitting,
  secondary,
  warning,
  name,
  value,
}: {
  children: ReactNode;
  submitting?: boolean;
  secondary?: boolean;
  warning?: boolean;
  name?: string;
  value?: string;
}) {
  const variant = secondary ? " nhsuk-button--secondary" : warning ? " nhsuk-button--warning" : "";
  return (
    <button
      className={`nhsuk-button${variant}`}
      type="submit"
      data-module="nhsuk-button"
      disabled={submitting}
      aria-disabled={submitting || undefined}
      name={name}
      value={value}
    >
      {children}
    </button>
  );
}
