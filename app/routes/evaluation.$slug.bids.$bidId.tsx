import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { AnswerValueView } from "~/bids/components/answer-editor";
import { ErrorSummary } from "~/components/error-summary";
import { InsetText, PageHeading, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import { markLabel, MarkForm, useMarkSavedMeanwhile } from "~/evaluation/components/mark-form";
import { PanelQuestionHeading } from "~/evaluation/components/panel-question-heading";
import { ProgressTag } from "~/evaluation/components/progress-tag";
import { bidForEvaluator, markingContext, saveMark, submitMarks } from "~/evaluation/marking.server";
import { DECLARE_FIRST, markKindOf } from "~/evaluation/questions";
import { markSchema, markValue } from "~/evaluation/schema";
import { formFailure, formRejected, parseForm, readForm } from "~/forms.server";
import { isUuid } from "~/ids";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatBytes } from "~/storage/sizes";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.label ?? "Bid"} – Evaluation – AI Imaging Platform procurement` },
];

// One bid as its evaluator marks it: anonymised (a label, never the organisation), only the
// questions of their sections, their own marks only. Until they have declared for every bidder:
// 403, declare first, without even the label.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "evaluator" });
  const procurement = await requireProcurement(params.slug);
  const view = await bidForEvaluator(user, procurement, params.bidId);
  const page = { procurement: { slug: procurement.slug, title: procurement.title }, bidId: params.bidId ?? "" };
  if (!view.declared) return data({ ...page, declared: false as const, label: null }, { status: 403 });
  const open = new URL(request.url).searchParams.get("question");
  return {
    ...page,
    declared: true as const,
    label: view.label,
    rules: { scaleMax: view.rules.scaleMax, minChars: view.rules.justificationMinChars },
    progress: view.progress,
    open: isUuid(open) ? open : null,
    questions: view.questions.map((q) => ({
      question: q.question,
      marked: q.marked,
      answer: q.answer,
      files: q.files.map((f) => ({ filename: f.filename, sha256: f.sha256, size: formatBytes(f.size) })),
      mark: q.mark && {
        mark: markValue(q.mark),
        reasons: q.mark.justification,
        version: q.mark.version,
        updatedAt: q.mark.updatedAt,
        submittedAt: q.mark.submittedAt,
      },
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "evaluator" });
  const procurement = await requireProcurement(params.slug);
  const here = `/evaluation/${procurement.slug}/bids/${params.bidId}`;
  const fields = await readForm(request);
  switch (fields.get("intent")) {
    case "save": {
      const questionId = fields.get("questionId");
      const context = await markingContext(
        user,
        procurement,
        params.bidId,
        isUuid(questionId) ? questionId : undefined,
      );
      const form = await parseForm(
        request,
        markSchema({
          kind: markKindOf(context.question),
          scaleMax: context.rules.scaleMax,
          minChars: context.rules.justificationMinChars,
        }),
        fields,
      );
      if (!form.success) return formRejected(400, form.errors, form.values);
      const result = await saveMark(user, procurement, context, form.data);
      if (!result.ok) {
        return data(
          { ...formFailure(result.fieldErrors, form.values), current: result.current ?? null },
          { status: 409 },
        );
      }
      return redirectWithNotice(
        `${here}#question-${context.question.id}`,
        `Draft mark saved for question ${context.question.number}`,
      );
    }
    case "submit": {
      const result = await submitMarks(user, procurement, params.bidId);
      if (!result.ok) return formRejected(409, result.fieldErrors, { intent: "submit" });
      return redirectWithNotice(
        `/evaluation/${procurement.slug}`,
        result.repeated
          ? `Your marks for ${result.label} were already submitted`
          : `Your marks for ${result.label} are submitted. They can no longer change`,
      );
    }
    default:
      return formRejected(400, { form: "Choose what to do" }, {});
  }
}

// After a refused save (409) the page reloads, so the form carries the version now saved.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

type Page = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { declared: true }>;

export default function EvaluatorBid() {
  const page = useLoaderData<typeof loader>();
  const back = `/evaluation/${page.procurement.slug}`;
  if (!page.declared) {
    return (
      <>
        <Link className="nhsuk-back-link" to={back}>
          {page.procurement.title}
        </Link>
        <PageHeading caption={page.procurement.title}>Declare for every bidder first</PageHeading>
        <InsetText>
          <p>{DECLARE_FIRST}.</p>
        </InsetText>
        <p>
          <Link to={back}>Make your declarations</Link>
        </p>
      </>
    );
  }
  return <MarkingPage page={page} />;
}

