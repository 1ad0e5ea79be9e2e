import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ownBidStatuses } from "~/bids/sealed.server";
import { PageHeading, SummaryList, Table, Tag } from "~/components/page";
import { upcomingPlacesFor } from "~/engagement/reminders.server";
import { sessionWhen } from "~/engagement/shared.server";
import { sentSummarySlugs } from "~/evaluation/award.server";
import { listProcurements } from "~/procurements/procurements.server";
import { findOrganisation, listMembers } from "~/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Supplier dashboard – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const organisation = await findOrganisation(user.organisationId ?? "");
  const [members, places, procurements, bids, summaries] = await Promise.all([
    listMembers(user),
    upcomingPlacesFor(user),
    listProcurements(),
    ownBidStatuses(user),
    sentSummarySlugs(user),
  ]);
  return {
    name: user.name,
    isOrganisationAdmin: user.isOrganisationAdmin,
    organisation: organisation && {
      legalName: organisation.legalName,
      companiesHouseNumber: organisation.companiesHouseNumber,
      sme: organisation.isSme,
      vcse: organisation.isVcse,
    },
    memberCount: members.length,
    procurements: procurements.map((p) => ({
      slug: p.slug,
      title: p.title,
      bid: bids.find((b) => b.slug === p.slug)?.status ?? null,
      assessmentSummary: summaries.includes(p.slug),
    })),
    places: places.map((p) => ({
      key: `${p.sessionId}-${p.person}-${p.startsAt.toISOString()}`,
      link: `/procurements/${p.slug}/sessions/${p.sessionId}`,
      title: p.title,
      when: sessionWhen(p.startsAt, p.endsAt),
      person: p.person,
      status: p.status,
    })),
  };
}

const BID_STATUS = { draft: "draft, not submitted", submitted: "submitted", withdrawn: "withdrawn" } as const;

export default function SupplierDashboard() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading caption={page.organisation?.legalName}>Supplier dashboard</PageHeading>
      <p>Welcome, {page.name}.</p>
      {page.organisation ? (
        <SummaryList
          rows={[
            { key: "Organisation", value: page.organisation.legalName },
            { key: "Companies House number", value: page.organisation.companiesHouseNumber },
            {
              key: "Status",
              value:
                [page.organisation.sme ? "SME" : null, page.organisation.vcse ? "VCSE" : null]
                  .filter(Boolean)
                  .join(", ") || "Not an SME or VCSE",
            },
            { key: "People", value: `${page.memberCount} ${page.memberCount === 1 ? "person" : "people"}` },
          ]}
        />
      ) : null}
      <h2 className="nhsuk-heading-m">Procurements</h2>
      <ul className="nhsuk-list">
        {page.procurements.map((p) => (
          <li key={p.slug}>
            <Link to={`/procurements/${p.slug}`}>{p.title}</Link> (
            <Link to={`/procurements/${p.slug}/clarifications`}>
              clarification log<span className="nhsuk-u-visually-hidden"> for {p.title}</span>
            </Link>
            )
            {p.bid ? (
              <>
                {" "}
                · <Link to={`/procurements/${p.slug}/bid`}>{`Your bid: ${BID_STATUS[p.bid]}`}</Link>
              </>
            ) : null}
            {p.assessmentSummary ? (
              <>
                {" "}
                · <Link to={`/procurements/${p.slug}/assessment-summary`}>Your assessment summary</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <h2 className="nhsuk-heading-m">Your organisation's engagement sessions</h2>
      {page.places.length === 0 ? (
        <p>No one from your organisation is booked onto an upcoming session.</p>
      ) : (
        <Table
          head={["Session", "When", "Who", "Status"]}
          rows={page.places.map((p) => [
            <Link key="l" to={p.link}>
              {p.title}
            </Link>,
            p.when,
            p.person,
            <Tag key="t" colour={p.status === "waitlisted" ? "yellow" : "green"}>
              {p.status === "waitlisted"
                ? "On the waitlist"
                : p.status === "booked"
                  ? "Slot booked"
                  : "Place confirmed"}
            </Tag>,
          ])}
        />
      )}
      {page.isOrganisationAdmin ? (
        <p>
          <Link to="/organisation">Manage your organisation and invite colleagues</Link>
        </p>
      ) : null}
    </>
  );
}
