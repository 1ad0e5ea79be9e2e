import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { ownReceipt } from "~/bids/receipt-pdf.server";
import { PageHeading, SummaryList, Table } from "~/components/page";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Bid receipt ${data?.receipt.reference ?? ""} – AI Imaging Platform procurement` },
];

// The receipt of one of the organisation's submissions; the PDF beside it is its printable copy.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  return { slug: procurement.slug, receipt: await ownReceipt(user, procurement, published, params.reference) };
}

export default function BidReceipt() {
  const { slug, receipt } = useLoaderData<typeof loader>();
  const base = `/procurements/${slug}/bid`;
  return (
    <>
      <Link className="nhsuk-back-link" to={base}>
        Your bid
      </Link>
      <div
        className="nhsuk-panel nhsuk-panel--confirmation"
        style={{ background: "#007f3b", color: "#fff", padding: "24px" }}
      >
        <h1 className="nhsuk-panel__title" style={{ color: "#fff" }}>
          Bid receipt
        </h1>
        <div className="nhsuk-panel__body">
          Your reference
          <br />
          <strong>{receipt.reference}</strong>
        </div>
      </div>
      <PageHeading caption={receipt.procurementTitle}>Receipt {receipt.reference}</PageHeading>
      <SummaryList
        rows={[
          { key: "Reference", value: receipt.reference },
          { key: "Organisation", value: receipt.organisation },
          { key: "Received (UK time)", value: receipt.receivedAtText },
          { key: "Submitted by", value: receipt.submittedBy },
          { key: "Tender version", value: String(receipt.tenderVersion) },
          { key: "Status", value: receipt.status },
          {
            key: "SHA-256 digest",
            value: <code style={{ wordBreak: "break-all" }}>{receipt.digest}</code>,
          },
        ]}
      />
      <p>
        <a href={`${base}/receipts/${receipt.reference}/pdf`} download>
          Download this receipt (PDF)
        </a>
      </p>
      <Table
        caption="Answers"
        head={["Question", "SHA-256 of the answer"]}
        rows={receipt.answers.map((a) => [
          `${a.number} ${a.title}`,
          <code key="hash" style={{ wordBreak: "break-all" }}>
            {a.sha256}
          </code>,
        ])}
      />
      {receipt.files.length > 0 ? (
        <Table
          caption="Files"
          head={["Question", "File", "Size", "SHA-256"]}
          rows={receipt.files.map((f) => [
            f.number,
            f.filename,
            f.size,
            <code key="hash" style={{ wordBreak: "break-all" }}>
              {f.sha256}
            </code>,
          ])}
        />
      ) : null}
      <p>
        Received is the time the portal received the complete submit request, to the second: the time that counts
        against the deadline. The digest is the SHA-256 of the submission's content written as canonical JSON (RFC
        8785), which includes that time. Anyone holding this receipt can check it on the{" "}
        <Link to="/receipts/verify">check a bid receipt</Link> page.
      </p>
    </>
  );
}
