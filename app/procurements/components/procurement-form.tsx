// The create/edit form for a procurement and its stage dates (staff).
import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Textarea, TextInput } from "~/components/fields";
import { SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { ProcurementSchema } from "../schema";
import { STAGES } from "../stages";

export function ProcurementForm({ defaults, submitLabel }: { defaults: Record<string, string>; submitLabel: string }) {
  const form = useValidatedForm(ProcurementSchema, defaults);
  return (
    <>
      <ErrorSummary
        errors={form.errors}
        order={["form", "title", "slug", "summary", "description", "estimatedValue", ...STAGES.map((s) => s.key)]}
      />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        {defaults.version ? <input {...form.hidden("version", defaults.version)} /> : null}
        <TextInput label="Title" {...form.field("title")} />
        <TextInput
          label="Web address"
          hint="Lower-case letters, numbers and hyphens, like ai-imaging-platform"
          width={30}
          spellCheck={false}
          {...form.field("slug")}
        />
        <Textarea label="Summary" hint="One or two sentences, shown in lists" rows={3} {...form.field("summary")} />
        <Textarea label="Description (optional)" rows={8} {...form.field("description")} />
        <TextInput
          label="Estimated value in pounds, excluding VAT (optional)"
          width={10}
          inputMode="decimal"
          {...form.field("estimatedValue")}
        />
        <Fieldset
          legend="Stages (UK time)"
          hint="Leave a stage blank until its date is known. Dates must run in order."
          name="stages"
          kind="plain"
          legendClassName="nhsuk-fieldset__legend--m"
        >
          {STAGES.map((stage) => (
            <TextInput
              key={stage.key}
              label={stage.label}
              type="datetime-local"
              width={20}
              {...form.field(stage.key)}
            />
          ))}
        </Fieldset>
        <SubmitButton submitting={form.submitting}>{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}
