// Appends to and verifies the hash-chained audit log; nothing else writes audit_events or
// audit_links. Events are appended here and linked into the chain afterwards (linking.server.ts);
// how rows are hashed and keyed, and how the chain is checked, lives in chain.server.ts.
import { asc, desc, eq, gt, sql, type SQL } from "drizzle-orm";
import { db as openDatabase, type Database, type Executor } from "../../db/client.server";
import { auditEvents, auditLinks } from "../../db/schema";
import { config } from "../config.server";
import { readAnchorFile } from "./anchors.server";
import {
  ChainWalker,
  GENESIS_HASH,
  keyedRowHash,
  SWITCH_OVER_ACTION,
  type AnchorSummary,
  type ChainRow,
} from "./chain.server";
import { appendAuditEvent, rowsOf } from "./linking.server";

export { GENESIS_HASH, SWITCH_OVER_ACTION };

export type AuditActor = {
  userId?: string | null;
  email?: string | null;
  organisationId?: string | null;
  ip?: string | null;
};

export type AuditEntry = {
  action: string;
  subjectType?: string;
  subjectId?: string;
  procurementId?: string | null;
  /** A short before/after summary: never passwords, tokens or bid content. */
  summary?: Record<string, unknown>;
};

/** A row's hash as the portal writes it now: keyed with AUDIT_CHAIN_KEY. */
export function hashAuditRow(row: ChainRow, key = config().auditChainKey): string {
  return keyedRowHash(row, key);
}

/**
 * Appends one event; call it inside the transaction that makes the change it records. It takes no
 * lock: transactions that record events do not wait on each other. The event joins the hash chain
 * when the linker next runs (linkAuditChain), after the transaction has committed.
 */
export async function recordAudit(tx: Executor, actor: AuditActor, entry: AuditEntry) {
  // Outside a transaction the event's number could be taken without a transaction id (linking.server.ts).
  if (!("rollback" in tx)) return tx.transaction((inner) => appendAuditEvent(inner, actor, entry));
  return appendAuditEvent(tx, actor, entry);
}

export type ChainVerification =
  | {
      ok: true;
      /** Linked rows verified. */
      rows: number;
      lastHash: string;
      keyedFrom: number | null;
      anchors: AnchorSummary;
      /** Events after the last link, still waiting to be linked: not yet protected by the chain. */
      waiting: number;
    }
  // brokenAt is null when the fault is in the anchor file, not in a row.
  | { ok: false; rows: number; brokenAt: number | null; reason: string };

/**
 * Walks the whole chain in order, events with their links, and names the first row whose hash, link
 * or anchor is wrong, a row missing from it, and rows cut off the end before the newest anchor.
 * Events after the last link are counted as waiting. `anchorFile: null` checks the chain alone.
 */
export async function verifyAuditChain(
  db: Database = openDatabase(),
  batchSize = 2000,
  anchorFile: string | null = config().auditAnchorFile,
): Promise<ChainVerification> {
  const key = config().auditChainKey;
  const { anchors, problem } = anchorFile ? await readAnchorFile(anchorFile, key) : { anchors: [], problem: null };
  if (problem) return { ok: false, rows: 0, brokenAt: null, reason: problem };
  const walker = new ChainWalker(key, anchors);
  let after = 0;
  for (;;) {
    const batch = await db
      .select({ event: auditEvents, link: auditLinks })
      .from(auditEvents)
      .leftJoin(auditLinks, eq(auditLinks.seq, auditEvents.seq))
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const row of batch) {
      const broken = walker.step(row.event, row.link);
      if (broken) return { ok: false, ...broken };
    }
    after = batch[batch.length - 1].event.seq;
  }
  return walker.finish();
}

/** An event with its link into the chain: null while it waits to be linked. */
export type LinkedAuditEvent = typeof auditEvents.$inferSelect & { prevHash: string | null; hash: string | null };

/** Events (those matching `where`) with their links, in seq order. */
export async function auditEventsWithLinks(
  where: SQL | undefined,
  db: Database = openDatabase(),
): Promise<LinkedAuditEvent[]> {
  const rows = await db
    .select({ event: auditEvents, prevHash: auditLinks.prevHash, hash: auditLinks.hash })
    .from(auditEvents)
    .leftJoin(auditLinks, eq(auditLinks.seq, auditEvents.seq))
    .where(where)
    .orderBy(asc(auditEvents.seq));
  return rows.map(({ event, prevHash, hash }) => ({ ...event, prevHash, hash }));
}

/**
 * A value that changes whenever an event commits, for what is kept until anything is recorded (the
 * page cache, decision 030): the newest link's seq and how many events follow it. `max(seq)` alone
 * no longer does, since an event may commit after one with a higher number; but the linker never
 * links past an event that may still commit, so an event that commits either adds one to the events
 * after the newest link, or a link has been added since.
 */
export const AUDIT_HEAD_SQL = `select l.seq::text || ':' || count(e.seq)::text as head
  from (select coalesce(max(seq), 0) as seq from audit_links) l
  left join audit_events e on e.seq > l.seq
  group by l.seq`;

export async function auditLogHead(db: Database = openDatabase()): Promise<string> {
  const [row] = await rowsOf<{ head: string }>(db.execute(sql.raw(AUDIT_HEAD_SQL)));
  return row.head;
}

export async function listAuditEvents(options: { limit: number; before?: number }, db: Database = openDatabase()) {
  const query = db.select().from(auditEvents);
  const filtered = options.before ? query.where(sql`${auditEvents.seq} < ${options.before}`) : query;
  return filtered.orderBy(desc(auditEvents.seq)).limit(options.limit);
}

export async function auditEventsFor(subjectType: string, subjectId: string, db: Database = openDatabase()) {
  return db
    .select()
    .from(auditEvents)
    .where(sql`${auditEvents.subjectType} = ${subjectType} and ${eq(auditEvents.subjectId, subjectId)}`)
    .orderBy(asc(auditEvents.seq));
}
