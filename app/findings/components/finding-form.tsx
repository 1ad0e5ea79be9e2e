// The staff form for recording or editing a discovery finding.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Radio, Select, Textarea, TextInput } from "~/components/fields";
import { SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { FindingSchema, IMPACT_LABELS, KIND_LABELS } from "../schema";

const ORDER = [
  "form",
  "title",
  "kind",
  "theme",
  "newTheme",
  "description",
  "evidenceSource",
  "evidenceCount",
  "impact",
];

export function FindingForm({
  defaults,
  themes,
  submitLabel,
  idempotencyKey,
  beforeForm,
}: {
  defaults: Record<string, string>;
  themes: string[];
  submitLabel: string;
  /** For a new finding: a repeated post of this form records it once. */
  idempotencyKey?: string;
  /** Shown between the error summary and the fields (the saved version, after a conflict). */
  beforeForm?: ReactNode;
}) {
  const form = useValidatedForm(FindingSchema, defaults, { intent: "save" });
  return (
    <>
      <ErrorSummary errors={form.errors} order={ORDER} />
      {beforeForm}
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="save" />
        {defaults.version ? <input {...form.hidden("version", defaults.version)} /> : null}
        {idempotencyKey ? <input {...form.hidden("idempotencyKey", idempotencyKey)} /> : null}
        <TextInput label="Title" {...form.field("title")} />
        <Fieldset legend="Kind" name="kind" kind="radios" error={form.errors.kind}>
          <Radio
            first
            label={KIND_LABELS.opportunity}
            hint="Something a national platform could build on"
            {...form.radio("kind", "opportunity")}
          />
          <Radio
            label={KIND_LABELS.blocker}
            hint="Something a national platform must remove or work around"
            {...form.radio("kind", "blocker")}
          />
        </Fieldset>
        <Select
          label="Theme"
          {...form.field("theme")}
          options={[{ value: "", label: "Choose a theme" }, ...themes.map((t) => ({ value: t, label: t }))]}
        />
        <TextInput
          label="Or add a new theme"
          hint="Leave blank to use the theme chosen above"
          width={30}
          {...form.field("newTheme")}
        />
        <Textarea label="Description" rows={6} {...form.field("description")} />
        <TextInput
          label="Evidence: where it comes from"
          hint="For example: interviews with 12 acute trusts, March 2026"
          {...form.field("evidenceSource")}
        />
        <TextInput
          label="How many organisations said so"
          type="number"
          inputMode="numeric"
          width={4}
          {...form.field("evidenceCount")}
        />
        <Fieldset legend="Impact" name="impact" kind="radios" error={form.errors.impact}>
          <Radio first label={IMPACT_LABELS.high} {...form.radio("impact", "high")} />
          <Radio label={IMPACT_LABELS.medium} {...form.radio("impact", "medium")} />
          <Radio label={IMPACT_LABELS.low} {...form.radio("impact", "low")} />
        </Fieldset>
        <SubmitButton submitting={form.submitting}>{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}
