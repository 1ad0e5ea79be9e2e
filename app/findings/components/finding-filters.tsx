// The GET form that filters and searches findings (works without JavaScript).
import { TextInput } from "~/components/fields";
import { FilterForm, FilterSelect } from "~/components/filter-form";
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
    <FilterForm label="Filter findings" submitLabel="Apply filters">
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
          <FilterSelect
            label="Theme"
            name="theme"
            value={filters.theme}
            anyLabel="All themes"
            options={themes.map((t) => ({ value: t, label: t }))}
          />
        </div>
      </div>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-third">
          <FilterSelect
            label="Kind"
            name="kind"
            value={filters.kind}
            anyLabel="Opportunities and blockers"
            options={FINDING_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
          />
        </div>
        <div className="nhsuk-grid-column-one-third">
          <FilterSelect
            label="Impact"
            name="impact"
            value={filters.impact}
            anyLabel="Any impact"
            options={FINDING_IMPACTS.map((i) => ({ value: i, label: IMPACT_LABELS[i] }))}
          />
        </div>
        {withStatus ? (
          <div className="nhsuk-grid-column-one-third">
            <FilterSelect
              label="Status"
              name="status"
              value={filters.status}
              anyLabel="Any status"
              options={[
                { value: "draft", label: "Draft" },
                { value: "published", label: "Published" },
                { value: "archived", label: "Archived" },
              ]}
            />
          </div>
        ) : null}
      </div>
    </FilterForm>
  );
}
