import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { AnswerValueView } from "~/bids/components/answer-editor";
import { submissionStatus } from "~/bids/receipt-pdf.server";
import { canReadOpenedBids, openedBid, recomputeDigest } from "~/bids/sealed.server";
import { SEALED_MESSAGE } from "~/bids/sealed-message";
import { InsetText, PageHeading, SummaryList, Table } from "~/components/page";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatBytes } from "~/storage/sizes";
import { allQuestions, formatPence } from "~/tenders/questionnaire";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && !data.sealed ? data.bid.organisation : "Bid"} – AI Imaging Platform procurement` },
];

// One opened bid: the submission that counts (answers, price totals, files) and every submission made.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["staff", "admin"] });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  const page = { procurement: { slug: procurement.slug, title: procurement.title } };
  if (!canReadOpenedBids(user, published.tender)) return data({ ...page, sealed: true as const }, { status: 403 });
  const bid = await openedBid(user, published.tender, params.bidId);
  const questions = allQuestions(published.questionnaire);
  const counting = bid.counting;
  return {
    ...page,
    sealed: false as const,
    bidId: params.bidId ?? "",
    bid: {
      organisation: bid.organisation,
      history: bid.history.map((s) => ({ ...s, status: submissionStatus(s) })),
      counting: counting && {
        reference: counting.reference,
        submittedAt: counting.submittedAt,
        digest: counting.digest,
        digestMatches: recomputeDigest(counting.content) === counting.digest,
        tenderVersion: counting.tenderVersion,
        answers: counting.content.answers.map((a) => {
          const question = questions.find((q) => q.id === a.questionId);
          return { ...a, question: question ?? null };
        }),
        files: counting.content.files.map((f) => ({ ...f, sizeText: formatBytes(f.size) })),
      },
    },
  };
}

export default function OpenedBid() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/procurements/${page.procurement.slug}/tender/bids`;
  if (page.sealed) {
    return (
      <>
        <PageHeading caption={page.procurement.title}>Bid</PageHeading>
        <InsetText>{SEALED_MESSAGE}.</InsetText>
      </>
    );
  }
  const { bid } = page;
  const counting = bid.counting;
  return (
    <>
      <Link className="nhsuk-back-link" to={base}>
        Bids
      </Link>
      <PageHeading caption={page.procurement.title}>{bid.organisation}</PageHeading>
      {counting ? (
        <>
          <SummaryList
            rows={[
              { key: "Reference", value: counting.reference },
              { key: "Submitted", value: formatDateTime(counting.submittedAt) },
              { key: "Tender version", value: String(counting.tenderVersion) },
              { key: "SHA-256 digest", value: <code style={{ wordBreak: "break-all" }}>{counting.digest}</code> },
              {
                key: "Digest check",
                value: counting.digestMatches
                  ? "Recomputed from the stored submission: it matches"
                  : "Recomputed from the stored submission: IT DOES NOT MATCH",
              },
            ]}
          />
          <h2 className="nhsuk-heading-l">Answers</h2>
          {counting.answers.map((a) => (
            <section key={a.questionId}>
              <h3 className="nhsuk-heading-s">
                {a.number} {a.question?.title ?? ""}
              </h3>
              {a.question ? <AnswerValueView question={a.question} value={a.value} /> : null}
              {a.totalPence !== undefined ? (
                <p>
                  Total price: <strong>{formatPence(a.totalPence)}</strong>
                </p>
              ) : null}
            </section>
          ))}
          <h2 className="nhsuk-heading-l">Files</h2>
          {counting.files.length === 0 ? (
            <p>No files.</p>
          ) : (
            <Table
              head={["Question", "File", "Size", "SHA-256"]}
              rows={counting.files.map((f) => [
                f.number,
                <a key="file" href={`${base}/${page.bidId}/files/${f.sha256}`}>
                  {f.filename}
                </a>,
                f.sizeText,
                <code key="sha" style={{ wordBreak: "break-all", fontSize: "14px" }}>
                  {f.sha256}
                </code>,
              ])}
            />
          )}
        </>
      ) : (
        <InsetText>This bidder withdrew its bid: no submission counts.</InsetText>
      )}
      <h2 className="nhsuk-heading-m">Every submission</h2>
      <Table
        head={["Reference", "Submitted", "Status", "SHA-256 digest"]}
        rows={bid.history.map((s) => [
          s.reference,
          `${formatDateTime(s.submittedAt)} by ${s.submittedBy}`,
          s.status,
          <code key="digest" style={{ wordBreak: "break-all", fontSize: "14px" }}>
            {s.digest}
          </code>,
        ])}
      />
    </>
  );
}