function MarkingPage({ page }: { page: Page }) {
  const result = useActionData<typeof action>();
  const values = result?.values as Record<string, string> | undefined;
  const back = `/evaluation/${page.procurement.slug}`;
  const here = `${back}/bids/${page.bidId}`;
  // A refused save reopens its question's form, with the text as typed.
  const open = values?.intent === "save" ? values.questionId : page.open;
  const submitted = page.progress.state === "submitted";
  const toMark = page.questions.filter((q) => q.marked);
  // A question's form shows its own errors; any other refusal shows them here.
  const formShown = !submitted && toMark.some((q) => q.question.id === open);
  return (
    <>
      {!formShown ? <ErrorSummary errors={result?.errors ?? {}} /> : null}
      <Link className="nhsuk-back-link" to={back}>
        {page.procurement.title}
      </Link>
      <PageHeading caption={page.procurement.title}>{page.label}</PageHeading>
      <SummaryList
        rows={[
          { key: "Your progress", value: <ProgressTag progress={page.progress} /> },
          {
            key: "Scale",
            value: `0 to ${page.rules.scaleMax}; each justification at least ${page.rules.minChars} characters`,
          },
        ]}
      />
      <p>
        You see the questions of the sections assigned to you. Your marks are yours alone until you submit them; nobody
        else on the panel sees them before moderation.
      </p>
      {page.questions.map((q) => (
        <section key={q.question.id} id={`question-${q.question.id}`} className="nhsuk-u-margin-bottom-7">
          <PanelQuestionHeading question={q.question} />
          {q.question.guidance ? <p className="nhsuk-hint">{q.question.guidance}</p> : null}
          <h3 className="nhsuk-heading-s">The bid&apos;s answer</h3>
          {/* A file question's answer is its files: it has no answer of its own. */}
          {q.files.length > 0 ? (
            <Table
              head={["File", "Size"]}
              rows={q.files.map((f) => [
                <a key="f" href={`${here}/files/${f.sha256}`}>
                  {f.filename}
                </a>,
                f.size,
              ])}
            />
          ) : q.question.kind === "file" ? (
            <p>No files.</p>
          ) : null}
          {q.answer ? (
            <AnswerValueView question={q.question} value={q.answer.value} />
          ) : q.question.kind !== "file" ? (
            <p>Not answered.</p>
          ) : null}
          {!q.marked ? (
            <InsetText>Shown for information: price is scored by formula, not by evaluators.</InsetText>
          ) : (
            <QuestionMark page={page} q={q} open={open === q.question.id && !submitted} />
          )}
        </section>
      ))}
      {toMark.length > 0 && !submitted ? (
        <>
          <h2>Submit your marks</h2>
          <p>
            {toMark.filter((q) => q.mark).length} of {toMark.length} questions marked. Once submitted, your marks for
            this bid can no longer change; they go to moderation.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <SubmitButton>Submit scores for this bid</SubmitButton>
          </Form>
        </>
      ) : null}
      {submitted ? <InsetText>You submitted your marks for this bid. They can no longer change.</InsetText> : null}
    </>
  );
}

function QuestionMark({ page, q, open }: { page: Page; q: Page["questions"][number]; open: boolean }) {
  const current = useMarkSavedMeanwhile(q.question.id, "justification");
  const link = `/evaluation/${page.procurement.slug}/bids/${page.bidId}?question=${q.question.id}#question-${q.question.id}`;
  if (open) {
    return (
      <MarkForm
        intent="save"
        questionId={q.question.id}
        purpose="mark"
        kind={markKindOf(q.question)}
        scaleMax={page.rules.scaleMax}
        minChars={page.rules.minChars}
        saved={q.mark ? { mark: q.mark.mark, reasons: q.mark.reasons, version: q.mark.version } : null}
        current={current}
        submitLabel="Save draft mark"
      />
    );
  }
  if (!q.mark) {
    return (
      <p>
        <Tag colour="white">Not marked</Tag> <Link to={link}>Mark question {q.question.number}</Link>
      </p>
    );
  }
  return (
    <>
      <h3 className="nhsuk-heading-s">Your mark</h3>
      <p>
        <strong>{markLabel(q.mark.mark, page.rules.scaleMax)}</strong>{" "}
        {q.mark.submittedAt ? (
          <Tag colour="green">Submitted {formatDateTime(q.mark.submittedAt)}</Tag>
        ) : (
          <Tag colour="yellow">Draft saved {formatDateTime(q.mark.updatedAt)}</Tag>
        )}
      </p>
      <p style={{ whiteSpace: "pre-wrap" }}>{q.mark.reasons}</p>
      {q.mark.submittedAt ? null : (
        <p>
          <Link to={link}>Change your mark for question {q.question.number}</Link>
        </p>
      )}
    </>
  );
}
