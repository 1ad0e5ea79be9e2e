import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { Select, Textarea, TextInput } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { AwardDecisionSchema, SendSummariesSchema } from "~/evaluation/award-schema";
import { decideAward, sendAssessmentSummaries, todayInUk } from "~/evaluation/award.server";
import { evaluationResults } from "~/evaluation/results.server";
import { formatPoints } from "~/evaluation/ranking";
import { methodologyOf, rankingNotes, rankingRows } from "~/evaluation/results-text";
import { standstillEndsOn } from "~/evaluation/standstill";
import { formRejected, readForm, submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDate, formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Ranking and award: ${data?.procurement.title ?? "procurement"} (staff) – AI Imaging Platform procurement` },
];

// The ranked bids with the methodology, the award decision (standstill computed) and sending every
// bidder its assessment summary. Staff and admins read it; staff decide and send.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["staff", "admin"] });
  const procurement = await requireProcurement(params.slug);
  const results = await evaluationResults(user, procurement);
  const award = results.award;
  const winner = award ? results.bidders.find((b) => b.bidId === award.bidId) : undefined;
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    canDecide: user.role === "staff",
    ranking: rankingRows(results),
    notes: rankingNotes(results),
    methodology: methodologyOf(results),
    criteria: results.questions.map((q) => ({
      number: q.number,
      title: q.title,
      weight: q.kind === "pass_fail" ? "Pass or fail" : `${q.weight ?? 0}%`,
    })),
    candidates: results.ranked
      .filter((r) => r.rank !== null)
      .map((r) => ({
        value: r.bidId,
        label: `${r.label}: ${results.bidders.find((b) => b.bidId === r.bidId)?.organisation ?? ""} (rank ${r.rank}, ${formatPoints(r.total)} points)`,
      })),
    today: todayInUk(),
    award: award && {
      winner: winner ? `${winner.label}: ${winner.organisation}` : "",
      rationale: award.rationale,
      decided: `${award.decidedBy}, ${formatDateTime(award.decidedAt)}`,
      noticeDate: formatDate(award.noticeDate),
      standstillEndsOn: formatDate(award.standstillEndsOn),
      summariesSent: award.summariesSentAt
        ? `${formatDateTime(award.summariesSentAt)}${award.summariesSentBy ? ` by ${award.summariesSentBy}` : ""}`
        : null,
    },
    bidderCount: results.bidders.length,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const here = `/staff/procurements/${procurement.slug}/evaluation/ranking`;
  const fields = await readForm(request);
  switch (fields.get("intent")) {
    case "award":
      return submitForm(
        request,
        AwardDecisionSchema,
        fields,
        (input) => decideAward(user, procurement, input),
        () => redirectWithNotice(here, "Award decision recorded. The standstill end date is below"),
      );
    case "send-summaries": {
      const result = await sendAssessmentSummaries(user, procurement);
      if (!result.ok) return formRejected(409, { form: result.error }, { intent: "send-summaries" });
      return redirectWithNotice(
        here,
        result.repeated
          ? "The assessment summaries had already been sent: nothing was sent again"
          : `Assessment summaries sent to ${result.organisations} bidders (${result.emails} emails)`,
      );
    }
    default:
      return formRejected(400, { form: "Choose what to do" }, {});
  }
}

export default function Ranking() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/procurements/${page.procurement.slug}/evaluation`;
  return (
    <>
      <Link className="nhsuk-back-link" to={base}>
        Evaluation
      </Link>
      <PageHeading caption={page.procurement.title}>Ranking and award</PageHeading>
      <p>
        <Link to={`/procurements/${page.procurement.slug}/scoring-pack`}>Scoring pack</Link> (
        <a href={`/procurements/${page.procurement.slug}/scoring-pack.pdf`}>PDF</a>): every mark, justification,
        consensus and rationale, the conflicts register and the key events, for the panel and the audit file.
      </p>
      <Table
        caption={`${page.bidderCount} ${page.bidderCount === 1 ? "bid" : "bids"}, ranked on the moderated consensus`}
        head={["Rank", "Bidder", "Quality", "Price", "Total", "Standing"]}
        rows={page.ranking.map((r) => [
          r.rank,
          <span key="b">
            <strong>{r.label}</strong>
            <br />
            {r.organisation}
          </span>,
          r.quality,
          r.price,
          <strong key="t">{r.total}</strong>,
          r.status === "Ranked" ? (
            <Tag key="s" colour="green">
              Ranked
            </Tag>
          ) : (
            <span key="s">{r.status}</span>
          ),
        ])}
      />
      {page.notes.length > 0 ? (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {page.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <h2 className="nhsuk-heading-m">Methodology</h2>
      <p>{page.methodology.scale}</p>
      <p>Scores: {page.methodology.descriptors.join("; ")}.</p>
      <p>{page.methodology.priceFormula}</p>
      <p>{page.methodology.passFail}</p>
      <p>{page.methodology.tieBreak}</p>
      <Table
        caption="Weights"
        head={["Question", "Criterion", "Weight"]}
        rows={page.criteria.map((c) => [c.number, c.title, c.weight])}
      />
      <h2 className="nhsuk-heading-m">Award decision</h2>
      {page.award ? <AwardDecided /> : page.canDecide ? <AwardForm /> : <p>No award decision has been recorded yet.</p>}
    </>
  );
}

function AwardDecided() {
  const page = useLoaderData<typeof loader>();
  const award = page.award!;
  // Any refusal shows here once the award is decided (a second decision is refused too).
  const form = useValidatedForm(SendSummariesSchema);
  return (
    <>
      <ErrorSummary errors={form.errors} />
      <SummaryList
        rows={[
          { key: "Winning bid", value: award.winner },
          { key: "Reasons", value: award.rationale },
          { key: "Decided by", value: award.decided },
          { key: "Award notice", value: award.noticeDate },
          { key: "Standstill ends", value: `Midnight at the end of ${award.standstillEndsOn}` },
          { key: "Assessment summaries", value: award.summariesSent ? `Sent ${award.summariesSent}` : "Not sent yet" },
        ]}
      />
      {award.summariesSent ? (
        <InsetText>
          <p>
            Every bidder has its own assessment summary by email and on its dashboard. The contract may be entered into
            after the standstill period ends.
          </p>
        </InsetText>
      ) : page.canDecide ? (
        <>
          <p>
            Each bidding organisation's people get their own summary by email, with the PDF attached: their bid's scores
            and reasons, and the winning bid's, never another bidder's name. All are sent at once.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="send-summaries" />
            <SubmitButton submitting={form.submitting}>Send assessment summaries</SubmitButton>
          </Form>
        </>
      ) : null}
    </>
  );
}

function AwardForm() {
  const page = useLoaderData<typeof loader>();
  const form = useValidatedForm(
    AwardDecisionSchema,
    { bidId: page.candidates[0]?.value ?? "", noticeDate: page.today },
    { intent: "award" },
  );
  const [noticeDate, setNoticeDate] = useState(String(form.values.noticeDate ?? page.today));
  const noticeField = form.field("noticeDate");
  let preview: string | null = null;
  try {
    preview = standstillEndsOn(noticeDate);
  } catch {
    preview = null;
  }
  const none = page.candidates.length === 0;
  return (
    <>
      <ErrorSummary errors={form.errors} order={["form", "bidId", "rationale", "noticeDate"]} />
      {none ? <p>No bid is ranked yet: every bid needs a consensus on every question before the award.</p> : null}
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input {...form.hidden("intent", "award")} />
        <Select
          label="Winning bid"
          hint="The highest-ranked bid is chosen to begin with."
          options={none ? [{ value: "", label: "No bid is ranked yet" }] : page.candidates}
          {...form.field("bidId")}
        />
        <Textarea
          label="Reasons for the decision"
          hint="Recorded in the scoring pack and the audit log (Procurement Act 2023, s.98)."
          {...form.field("rationale")}
        />
        <TextInput
          label="Date of the award notice"
          hint="The day the contract award notice is published, in UK time (YYYY-MM-DD). The standstill period is 8 working days after it, without weekends and England and Wales bank holidays."
          type="date"
          width={10}
          {...noticeField}
          onChange={(event) => {
            setNoticeDate(event.currentTarget.value);
            void noticeField.onChange(event);
          }}
        />
        <p>
          {preview
            ? `Standstill ends at midnight at the end of ${formatDate(preview)}.`
            : "Enter the date to see when the standstill ends."}
        </p>
        <SubmitButton submitting={form.submitting}>Record the award decision</SubmitButton>
      </Form>
    </>
  );
}
