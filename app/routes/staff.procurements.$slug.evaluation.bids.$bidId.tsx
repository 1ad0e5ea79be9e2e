import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { InsetText, PageHeading, SummaryList, Table, Tag } from "~/components/page";
import { markLabel, MarkForm, useMarkSavedMeanwhile } from "~/evaluation/components/mark-form";
import { PanelQuestionHeading } from "~/evaluation/components/panel-question-heading";
import { agreeConsensus, moderationView } from "~/evaluation/moderation.server";
import { markKindOf } from "~/evaluation/questions";
import { consensusSchema, markValue } from "~/evaluation/schema";
import { formFailure, formRejected, parseForm, readForm } from "~/forms.server";
import { isUuid } from "~/ids";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";
import { notFound } from "~/refusals.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Moderation: ${data?.bidder.label ?? "bid"} (staff) – AI Imaging Platform procurement` },
];

// Moderation of one bid: every evaluator's submitted mark and justification side by side, spreads
// of 2 or more flagged, and the consensus with its rationale. Open once all who should have submitted.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const view = await moderationView(user, procurement, params.bidId);
  const open = new URL(request.url).searchParams.get("question");
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    bidder: view.bidder,
    rules: { scaleMax: view.rules.scaleMax, minChars: view.rules.justificationMinChars },
    ready: view.ready,
    awardedAt: view.awardedAt,
    outstanding: view.outstanding,
    open: isUuid(open) ? open : null,
    questions: view.questions.map((q) => ({
      question: q.question,
      marks: q.marks.map((m) => ({
        evaluator: m.evaluator,
        mark: m.mark,
        justification: m.justification,
        submittedAt: m.submittedAt,
      })),
      outstanding: q.outstanding,
      spread: q.spread,
      passFailSplit: q.passFailSplit,
      consensus: q.consensus && {
        mark: markValue(q.consensus),
        rationale: q.consensus.rationale,
        version: q.consensus.version,
        agreedAt: q.consensus.agreedAt,
        moderator: q.consensus.moderator,
      },
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const fields = await readForm(request);
  if (fields.get("intent") !== "consensus") {
    return formRejected(400, { form: "Choose what to do" }, {});
  }
  const view = await moderationView(user, procurement, params.bidId);
  const questionId = fields.get("questionId");
  const entry = view.questions.find((q) => q.question.id === questionId);
  if (!entry) notFound();
  const schema = consensusSchema({
    kind: markKindOf(entry.question),
    scaleMax: view.rules.scaleMax,
    minChars: view.rules.justificationMinChars,
  });
  const form = await parseForm(request, schema, fields);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await agreeConsensus(user, procurement, view, entry.question.id, form.data);
  if (!result.ok) {
    return data({ ...formFailure(result.fieldErrors, form.values), current: result.current ?? null }, { status: 409 });
  }
  return redirectWithNotice(
    `/staff/procurements/${procurement.slug}/evaluation/bids/${view.bidder.bidId}#question-${entry.question.id}`,
    `Consensus recorded for question ${result.number}`,
  );
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Moderation() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values as Record<string, string> | undefined;
  const base = `/staff/procurements/${page.procurement.slug}`;
  const open = values?.intent === "consensus" ? values.questionId : page.open;
  // The consensus form shows its own errors; any other refusal shows them here.
  const editable = page.ready && page.awardedAt === null;
  const formShown = editable && page.questions.some((q) => q.question.id === open);
  return (
    <>
      {!formShown ? <ErrorSummary errors={result?.errors ?? {}} /> : null}
      <Link className="nhsuk-back-link" to={`${base}/evaluation`}>
        Evaluation
      </Link>
      <PageHeading caption={`${page.procurement.title}: moderation`}>{page.bidder.label}</PageHeading>
      <SummaryList
        rows={[
          { key: "Organisation", value: page.bidder.organisation },
          { key: "Reference", value: page.bidder.reference },
          {
            key: "The bid",
            value: <Link to={`${base}/tender/bids/${page.bidder.bidId}`}>Read the whole bid</Link>,
          },
        ]}
      />
      {page.awardedAt ? (
        <InsetText>
          <p>
            The award was decided on {formatDateTime(page.awardedAt)}. The consensus marks below are final: they can no
            longer change.
          </p>
        </InsetText>
      ) : page.ready ? (
        <p>
          Every evaluator has submitted. Agree a consensus mark and rationale for each question; the individual marks
          stay as given, beside it.
        </p>
      ) : (
        <InsetText>
          <p>Moderation opens once every evaluator who marks this bid has submitted.</p>
          <p>
            {page.outstanding.length === 0
              ? "No evaluator has submitted marks for this bid yet."
              : `Still to submit: ${page.outstanding.join(", ")}.`}
          </p>
        </InsetText>
      )}
      {page.questions.map((q) => (
        <ModeratedQuestion key={q.question.id} page={page} q={q} open={editable && open === q.question.id} />
      ))}
    </>
  );
}

function ModeratedQuestion({ page, q, open }: { page: Page; q: Page["questions"][number]; open: boolean }) {
  const current = useMarkSavedMeanwhile(q.question.id, "rationale");
  const link = `?question=${q.question.id}#question-${q.question.id}`;
  return (
    <section id={`question-${q.question.id}`} className="nhsuk-u-margin-bottom-7">
      <PanelQuestionHeading question={q.question} />
      {q.spread?.flagged ? (
        <p>
          <Tag colour="orange">Scores differ by {q.spread.spread}</Tag> Scores differ by 2 or more: discuss
        </p>
      ) : null}
      {q.passFailSplit ? (
        <p>
          <Tag colour="orange">Evaluators disagree</Tag> Some marked pass and some fail: discuss
        </p>
      ) : null}
      {q.marks.length === 0 ? (
        <p>No submitted marks.</p>
      ) : (
        <Table
          caption="Individual marks, as submitted"
          head={["Evaluator", "Mark", "Justification"]}
          rows={q.marks.map((m) => [
            m.evaluator,
            markLabel(m.mark, page.rules.scaleMax),
            <span key="j" style={{ whiteSpace: "pre-wrap" }}>
              {m.justification}
            </span>,
          ])}
        />
      )}
      {q.outstanding.length > 0 ? <p>Still to submit: {q.outstanding.join(", ")}.</p> : null}
      <h3 className="nhsuk-heading-s">Consensus</h3>
      {q.consensus && !open ? (
        <>
          <p>
            <strong>{markLabel(q.consensus.mark, page.rules.scaleMax)}</strong>, agreed by {q.consensus.moderator} on{" "}
            {formatDateTime(q.consensus.agreedAt)}
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{q.consensus.rationale}</p>
        </>
      ) : null}
      {open ? (
        <MarkForm
          intent="consensus"
          questionId={q.question.id}
          purpose="consensus"
          kind={markKindOf(q.question)}
          scaleMax={page.rules.scaleMax}
          minChars={page.rules.minChars}
          saved={
            q.consensus
              ? { mark: q.consensus.mark, reasons: q.consensus.rationale, version: q.consensus.version }
              : null
          }
          current={current}
          submitLabel="Save the consensus"
        />
      ) : page.ready && page.awardedAt === null ? (
        <p>
          <Link to={link}>
            {q.consensus ? "Change the consensus" : "Record the consensus"}
            <span className="nhsuk-u-visually-hidden"> for question {q.question.number}</span>
          </Link>
        </p>
      ) : q.consensus ? null : (
        <p>Not yet agreed.</p>
      )}
    </section>
  );
}
