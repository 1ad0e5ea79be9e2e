import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { PageHeading, SummaryList, Table } from "~/components/page";
import { engagementNotice } from "~/engagement/engagement-notice.server";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `Draft preliminary market engagement notice: ${data?.notice.procurement.title ?? "procurement"} – AI Imaging Platform procurement`,
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  return { notice: await engagementNotice(procurement.id) };
}

export default function EngagementNoticePage() {
  const { notice } = useLoaderData<typeof loader>();
  const { buyer, procurement, engagement, events } = notice;
  const base = `/staff/procurements/${procurement.slug}`;
  let section = 0;
  const numbered = (heading: string) => `${(section += 1)}. ${heading}`;
  return (
    <>
      <Link className="nhsuk-back-link" to={base}>
        {procurement.title}
      </Link>
      <PageHeading caption={`${procurement.title}: draft notice`}>Preliminary market engagement notice</PageHeading>

      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>Draft: not yet published
          </span>
        </h2>
        <p>
          This notice under section 17 of the Procurement Act 2023 is drafted from the portal's data, as it was on{" "}
          <time dateTime={notice.generatedAt}>{notice.generatedAtText}</time>. Check it before it is published on Find a
          Tender; it changes as sessions are added, changed or cancelled.
        </p>
      </div>

      <p>
        <a href={`${base}/engagement-notice.pdf`} download>
          Download the notice as a PDF
        </a>{" "}
        (the same content, for publishing and printing)
      </p>

      <h2 className="nhsuk-heading-m">{numbered("Contracting authority")}</h2>
      <SummaryList
        rows={[
          { key: "Name", value: `${buyer.name} (${buyer.unit}), on behalf of ${buyer.onBehalfOf}` },
          { key: "Contact", value: <a href={`mailto:${buyer.contactEmail}`}>{buyer.contactEmail}</a> },
        ]}
      />

      <h2 className="nhsuk-heading-m">{numbered("The procurement")}</h2>
      <SummaryList
        rows={[
          { key: "Title", value: procurement.title },
          { key: "Procurement identifier", value: <span className="portal-mono">{procurement.reference}</span> },
          { key: "Summary", value: procurement.summary },
          ...(procurement.description ? [{ key: "What is being procured", value: procurement.description }] : []),
          {
            key: "Main CPV code",
            value: procurement.cpvCode
              ? `${procurement.cpvCode}${procurement.cpvDescription ? `: ${procurement.cpvDescription}` : ""}`
              : "To be confirmed",
          },
          { key: "Estimated value", value: procurement.estimatedValue ?? "To be confirmed" },
          { key: "More information", value: procurement.url },
        ]}
      />

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2 className="nhsuk-heading-m">{numbered("How engagement is run")}</h2>
          {engagement.howItRuns.map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </div>
      </div>

      <h2 className="nhsuk-heading-m">{numbered("Engagement events")}</h2>
      {events.length === 0 ? (
        <p>No events have been scheduled yet.</p>
      ) : (
        <>
          <p>
            All times are UK time: British Summer Time (BST) from late March to late October, Greenwich Mean Time (GMT)
            otherwise.
          </p>
          <Table
            caption={<span className="nhsuk-u-visually-hidden">Engagement events, in date order</span>}
            head={["Date and time (UK)", "Event", "Place", "Register by"]}
            rows={events.map((event) => [
              <time key="when" dateTime={event.startsAt}>
                <strong>{event.date}</strong>
                <br />
                {event.startTime} to {event.endTime} {event.zone}
              </time>,
              <span key="event">
                <span className="nhsuk-u-font-size-16 nhsuk-u-secondary-text-color">{event.kindLabel}</span>
                <br />
                <strong>{event.title}</strong>
              </span>,
              <span key="place">
                {event.placeLines.map((line, i) => (
                  <span key={i}>
                    {i > 0 ? <br /> : null}
                    {line}
                  </span>
                ))}
              </span>,
              <time key="deadline" dateTime={event.registrationDeadline}>
                {event.registrationDeadlineText}
              </time>,
            ])}
          />

          <h2 className="nhsuk-heading-m">{numbered("About each event")}</h2>
          {events.map((event) => (
            <div key={event.id} className="nhsuk-u-reading-width">
              <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">{event.title}</h3>
              <p className="nhsuk-body-s nhsuk-u-secondary-text-color nhsuk-u-margin-bottom-1">
                {event.kindLabel}, {event.date}, {event.startTime} to {event.endTime} {event.zone}. {event.place}.
                {event.slots && event.slots.count > 0
                  ? ` ${event.slots.count} ${event.slots.count === 1 ? "slot" : "slots"}, each bookable by one organisation.`
                  : null}
              </p>
              <p>{event.agenda}</p>
            </div>
          ))}
        </>
      )}

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2 className="nhsuk-heading-m">{numbered("Equal treatment")}</h2>
          {engagement.equalTreatment.map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}

          <h2 className="nhsuk-heading-m">{numbered("When engagement closes")}</h2>
          <div className="nhsuk-inset-text">
            <p className="nhsuk-u-font-weight-bold">
              Engagement closes:{" "}
              {engagement.closesAt ? (
                <time dateTime={engagement.closesAt}>{engagement.closesText}</time>
              ) : (
                engagement.closesText
              )}
            </p>
            {engagement.startsText ? <p>Engagement opened on {engagement.startsText}.</p> : null}
          </div>
          <p>
            Questions about this notice or about taking part:{" "}
            <a href={`mailto:${buyer.contactEmail}`}>{buyer.contactEmail}</a>
          </p>
        </div>
      </div>
    </>
  );
}
