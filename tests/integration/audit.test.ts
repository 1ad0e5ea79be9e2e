// The audit log: an append-only hash chain whose first broken row is named, by the admin page's
// verifyAuditChain and by `npm run audit:verify`.
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  GENESIS_HASH,
  hashAuditRow,
  recordAudit,
  SWITCH_OVER_ACTION,
  verifyAuditChain,
} from "../../app/audit/audit.server";
import { db } from "../../db/client.server";
import { auditEvents } from "../../db/schema";
import { useTestDatabase } from "../setup/database";
import { runVerifyCli as runVerifyCliAgainst } from "../support/verify-cli";

const testDb = await useTestDatabase();

type AuditRow = {
  seq: string | number;
  at: string | Date;
  actor_user_id: string | null;
  actor_email: string | null;
  organisation_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  procurement_id: string | null;
  ip: string | null;
  summary: unknown;
  prev_hash: string;
  hash: string;
};

async function append(action: string, summary: Record<string, unknown> = {}) {
  return db().transaction((tx) =>
    recordAudit(
      tx,
      { email: "auditor@example.com", ip: "192.0.2.10" },
      { action, subjectType: "test", subjectId: action, summary },
    ),
  );
}

/** Changes the log behind the application's back, as someone with the database owner's rights could. */
async function tamper(statement: string, params: unknown[] = []) {
  await testDb.ownerQuery("alter table audit_events disable trigger user");
  try {
    await testDb.ownerQuery(statement, params);
  } finally {
    await testDb.ownerQuery("alter table audit_events enable trigger user");
  }
}

async function rowAt(seq: number): Promise<AuditRow> {
  const [row] = await testDb.query<AuditRow>("select * from audit_events where seq = $1", [seq]);
  return row;
}

async function reinsert(row: AuditRow) {
  await tamper(
    `insert into audit_events (seq, at, actor_user_id, actor_email, organisation_id, action, subject_type,
       subject_id, procurement_id, ip, summary, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13)`,
    [
      row.seq,
      row.at instanceof Date ? row.at.toISOString() : row.at,
      row.actor_user_id,
      row.actor_email,
      row.organisation_id,
      row.action,
      row.subject_type,
      row.subject_id,
      row.procurement_id,
      row.ip,
      JSON.stringify(row.summary),
      row.prev_hash,
      row.hash,
    ],
  );
}

let seqs: number[] = [];

beforeAll(async () => {
  seqs = [];
  for (let i = 1; i <= 6; i += 1) seqs.push(await append(`test.event_${i}`, { after: { step: i, note: "ünïcode ✓" } }));
});

describe("appending", () => {
  it("chains every row to the one before it, starting from the genesis hash with the switch-over to the keyed chain", async () => {
    const rows = await db().select().from(auditEvents).orderBy(asc(auditEvents.seq));
    expect(rows[0]).toMatchObject({ seq: 1, action: SWITCH_OVER_ACTION, prevHash: GENESIS_HASH });
    expect(rows.slice(1).map((r) => r.seq)).toEqual(seqs);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    for (const row of rows) expect(row.hash).toBe(hashAuditRow(row));
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rows: 7, lastHash: rows[6].hash, keyedFrom: 1 });
  });

  it("stores who, from where, what and the summary as JSON", async () => {
    const row = await rowAt(seqs[1]);
    expect(row).toMatchObject({ actor_email: "auditor@example.com", ip: "192.0.2.10", action: "test.event_2" });
    const [{ type }] = await testDb.query<{ type: string }>(
      "select jsonb_typeof(summary) as type from audit_events where seq = $1",
      [seqs[1]],
    );
    expect(type).toBe("object");
    expect(row.summary).toEqual({ after: { step: 2, note: "ünïcode ✓" } });
  });

  it("keeps a valid chain when 20 transactions append at once", async () => {
    const before = (await verifyAuditChain()).rows;
    const appended = await Promise.all(Array.from({ length: 20 }, (_, i) => append("test.concurrent", { i })));
    expect(new Set(appended).size).toBe(20);
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ ok: true, rows: before + 20 });
  });

  it("rolls the audit row back with the change it records", async () => {
    const before = (await verifyAuditChain()).rows;
    await expect(
      db().transaction(async (tx) => {
        await recordAudit(tx, {}, { action: "test.rolled_back" });
        tx.rollback();
      }),
    ).rejects.toThrow();
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rows: before });
  });
});

