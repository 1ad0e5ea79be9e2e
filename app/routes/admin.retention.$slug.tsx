import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Radio, Textarea, TextInput } from "~/components/fields";
import { PageHeading, SubmitButton, SummaryList } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm, readForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDate } from "~/time";
import { changeRetention, retentionFor } from "~/transparency/retention.server";
import { RETENTION_YEARS, RetentionChangeSchema } from "~/transparency/retention-schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Record retention: ${data?.procurement.title ?? "procurement"} – AI Imaging Platform procurement` },
];

// How long one procurement's record is kept: a date an admin records (a legal hold, a longer period
// the records officer decides), never shorter than the Act allows, or the default.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const procurement = await requireProcurement(params.slug);
  const { retention, statutoryEndsOn } = await retentionFor(user, procurement);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    retention,
    statutoryEndsOn,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const procurement = await requireProcurement(params.slug);
  const fields = await readForm(request);
  const form = await parseForm(request, RetentionChangeSchema, fields);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await changeRetention(user, procurement, form.data);
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice(
    "/admin/retention",
    result.changed
      ? `Retention changed for ${procurement.title}`
      : `Retention for ${procurement.title} was already as you chose: nothing changed`,
  );
}

export default function ProcurementRetention() {
  const page = useLoaderData<typeof loader>();
  const { retention, statutoryEndsOn } = page;
  const form = useValidatedForm(RetentionChangeSchema, {
    intent: "record",
    endsOn: retention.basis === "recorded" ? retention.endsOn : "",
  });
  const defaultText = statutoryEndsOn
    ? `${RETENTION_YEARS} years after the award notice: until the end of ${formatDate(statutoryEndsOn)}`
    : `${RETENTION_YEARS} years after the award notice (no contract is awarded yet, so the record is kept until one is)`;
  return (
    <>
      <ErrorSummary errors={form.errors} order={["intent", "endsOn", "reason"]} />
      <Link className="nhsuk-back-link" to="/admin/retention">
        Record retention
      </Link>
      <PageHeading caption="Record retention">{page.procurement.title}</PageHeading>
      <SummaryList
        rows={[
          {
            key: "Kept until the end of",
            value: retention.endsOn ? formatDate(retention.endsOn) : "Not yet known: no contract is awarded",
          },
          {
            key: "Why that date",
            value: retention.basis === "recorded" ? "A date recorded by an admin" : "The default",
          },
          {
            key: "The least the Act allows",
            value: statutoryEndsOn
              ? `Until the end of ${formatDate(statutoryEndsOn)} (${RETENTION_YEARS} years after the award notice)`
              : "Not yet known: it follows from the award notice",
          },
        ]}
      />
      <h2 className="nhsuk-heading-m">Change how long the record is kept</h2>
      <p>
        For example, to hold the record while a challenge or an inquiry is open. A date can never be earlier than the
        Procurement Act 2023 allows. The change and its reason are recorded in the audit log.
      </p>
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <Fieldset legend="How long is the record kept?" name="intent" kind="radios" error={form.errors.intent}>
          <Radio label="Until a date I enter" first {...form.radio("intent", "record")} />
          <Radio label="The default" hint={defaultText} {...form.radio("intent", "default")} />
        </Fieldset>
        <TextInput
          label="Keep the record until the end of"
          hint="Only when you enter a date. YYYY-MM-DD, for example 2031-03-04"
          type="date"
          width={10}
          {...form.field("endsOn")}
        />
        <Textarea label="Reason for the change" rows={3} {...form.field("reason")} />
        <SubmitButton submitting={form.submitting}>Save how long the record is kept</SubmitButton>
      </Form>
    </>
  );
}
