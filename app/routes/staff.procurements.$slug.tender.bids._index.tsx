import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { canReadOpenedBids, countSubmittedBids, openedBids } from "~/bids/sealed.server";
import { SEALED_MESSAGE } from "~/bids/sealed-message";
import { InsetText, PageHeading, Table } from "~/components/page";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Bids: ${data?.procurement.title ?? ""} – AI Imaging Platform procurement` },
];

// The opened bids; before opening, only how many organisations have submitted (403: sealed).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["staff", "admin"] });
  const procurement = await requireProcurement(params.slug);
  const { tender } = await requirePublishedTender(procurement);
  const page = { procurement: { slug: procurement.slug, title: procurement.title } };
  if (!canReadOpenedBids(user, tender)) {
    return data(
      { ...page, sealed: true as const, count: await countSubmittedBids(tender.id), bids: [] },
      { status: 403 },
    );
  }
  const bids = await openedBids(user, tender);
  return { ...page, sealed: false as const, count: bids.length, bids, openedAt: tender.openedAt };
}

export default function OpenedBids() {
  const page = useLoaderData<typeof loader>();
  const base = `/staff/procurements/${page.procurement.slug}/tender`;
  return (
    <>
      <Link className="nhsuk-back-link" to={base}>
        Tender
      </Link>
      <PageHeading caption={page.procurement.title}>Bids</PageHeading>
      {page.sealed ? (
        <InsetText>
          <h2 className="nhsuk-heading-m">{SEALED_MESSAGE}</h2>
          <p>
            {`${page.count} ${page.count === 1 ? "organisation has" : "organisations have"} submitted a bid.`} Nobody
            can read a bid until the deadline has passed and two members of staff have opened them.
          </p>
        </InsetText>
      ) : (
        <Table
          caption={`${page.count} ${page.count === 1 ? "bid" : "bids"} that count`}
          head={["Organisation", "Reference", "Submitted", "SHA-256 digest"]}
          rows={page.bids.map((b) => [
            <Link key="org" to={`${base}/bids/${b.bidId}`}>
              {b.organisation}
            </Link>,
            b.reference,
            formatDateTime(b.submittedAt),
            <code key="digest" style={{ wordBreak: "break-all", fontSize: "14px" }}>
              {b.digest}
            </code>,
          ])}
        />
      )}
    </>
  );
}
