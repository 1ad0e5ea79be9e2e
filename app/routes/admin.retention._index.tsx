import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { InsetText, PageHeading, Table } from "~/components/page";
import { retentionSchedule, type RetentionRow } from "~/transparency/retention.server";
import { RETENTION_YEARS } from "~/transparency/retention-schema";
import { formatDate } from "~/time";

export const meta: MetaFunction = () => [{ title: "Record retention – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  return { schedule: await retentionSchedule(user) };
}

function basisOf(row: RetentionRow): string {
  const r = row.retention;
  if (r.basis === "recorded") return "A date recorded by an admin";
  if (r.basis === "award") return `${RETENTION_YEARS} years after the award notice of ${formatDate(r.awardNoticeDate)}`;
  return "No contract awarded yet: kept until one is";
}

export default function RecordRetention() {
  const { schedule } = useLoaderData<typeof loader>();
  const destroyable = schedule.filter((r) => r.mayBeDestroyed);
  const kept = schedule.filter((r) => !r.mayBeDestroyed);
  const rows = (list: RetentionRow[]) =>
    list.map((r) => [
      r.title,
      r.retention.endsOn ? formatDate(r.retention.endsOn) : "Not yet known",
      basisOf(r),
      <a key="record" href={`/staff/procurements/${r.slug}/record.zip`} download>
        Download the record<span className="nhsuk-u-visually-hidden"> of {r.title}</span> (zip)
      </a>,
      <Link key="change" to={`/admin/retention/${r.slug}`}>
        Change<span className="nhsuk-u-visually-hidden"> how long the record of {r.title} is kept</span>
      </Link>,
    ]);
  return (
    <>
      <PageHeading caption="Administration">Record retention</PageHeading>
      <p>
        The Procurement Act 2023 (s.98) requires the records of each procurement to be kept for at least{" "}
        {RETENTION_YEARS} years after the contract is awarded. Download a procurement&apos;s complete record before
        deciding what to do with it.
      </p>
      <InsetText>
        <p>
          <strong>Nothing is deleted automatically.</strong> This page only shows which records may now be destroyed;
          destroying them is a decision for the records officer.
        </p>
      </InsetText>
      <h2>Records that may now be destroyed</h2>
      {destroyable.length ? (
        <Table
          head={["Procurement", "Retention ended on", "Why that date", "Record", "Retention"]}
          rows={rows(destroyable)}
        />
      ) : (
        <p>No procurement&apos;s retention period has ended yet.</p>
      )}
      <h2>Records still to be kept</h2>
      {kept.length ? (
        <Table
          head={["Procurement", "Keep until the end of", "Why that date", "Record", "Retention"]}
          rows={rows(kept)}
        />
      ) : (
        <p>None.</p>
      )}
    </>
  );
}
