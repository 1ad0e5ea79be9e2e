import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ownSubmitRequest } from "~/bids/sealed.server";
import { InsetText, PageHeading } from "~/components/page";
import { requireProcurement } from "~/procurements/procurements.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { formatDateTimeToSecond } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Your submit request: ${data?.title ?? ""} – AI Imaging Platform procurement` },
];

// One of the organisation's submit requests (decision 026): received in time and still being
// recorded, recorded (with its receipt) or refused. 404 for anyone outside the organisation.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  const submitRequest = await ownSubmitRequest(user, published.tender, params.requestId);
  return {
    slug: procurement.slug,
    title: procurement.title,
    request: {
      receivedAtText: formatDateTimeToSecond(submitRequest.receivedAt),
      status: submitRequest.status,
      reference: submitRequest.reference,
      refusal: submitRequest.refusal ? Object.values(submitRequest.refusal) : [],
    },
  };
}

export default function SubmitRequestStatus() {
  const { slug, title, request } = useLoaderData<typeof loader>();
  const base = `/procurements/${slug}/bid`;
  return (
    <>
      <Link className="nhsuk-back-link" to={base}>
        Your bid
      </Link>
      <PageHeading caption={title}>
        {request.status === "received"
          ? "We received your bid"
          : request.status === "finished"
            ? "Your bid has been recorded"
            : "Your bid was not submitted"}
      </PageHeading>
      {request.status === "received" ? (
        <>
          <InsetText>
            <p>
              We received your bid at <strong>{request.receivedAtText}</strong> (UK time), before the deadline. We are
              recording it; your receipt will be emailed to everyone in your organisation.
            </p>
          </InsetText>
          <p>
            Your bid counts from the time we received it. You do not need to submit it again. The portal keeps trying to
            record it by itself; reload this page to see whether it is done.
          </p>
        </>
      ) : request.status === "finished" ? (
        <p>
          We received your bid at <strong>{request.receivedAtText}</strong> (UK time), before the deadline, and have
          recorded it.{" "}
          {request.reference ? (
            <Link to={`${base}/receipts/${request.reference}`}>See your receipt {request.reference}</Link>
          ) : null}
        </p>
      ) : (
        <>
          <p>We received your submit request at {request.receivedAtText} (UK time), but your bid was not submitted:</p>
          <ul>
            {request.refusal.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
          <p>
            <Link to={base}>Return to your bid</Link>
          </p>
        </>
      )}
    </>
  );
}
