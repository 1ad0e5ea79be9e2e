import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import * as clock from "~/clock.server";
import { PageHeading, Table, Tag } from "~/components/page";
import { listSessions } from "~/engagement/reading.server";
import { sessionWhen } from "~/engagement/shared.server";
import { ENGAGEMENT_KIND_LABELS } from "~/engagement/schema";
import { Timeline } from "~/procurements/components/timeline";
import { countInterestedOrganisations, requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.procurement.title ?? "Procurement"} (staff) – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "staff" });
  const p = await requireProcurement(params.slug);
  const [sessions, interested] = await Promise.all([
    listSessions(p.id, { includeCancelled: true }),
    countInterestedOrganisations(p.id),
  ]);
  return {
    now: clock.now().getTime(),
    interested,
    procurement: {
      slug: p.slug,
      title: p.title,
      dates: {
        discoveryStartsAt: p.discoveryStartsAt,
        engagementStartsAt: p.engagementStartsAt,
        engagementClosesAt: p.engagementClosesAt,
        tenderPublishedAt: p.tenderPublishedAt,
        clarificationDeadline: p.clarificationDeadline,
        bidDeadline: p.bidDeadline,
        evaluationStartsAt: p.evaluationStartsAt,
        awardAt: p.awardAt,
        standstillEndsAt: p.standstillEndsAt,
      },
    },
    sessions: sessions.map(({ session, taken }) => ({
      id: session.id,
      title: session.title,
      kind: ENGAGEMENT_KIND_LABELS[session.kind],
      when: sessionWhen(session.startsAt, session.endsAt),
      taken,
      capacity: session.capacity,
      status: session.status,
      materials: session.materialsPublishedAt !== null,
    })),
  };
}

export default function StaffProcurement() {
  const { procurement, sessions, interested, now } = useLoaderData<typeof loader>();
  const base = `/staff/procurements/${procurement.slug}`;
  return (
    <>
      <Link className="nhsuk-back-link" to="/staff">
        Staff dashboard
      </Link>
      <PageHeading caption="Procurement">{procurement.title}</PageHeading>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ul className="nhsuk-list">
            <li>
              <Link to={`${base}/edit`}>Edit the procurement and its stage dates</Link>
            </li>
            <li>
              <Link to={`/procurements/${procurement.slug}`}>See the public page</Link>
            </li>
            <li>
              <Link to={`${base}/findings`}>Discovery findings</Link>
            </li>
            <li>
              <Link to={`${base}/tender`}>Tender: build and publish the questionnaire, deadline, opening</Link>
            </li>
            <li>
              <Link to={`${base}/clarifications`}>Clarification questions: draft, approve and publish answers</Link>
            </li>
            <li>
              <Link to={`${base}/engagement-notice`}>Draft preliminary market engagement notice</Link>
            </li>
            <li>
              <Link to={`${base}/engagement.csv`} reloadDocument>
                Download the engagement record (CSV): who registered, attended and booked what
              </Link>
            </li>
            {procurement.dates.tenderPublishedAt ? (
              <li>
                <Link to={`${base}/evaluation`}>
                  Evaluation: panel, conflicts register, moderation, ranking and award
                </Link>
              </li>
            ) : null}
            <li>
              <Link to={`${base}/record.zip`} reloadDocument>
                Download the complete procurement record (zip, s.98): audit log, clarifications, engagement, bids,
                evaluation and documents, with a manifest of SHA-256 hashes
              </Link>
            </li>
          </ul>
          <p>{interested} supplier organisations have registered interest.</p>
          <h2>Engagement sessions</h2>
          <Table
            head={["Session", "When", "Places", "Status"]}
            rows={sessions.map((s) => [
              <Link key="l" to={`${base}/sessions/${s.id}`}>
                {s.title}
                <span className="nhsuk-u-visually-hidden"> ({s.kind})</span>
              </Link>,
              s.when,
              `${s.taken} of ${s.capacity}`,
              s.status === "cancelled" ? (
                <Tag key="t" colour="grey">
                  Cancelled
                </Tag>
              ) : s.materials ? (
                <Tag key="t" colour="green">
                  Materials published
                </Tag>
              ) : (
                <Tag key="t" colour="blue">
                  Scheduled
                </Tag>
              ),
            ])}
          />
          <Link className="nhsuk-button nhsuk-button--secondary" to={`${base}/sessions/new`}>
            Add a session
          </Link>
        </div>
        <div className="nhsuk-grid-column-one-third">
          <h2 className="nhsuk-heading-m">Timeline</h2>
          <Timeline dates={procurement.dates} now={now} />
        </div>
      </div>
    </>
  );
}
