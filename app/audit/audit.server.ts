// Appends to and verifies the hash-chained audit log; nothing else writes audit_events. How rows
// are hashed and keyed, and how the chain is checked, lives in chain.server.ts.
import { asc, desc, eq, sql } from "drizzle-orm";
import { db as openDatabase, type Database, type Executor } from "../../db/client.server";
import { auditEvents } from "../../db/schema";
import { config } from "../config.server";
import { readAnchorFile } from "./anchors.server";
import {
  ChainWalker,
  GENESIS_HASH,
  keyedRowHash,
  plainRowHash,
  SWITCH_OVER_ACTION,
  switchOverSummary,
  type AnchorSummary,
  type ChainRow,
} from "./chain.server";
import * as clock from "../clock.server";

export { GENESIS_HASH, SWITCH_OVER_ACTION };
// One advisory lock serialises appends so that each row chains to the one before it.
const AUDIT_LOCK_KEY = 7_301_998;

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

type LastRow = ChainRow & { hash: string };

async function appendRow(tx: Executor, last: LastRow | undefined, actor: AuditActor, entry: AuditEntry, key: string) {
  // Round-tripped through JSON so the hash covers exactly what jsonb will hand back.
  const summary = JSON.parse(JSON.stringify(entry.summary ?? {})) as Record<string, unknown>;
  const row: ChainRow = {
    seq: (last?.seq ?? 0) + 1,
    at: clock.now(),
    actorUserId: actor.userId ?? null,
    actorEmail: actor.email ?? null,
    organisationId: actor.organisationId ?? null,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    procurementId: entry.procurementId ?? null,
    ip: actor.ip ?? null,
    summary,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const stored = { ...row, hash: keyedRowHash(row, key) };
  await tx.insert(auditEvents).values(stored);
  return stored;
}

/**
 * Takes the append lock and returns the chain's last row. A chain that is empty, or ends in a row
 * hashed without a key, is keyed first: the switch-over row is appended (it commits or rolls back
 * with the caller's transaction), so the rows before it stay verifiable as they were written. A
 * last row that matches neither hash is left for verification to name; appending goes on keyed.
 */
async function keyedHead(tx: Executor, key: string): Promise<{ last: LastRow; switchedOver: boolean }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  if (last && (keyedRowHash(last, key) === last.hash || plainRowHash(last) !== last.hash)) {
    return { last, switchedOver: false };
  }
  const switchOver = await appendRow(
    tx,
    last,
    {},
    { action: SWITCH_OVER_ACTION, subjectType: "audit_chain", summary: switchOverSummary(key) },
    key,
  );
  return { last: switchOver, switchedOver: true };
}

/** Appends one event. Call it inside the transaction that makes the change it records. */
export async function recordAudit(tx: Executor, actor: AuditActor, entry: AuditEntry) {
  const key = config().auditChainKey;
  const { last } = await keyedHead(tx, key);
  const row = await appendRow(tx, last, actor, entry, key);
  return row.seq;
}

/** At start: keys the chain now (the switch-over row) rather than at the next event. */
export async function keyAuditChain(): Promise<number | null> {
  const key = config().auditChainKey;
  return openDatabase().transaction(async (tx) => {
    const { last, switchedOver } = await keyedHead(tx, key);
    return switchedOver ? last.seq : null;
  });
}

export type ChainVerification =
  | { ok: true; rows: number; lastHash: string; keyedFrom: number | null; anchors: AnchorSummary }
  // brokenAt is null when the fault is in the anchor file, not in a row.
  | { ok: false; rows: number; brokenAt: number | null; reason: string };

/**
 * Walks the whole chain in order and names the first row whose hash, link or anchor is wrong, and
 * rows cut off the end before the newest anchor. `anchorFile: null` checks the chain alone.
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
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} > ${after}`)
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const row of batch) {
      const broken = walker.step(row);
      if (broken) return { ok: false, rows: Math.min(walker.verifiedRows, broken.brokenAt - 1), ...broken };
    }
    after = batch[batch.length - 1].seq;
  }
  return walker.finish();
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
