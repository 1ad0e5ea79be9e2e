// The staff evaluation page below its heading: the next steps, the panel with its assign and change
// forms and, once the bids are opened, the bidder mapping, progress and conflicts register.
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, Fieldset, Radio, Select } from "~/components/fields";
import { Details, InsetText, SubmitButton, Table, Tag } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { ProgressTag } from "~/evaluation/components/progress-tag";
import { AssignEvaluatorSchema, ChangeSectionsSchema } from "~/evaluation/schema";
import type { loader } from "~/routes/staff.procurements.$slug.evaluation._index";
import { formatDateTime } from "~/time";

type Page = SerializeFrom<typeof loader>;

export function EvaluationPage({ page }: { page: Page }) {
  const base = `/staff/procurements/${page.procurement.slug}`;
  return (
    <>
      {page.opened ? (
        <p>
          <Tag colour="green">Bids opened</Tag> Evaluators declare any conflict of interest with each bidder, then mark
          the questions of their sections. Moderate a bid once everyone who should mark it has submitted.
        </p>
      ) : (
        <InsetText>
          The bids are not opened yet ({page.submitted}{" "}
          {page.submitted === 1 ? "organisation has" : "organisations have"} submitted a bid). Build the panel now:
          evaluators see the bids once they are opened and they have declared.
        </InsetText>
      )}

      {/* Ranking, award and documents: links to the pages that follow moderation. */}
      <nav aria-labelledby="after-moderation" data-testid="evaluation-next-steps">
        <h2 id="after-moderation" className="nhsuk-heading-m">
          Ranking, award and documents
        </h2>
        <ul className="nhsuk-list nhsuk-list--bullet">
          <li>
            <Link to={`${base}/evaluation/ranking`}>Ranking and award</Link>
          </li>
          <li>
            <a href={`/procurements/${page.procurement.slug}/scoring-pack`}>Scoring pack</a>
          </li>
        </ul>
      </nav>

      <h2>The panel</h2>
      {page.final ? (
        <InsetText>
          The award has been decided: the panel is final. Evaluators can no longer be added or removed, or their
          sections changed.
        </InsetText>
      ) : null}
      <Panel page={page} />
      {page.changing ? <ChangeSectionsForm page={page} changing={page.changing} /> : null}
      {page.final ? null : <AssignForm page={page} />}

      {page.opened ? (
        <>
          <h2>Bidders</h2>
          <p>Evaluators see only the labels. The organisation behind each label is for staff.</p>
          <Table
            head={["Bidder", "Organisation", "Reference", "Declared", "Submitted", "Moderation"]}
            rows={page.mapping.map((b) => [
              b.label,
              b.organisation,
              b.reference,
              `${b.declared} of ${b.expected}${b.conflicts ? ` (${b.conflicts} ${b.conflicts === 1 ? "conflict" : "conflicts"})` : ""}`,
              `${b.submitted} of ${b.expected}`,
              <Link key="m" to={`${base}/evaluation/bids/${b.bidId}`}>
                {b.expected > 0 && b.submitted === b.expected ? "Moderate" : "See progress"}
                <span className="nhsuk-u-visually-hidden"> of {b.label}</span>
              </Link>,
            ])}
          />

          <h2>Progress by evaluator</h2>
          {page.progress.length === 0 ? (
            <p>No evaluator is on the panel.</p>
          ) : (
            <Table
              head={["Evaluator", ...page.mapping.map((b) => b.label)]}
              rows={page.progress.map((p) => [
                p.evaluator,
                ...p.bids.map((b) => <ProgressTag key={b.bidId} progress={b.progress} />),
              ])}
            />
          )}

          <h2>Conflicts register</h2>
          {page.register.length === 0 ? (
            <p>No declarations yet.</p>
          ) : (
            <Table
              caption="Every conflict-of-interest declaration, as made"
              head={["Evaluator", "Bidder", "Organisation", "Conflict", "Details", "Declared"]}
              rows={page.register.map((d) => [
                d.evaluator,
                d.label,
                d.organisation,
                d.hasConflict ? <Tag colour="red">Conflict</Tag> : "No conflict",
                d.details || "None",
                formatDateTime(d.declaredAt),
              ])}
            />
          )}
          {page.register.some((d) => d.hasConflict) ? (
            <p>
              An evaluator with a conflict no longer sees that bid. To have its questions marked by someone else, assign
              another evaluator to the same sections.
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function Panel({ page }: { page: Page }) {
  if (page.active.length === 0 && page.removed.length === 0) return <p>No evaluator is on the panel yet.</p>;
  return (
    <>
      <Table
        head={["Evaluator", "Sections", "Assigned", ...(page.final ? [] : ["Change"])]}
        rows={page.active.map((a) => [
          <>
            {a.evaluator}
            <br />
            <span className="nhsuk-body-s">{a.email}</span>
          </>,
          a.sections,
          formatDateTime(a.assignedAt),
          ...(page.final ? [] : [<PanelChange key="change" assignment={a} />]),
        ])}
      />
      {page.removed.length > 0 ? (
        <Details summary={<>Removed from the panel ({page.removed.length})</>}>
          <ul className="nhsuk-list">
            {page.removed.map((a) => (
              <li key={a.id}>
                {a.evaluator} ({a.sections}), removed {formatDateTime(a.removedAt)}
              </li>
            ))}
          </ul>
        </Details>
      ) : null}
    </>
  );
}

/** An evaluator's row's actions while the panel can change: their sections, or off the panel. */
function PanelChange({ assignment: a }: { assignment: Page["active"][number] }) {
  return (
    <div>
      <p className="nhsuk-u-margin-bottom-2">
        <Link to={`?change=${a.id}#change-sections`} preventScrollReset>
          Change sections<span className="nhsuk-u-visually-hidden"> of {a.evaluator}</span>
        </Link>
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="assignmentId" value={a.id} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0">
          Remove<span className="nhsuk-u-visually-hidden"> {a.evaluator}</span>
        </button>
      </Form>
    </div>
  );
}

type ScopeForm = { values: Record<string, unknown>; errors: Record<string, string> };

/** All sections or the ones ticked: the assign form's and the change form's one choice. */
function SectionChoice({ page, form }: { page: Page; form: ScopeForm }) {
  const chosen = new Set(
    Array.isArray(form.values.sectionIds)
      ? (form.values.sectionIds as string[])
      : typeof form.values.sectionIds === "string"
        ? [form.values.sectionIds]
        : [],
  );
  return (
    <>
      <Fieldset legend="Which sections do they mark?" kind="radios" name="scope" error={form.errors.scope}>
        <Radio first name="scope" value="all" label="All sections" defaultChecked={form.values.scope === "all"} />
        <Radio
          name="scope"
          value="sections"
          label="Only the sections chosen below"
          defaultChecked={form.values.scope === "sections"}
        />
      </Fieldset>
      <Fieldset legend="Sections" name="sectionIds" error={form.errors.sectionIds}>
        {page.sections.map((s, i) => (
          <Checkbox
            key={s.id}
            name="sectionIds"
            id={i === 0 ? undefined : `field-sectionIds-${s.id}`}
            value={s.id}
            label={`${s.number}. ${s.title}`}
            defaultChecked={chosen.has(s.id)}
          />
        ))}
      </Fieldset>
    </>
  );
}

function ChangeSectionsForm({ page, changing }: { page: Page; changing: NonNullable<Page["changing"]> }) {
  const form = useValidatedForm(
    ChangeSectionsSchema,
    changing.sectionIds === null ? { scope: "all" } : { scope: "sections", sectionIds: changing.sectionIds },
    { intent: "sections" },
  );
  return (
    <section id="change-sections" aria-labelledby="change-sections-heading">
      <h3 className="nhsuk-heading-m" id="change-sections-heading">
        {`Change the sections ${changing.evaluator} marks`}
      </h3>
      <ErrorSummary errors={form.errors} order={["form", "scope", "sectionIds"]} />
      <p>
        Marks they have already submitted are kept, and the moderator still sees them. Questions in a section you add
        are theirs to mark and submit.
      </p>
      {/* The same one field set as assigning: the server checks it with the same schema. */}
      <Form method="post" noValidate key={changing.id}>
        <input type="hidden" name="intent" value="sections" />
        <input type="hidden" name="assignmentId" value={changing.id} />
        <SectionChoice page={page} form={form} />
        <SubmitButton secondary>Save the sections</SubmitButton>{" "}
        <Link to={`/staff/procurements/${page.procurement.slug}/evaluation`} className="nhsuk-link">
          Cancel
        </Link>
      </Form>
    </section>
  );
}

function AssignForm({ page }: { page: Page }) {
  const form = useValidatedForm(AssignEvaluatorSchema, { scope: "all" }, { intent: "assign" });
  const onPanel = new Set(page.active.map((a) => a.email));
  const candidates = page.available.filter((e) => !onPanel.has(e.email));
  return (
    <>
      <h3 className="nhsuk-heading-m">Assign an evaluator</h3>
      <ErrorSummary errors={form.errors} order={["form", "evaluatorId", "scope", "sectionIds"]} />
      {candidates.length === 0 ? (
        <p>Every active evaluator is on the panel. An administrator can invite more people with the evaluator role.</p>
      ) : (
        // The browser leaves the checkbox group to the server's check (the same schema).
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="assign" />
          <Select
            label="Evaluator"
            options={[
              { value: "", label: "Choose an evaluator" },
              ...candidates.map((e) => ({ value: e.id, label: `${e.name} (${e.email})` })),
            ]}
            name="evaluatorId"
            defaultValue={typeof form.values.evaluatorId === "string" ? form.values.evaluatorId : ""}
            error={form.errors.evaluatorId}
          />
          <SectionChoice page={page} form={form} />
          <SubmitButton secondary>Assign the evaluator</SubmitButton>
        </Form>
      )}
    </>
  );
}
