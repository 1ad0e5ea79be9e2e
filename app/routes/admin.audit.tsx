import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listAuditEvents, verifyAuditChain } from "~/audit/audit.server";
import { requireUser } from "~/auth/guards.server";
import { auditEventsAsShown } from "~/bids/seal-redaction.server";
import { InsetText, PageHeading, Table } from "~/components/page";
import { queryInteger, readQuery } from "~/query";
import { formatDateTime } from "~/time";

export const meta: MetaFunction = () => [{ title: "Audit log – AI Imaging Platform procurement" }];

const PAGE_SIZE = 100;
// The page after an event: ?before=<its sequence number>.
const AuditPageSchema = z.object({ before: queryInteger({ min: 1, max: Number.MAX_SAFE_INTEGER }) });

// "after.role: admin" lines: a readable before/after summary without a JSON dump.
function summaryLines(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const text = Array.isArray(value) ? value.join(", ") : String(value);
    return [`${prefix}: ${text.length > 120 ? `${text.slice(0, 117)}…` : text}`];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    summaryLines(inner, prefix ? `${prefix}.${key}` : key),
  );
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "admin" });
  const { before } = readQuery(request, AuditPageSchema);
  const [verification, stored] = await Promise.all([verifyAuditChain(), listAuditEvents({ limit: PAGE_SIZE, before })]);
  // The chain is verified on the rows as stored; the page shows them through the seal.
  const events = await auditEventsAsShown(stored);
  return {
    verification,
    events: events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actor: e.sealed ? "sealed until the bids are opened" : (e.actorEmail ?? "system"),
      action: e.action,
      subject: e.subjectType ? `${e.subjectType} ${e.subjectId ?? ""}`.trim() : "",
      ip: e.ip ?? "",
      summary: e.sealed ? [] : summaryLines(e.summary),
    })),
    sealed: events.some((e) => e.sealed),
    older: events.length === PAGE_SIZE ? events[events.length - 1].seq : null,
  };
}

export default function AuditLog() {
  const { verification, events, older, sealed } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading caption="Administration">Audit log</PageHeading>
      {verification.ok ? (
        <InsetText>
          <p>
            <strong>The chain is intact.</strong> All {verification.rows} linked events link to the one before them and
            match their hashes.
            {verification.waiting > 0
              ? ` ${verification.waiting} newer ${verification.waiting === 1 ? "event is" : "events are"} waiting to be linked into the chain: the next housekeeping round (every minute by default) links them.`
              : null}
          </p>
        </InsetText>
      ) : (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1} aria-labelledby="chain-broken">
          <h2 className="nhsuk-error-summary__title" id="chain-broken">
            {verification.brokenAt === null
              ? "The audit anchors cannot be relied upon"
              : `The audit chain is broken at event ${verification.brokenAt}`}
          </h2>
          <div className="nhsuk-error-summary__body">
            <p>
              {verification.brokenAt === null
                ? `The ${verification.reason}.`
                : `Event ${verification.brokenAt}: ${verification.reason}. Events before it (${verification.rows}) verified.`}{" "}
              Report this to the senior information risk owner.
            </p>
          </div>
        </div>
      )}
      {sealed ? (
        <p>
          Events about bids whose procurement has not opened its bids yet are shown without who made them, their
          subject, address or details: nobody may learn who bid before two members of staff open the bids. They are
          shown in full once the bids are opened.
        </p>
      ) : null}
      <Table
        caption="Events, newest first"
        head={["#", "When", "Who", "Action", "On", "From", "Summary"]}
        rows={events.map((e) => [
          e.seq,
          formatDateTime(e.at),
          e.actor,
          e.action,
          e.subject,
          e.ip,
          <span key="s" className="portal-mono">
            {e.summary}
          </span>,
        ])}
      />
      {older ? <Link to={`/admin/audit?before=${older}`}>Older events</Link> : null}
    </>
  );
}
