// The GET form that filters and searches findings (works without JavaScript).
import { Form } from "@remix-run/react";
import { Select, TextInput } from "~/components/fields";
import { FINDING_IMPACTS, FINDING_KINDS, IMPACT_LABELS, KIND_LABELS, type FindingFilters as Filters } from "../schema";

export function FindingFilters({
  filters,
  themes,
  withStatus,
}: {
  filters: Filters;
  themes: string[];
  withStatus?: boolean;
}) {
  return (
    <Form method="get" className="portal-filters" role="search" aria-label="Filter findings">
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <TextInput
            label="Search"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            hint="For example: PACS, governance, hosting"
          />
        </div>
        <div className="nhsuk-grid-column-one-half">
          <Select
            label="Theme"
            name="theme"
            defaultValue={filters.theme ?? ""}
            options={[{ value: "", label: "All themes" }, ...themes.map((t) => ({ value: t, label: t }))]}
          />
        </div>
      </div>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-third">
          <Select
            label="Kind"
            name="kind"
            defaultValue={filters.kind ?? ""}
            options={[
              { value: "", label: "Opportunities and blockers" },
              ...FINDING_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
            ]}
          />
        </div>
        <div className="nhsuk-grid-column-one-third">
          <Select
            label="Impact"
            name="impact"
            defaultValue={filters.impact ?? ""}
            options={[
              { value: "", label: "Any impact" },
              ...FINDING_IMPACTS.map((i) => ({ value: i, label: IMPACT_LABELS[i] })),
            ]}
          />
        </div>
        {withStatus ? (
          <div className="nhsuk-grid-column-one-third">
            <Select
              label="Status"
              name="status"
              defaultValue={filters.status ?? ""}
              options={[
                { value: "", label: "Any status" },
                { value: "draft", label: "Draft" },
                { value: "published", label: "Published" },
                { value: "archived", label: "Archived" },
              ]}
            />
          </div>
        ) : null}
      </div>
      <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
        Apply filters
      </button>
    </Form>
  );
}
