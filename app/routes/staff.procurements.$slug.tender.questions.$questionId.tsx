import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, Fieldset, Textarea, TextInput } from "~/components/fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, readForm, submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { DOCUMENT_TYPES, TYPE_LABELS } from "~/storage/storage.server";
import { WeightSummary } from "~/tenders/components/questionnaire-view";
import { QUESTION_KIND_LABELS } from "~/tenders/questionnaire";
import { formatPriceLines, MAX_FILE_LIMIT_MB, QuestionSchema } from "~/tenders/schema";
import { saveQuestion } from "~/tenders/questionnaire-building.server";
import { questionForStaff } from "~/tenders/reading.server";

export const meta: MetaFunction = () => [{ title: "Edit tender question (staff) – AI Imaging Platform procurement" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const { tender, question: q, section, weights } = await questionForStaff(user, procurement, params.questionId);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    section,
    weights,
    kind: q.kind,
    opened: tender.openedAt !== null,
    types: DOCUMENT_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] })),
    allowedTypes: q.allowedTypes ?? [],
    defaults: {
      version: String(tender.version),
      kind: q.kind,
      title: q.title,
      guidance: q.guidance,
      required: q.required ? "on" : "",
      weight: q.weight === null ? "" : String(Number(q.weight)),
      wordLimit: q.wordLimit === null ? "" : String(q.wordLimit),
      maxMegabytes: q.maxBytes === null ? "" : String(Math.round(q.maxBytes / (1024 * 1024))),
      priceLines: formatPriceLines(q.priceItems),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  // An unknown or malformed question is a 404 whatever the form holds.
  await questionForStaff(user, procurement, params.questionId);
  const fields = await readForm(request);
  if (fields.get("intent") !== "save") return formRejected(400, { form: "Choose what to do" }, {});
  return submitForm(
    request,
    QuestionSchema,
    fields,
    (input) => saveQuestion(user, procurement, params.questionId, input),
    () => redirectWithNotice(`/staff/procurements/${procurement.slug}/tender`, "Question saved"),
    { arrays: ["allowedTypes"] },
  );
}

// After a conflict (409) the page reloads, so the form carries the version now saved and the user's
// next save, made knowingly, goes through.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function EditTenderQuestion() {
  const page = useLoaderData<typeof loader>();
  const form = useValidatedForm(QuestionSchema, page.defaults);
  const kind = page.kind;
  const chosen = form.values.allowedTypes;
  const allowed = Array.isArray(chosen) ? chosen : typeof chosen === "string" ? [chosen] : page.allowedTypes;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary
          errors={form.errors}
          order={["form", "title", "guidance", "weight", "wordLimit", "allowedTypes", "maxMegabytes", "priceLines"]}
        />
        <Link className="nhsuk-back-link" to={`/staff/procurements/${page.procurement.slug}/tender`}>
          Tender
        </Link>
        <PageHeading caption={`${page.section}: ${QUESTION_KIND_LABELS[kind]}`}>Edit question</PageHeading>
        {kind !== "pass_fail" ? <WeightSummary weights={page.weights} /> : null}
        {/* A group of checkboxes under one name is left to the browser (the form library would
            tick them all), so a file question is checked by the server only. */}
        <Form method="post" noValidate onSubmit={kind === "file" ? undefined : form.onSubmit}>
          <input type="hidden" name="intent" value="save" />
          <input {...form.hidden("version", page.defaults.version)} />
          <input {...form.hidden("kind", kind)} />
          <Textarea label="The question" rows={3} {...form.field("title")} />
          <Textarea
            label="Guidance for bidders (optional)"
            hint="What a good answer covers and how it will be evaluated"
            rows={6}
            {...form.field("guidance")}
          />
          {kind !== "pass_fail" ? (
            <TextInput
              label="Weight, in percent of the whole evaluation"
              hint="All the weights together, quality and price, must add up to 100%"
              width={4}
              inputMode="decimal"
              {...form.field("weight")}
            />
          ) : null}
          {kind === "text" ? (
            <TextInput label="Word limit" width={5} inputMode="numeric" {...form.field("wordLimit")} />
          ) : null}
          {kind === "file" ? (
            <>
              <Fieldset legend="Types of file allowed" name="allowedTypes" error={form.errors.allowedTypes}>
                {page.types.map((t, i) => (
                  <Checkbox
                    key={t.value}
                    label={t.label}
                    name="allowedTypes"
                    id={i === 0 ? "field-allowedTypes" : `field-allowedTypes-${i}`}
                    value={t.value}
                    defaultChecked={allowed.includes(t.value)}
                  />
                ))}
              </Fieldset>
              <TextInput
                label="Size limit per file, in MB"
                hint={`Up to ${MAX_FILE_LIMIT_MB} MB`}
                width={4}
                inputMode="numeric"
                {...form.field("maxMegabytes")}
              />
            </>
          ) : null}
          {kind === "price" ? (
            <Textarea
              label="Price lines"
              hint="One line per item: description | unit | quantity. For example: Platform licence | per year | 5. Bidders give a unit price for each line; the total is computed."
              rows={8}
              spellCheck={false}
              {...form.field("priceLines")}
            />
          ) : null}
          <Fieldset legend="Answer" name="required">
            <Checkbox label="Bidders must answer this question" {...form.checkbox("required")} error={undefined} />
          </Fieldset>
          {page.opened ? null : <SubmitButton submitting={form.submitting}>Save the question</SubmitButton>}
        </Form>
      </div>
    </div>
  );
}
