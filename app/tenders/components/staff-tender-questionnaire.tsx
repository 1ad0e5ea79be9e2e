// The staff tender page's questionnaire builder: its sections and questions, with the forms that
// add, move and remove them (the page is app/tenders/components/staff-tender-page.tsx).
import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Radio, Textarea, TextInput } from "~/components/fields";
import { SubmitButton, Table } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { QUESTION_KIND_LABELS } from "~/tenders/questionnaire";
import type { StaffTenderView as TenderView } from "~/tenders/components/staff-tender-page";
import { AddQuestionSchema, EditSectionSchema, QUESTION_KINDS, SectionSchema } from "~/tenders/schema";

export function SmallButton({
  intent,
  itemId,
  version,
  direction,
  children,
}: {
  intent: string;
  itemId: string;
  version: number;
  direction?: "up" | "down";
  children: ReactNode;
}) {
  return (
    <Form method="post" style={{ display: "inline-block", marginRight: "0.5rem" }}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="itemId" value={itemId} />
      <input type="hidden" name="version" value={version} />
      {direction ? <input type="hidden" name="direction" value={direction} /> : null}
      <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2">
        {children}
      </button>
    </Form>
  );
}

export function Hidden({ children }: { children: ReactNode }) {
  return <span className="nhsuk-u-visually-hidden">{children}</span>;
}

export function Sections({ tender, editable, slug }: { tender: TenderView; editable: boolean; slug: string }) {
  const [search] = useSearchParams();
  const addTo = search.get("addTo");
  if (tender.sections.length === 0) return <p>No sections yet. Add the first below.</p>;
  return (
    <>
      {tender.sections.map((section, i) => (
        <section key={section.id} className="nhsuk-u-margin-bottom-6">
          <h3 className="nhsuk-heading-m">
            {section.number}. {section.title}
          </h3>
          {section.description ? <p style={{ whiteSpace: "pre-line" }}>{section.description}</p> : null}
          {editable ? (
            <div className="nhsuk-u-margin-bottom-4">
              <Link to={`?section=${section.id}#section-form`} className="nhsuk-u-margin-right-3">
                Edit<Hidden> section {section.number}</Hidden>
              </Link>
              {i > 0 ? (
                <SmallButton intent="move-section" itemId={section.id} version={tender.version} direction="up">
                  Move up<Hidden> section {section.number}</Hidden>
                </SmallButton>
              ) : null}
              {i < tender.sections.length - 1 ? (
                <SmallButton intent="move-section" itemId={section.id} version={tender.version} direction="down">
                  Move down<Hidden> section {section.number}</Hidden>
                </SmallButton>
              ) : null}
              <SmallButton intent="remove-section" itemId={section.id} version={tender.version}>
                Remove<Hidden> section {section.number} and its questions</Hidden>
              </SmallButton>
            </div>
          ) : null}
          {section.questions.length > 0 ? (
            <Table
              head={["No.", "Question", "Kind", "Weight", ...(editable ? ["Change"] : [])]}
              rows={section.questions.map((q, j) => [
                q.number,
                editable ? (
                  <Link key="q" to={`/staff/procurements/${slug}/tender/questions/${q.id}`}>
                    {q.title}
                  </Link>
                ) : (
                  q.title
                ),
                QUESTION_KIND_LABELS[q.kind],
                q.weight === null ? "Pass or fail" : `${q.weight}%`,
                ...(editable
                  ? [
                      <span key="c">
                        {j > 0 ? (
                          <SmallButton intent="move-question" itemId={q.id} version={tender.version} direction="up">
                            Up<Hidden> question {q.number}</Hidden>
                          </SmallButton>
                        ) : null}
                        {j < section.questions.length - 1 ? (
                          <SmallButton intent="move-question" itemId={q.id} version={tender.version} direction="down">
                            Down<Hidden> question {q.number}</Hidden>
                          </SmallButton>
                        ) : null}
                        <SmallButton intent="remove-question" itemId={q.id} version={tender.version}>
                          Remove<Hidden> question {q.number}</Hidden>
                        </SmallButton>
                      </span>,
                    ]
                  : []),
              ])}
            />
          ) : (
            <p>No questions in this section yet.</p>
          )}
          {editable ? (
            addTo === section.id ? (
              <AddQuestionForm sectionId={section.id} version={tender.version} />
            ) : (
              <p>
                <Link to={`?addTo=${section.id}#question-form`}>
                  Add a question<Hidden> to section {section.number}</Hidden>
                </Link>
              </p>
            )
          ) : null}
        </section>
      ))}
    </>
  );
}

function AddQuestionForm({ sectionId, version }: { sectionId: string; version: number }) {
  const form = useValidatedForm(AddQuestionSchema, { kind: "text" }, { intent: "add-question" });
  return (
    <div id="question-form">
      <ErrorSummary errors={form.errors} order={["form", "kind", "questionTitle"]} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="add-question" />
        <input {...form.hidden("sectionId", sectionId)} />
        <input {...form.hidden("version", String(version))} />
        <Fieldset legend="Kind of question" name="kind" kind="radios" error={form.errors.kind}>
          {QUESTION_KINDS.map((kind, i) => (
            <Radio key={kind} label={QUESTION_KIND_LABELS[kind]} first={i === 0} {...form.radio("kind", kind)} />
          ))}
        </Fieldset>
        <Textarea label="The question" rows={3} {...form.field("questionTitle")} />
        <SubmitButton secondary submitting={form.submitting}>
          Add the question
        </SubmitButton>
      </Form>
    </div>
  );
}

export function SectionForm({ tender }: { tender: TenderView }) {
  const [search] = useSearchParams();
  const editing = tender.sections.find((s) => s.id === search.get("section"));
  const intent = editing ? "save-section" : "add-section";
  const form = useValidatedForm(
    editing ? EditSectionSchema : SectionSchema,
    editing ? { title: editing.title, description: editing.description } : {},
    { intent },
  );
  return (
    <div id="section-form">
      <h3 className="nhsuk-heading-m">{editing ? `Edit section ${editing.number}` : "Add a section"}</h3>
      <ErrorSummary errors={form.errors} order={["form", "title", "description"]} />
      <Form method="post" noValidate onSubmit={form.onSubmit} key={editing?.id ?? "new"}>
        <input type="hidden" name="intent" value={intent} />
        <input {...form.hidden("version", String(tender.version))} />
        {editing ? <input {...form.hidden("sectionId", editing.id)} /> : null}
        <TextInput label="Section title" {...form.field("title")} />
        <Textarea label="Introduction for bidders (optional)" rows={3} {...form.field("description")} />
        <SubmitButton secondary submitting={form.submitting}>
          {editing ? "Save the section" : "Add the section"}
        </SubmitButton>
        {editing ? (
          <p>
            <Link to=".">Cancel</Link>
          </p>
        ) : null}
      </Form>
    </div>
  );
}
