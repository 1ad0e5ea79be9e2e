// Writing the audit log: events are appended freely by the transactions that make the changes they
// record (numbered by a sequence, no lock), and the hash chain is linked after them, in seq order,
// by one linker at a time (docs/decisions/027). Links go in their own append-only table.
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import { db as openDatabase, type Database, type Executor } from "../../db/client.server";
import { auditEvents, auditLinks } from "../../db/schema";
import { config } from "../config.server";
import {
  GENESIS_HASH,
  keyedRowHash,
  plainRowHash,
  SWITCH_OVER_ACTION,
  switchOverSummary,
  type ChainRow,
} from "./chain.server";
import * as clock from "../clock.server";
import type { AuditActor, AuditEntry } from "./audit.server";

// Only linkers wait on it: writers of events take no lock at all.
const LINK_LOCK_KEY = 7_301_999;
// How long a linker waits for the transactions that may still hold an unlinked event number.
const DEFAULT_WAIT_MS = 3000;
const POLL_MS = 10;
const BATCH = 1000;

type Rows<T> = T[] | { rows: T[] };

/** The rows of a raw query, whichever driver answered it. */
export async function rowsOf<T>(result: Promise<unknown>): Promise<T[]> {
  const answer = (await result) as Rows<T>;
  return Array.isArray(answer) ? answer : answer.rows;
}

/**
 * Inserts one event, numbered by the sequence. The transaction takes its transaction id first,
 * before the number: so any number a linker's horizon covers belongs to a transaction that has
 * either finished or shows in the linker's snapshot as still running (see linkRound).
 */
export async function appendAuditEvent(tx: Executor, actor: AuditActor, entry: AuditEntry): Promise<number> {
  await tx.execute(sql`select pg_current_xact_id()`);
  const [row] = await tx
    .insert(auditEvents)
    .values({
      at: clock.now(),
      actorUserId: actor.userId ?? null,
      actorEmail: actor.email ?? null,
      organisationId: actor.organisationId ?? null,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      procurementId: entry.procurementId ?? null,
      ip: actor.ip ?? null,
      summary: entry.summary ?? {},
    })
    .returning({ seq: auditEvents.seq });
  return row.seq;
}

type EventRow = typeof auditEvents.$inferSelect;

/**
 * Whether rows linked after this one are keyed: a chain that ends in a row hashed without a key is
 * not (yet); a last row that matches neither hash is left for verification to name, and linking
 * goes on keyed.
 */
function endsKeyed(event: EventRow, prevHash: string, hash: string, key: string): boolean {
  const row: ChainRow = { ...event, prevHash };
  return keyedRowHash(row, key) === hash || plainRowHash(row) !== hash;
}

/**
 * Waits (polling, at most `waitMs`) until none of these transactions is still in progress; true
 * when they all finished.
 */