// The triggers hold even against the owner's own statements (the runtime role is refused before
// them: tests/integration/database-roles.test.ts).
describe("the database", () => {
  it("refuses to update an audit row", async () => {
    await expect(
      testDb.ownerQuery("update audit_events set action = 'forged' where seq = $1", [seqs[0]]),
    ).rejects.toThrow(/append-only/);
    expect((await rowAt(seqs[0])).action).toBe("test.event_1");
  });

  it("refuses to delete an audit row or empty the table", async () => {
    await expect(testDb.ownerQuery("delete from audit_events where seq = $1", [seqs[0]])).rejects.toThrow(
      /append-only/,
    );
    await expect(testDb.ownerQuery("truncate audit_events")).rejects.toThrow(/append-only/);
    expect(await rowAt(seqs[0])).toBeTruthy();
  });
});

describe("verifying the chain", () => {
  it("names the first row whose content was changed", async () => {
    const original = await rowAt(seqs[2]);
    await tamper("update audit_events set summary = $1::jsonb where seq = $2", [
      JSON.stringify({ after: { step: 99 } }),
      seqs[2],
    ]);
    await tamper("update audit_events set actor_email = 'someone-else@example.com' where seq = $1", [seqs[4]]);
    try {
      expect(await verifyAuditChain()).toMatchObject({
        ok: false,
        brokenAt: seqs[2],
        reason: "its content does not match its hash",
        rows: seqs[2] - 1,
      });
    } finally {
      await tamper("update audit_events set summary = $1::jsonb where seq = $2", [
        JSON.stringify(original.summary),
        seqs[2],
      ]);
      await tamper("update audit_events set actor_email = 'auditor@example.com' where seq = $1", [seqs[4]]);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("names the row after one whose hash was recomputed to hide a change", async () => {
    const original = await rowAt(seqs[1]);
    const [row] = await db().select().from(auditEvents).where(eq(auditEvents.seq, seqs[1]));
    const changed = { ...row, action: "test.forged" };
    await tamper("update audit_events set action = $1, hash = $2 where seq = $3", [
      "test.forged",
      hashAuditRow(changed),
      seqs[1],
    ]);
    try {
      expect(await verifyAuditChain()).toMatchObject({
        ok: false,
        brokenAt: seqs[2],
        reason: "does not link to the row before it",
      });
    } finally {
      await tamper("update audit_events set action = $1, hash = $2 where seq = $3", [
        original.action,
        original.hash,
        seqs[1],
      ]);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("names a deleted row as missing", async () => {
    const original = await rowAt(seqs[3]);
    await tamper("delete from audit_events where seq = $1", [seqs[3]]);
    try {
      expect(await verifyAuditChain()).toMatchObject({
        ok: false,
        brokenAt: seqs[3],
        reason: `row ${seqs[3]} is missing`,
      });
    } finally {
      await reinsert(original);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("walks chains longer than one batch", async () => {
    const result = await verifyAuditChain(db(), 4);
    expect(result).toMatchObject({ ok: true });
    await tamper("update audit_events set ip = '203.0.113.66' where seq = $1", [seqs[5]]);
    try {
      expect(await verifyAuditChain(db(), 4)).toMatchObject({ ok: false, brokenAt: seqs[5] });
    } finally {
      await tamper("update audit_events set ip = '192.0.2.10' where seq = $1", [seqs[5]]);
    }
  });
});

describe("npm run audit:verify", () => {
  const runVerifyCli = () => runVerifyCliAgainst(testDb);

  it("exits 0 and says so when the chain is intact", async () => {
    const result = await runVerifyCli();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Audit chain intact: \d+ rows verified/);
  });

  it("exits non-zero and names the first broken row when the chain is broken", async () => {
    await tamper("update audit_events set action = 'test.forged' where seq = $1", [seqs[2]]);
    try {
      const result = await runVerifyCli();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Audit chain BROKEN at row ${seqs[2]}: its content does not match its hash`);
    } finally {
      await tamper("update audit_events set action = 'test.event_3' where seq = $1", [seqs[2]]);
    }
  });
});
