// The GET form that searches and filters the clarification log (works without JavaScript).
import { Checkbox, TextInput } from "~/components/fields";
import { FilterForm, FilterSelect } from "~/components/filter-form";

export type LogFilterValues = {
  q?: string;
  document?: string;
  section?: string;
  number?: number;
  from?: string;
  to?: string;
  amended?: boolean;
};

export function LogFilters({ filters, documents }: { filters: LogFilterValues; documents: string[] }) {
  return (
    <FilterForm label="Search the clarification log" submitLabel="Search">
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <TextInput
            label="Search questions and answers"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            hint="For example: DICOM, DSPT, hosting"
          />
        </div>
        <div className="nhsuk-grid-column-one-third">
          <TextInput
            label="Number"
            name="number"
            width={10}
            defaultValue={filters.number ? `CQ-${String(filters.number).padStart(3, "0")}` : ""}
            hint="For example: CQ-014"
          />
        </div>
      </div>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <FilterSelect
            label="Document"
            name="document"
            value={filters.document}
            anyLabel="All documents"
            options={documents.map((d) => ({ value: d, label: d }))}
          />
        </div>
        <div className="nhsuk-grid-column-one-half">
          <TextInput
            label="Section"
            name="section"
            width={10}
            defaultValue={filters.section ?? ""}
            hint="For example: 3.2"
          />
        </div>
      </div>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-third">
          <TextInput label="Published from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div className="nhsuk-grid-column-one-third">
          <TextInput label="Published to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <div className="nhsuk-grid-column-one-third">
          <div className="nhsuk-form-group nhsuk-checkboxes nhsuk-checkboxes--small" style={{ marginTop: "40px" }}>
            <Checkbox
              label="Only amended answers"
              name="amended"
              value="on"
              defaultChecked={filters.amended ?? false}
            />
          </div>
        </div>
      </div>
    </FilterForm>
  );
}

/** The query string of the filters, for the downloads and the page links. */
export function filterQuery(filters: LogFilterValues, page?: number) {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.number) params.set("number", String(filters.number));
  if (filters.document) params.set("document", filters.document);
  if (filters.section) params.set("section", filters.section);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.amended) params.set("amended", "on");
  if (page && page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}
