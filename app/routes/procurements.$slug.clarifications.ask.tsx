import { randomUUID } from "node:crypto";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { requireUser } from "~/auth/guards.server";
import { logAccessFor } from "~/clarifications/access.server";
import { askQuestion, clarificationWindow } from "~/clarifications/asking.server";
import { similarAnswers } from "~/clarifications/log.server";
import { SimilarAnswers, type SimilarAnswer } from "~/clarifications/components/similar-answers";
import { AskQuestionSchema, QUESTION_MAX_CHARS } from "~/clarifications/schema";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, Textarea, TextInput } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formFailure, formValues, readForm, submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Ask a clarification question: ${data?.procurement.title ?? ""} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const access = await logAccessFor(user, procurement);
  const window = clarificationWindow(procurement);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    access,
    window: { open: window.open, closed: window.closed, deadline: window.deadline },
    // A fresh key per form: a second post of the same form finds the question the first one made.
    idempotencyKey: randomUUID(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const fields = await readForm(request);
  if (fields.get("intent") === "similar") {
    // Without JavaScript, the "check for similar answers" button posts the draft here.
    const values = formValues(fields);
    const text = `${fields.get("subject") ?? ""} ${fields.get("body") ?? ""}`;
    return data({ ...formFailure({}, values), similar: await similarAnswers(user, procurement, text) });
  }
  return submitForm(
    request,
    AskQuestionSchema,
    fields,
    (input) => askQuestion(user, procurement, input),
    (result) =>
      redirectWithNotice(
        `/procurements/${procurement.slug}/clarifications/questions/${result.questionId}`,
        "Your question has been sent. We have emailed you a receipt",
      ),
  );
}

const ORDER = ["form", "subject", "body", "documentRef", "sectionRef", "confidential", "confidentialReason"];
const DEBOUNCE_MS = 400;

export default function AskQuestion() {
  const { procurement, access, window, idempotencyKey } = useLoaderData<typeof loader>();
  const form = useValidatedForm(AskQuestionSchema, {});
  const similar = useFetcher<{ results: SimilarAnswer[] }>();
  const [length, setLength] = useState(String(form.values.body ?? "").length);
  const [confidential, setConfidential] = useState(form.values.confidential === "on");
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const subjectRef = useRef(String(form.values.subject ?? ""));
  const bodyRef = useRef(String(form.values.body ?? ""));
  const actionData = useActionData<typeof action>();
  const checked = (actionData as { similar?: SimilarAnswer[] } | undefined)?.similar ?? [];
  // Without JavaScript the reason field always shows; with it, only once the box is ticked.
  const [hydrated, setHydrated] = useState(false);

  useEffect(() => {
    setHydrated(true);
    return () => clearTimeout(timer.current);
  }, []);

  // Asks for similar answers once the supplier pauses typing.
  const lookUpSimilar = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const text = `${subjectRef.current} ${bodyRef.current}`.trim();
      if (text.length < 3) return;
      similar.load(`/procurements/${procurement.slug}/clarifications/similar?q=${encodeURIComponent(text)}`);
    }, DEBOUNCE_MS);
  };

  const subject = form.field("subject");
  const body = form.field("body");
  const confidentialBox = form.checkbox("confidential");

  return (
    <>
      <ErrorSummary errors={form.errors} order={ORDER} />
      <Link className="nhsuk-back-link" to={`/procurements/${procurement.slug}/clarifications`}>
        Clarification log
      </Link>
      <PageHeading caption={procurement.title}>Ask a clarification question</PageHeading>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {access === "register-interest" ? (
            <Form method="post" action={`/procurements/${procurement.slug}/interest`}>
              <p>Register your organisation's interest in this procurement before you ask a question.</p>
              <SubmitButton>Register interest</SubmitButton>
            </Form>
          ) : !window.open && !form.errors.form ? (
            <InsetText>
              {window.closed && window.deadline
                ? `The deadline for clarification questions was ${formatDateTime(window.deadline)} (UK time).`
                : "Clarification questions are not open for this procurement yet."}{" "}
              <Link to={`/procurements/${procurement.slug}/clarifications`}>Read the answers already published</Link>.
            </InsetText>
          ) : (
            <>
              <p>
                We publish every answer to all suppliers registered on this procurement, without saying who asked. Check
                the <Link to={`/procurements/${procurement.slug}/clarifications`}>clarification log</Link> first: your
                question may have been answered already.
              </p>
              {window.deadline ? (
                <p>
                  Ask by <strong>{formatDateTime(window.deadline)}</strong> (UK time).
                </p>
              ) : null}
              <Form method="post" noValidate onSubmit={form.onSubmit}>
                <input {...form.hidden("idempotencyKey", String(form.values.idempotencyKey ?? idempotencyKey))} />
                <TextInput
                  label="Subject"
                  hint="A few words on what your question is about"
                  {...subject}
                  onChange={(event) => {
                    void subject.onChange(event);
                    subjectRef.current = event.target.value;
                    lookUpSimilar();
                  }}
                />
                <Textarea
                  label="Your question"
                  hint={`You can enter up to ${QUESTION_MAX_CHARS.toLocaleString("en-GB")} characters. Do not include anything that identifies your organisation unless you need to.`}
                  rows={8}
                  {...body}
                  onChange={(event) => {
                    void body.onChange(event);
                    bodyRef.current = event.target.value;
                    setLength(event.target.value.length);
                    lookUpSimilar();
                  }}
                />
                <p
                  className={`nhsuk-body-s ${length > QUESTION_MAX_CHARS ? "nhsuk-error-message" : "nhsuk-hint"}`}
                  aria-live="polite"
                  style={{ marginTop: "-16px" }}
                >
                  {length > QUESTION_MAX_CHARS
                    ? `You have ${(length - QUESTION_MAX_CHARS).toLocaleString("en-GB")} characters too many`
                    : `You have ${(QUESTION_MAX_CHARS - length).toLocaleString("en-GB")} characters remaining`}
                </p>
                <SimilarAnswers slug={procurement.slug} results={similar.data?.results ?? checked} />
                <noscript>
                  <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="similar">
                    Check for answers already published
                  </button>
                </noscript>
                <TextInput
                  label="Tender document (optional)"
                  hint="For example: Specification, Invitation to tender, Pricing schedule"
                  {...form.field("documentRef")}
                />
                <TextInput
                  label="Section (optional)"
                  hint="For example: 3.2"
                  width={10}
                  {...form.field("sectionRef")}
                />
                <div className="nhsuk-form-group">
                  <div className="nhsuk-checkboxes">
                    <Checkbox
                      label="Ask us to treat this question as commercially confidential"
                      hint="If we agree, we answer your organisation only. If we do not, we publish the answer to everyone, without saying who asked."
                      {...confidentialBox}
                      onChange={(event) => {
                        void confidentialBox.onChange(event);
                        setConfidential(event.target.checked);
                      }}
                    />
                  </div>
                </div>
                <div hidden={hydrated && !confidential} className="nhsuk-checkboxes__conditional">
                  <Textarea
                    label="Why is it commercially confidential?"
                    hint="We record our decision and its reason"
                    rows={3}
                    {...form.field("confidentialReason")}
                  />
                </div>
                <SubmitButton submitting={form.submitting}>Send question</SubmitButton>
              </Form>
            </>
          )}
        </div>
      </div>
    </>
  );
}
