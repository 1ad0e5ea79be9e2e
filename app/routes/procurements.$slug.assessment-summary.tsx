import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { PageHeading, SummaryList, Table } from "~/components/page";
import { summaryMethodText, type SummaryMark } from "~/evaluation/assessment-summary";
import { ownAssessmentSummary } from "~/evaluation/award.server";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Assessment summary: ${data?.summary.procurementTitle ?? "procurement"} – AI Imaging Platform procurement` },
];

// The caller's organisation's assessment summary (s.50), once staff have sent them; 404 before,
// and for anyone whose organisation did not bid. The PDF is its printable twin.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const summary = await ownAssessmentSummary(user, procurement);
  return { slug: procurement.slug, summary };
}

const OUTCOME = {
  successful: "Successful: we intend to award the contract to your organisation",
  unsuccessful: "Unsuccessful: we do not intend to award the contract to your organisation",
  excluded: "Excluded: your bid did not pass a pass or fail question",
} as const;

function mark(m: SummaryMark) {
  return m.points ? `${m.score} (${m.points})` : m.score;
}

export default function AssessmentSummaryPage() {
  const { slug, summary } = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to="/supplier">
        Supplier dashboard
      </Link>
      <PageHeading caption={summary.procurementTitle}>Assessment summary</PageHeading>
      <p>
        <a href={`/procurements/${slug}/assessment-summary.pdf`}>Download this summary as a PDF</a>
      </p>
      <SummaryList
        rows={[
          { key: "Bidder", value: summary.organisation },
          { key: "Outcome", value: OUTCOME[summary.outcome] },
          ...(summary.position ? [{ key: "Your bid ranked", value: summary.position }] : []),
          ...(summary.exclusion ? [{ key: "Reason for exclusion", value: summary.exclusion }] : []),
          { key: "Your total score", value: `${summary.totals.own.total} of ${summary.totals.available.total} points` },
          {
            key: "The winning bid's total",
            value: `${summary.totals.winning.total} of ${summary.totals.available.total} points`,
          },
          { key: "Award notice", value: summary.noticeDateText },
          { key: "Standstill ends", value: `Midnight at the end of ${summary.standstillEndsOnText}` },
        ]}
      />
      <p>{summaryMethodText(summary.scaleMax)}</p>
      <Table
        caption="Scores"
        head={["Criterion", "Weight", "Available", "Your bid", "The winning bid"]}
        rows={[
          ...summary.criteria.map((c) => [
            `${c.number} ${c.title}`,
            c.weight,
            c.available,
            mark(c.own),
            mark(c.winning),
          ]),
          ...(["quality", "price", "total"] as const).map((key) => [
            <strong key="k">{key === "total" ? "Total" : key === "quality" ? "Quality" : "Price"}</strong>,
            "",
            `${summary.totals.available[key]} points`,
            `${summary.totals.own[key]} points`,
            `${summary.totals.winning[key]} points`,
          ]),
        ]}
      />
      <h2 className="nhsuk-heading-m">Reasons, criterion by criterion</h2>
      {summary.criteria.map((c) => (
        <section key={c.number}>
          <h3 className="nhsuk-heading-s">
            {c.number} {c.title}
          </h3>
          <p className="nhsuk-body-s">
            {c.kind === "pass_fail"
              ? "Pass or fail question, no weight"
              : `Weight ${c.weight}. Available: ${c.available}`}
            . Your bid: {mark(c.own)}. The winning bid: {mark(c.winning)}.
          </p>
          <h4 className="nhsuk-body nhsuk-u-font-weight-bold nhsuk-u-margin-bottom-1">Why your bid scored as it did</h4>
          <p style={{ whiteSpace: "pre-line" }}>{c.own.reasons || "No reasons recorded."}</p>
          <h4 className="nhsuk-body nhsuk-u-font-weight-bold nhsuk-u-margin-bottom-1">
            Why the winning bid scored as it did
          </h4>
          <p style={{ whiteSpace: "pre-line" }}>{c.winning.reasons || "No reasons recorded."}</p>
        </section>
      ))}
    </>
  );
}
