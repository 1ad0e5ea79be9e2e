// The reviewer's "return to drafter" and anyone's "reject" forms, each validated on both sides.
import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Textarea } from "~/components/fields";
import { SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { RejectQuestionSchema, ReturnToDrafterSchema } from "../schema";

export function ReturnForm({ version }: { version: number }) {
  const form = useValidatedForm(ReturnToDrafterSchema, {}, { intent: "return" });
  return (
    <>
      <ErrorSummary errors={form.errors} order={["form", "comment"]} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="return" />
        <input {...form.hidden("version", String(version))} />
        <Textarea label="What should the drafter change?" rows={4} {...form.field("comment")} />
        <SubmitButton secondary submitting={form.submitting}>
          Return to drafter
        </SubmitButton>
      </Form>
    </>
  );
}

export function RejectForm({ version }: { version: number }) {
  const form = useValidatedForm(RejectQuestionSchema, {}, { intent: "reject" });
  return (
    <>
      <ErrorSummary errors={form.errors} order={["form", "reason"]} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="reject" />
        <input {...form.hidden("version", String(version))} />
        <Textarea
          label="Why will the question not be answered?"
          hint="Sent to the supplier who asked, and kept in the audit log"
          rows={4}
          {...form.field("reason")}
        />
        <SubmitButton warning submitting={form.submitting}>
          Reject question
        </SubmitButton>
      </Form>
    </>
  );
}
