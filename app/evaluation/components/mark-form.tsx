// The form an evaluator marks a question with, and the moderator's consensus form: pass/fail, or a
// score on the tender's scale with its descriptors, and the reasons. One schema per question
// (markSchema / consensusSchema), checked in the browser and again in the action. A page shows one
// of these forms at a time (?question=…), so each field's id is unique on the page.
import { Form, useActionData } from "@remix-run/react";
import { useMemo } from "react";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Radio, Textarea } from "~/components/fields";
import { InsetText, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { scoreDescriptors } from "../ranking";
import { consensusSchema, JUSTIFICATION_MAX_CHARS, markSchema, type MarkKind } from "../schema";

export type MarkFormProps = {
  intent: "save" | "consensus";
  questionId: string;
  purpose: "mark" | "consensus";
  kind: MarkKind;
  scaleMax: number;
  minChars: number;
  /** The saved mark ("pass", "fail", "0".."scaleMax") and reasons, and its version (0: none yet). */
  saved: { mark: string; reasons: string; version: number } | null;
  /** When a save was refused as stale: the mark saved meanwhile, shown beside the caller's own text. */
  current?: { mark: string; reasons: string } | null;
  submitLabel: string;
};

/**
 * After a save of this question's mark refused as stale (409), the mark saved meanwhile, to show
 * beside the caller's own text; otherwise null.
 */
export function useMarkSavedMeanwhile(questionId: string, reasons: "justification" | "rationale") {
  const refused = useActionData() as
    | { values?: Record<string, string>; current?: { mark: string; justification?: string; rationale?: string } | null }
    | undefined;
  return refused?.current && refused.values?.questionId === questionId
    ? { mark: refused.current.mark, reasons: refused.current[reasons] ?? "" }
    : null;
}

export function markLabel(mark: string, scaleMax: number): string {
  if (mark === "pass") return "Pass";
  if (mark === "fail") return "Fail";
  const descriptor = scoreDescriptors(scaleMax).find((d) => String(d.score) === mark);
  return descriptor ? `${descriptor.score}: ${descriptor.label}` : mark;
}

export function MarkForm(props: MarkFormProps) {
  const { intent, questionId, purpose, kind, scaleMax, minChars, saved } = props;
  const reasons = purpose === "mark" ? "justification" : "rationale";
  const schema = useMemo(
    () => (purpose === "mark" ? markSchema : consensusSchema)({ kind, scaleMax, minChars }),
    [purpose, kind, scaleMax, minChars],
  );
  const form = useValidatedForm(schema, { mark: saved?.mark ?? "", [reasons]: saved?.reasons ?? "" }, { intent });
  const options =
    kind === "pass_fail"
      ? [
          { value: "pass", label: "Pass", hint: undefined },
          { value: "fail", label: "Fail", hint: undefined },
        ]
      : scoreDescriptors(scaleMax).map((d) => ({
          value: String(d.score),
          label: `${d.score}: ${d.label}`,
          hint: undefined,
        }));
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} key={`${questionId}-${saved?.version ?? 0}`}>
      <ErrorSummary errors={form.errors} order={["form", "mark", reasons]} />
      {props.current ? (
        <InsetText>
          <p>
            <strong>Saved meanwhile:</strong> {markLabel(props.current.mark, scaleMax)}
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{props.current.reasons}</p>
        </InsetText>
      ) : null}
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="questionId" value={questionId} />
      <input {...form.hidden("version", String(saved?.version ?? 0))} />
      <Fieldset
        legend={purpose === "mark" ? (kind === "pass_fail" ? "Pass or fail" : "Score") : "Consensus"}
        kind="radios"
        name="mark"
        error={form.errors.mark}
      >
        {options.map((o, i) => (
          <Radio key={o.value} label={o.label} hint={o.hint} first={i === 0} {...form.radio("mark", o.value)} />
        ))}
      </Fieldset>
      <Textarea
        label={purpose === "mark" ? "Justification" : "Rationale"}
        hint={`What in the bid supports this mark: at least ${minChars} characters, at most ${JUSTIFICATION_MAX_CHARS.toLocaleString("en-GB")}`}
        rows={5}
        {...form.field(reasons)}
      />
      <SubmitButton secondary={purpose === "mark"} submitting={form.submitting}>
        {props.submitLabel}
      </SubmitButton>
    </Form>
  );
}
