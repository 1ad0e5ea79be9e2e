// Appends to and verifies the hash-chained audit log; nothing else writes audit_events.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { asc, desc, eq, sql } from "drizzle-orm";
import { db as openDatabase, type Database, type Executor } from "../../db/client.server";
import { auditEvents } from "../../db/schema";

export const GENESIS_HASH = "0".repeat(64);
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

type HashedFields = {
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  organisationId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  procurementId: string | null;
  ip: string | null;
  summary: Record<string, unknown>;
  prevHash: string;
};

export function hashAuditRow(row: HashedFields): string {
  const content = canonicalize({
    seq: row.seq,
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorEmail: row.actorEmail,
    organisationId: row.organisationId,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    procurementId: row.procurementId,
    ip: row.ip,
    summary: row.summary,
    prevHash: row.prevHash,
  });
  return createHash("sha256")
    .update(content ?? "")
    .digest("hex");
}

/** Appends one event. Call it inside the transaction that makes the change it records. */
export async function recordAudit(tx: Executor, actor: AuditActor, entry: AuditEntry) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const seq = (last?.seq ?? 0) + 1;
  // Round-tripped through JSON so the hash covers exactly what jsonb will hand back.
  const summary = JSON.parse(JSON.stringify(entry.summary ?? {})) as Record<string, unknown>;
  const row: HashedFields = {
    seq,
    at: new Date(),
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
  await tx.insert(auditEvents).values({ ...row, hash: hashAuditRow(row) });
  return seq;
}

export type ChainVerification =
  { ok: true; rows: number; lastHash: string } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Walks the whole chain in order and names the first row whose hash or link is wrong. */
export async function verifyAuditChain(db: Database = openDatabase(), batchSize = 2000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
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
      if (row.seq !== expectedSeq) {
        return { ok: false, rows, brokenAt: expectedSeq, reason: `row ${expectedSeq} is missing` };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, rows, brokenAt: row.seq, reason: "does not link to the row before it" };
      }
      if (hashAuditRow(row) !== row.hash) {
        return { ok: false, rows, brokenAt: row.seq, reason: "its content does not match its hash" };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
    }
    after = batch[batch.length - 1].seq;
  }
  return { ok: true, rows, lastHash: prevHash };
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
