// THE SEAL IN WHAT IS SHOWN: until a procurement's bids are opened, no view or export of the audit
// log or of the outbox tells who started, saved, uploaded, submitted or withdrew a bid, or tried to
// after the deadline (docs/decisions/016). The stored rows are never changed (the audit chain keeps
// verifying end to end): every page, CSV and zip that reads audit rows or mail for display asks here.
import { inArray, isNotNull, and, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { auditEvents, outboxMessages, tenders } from "../../db/schema";

type AuditEventRow = typeof auditEvents.$inferSelect;

/** The subjects of events that are about a bid (its draft, its files, its submissions, a late try). */
export const BID_SUBJECT_TYPES: readonly string[] = ["bid", "bid_file", "bid_submission", "late_bid_attempt"];

/** An event about a bid: its action is bid.* or its subject is a bid, a bid's file, a submission or a late attempt. */
export function isAboutBids(event: Pick<AuditEventRow, "action" | "subjectType">): boolean {
  return (
    event.action.startsWith("bid.") || (event.subjectType !== null && BID_SUBJECT_TYPES.includes(event.subjectType))
  );
}

/** What a sealed event's summary says instead of its details. */
export const SEALED_EVENT_SUMMARY = { sealed: "who and what are shown once the bids are opened" } as const;

export type ShownAuditEvent<T extends AuditEventRow = AuditEventRow> = T & {
  /** Shown without actor, organisation, subject id, address or summary until the bids are opened. */
  sealed: boolean;
};

/** The procurements among these whose tender has been opened. */
async function openedProcurements(procurementIds: string[], executor: Executor): Promise<Set<string>> {
  if (procurementIds.length === 0) return new Set();
  const rows = await executor
    .select({ procurementId: tenders.procurementId })
    .from(tenders)
    .where(and(inArray(tenders.procurementId, procurementIds), isNotNull(tenders.openedAt)));
  return new Set(rows.map((r) => r.procurementId));
}

/**
 * Audit rows as anyone may be shown them: an event about a bid of a procurement whose bids are not
 * yet opened keeps its number, time, action, subject type, procurement and its link's hashes (when
 * the rows come with their links), and loses who
 * did it (user, email, organisation), its subject's id, the address and the summary. The hash stays:
 * every such event's hashed content holds its subject's random id, never shown before the opening,
 * so the hash cannot be used to test a guess at who it was. Rows of opened procurements are shown whole.
 */
export async function auditEventsAsShown<T extends AuditEventRow>(
  rows: T[],
  executor: Executor = db(),
): Promise<ShownAuditEvent<T>[]> {
  const aboutBids = rows.filter(isAboutBids);
  const procurementIds = [...new Set(aboutBids.map((r) => r.procurementId).filter((id): id is string => id !== null))];
  const opened = await openedProcurements(procurementIds, executor);
  return rows.map((row) => {
    // An event about a bid with no procurement cannot be shown to be opened: it stays sealed.
    const sealed = isAboutBids(row) && !(row.procurementId !== null && opened.has(row.procurementId));
    if (!sealed) return { ...row, sealed };
    return {
      ...row,
      actorUserId: null,
      actorEmail: null,
      organisationId: null,
      subjectId: null,
      ip: null,
      summary: { ...SEALED_EVENT_SUMMARY },
      sealed,
    };
  });
}

/**
 * The outbox messages anyone may be shown (the admin's sent mail, its counts): all but mail about a
 * bid (receipts, withdrawals) on a tender whose bids are not yet opened. Such mail is left out
 * entirely, not shown redacted: how many there are would tell how many people the bidder has.
 */
export function mailShownNow(): SQL {
  return sql`(${outboxMessages.sealedTenderId} is null or exists (select 1 from ${tenders} where ${tenders.id} = ${outboxMessages.sealedTenderId} and ${tenders.openedAt} is not null))`;
}
