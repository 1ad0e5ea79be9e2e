// The audit log: an append-only hash chain whose first broken row is named, by the admin page's
// verifyAuditChain and by `npm run audit:verify`.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditEventsWithLinks,
  auditLogHead,
  GENESIS_HASH,
  hashAuditRow,
  recordAudit,
  SWITCH_OVER_ACTION,
  verifyAuditChain,
} from "../../app/audit/audit.server";
import { keyAuditChain, linkAuditChain } from "../../app/audit/linking.server";
import { db } from "../../db/client.server";
import { auditEvents } from "../../db/schema";
import { useTestDatabase } from "../setup/database";
import { runVerifyCli as runVerifyCliAgainst } from "../support/verify-cli";

const testDb = await useTestDatabase();
const onPglite = testDb.driver === "pglite";
const PGLITE_REASON = "PostgreSQL only: the embedded database runs one transaction at a time (run with DATABASE_URL)";

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
};

type LinkRow = {
  seq: string | number;
  prev_seq: string | number | null;
  prev_hash: string;
  hash: string;
  linked_at: string | Date;
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
  await testDb.ownerQuery("alter table audit_links disable trigger user");
  try {
    await testDb.ownerQuery(statement, params);
  } finally {
    await testDb.ownerQuery("alter table audit_events enable trigger user");
    await testDb.ownerQuery("alter table audit_links enable trigger user");
  }
}

async function rowAt(seq: number): Promise<AuditRow> {
  const [row] = await testDb.query<AuditRow>("select * from audit_events where seq = $1", [seq]);
  return row;
}

async function linkAt(seq: number): Promise<LinkRow | undefined> {
  const [link] = await testDb.query<LinkRow>("select * from audit_links where seq = $1", [seq]);
  return link;
}

/** The event a link links to (the one before it in the chain), or undefined when it is not linked. */
async function linkedAfter(seq: number): Promise<number | null | undefined> {
  const link = await linkAt(seq);
  return link && (link.prev_seq === null ? null : Number(link.prev_seq));
}

const iso = (at: string | Date) => (at instanceof Date ? at.toISOString() : at);

