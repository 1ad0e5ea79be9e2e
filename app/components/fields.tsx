// NHS.UK form fields: text input, textarea, select, radios and checkbox, each with its label,
// hint and error message wired up for screen readers.
import {
  forwardRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { fieldId } from "./error-summary";

type Common = { label: ReactNode; hint?: ReactNode; error?: string; name: string; labelClassName?: string };

function describedBy(id: string, hint?: ReactNode, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A field's error message, named by the field's aria-describedby (`<id>-error`). */
export function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {error}
    </span>
  );
}

/** The NHS.UK form group around one field, marked when the field is in error. */
export function FormGroup({ error, children }: { error?: string; children: ReactNode }) {
  return <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>{children}</div>;
}

/** One control's form group: its label, then its hint and error message, then the control. */
function LabelledField({
  id,
  label,
  labelClass,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  labelClass: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <FormGroup error={error}>
      <label className={labelClass} htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorMessage id={id} error={error} />
      {children}
    </FormGroup>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <div className="nhsuk-hint" id={`${id}-hint`}>
      {hint}
    </div>
  );
}

export const TextInput = forwardRef<
  HTMLInputElement,
  Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name"> & { width?: 2 | 3 | 4 | 5 | 10 | 20 | 30 }
>(function TextInput({ label, hint, error, name, width, className, labelClassName, ...input }, ref) {
  const id = fieldId(name);
  return (
    <LabelledField id={id} label={label} labelClass={`nhsuk-label ${labelClassName ?? ""}`} hint={hint} error={error}>
      <input
        ref={ref}
        id={id}
        name={name}
        type="text"
        className={`nhsuk-input${width ? ` nhsuk-input--width-${width}` : ""}${error ? " nhsuk-input--error" : ""} ${className ?? ""}`}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...input}
      />
    </LabelledField>
  );
});

export const Textarea = forwardRef<
  HTMLTextAreaElement,
  Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">
>(function Textarea({ label, hint, error, name, labelClassName, rows = 5, ...rest }, ref) {
  const id = fieldId(name);
  return (
    <LabelledField id={id} label={label} labelClass={`nhsuk-label ${labelClassName ?? ""}`} hint={hint} error={error}>
      <textarea
        ref={ref}
        id={id}
        name={name}
        rows={rows}
        className={`nhsuk-textarea${error ? " nhsuk-textarea--error" : ""}`}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
    </LabelledField>
  );
});

export const Select = forwardRef<
  HTMLSelectElement,
  Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> & { options: { value: string; label: string }[] }
>(function Select({ label, hint, error, name, options, labelClassName, ...rest }, ref) {
  const id = fieldId(name);
  return (
    <LabelledField id={id} label={label} labelClass={`nhsuk-label ${labelClassName ?? ""}`} hint={hint} error={error}>
      <select
        ref={ref}
        id={id}
        name={name}
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
});

export const Checkbox = forwardRef<
  HTMLInputElement,
  Omit<Common, "label"> & { label: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type">
>(function Checkbox({ label, hint, error, name, id: givenId, ...rest }, ref) {
  // In a group, each box needs its own id; the first usually takes the group's (fieldId(name)).
  const id = givenId ?? fieldId(name);
  return (
    <div className="nhsuk-checkboxes__item">
      <input
        ref={ref}
        className="nhsuk-checkboxes__input"
        id={id}
        name={name}
        type="checkbox"
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
});

/** A fieldset of checkboxes or radios with a legend and one error message. */
export function Fieldset({
  legend,
  hint,
  error,
  name,
  children,
  kind = "checkboxes",
  legendClassName,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  name: string;
  children: ReactNode;
  kind?: "checkboxes" | "radios" | "plain";
  legendClassName?: string;
}) {
  const id = fieldId(name);
  return (
    <FormGroup error={error}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className={`nhsuk-fieldset__legend ${legendClassName ?? "nhsuk-fieldset__legend--s"}`}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        {kind === "plain" ? children : <div className={`nhsuk-${kind}`}>{children}</div>}
      </fieldset>
    </FormGroup>
  );
}

export const Radio = forwardRef<
  HTMLInputElement,
  { label: ReactNode; hint?: ReactNode; name: string; value: string; first?: boolean } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    "name" | "type" | "value"
  >
>(function Radio({ label, hint, name, value, first, ...rest }, ref) {
  // The first radio carries the field's id, so the error summary's link lands on the group.
  const id = first ? fieldId(name) : `${fieldId(name)}-${value.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
  return (
    <div className="nhsuk-radios__item">
      <input ref={ref} className="nhsuk-radios__input" id={id} name={name} type="radio" value={value} {...rest} />
      <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
        {label}
      </label>
      {hint ? <div className="nhsuk-hint nhsuk-radios__hint">{hint}</div> : null}
    </div>
  );
});

/** A file input with its label, hint and error; put text fields before it in a multipart form. */
export function FileInput({
  label,
  hint,
  error,
  name,
  ...rest
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type">) {
  const id = fieldId(name);
  return (
    <LabelledField id={id} label={label} labelClass="nhsuk-label" hint={hint} error={error}>
      <input
        className="nhsuk-file-upload"
        id={id}
        name={name}
        type="file"
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
    </LabelledField>
  );
}
