// Staff write the question as it will be published and the answer; text that may identify the
// asker is flagged as they type (the server checks again before anything is published).
import { Form } from "@remix-run/react";
import { useMemo, useState, type ChangeEvent } from "react";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Radio, Textarea } from "~/components/fields";
import { SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { findIdentifyingText, type AskerIdentity } from "../identifying-text";
import { AmendAnswerSchema, DraftAnswerSchema } from "../schema";
import { FlagChecklist } from "./flag-checklist";

type FlaggedText = { anonymisedQuestion: string; answer: string };
type TextForm = Pick<ReturnType<typeof useValidatedForm>, "values" | "field">;

/** The text flagged as identifying in what is typed now, and the two fields wired to keep it current. */
function useLiveFlags(identity: AskerIdentity, form: TextForm) {
  const [text, setText] = useState<FlaggedText>({
    anonymisedQuestion: String(form.values.anonymisedQuestion ?? ""),
    answer: String(form.values.answer ?? ""),
  });
  const flags = useMemo(
    () =>
      findIdentifyingText({ "the published question": text.anonymisedQuestion, "the answer": text.answer }, identity),
    [text, identity],
  );
  const field = (name: keyof FlaggedText) => {
    const props = form.field(name);
    return {
      ...props,
      onChange: (e: ChangeEvent<HTMLTextAreaElement>) => {
        void props.onChange(e);
        setText((t) => ({ ...t, [name]: e.target.value }));
      },
    };
  };
  return { flags, field };
}

export function DraftForm({
  identity,
  draft,
  version,
  confirmed,
  confidential,
}: {
  identity: AskerIdentity;
  draft: { anonymisedQuestion: string; answer: string };
  version: number;
  confirmed: string[];
  confidential: { requested: boolean; decision: string | null; note: string | null };
}) {
  const form = useValidatedForm(
    DraftAnswerSchema,
    {
      ...draft,
      confidentialDecision: confidential.decision ?? "",
      confidentialDecisionNote: confidential.note ?? "",
    },
    { intent: "draft" },
  );
  const live = useLiveFlags(identity, form);
  const [decision, setDecision] = useState(String(form.values.confidentialDecision ?? ""));
  const accepted = form.radio("confidentialDecision", "accepted");
  const refused = form.radio("confidentialDecision", "refused");
  return (
    <>
      <ErrorSummary
        errors={form.errors}
        order={[
          "form",
          "anonymisedQuestion",
          "answer",
          "confidentialDecision",
          "confidentialDecisionNote",
          "confirmFlags",
        ]}
      />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="draft" />
        <input {...form.hidden("version", String(version))} />
        <input {...form.hidden("confidentialRequested", confidential.requested ? "on" : "")} />
        {confidential.requested ? (
          <>
            <Fieldset
              legend="Is the question commercially confidential?"
              hint="If you accept, the answer goes to the asking organisation only and gets no public number. If you refuse, it is published to everyone without the asker's identity."
              name="confidentialDecision"
              kind="radios"
              error={form.errors.confidentialDecision}
            >
              <Radio
                first
                label="Accept: answer the asking organisation privately"
                {...accepted}
                onChange={(e) => {
                  void accepted.onChange(e);
                  setDecision("accepted");
                }}
              />
              <Radio
                label="Refuse: publish the answer to all suppliers"
                {...refused}
                onChange={(e) => {
                  void refused.onChange(e);
                  setDecision("refused");
                }}
              />
            </Fieldset>
            <Textarea
              label="Reason for the decision"
              hint="Recorded in the audit log with the supplier's own reason"
              rows={3}
              {...form.field("confidentialDecisionNote")}
            />
          </>
        ) : null}
        <Textarea
          label="Question as it will be published"
          hint="Pre-filled from the supplier's question. Remove anything that identifies the asker."
          rows={8}
          {...live.field("anonymisedQuestion")}
        />
        <Textarea label="Answer" rows={10} {...live.field("answer")} />
        <FlagChecklist
          flags={live.flags}
          confirmed={confirmed}
          error={form.errors.confirmFlags}
          privateAnswer={confidential.requested && decision === "accepted"}
        />
        <SubmitButton submitting={form.submitting}>Save draft for approval</SubmitButton>
      </Form>
    </>
  );
}

export function AmendForm({
  identity,
  current,
  version,
  confirmed,
  privateAnswer,
}: {
  identity: AskerIdentity;
  current: { anonymisedQuestion: string; answer: string };
  version: number;
  confirmed: string[];
  privateAnswer: boolean;
}) {
  const form = useValidatedForm(AmendAnswerSchema, current, { intent: "amend" });
  const live = useLiveFlags(identity, form);
  return (
    <>
      <ErrorSummary
        errors={form.errors}
        order={["form", "anonymisedQuestion", "answer", "amendmentReason", "confirmFlags"]}
      />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="amend" />
        <input {...form.hidden("version", String(version))} />
        <Textarea label="Question as published" rows={6} {...live.field("anonymisedQuestion")} />
        <Textarea label="Amended answer" rows={8} {...live.field("answer")} />
        <Textarea
          label="Why is the answer amended?"
          hint="Shown with the new version in the log and in the email to suppliers"
          rows={3}
          {...form.field("amendmentReason")}
        />
        <FlagChecklist
          flags={live.flags}
          confirmed={confirmed}
          error={form.errors.confirmFlags}
          privateAnswer={privateAnswer}
        />
        <SubmitButton secondary submitting={form.submitting}>
          Propose amendment for approval
        </SubmitButton>
      </Form>
    </>
  );
}