async function reinsert(row: AuditRow, link?: LinkRow) {
  await tamper(
    `insert into audit_events (seq, at, actor_user_id, actor_email, organisation_id, action, subject_type,
       subject_id, procurement_id, ip, summary)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
    [
      row.seq,
      iso(row.at),
      row.actor_user_id,
      row.actor_email,
      row.organisation_id,
      row.action,
      row.subject_type,
      row.subject_id,
      row.procurement_id,
      row.ip,
      JSON.stringify(row.summary),
    ],
  );
  if (link) await reinsertLink(link);
}

async function reinsertLink(link: LinkRow) {
  await tamper("insert into audit_links (seq, prev_seq, prev_hash, hash, linked_at) values ($1, $2, $3, $4, $5)", [
    link.seq,
    link.prev_seq,
    link.prev_hash,
    link.hash,
    iso(link.linked_at),
  ]);
}

/** Tampers with the log, expects verification to name the break, then puts the log back as it was. */
async function expectBreak(
  expected: { brokenAt: number; reason: string; rows?: number },
  change: () => Promise<unknown>,
  undo: () => Promise<unknown>,
) {
  await change();
  try {
    expect(await verifyAuditChain()).toMatchObject({ ok: false, ...expected });
  } finally {
    await undo();
  }
  expect(await verifyAuditChain()).toMatchObject({ ok: true });
}

/** A transaction that records an event and stays open until `commit` is called. */
async function openTransactionRecording(action: string) {
  let commit!: () => void;
  const committed = new Promise<void>((resolve) => (commit = resolve));
  let recorded!: (seq: number) => void;
  const seq = new Promise<number>((resolve) => (recorded = resolve));
  const done = db().transaction(async (tx) => {
    recorded(await recordAudit(tx, {}, { action, subjectType: "test" }));
    await committed;
  });
  return { seq: await seq, commit: async () => (commit(), done) };
}

let seqs: number[] = [];

beforeAll(async () => {
  // As the server does at start: the chain is keyed before any event.
  expect(await keyAuditChain()).toBe(1);
  seqs = [];
  for (let i = 1; i <= 6; i += 1) seqs.push(await append(`test.event_${i}`, { after: { step: i, note: "ünïcode ✓" } }));
  expect(await linkAuditChain()).toBe(6);
});

describe("appending", () => {
  it("chains every row to the one before it, starting from the genesis hash with the switch-over to the keyed chain", async () => {
    const rows = await auditEventsWithLinks(undefined);
    expect(rows[0]).toMatchObject({ seq: 1, action: SWITCH_OVER_ACTION, prevHash: GENESIS_HASH });
    expect(rows.slice(1).map((r) => r.seq)).toEqual(seqs);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    for (const row of rows) expect(row.hash).toBe(hashAuditRow({ ...row, prevHash: row.prevHash! }));
    expect(await verifyAuditChain()).toMatchObject({
      ok: true,
      rows: 7,
      lastHash: rows[6].hash,
      keyedFrom: 1,
      waiting: 0,
    });
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

  it("keeps a valid chain when 20 transactions append at once, the events waiting until they are linked", async () => {
    const before = (await verifyAuditChain()).rows;
    const appended = await Promise.all(Array.from({ length: 20 }, (_, i) => append("test.concurrent", { i })));
    expect(new Set(appended).size).toBe(20);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rows: before, waiting: 20 });
    expect(await linkAuditChain()).toBe(20);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rows: before + 20, waiting: 0 });
  });

  it("moves the log's head with every event recorded and with every linking", async () => {
    const heads = [await auditLogHead()];
    await append("test.moves_the_head");
    heads.push(await auditLogHead());
    await linkAuditChain();
    heads.push(await auditLogHead());
    expect(new Set(heads).size).toBe(3);
  });

  it("rolls the audit row back with the change it records; the chain links over the gap it leaves", async () => {
    const before = (await verifyAuditChain()).rows;
    let rolledBack = 0;
    await expect(
      db().transaction(async (tx) => {
        rolledBack = await recordAudit(tx, {}, { action: "test.rolled_back" });
        tx.rollback();
      }),
    ).rejects.toThrow();
    const after = await append("test.after_the_rollback");
    expect(after).toBe(rolledBack + 1);
    expect(await linkAuditChain()).toBe(1);
    expect(await linkedAfter(after)).toBe(rolledBack - 1);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rows: before + 1, waiting: 0 });
  });
});

describe.skipIf(onPglite)(`two transactions recording events${onPglite ? ` [skipped: ${PGLITE_REASON}]` : ""}`, () => {
  it("do not wait on each other: one commits while the other, which recorded first, is still open", async () => {
    const first = await openTransactionRecording("test.first_still_open");
    // Before, the second waited for the first's append lock until it committed: here it would time out.
    const second = await db().transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '2s'`);
      return recordAudit(tx, {}, { action: "test.second_committed", subjectType: "test" });
    });
    expect(second).toBe(first.seq + 1);
    await first.commit();
    expect(await linkAuditChain()).toBe(2);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, waiting: 0 });
  });

  it("are linked only once the event that may still commit with a lower number has: never past it", async () => {
    const linkedBefore = (await verifyAuditChain()).rows;
    const first = await openTransactionRecording("test.open_with_the_lower_number");
    const second = await append("test.committed_with_the_higher_number");
    expect(second).toBe(first.seq + 1);
    // The first transaction is still running: nothing is linked past its number.
    expect(await linkAuditChain({ waitMs: 0 })).toBe(0);
    expect(await linkedAfter(second)).toBeUndefined();
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rows: linkedBefore, waiting: 1 });
    await first.commit();
    expect(await linkAuditChain({ waitMs: 0 })).toBe(2);
    expect(await linkedAfter(second)).toBe(first.seq);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rows: linkedBefore + 2, waiting: 0 });
  });

  it("move the log's head each time one commits, even the one with the lower number committing last", async () => {
    const first = await openTransactionRecording("test.lower_number_commits_last");
    const before = await auditLogHead();
    await append("test.higher_number_commits_first");
    const between = await auditLogHead();
    expect(between).not.toBe(before);
    await first.commit();
    // max(seq) is the same as before the first committed: the head is not.
    expect(await auditLogHead()).not.toBe(between);
    await linkAuditChain();
  });

  it("are linked by a linker that waits for the open one to finish", async () => {
    const first = await openTransactionRecording("test.open_while_linking");
    const second = await append("test.committed_while_linking");
    const linking = linkAuditChain({ waitMs: 60_000 });
    await first.commit();
    expect(await linking).toBe(2);
    expect(await linkedAfter(second)).toBe(first.seq);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, waiting: 0 });
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
    // The links' foreign key refuses it even before the trigger does.
    await expect(testDb.ownerQuery("truncate audit_events")).rejects.toThrow(
      /append-only|referenced in a foreign key constraint/,
    );
    expect(await rowAt(seqs[0])).toBeTruthy();
  });

  it("refuses to change or remove a link of the chain, or empty the links", async () => {
    await expect(
      testDb.ownerQuery("update audit_links set hash = $1 where seq = $2", ["0".repeat(64), seqs[0]]),
    ).rejects.toThrow(/audit_links is append-only/);
    await expect(testDb.ownerQuery("delete from audit_links where seq = $1", [seqs[0]])).rejects.toThrow(/append-only/);
    await expect(testDb.ownerQuery("truncate audit_links")).rejects.toThrow(/append-only/);
    expect(await linkAt(seqs[0])).toBeTruthy();
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
    const link = (await linkAt(seqs[1]))!;
    const [row] = await db().select().from(auditEvents).where(eq(auditEvents.seq, seqs[1]));
    const changed = { ...row, action: "test.forged", prevHash: link.prev_hash };
    await expectBreak(
      { brokenAt: seqs[2], reason: "does not link to the row before it" },
      async () => {
        await tamper("update audit_events set action = $1 where seq = $2", ["test.forged", seqs[1]]);
        await tamper("update audit_links set hash = $1 where seq = $2", [hashAuditRow(changed), seqs[1]]);
      },
      async () => {
        await tamper("update audit_events set action = $1 where seq = $2", [original.action, seqs[1]]);
        await tamper("update audit_links set hash = $1 where seq = $2", [link.hash, seqs[1]]);
      },
    );
  });

  it("names a link rewritten to start the chain afresh (a second link to the same row is refused outright)", async () => {
    await expect(tamper("update audit_links set prev_seq = $1 where seq = $2", [seqs[2], seqs[4]])).rejects.toThrow(
      /audit_links_prev_seq_idx/,
    );
    await expectBreak(
      { brokenAt: seqs[4], reason: "does not link to the row before it" },
      () => tamper("update audit_links set prev_seq = null where seq = $1", [seqs[4]]),
      () => tamper("update audit_links set prev_seq = $1 where seq = $2", [seqs[3], seqs[4]]),
    );
  });

  it("names a deleted row, its link deleted with it, as missing", async () => {
    const original = await rowAt(seqs[3]);
    const link = await linkAt(seqs[3]);
    await expectBreak(
      { brokenAt: seqs[3], reason: `row ${seqs[3]} is missing` },
      async () => {
        await tamper("delete from audit_links where seq = $1", [seqs[3]]);
        await tamper("delete from audit_events where seq = $1", [seqs[3]]);
      },
      () => reinsert(original, link),
    );
  });

  it("names a row whose link was deleted while the rows after it are still linked", async () => {
    const link = (await linkAt(seqs[3]))!;
    await expectBreak(
      {
        brokenAt: seqs[3],
        reason: `it is not linked into the chain, but row ${seqs[4]} after it is`,
        rows: seqs[3] - 1,
      },
      () => tamper("delete from audit_links where seq = $1", [seqs[3]]),
      () => reinsertLink(link),
    );
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
    expect(result.stdout).toContain("No events are waiting to be linked into the chain.");
  });

  it("says how many events are waiting to be linked", async () => {
    const { rows } = await verifyAuditChain();
    await append("test.waiting");
    const waiting = await runVerifyCli();
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toContain(`Audit chain intact: ${rows} rows verified`);
    expect(waiting.stdout).toContain("1 newer event is waiting to be linked into the chain");
    expect(await linkAuditChain()).toBe(1);
    expect((await runVerifyCli()).stdout).toContain(`Audit chain intact: ${rows + 1} rows verified`);
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
