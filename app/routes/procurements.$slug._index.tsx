import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { optionalUser } from "~/auth/guards.server";
import * as clock from "~/clock.server";
import { InsetText, PageHeading, SubmitButton, Tag } from "~/components/page";
import { ENGAGEMENT_KIND_LABELS } from "~/engagement/schema";
import { listSessions } from "~/engagement/reading.server";
import { registrationDeadlinePassed, sessionPublicPlace, sessionWhen } from "~/engagement/shared.server";
import { FindingCard } from "~/findings/components/finding-summary";
import { findingsSummary, listPublishedFindings } from "~/findings/finding-reads.server";
import { Timeline } from "~/procurements/components/timeline";
import { hasRegisteredInterest, requireProcurement } from "~/procurements/procurements.server";
import { currentStage, STAGES } from "~/procurements/stages";
import { shareablePage } from "~/page-cache";

// Shown again to the same caller until anything is recorded (decision 030).
export const headers = shareablePage;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.procurement.title ?? "Procurement"} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await optionalUser(request);
  const procurement = await requireProcurement(params.slug);
  const [sessions, interested, findings, findingCounts] = await Promise.all([
    listSessions(procurement.id, { upcomingOnly: true }),
    hasRegisteredInterest(user, procurement.id),
    listPublishedFindings(procurement.id),
    findingsSummary(procurement.id),
  ]);
  const now = clock.now().getTime();
  const stage = currentStage(procurement, now);
  return {
    now,
    viewer: user ? { role: user.role, interested } : null,
    findingCounts,
    // The highest-impact findings first on the overview; all of them on the findings page.
    findings: findings
      .slice()
      .sort((a, b) => ["high", "medium", "low"].indexOf(a.impact) - ["high", "medium", "low"].indexOf(b.impact))
      .slice(0, 4),
    procurement: {
      slug: procurement.slug,
      title: procurement.title,
      summary: procurement.summary,
      description: procurement.description,
      stageLabel: STAGES.find((s) => s.key === stage)?.label ?? "Planned",
      dates: {
        discoveryStartsAt: procurement.discoveryStartsAt,
        engagementStartsAt: procurement.engagementStartsAt,
        engagementClosesAt: procurement.engagementClosesAt,
        tenderPublishedAt: procurement.tenderPublishedAt,
        clarificationDeadline: procurement.clarificationDeadline,
        bidDeadline: procurement.bidDeadline,
        evaluationStartsAt: procurement.evaluationStartsAt,
        awardAt: procurement.awardAt,
        standstillEndsAt: procurement.standstillEndsAt,
      },
    },
    sessions: sessions.map(({ session, taken }) => ({
      id: session.id,
      kind: ENGAGEMENT_KIND_LABELS[session.kind],
      title: session.title,
      when: sessionWhen(session.startsAt, session.endsAt),
      where: sessionPublicPlace(session),
      placesLeft: Math.max(0, session.capacity - taken),
      registrationOpen: !registrationDeadlinePassed(session, new Date(now)),
    })),
  };
}

export default function ProcurementPage() {
  const { procurement, sessions, viewer, now, findings, findingCounts } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading caption="Procurement">{procurement.title}</PageHeading>
      <p className="nhsuk-lede-text">{procurement.summary}</p>
      <p>
        Current stage: <Tag colour="blue">{procurement.stageLabel}</Tag>
      </p>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {procurement.description ? (
            <>
              <h2>About this procurement</h2>
              <p>{procurement.description}</p>
            </>
          ) : null}

          <h2>Discovery findings</h2>
          <p>
            What we heard in discovery from trusts, clinicians and suppliers: the opportunities a national platform
            could take, and the blockers it must remove.
          </p>
          <p>
            {findingCounts.opportunities} opportunities and {findingCounts.blockers} blockers published so far. These
            have the highest impact:
          </p>
          {findings.map((f) => (
            <FindingCard key={f.id} finding={f} href={`/procurements/${procurement.slug}/findings/${f.id}`} />
          ))}
          <p>
            <Link to={`/procurements/${procurement.slug}/findings`}>
              Read, search and filter all the discovery findings
            </Link>
          </p>

          <h2>Market engagement sessions</h2>
          {sessions.length === 0 ? <p>No sessions are planned at the moment.</p> : null}
          {sessions.map((s) => (
            <div className="nhsuk-card" key={s.id}>
              <div className="nhsuk-card__content">
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                  <Tag colour="white">{s.kind}</Tag>
                </p>
                <h3 className="nhsuk-card__heading nhsuk-heading-s">
                  <Link to={`/procurements/${procurement.slug}/sessions/${s.id}`}>{s.title}</Link>
                </h3>
                <p className="nhsuk-card__description">
                  {s.when}
                  <br />
                  {s.where}
                  <br />
                  {!s.registrationOpen
                    ? "Registration closed"
                    : s.placesLeft > 0
                      ? `${s.placesLeft} places left`
                      : "Full: join the waitlist"}
                </p>
              </div>
            </div>
          ))}

          <h2>Tender</h2>
          <p>
            The questionnaire, the tender documents, every version with its reason, and the bid deadline:{" "}
            <Link to={`/procurements/${procurement.slug}/tender`}>read the tender</Link>
          </p>

          <h2>Clarification questions</h2>
          <p>
            Questions about this procurement are answered to every registered supplier, without saying who asked.{" "}
            <Link to={`/procurements/${procurement.slug}/clarifications`}>
              Read the clarification log and ask a question
            </Link>
          </p>

          <h2>How to take part</h2>
          {viewer === null ? (
            <ol className="nhsuk-list nhsuk-list--number">
              <li>
                <Link to="/register">Register your organisation</Link> (or <Link to="/sign-in">sign in</Link>).
              </li>
              <li>Register your interest in this procurement, so we can tell you about everything we publish.</li>
              <li>Book onto engagement sessions and ask clarification questions.</li>
            </ol>
          ) : viewer.role === "supplier" ? (
            viewer.interested ? (
              <InsetText>
                Your organisation is registered on this procurement. We will email you whenever we publish findings,
                materials or answers.
              </InsetText>
            ) : (
              <Form method="post" action={`/procurements/${procurement.slug}/interest`}>
                <p>
                  Register your organisation's interest to be told about everything we publish for this procurement.
                </p>
                <SubmitButton>Register interest</SubmitButton>
              </Form>
            )
          ) : (
            <p>Suppliers register their interest here. You are signed in as a member of the buying team.</p>
          )}
        </div>
        <div className="nhsuk-grid-column-one-third">
          <h2 className="nhsuk-heading-m">Timeline</h2>
          <Timeline dates={procurement.dates} now={now} />
          <p className="nhsuk-body-s">
            {/* A file download, not a page: a plain link, so Remix does not try to route to it. */}
            <a href={`/procurements/${procurement.slug}/ocds.json`} type="application/json">
              Open data (OCDS)
            </a>{" "}
            – this procurement in the Open Contracting Data Standard, as published at each stage
          </p>
        </div>
      </div>
    </>
  );
}
