// The NHS error summary: lists every field error at the top of the page and takes focus.
import { useEffect, useRef } from "react";

export type FieldErrors = Record<string, string | undefined>;

export function ErrorSummary({ errors, order }: { errors: FieldErrors; order?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const names = (order ?? Object.keys(errors)).filter((name) => errors[name]);
  const extra = Object.keys(errors).filter((name) => errors[name] && !names.includes(name));
  const all = [...names, ...extra];
  const signature = all.map((n) => `${n}:${errors[n]}`).join("|");
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (all.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {all.map((name) => (
            <li key={name}>{name === "form" ? errors[name] : <a href={`#${fieldId(name)}`}>{errors[name]}</a>}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function fieldId(name: string) {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}
