import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { optionalUser } from "~/auth/guards.server";
import * as clock from "~/clock.server";
import { WhenABidCounts } from "~/bids/components/when-a-bid-counts";
import { InsetText, PageHeading, SummaryList, Table } from "~/components/page";
import { rulesFor } from "~/evaluation/results.server";
import { evaluationMethodText } from "~/evaluation/results-text";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatBytes } from "~/storage/sizes";
import { TYPE_LABELS } from "~/storage/storage.server";
import { QuestionnaireView, WeightSummary } from "~/tenders/components/questionnaire-view";
import { allQuestions, weightSummary } from "~/tenders/questionnaire";
import { DOCUMENT_KIND_LABELS } from "~/tenders/schema";
import { publishedTender } from "~/tenders/reading.server";
import { deadlinePassed } from "~/tenders/shared.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Tender: ${data?.procurement.title ?? "procurement"} – AI Imaging Platform procurement` },
];

// The published tender, readable by anyone: questionnaire, documents, how bids will be evaluated,
// versions and the deadline.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await optionalUser(request);
  const procurement = await requireProcurement(params.slug);
  const published = await publishedTender(procurement);
  // The evaluation method is fixed from the first publication, so the rules now are the ones stated.
  const rules = published ? await rulesFor(published.tender.id) : null;
  const now = clock.now().getTime();
  return {
    supplier: user?.role === "supplier",
    procurement: {
      slug: procurement.slug,
      title: procurement.title,
      bidDeadline: procurement.bidDeadline,
      closed: deadlinePassed(procurement, new Date(now)),
    },
    typeLabels: TYPE_LABELS as Record<string, string>,
    tender: published
      ? {
          number: published.latest.number,
          publishedAt: published.latest.publishedAt,
          questionnaire: published.latest.questionnaire,
          weights: weightSummary(allQuestions(published.latest.questionnaire)),
          documents: published.latest.questionnaire.documents.map((d) => ({
            id: d.id,
            kind: DOCUMENT_KIND_LABELS[d.kind],
            title: d.title,
            filename: d.filename,
            size: formatBytes(d.size),
          })),
          versions: published.versions,
          method: rules ? evaluationMethodText(rules) : null,
        }
      : null,
  };
}

export default function PublishedTender() {
  const { procurement, tender, supplier, typeLabels } = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to={`/procurements/${procurement.slug}`}>
        {procurement.title}
      </Link>
      <PageHeading caption={procurement.title}>Tender</PageHeading>
      {!tender ? (
        <p>The tender has not been published yet.</p>
      ) : (
        <>
          <SummaryList
            rows={[
              {
                key: "Bid deadline",
                value: procurement.bidDeadline
                  ? `${formatDateTime(procurement.bidDeadline)} (UK time)${procurement.closed ? ": closed" : ""}`
                  : "Not set",
              },
              { key: "Version", value: `${tender.number}, published ${formatDateTime(tender.publishedAt)}` },
              { key: "Evaluation", value: <WeightSummary weights={tender.weights} /> },
            ]}
          />
          <WhenABidCounts deadline={procurement.bidDeadline} />
          {supplier && !procurement.closed ? (
            <InsetText>
              <Link to={`/procurements/${procurement.slug}/bid`}>Go to your organisation's bid</Link>
            </InsetText>
          ) : null}
          <h2>Tender documents</h2>
          {tender.documents.length === 0 ? (
            <p>No documents.</p>
          ) : (
            <Table
              head={["Document", "Kind", "File"]}
              rows={tender.documents.map((d) => [
                <a key="d" href={`/procurements/${procurement.slug}/tender/documents/${d.id}`}>
                  {d.title}
                </a>,
                d.kind,
                `${d.filename}, ${d.size}`,
              ])}
            />
          )}
          <h2>Questionnaire</h2>
          <QuestionnaireView questionnaire={tender.questionnaire} typeLabels={typeLabels} />
          {tender.method ? <EvaluationMethod method={tender.method} /> : null}
          <h2>Versions</h2>
          <p>A change to the tender is published as a new version, and every interested supplier is told.</p>
          <Table
            head={["Version", "Published", "Reason for the change"]}
            rows={tender.versions.map((v) => [
              String(v.number),
              formatDateTime(v.publishedAt),
              v.reason ?? "First publication",
            ])}
          />
        </>
      )}
    </>
  );
}

type Method = NonNullable<NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["tender"]>["method"]>;

function EvaluationMethod({ method }: { method: Method }) {
  return (
    <>
      <h2 id="evaluation-method">How bids will be evaluated</h2>
      <p>{method.passFail}</p>
      <p>{method.scale}</p>
      <p>What each score means:</p>
      <ul>
        {method.descriptors.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
      <p>{method.moderation}</p>
      <p>{method.priceFormula}</p>
      <p>{method.tieBreak}</p>
    </>
  );
}
