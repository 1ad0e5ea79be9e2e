// The GET form a list is searched and filtered with (works without JavaScript), and its selects
// whose first choice leaves the filter off.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Select } from "./fields";

export function FilterForm({
  label,
  submitLabel,
  children,
}: {
  label: string;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <Form method="get" className="portal-filters" role="search" aria-label={label}>
      {children}
      <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
        {submitLabel}
      </button>
    </Form>
  );
}

/** A filter's select: `anyLabel` first, for no filter, then the choices. */
export function FilterSelect({
  label,
  name,
  value,
  anyLabel,
  options,
}: {
  label: string;
  name: string;
  value: string | undefined;
  anyLabel: string;
  options: { value: string; label: string }[];
}) {
  return (
    <Select
      label={label}
      name={name}
      defaultValue={value ?? ""}
      options={[{ value: "", label: anyLabel }, ...options]}
    />
  );
}