async function allFinished(tx: Executor, xids: string[], waitMs: number): Promise<boolean> {
  if (xids.length === 0) return true;
  const list = `{${xids.join(",")}}`;
  const deadline = performance.now() + waitMs;
  for (;;) {
    const [{ running }] = await rowsOf<{ running: number }>(
      tx.execute(
        sql`select count(*)::int as running from unnest(${list}::text[]) x where pg_xact_status(x::xid8) = 'in progress'`,
      ),
    );
    if (Number(running) === 0) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export type LinkRound = {
  /** Links appended by this round. */
  linked: number;
  /** The chain had no link and no event to link. */
  empty: boolean;
  /** The switch-over event this round appended (the chain ended unkeyed), linked by the next round. */
  switchOver: number | null;
};

/**
 * One round of linking, in one transaction under the linkers' lock. The horizon rule: the
 * sequence's last number H is read first, THEN a snapshot S is taken. Every number up to H was
 * handed to a transaction that already had its id (appendAuditEvent), so it has either finished or
 * is in S's list of running transactions. Once those have all finished, every event numbered up to
 * H is final, committed or rolled back: the visible ones are linked in seq order, numbers of
 * rolled-back events left out (the link's prevSeq shows the gap). If some are still running after
 * `waitMs`, only the events with no gap before them are linked: a gap may be an event still to
 * commit, and a link is never made past it.
 */
async function linkRound(database: Database, options: { waitMs?: number } = {}): Promise<LinkRound> {
  const key = config().auditChainKey;
  return database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LINK_LOCK_KEY})`);
    const [{ horizon }] = await rowsOf<{ horizon: string }>(
      tx.execute(
        sql`select (case when is_called then last_value else 0 end)::text as horizon from audit_events_seq_seq`,
      ),
    );
    const [{ xip }] = await rowsOf<{ xip: string[] }>(
      tx.execute(sql`select array(select x::text from pg_snapshot_xip(pg_current_snapshot()) x) as xip`),
    );
    const settled = await allFinished(tx, xip, options.waitMs ?? DEFAULT_WAIT_MS);

    const [last] = await tx
      .select({ event: auditEvents, prevHash: auditLinks.prevHash, hash: auditLinks.hash })
      .from(auditLinks)
      .innerJoin(auditEvents, eq(auditEvents.seq, auditLinks.seq))
      .orderBy(desc(auditLinks.seq))
      .limit(1);
    let keyed = last ? endsKeyed(last.event, last.prevHash, last.hash, key) : false;
    let prevSeq: number | null = last?.event.seq ?? null;
    let prevHash = last?.hash ?? GENESIS_HASH;
    let linked = 0;
    let stopped = false;
    while (!stopped) {
      const batch = await tx
        .select()
        .from(auditEvents)
        .where(and(gt(auditEvents.seq, prevSeq ?? 0), lte(auditEvents.seq, Number(horizon))))
        .orderBy(asc(auditEvents.seq))
        .limit(BATCH);
      const links: (typeof auditLinks.$inferInsert)[] = [];
      for (const event of batch) {
        if (!settled && event.seq !== (prevSeq ?? 0) + 1) {
          stopped = true;
          break;
        }
        if (!keyed && event.action === SWITCH_OVER_ACTION) keyed = true;
        const row: ChainRow = { ...event, prevHash };
        const hash = keyed ? keyedRowHash(row, key) : plainRowHash(row);
        links.push({ seq: event.seq, prevSeq, prevHash, hash, linkedAt: clock.now() });
        prevSeq = event.seq;
        prevHash = hash;
      }
      if (links.length > 0) await tx.insert(auditLinks).values(links);
      linked += links.length;
      if (batch.length < BATCH) stopped = true;
    }

    // A chain written before there was a key is keyed by a switch-over event after its last link.
    let switchOver: number | null = null;
    if (!keyed && prevSeq !== null) {
      const [pending] = await tx
        .select({ seq: auditEvents.seq })
        .from(auditEvents)
        .where(and(gt(auditEvents.seq, prevSeq), eq(auditEvents.action, SWITCH_OVER_ACTION)))
        .limit(1);
      if (!pending) switchOver = await appendSwitchOver(tx, key);
    }
    return { linked, empty: prevSeq === null, switchOver };
  });
}

function appendSwitchOver(tx: Executor, key: string) {
  return appendAuditEvent(
    tx,
    {},
    { action: SWITCH_OVER_ACTION, subjectType: "audit_chain", summary: switchOverSummary(key) },
  );
}

/** A round, and a second one when the first appended a switch-over event, to link it at once. */
async function linkRounds(database: Database, options: { waitMs?: number }): Promise<LinkRound> {
  const first = await linkRound(database, options);
  if (first.switchOver === null) return first;
  const second = await linkRound(database, options);
  return { linked: first.linked + second.linked, empty: false, switchOver: first.switchOver };
}

/**
 * Links every event that is safe to link (see linkRound) and returns how many it linked. Run by the
 * housekeeping round, and before an anchor is taken; any number of servers may call it at once.
 */
export async function linkAuditChain(options: { waitMs?: number } = {}, database: Database = openDatabase()) {
  return (await linkRounds(database, options)).linked;
}

/**
 * At start: links what is pending, then keys the chain now (the switch-over event, linked at once)
 * if it is empty or ends in a row hashed without a key. Returns the switch-over's seq, or null.
 */
export async function keyAuditChain(database: Database = openDatabase()): Promise<number | null> {
  const round = await linkRounds(database, {});
  if (round.switchOver !== null || !round.empty) return round.switchOver;
  const switchOver = await database.transaction((tx) => appendSwitchOver(tx, config().auditChainKey));
  await linkRound(database);
  return switchOver;
}
