// The audit chain against someone with the database owner's rights: rows keyed with a secret they
// cannot recompute, and the chain's head anchored outside the database, so that rewriting a row and
// re-chaining everything after it, or cutting rows off the end, is named by verifyAuditChain and by
// `npm run audit:verify` — even when the key has leaked, as long as the anchor file has not.
import { readFile, rm, writeFile } from "node:fs/promises";
import { asc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { anchorAuditHead, anchorAuditHeadIfMoved } from "../../app/audit/anchors.server";
import {
  auditEventsFor,
  GENESIS_HASH,
  hashAuditRow,
  recordAudit,
  SWITCH_OVER_ACTION,
  verifyAuditChain,
} from "../../app/audit/audit.server";
import { keyAuditChain, linkAuditChain } from "../../app/audit/linking.server";
import { anchorMac, keyId, plainRowHash } from "../../app/audit/chain.server";
import { describeVerification } from "../../app/audit/verify-cli";
import { config, parseConfig } from "../../app/config.server";
import { changeBidDeadline } from "../../app/tenders/deadline.server";
import { findTender } from "../../app/tenders/reading.server";
import { confirmOpening, requestOpening } from "../../app/bids/opening.server";
import { DeadlineSchema } from "../../app/tenders/schema";
import { toLondonLocal } from "../../app/time";
import { db } from "../../db/client.server";
import { auditEvents, auditLinks, outboxMessages, procurements } from "../../db/schema";
import {
  asSignedIn,
  createProcurement,
  createPublishedTender,
  createUser,
  daysFromNow,
  type TestUser,
} from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { anchorsWritten } from "../support/audit-anchors";
import { runVerifyCli } from "../support/verify-cli";

const testDb = await useTestDatabase();

/** An event with its link (the link's fields null while it waits to be linked). */
type Row = typeof auditEvents.$inferSelect & { prevSeq: number | null; prevHash: string; hash: string };

let staffA: TestUser;
let staffB: TestUser;

beforeAll(async () => {
  // As the server does at start: the chain is keyed before any event.
  await keyAuditChain();
  [staffA, staffB] = await Promise.all([
    createUser({ role: "staff", totp: true, name: "Ari Requester" }),
    createUser({ role: "staff", totp: true, name: "Bo Confirmer" }),
  ]);
});

beforeEach(async () => {
  await rm(config().auditAnchorFile, { force: true });
});

/** Appends events, then links them into the chain (as the next housekeeping round would). */
async function append(count: number, label = "test.event"): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i += 1) {
    seqs.push(
      await db().transaction((tx) =>
        recordAudit(tx, { email: "officer@example.nhs.uk" }, { action: label, subjectType: "test", summary: { i } }),
      ),
    );
  }
  await linkAuditChain();
  return seqs;
}

async function allRows(): Promise<Row[]> {
  const rows = await db()
    .select({ event: auditEvents, link: auditLinks })
    .from(auditEvents)
    .leftJoin(auditLinks, eq(auditLinks.seq, auditEvents.seq))
    .orderBy(asc(auditEvents.seq));
  return rows.map(({ event, link }) => {
    if (!link) throw new Error(`event ${event.seq} is not linked`);
    return { ...event, prevSeq: link.prevSeq, prevHash: link.prevHash, hash: link.hash };
  });
}

/** What someone with the owner's rights can do: switch the append-only triggers off for a moment. */
async function asOwnerWithoutTriggers(work: () => Promise<unknown>) {
  await testDb.ownerQuery("alter table audit_events disable trigger user");
  await testDb.ownerQuery("alter table audit_links disable trigger user");
  try {
    await work();
  } finally {
    await testDb.ownerQuery("alter table audit_events enable trigger user");
    await testDb.ownerQuery("alter table audit_links enable trigger user");
  }
}

/** Deletes the events from `seq` on, with their links (which would refuse the events' deletion). */
async function deleteFrom(seq: number) {
  await testDb.ownerQuery("delete from audit_links where seq >= $1", [seq]);
  await testDb.ownerQuery("delete from audit_events where seq >= $1", [seq]);
}

async function insertRows(rows: Row[]) {
  for (const row of rows) {
    await testDb.ownerQuery(
      `insert into audit_events (seq, at, actor_user_id, actor_email, organisation_id, action, subject_type,
         subject_id, procurement_id, ip, summary)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
      [
        row.seq,
        row.at.toISOString(),
        row.actorUserId,
        row.actorEmail,
        row.organisationId,
        row.action,
        row.subjectType,
        row.subjectId,
        row.procurementId,
        row.ip,
        JSON.stringify(row.summary),
      ],
    );
    await testDb.ownerQuery(
      "insert into audit_links (seq, prev_seq, prev_hash, hash, linked_at) values ($1, $2, $3, $4, $5)",
      [row.seq, row.prevSeq, row.prevHash, row.hash, row.at.toISOString()],
    );
  }
  // The sequence goes on from the last event, as after the migration that introduced it.
  if (rows.length > 0) await testDb.ownerQuery("select setval('audit_events_seq_seq', $1)", [rows.at(-1)!.seq]);
}

/** Puts the log back as it was before an attack, so that the next test starts from a sound chain. */
async function restore(rows: Row[]) {
  await asOwnerWithoutTriggers(async () => {
    await deleteFrom(0);
    await insertRows(rows);
  });
  expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({ ok: true, waiting: 0 });
}

/**
 * The attack: one row changed, then every row from it to the end given a new link and a new hash
 * computed with `hash`, so that each row links to the one before and matches its hash again.
 */
async function rewriteAndRechain(seq: number, change: Partial<Row>, hash: (row: Row) => string) {
  const rows = await allRows();
  let prevHash = rows.find((r) => r.seq === seq - 1)?.hash ?? GENESIS_HASH;
  const rewritten: Row[] = [];
  for (const row of rows.filter((r) => r.seq >= seq)) {
    const next = { ...row, ...(row.seq === seq ? change : {}), prevHash };
    next.hash = hash(next);
    prevHash = next.hash;
    rewritten.push(next);
  }
  await asOwnerWithoutTriggers(async () => {
    for (const row of rewritten) {
      await testDb.ownerQuery("update audit_events set action = $2, summary = $3::jsonb where seq = $1", [
        row.seq,
        row.action,
        JSON.stringify(row.summary),
      ]);
      await testDb.ownerQuery("update audit_links set prev_hash = $2, hash = $3 where seq = $1", [
        row.seq,
        row.prevHash,
        row.hash,
      ]);
    }
  });
}

async function anchorNow() {
  const anchor = await anchorAuditHead("test");
  if (!anchor) throw new Error("nothing to anchor");
  return anchor;
}

describe("someone with the database owner's rights but not the key", () => {
  it("rewrites a row and re-chains every row after it with SHA-256: the rewritten row is named", async () => {
    await append(6);
    const before = await allRows();
    const target = before[3].seq;
    await rewriteAndRechain(target, { summary: { i: 99, forged: true } }, plainRowHash);
    try {
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({
        ok: false,
        brokenAt: target,
        reason: "its content does not match its hash",
      });
    } finally {
      await restore(before);
    }
  });

  it("re-chains the whole log without the key, dropping the switch-over: the chain is named as not keyed", async () => {
    const before = await allRows();
    const switchOver = before.find((r) => r.action === SWITCH_OVER_ACTION);
    expect(switchOver).toBeDefined();
    await rewriteAndRechain(switchOver!.seq, { action: "test.harmless", summary: {} }, plainRowHash);
    try {
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({
        ok: false,
        brokenAt: 1,
        reason: expect.stringMatching(/^the chain is not keyed/),
      });
    } finally {
      await restore(before);
    }
  });
});

describe("someone who also holds the key, but not the anchor file", () => {
  it("rewrites a row and re-chains with the key: the next anchor names the stretch the rewrite lies in", async () => {
    await append(2);
    const first = await anchorNow();
    await append(3);
    const second = await anchorNow();
    await append(2);
    const before = await allRows();
    const target = first.seq + 2;
    await rewriteAndRechain(target, { summary: { i: 99, forged: true } }, (row) => hashAuditRow(row));
    try {
      // With the key the chain itself is perfect again: only the anchor outside the database tells.
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({ ok: true });
      const reason =
        `a row from ${first.seq + 1} to ${second.seq} was rewritten and the rows after it re-chained: ` +
        `row ${second.seq}'s hash is not the one anchored at ${second.at} (anchor file line 2)`;
      expect(await verifyAuditChain()).toEqual({ ok: false, rows: first.seq, brokenAt: first.seq + 1, reason });
      const cli = await runVerifyCli(testDb);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`Audit chain BROKEN at row ${first.seq + 1}: ${reason}.`);
    } finally {
      await restore(before);
    }
  });

  it("cuts rows off the end back before the newest anchor: the missing rows are named", async () => {
    await append(4);
    const anchor = await anchorNow();
    const before = await allRows();
    const cutFrom = anchor.seq - 2;
    await asOwnerWithoutTriggers(() => deleteFrom(cutFrom));
    try {
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({ ok: true });
      const reason =
        `rows ${cutFrom} to ${anchor.seq} are missing: the chain ends at row ${cutFrom - 1}, ` +
        `but row ${anchor.seq} was anchored at ${anchor.at} (anchor file line 1), so rows were cut off the end`;
      expect(await verifyAuditChain()).toEqual({ ok: false, rows: cutFrom - 1, brokenAt: cutFrom, reason });
      const cli = await runVerifyCli(testDb);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`Audit chain BROKEN at row ${cutFrom}: ${reason}.`);
    } finally {
      await restore(before);
    }
  });

  it("cannot hide rows written after the newest anchor once the next anchor is written", async () => {
    const anchor = await anchorNow();
    await append(2);
    const before = await allRows();
    expect(describeVerification(await verifyAuditChain(), config().auditAnchorFile)).toContain(
      `covers rows up to ${anchor.seq}: the 2 rows after it will be protected by the next anchor.`,
    );
    // Until the next anchor, cutting them off leaves nothing to compare with (the README says so).
    await asOwnerWithoutTriggers(() => deleteFrom(anchor.seq + 1));
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    await restore(before);
    await anchorNow();
    await asOwnerWithoutTriggers(() => deleteFrom(anchor.seq + 1));
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: anchor.seq + 1 });
    } finally {
      await restore(before);
    }
  });

  it("cannot add or change an anchor line: a line not signed with the key is named", async () => {
    const anchor = await anchorNow();
    const forged = { ...anchor, hash: "f".repeat(64), mac: "0".repeat(64) };
    await writeFile(config().auditAnchorFile, `${JSON.stringify(forged)}\n`, { flag: "a" });
    const reason =
      "anchor file line 2 is not signed with AUDIT_CHAIN_KEY (forged, changed, or written with another key)";
    expect(await verifyAuditChain()).toEqual({ ok: false, rows: 0, brokenAt: null, reason });
    expect(describeVerification(await verifyAuditChain(), config().auditAnchorFile)).toContain(
      `Audit chain NOT VERIFIED: ${reason}`,
    );
  });
});

describe("anchoring the chain's head", () => {
  it("appends the head as a line signed with the key, and emails it to the audit mailbox", async () => {
    updateTestConfig({ auditMailbox: "audit-records@example.nhs.uk" });
    try {
      await append(1);
      const anchor = await anchorNow();
      const [head] = (await allRows()).slice(-1);
      expect(await anchorsWritten()).toEqual([anchor]);
      const line = await readFile(config().auditAnchorFile, "utf8");
      expect(Object.keys(JSON.parse(line))).toEqual(["seq", "hash", "at", "reason", "mac"]);
      expect(line).toBe(`${JSON.stringify(anchor)}\n`);
      expect(anchor).toMatchObject({ seq: head.seq, hash: head.hash, reason: "test" });
      expect(anchor.mac).toBe(anchorMac(anchor, config().auditChainKey));
      const mail = await db()
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.to, "audit-records@example.nhs.uk"));
      expect(mail).toHaveLength(1);
      expect(mail[0].subject).toBe(`Audit chain anchor: row ${head.seq}`);
      expect(mail[0].text).toContain(JSON.stringify(anchor));
    } finally {
      updateTestConfig({ auditMailbox: undefined });
    }
  });

  it("covers an event committed just before it: the event is linked first", async () => {
    const seq = await db().transaction((tx) => recordAudit(tx, {}, { action: "test.just_before_the_anchor" }));
    const anchor = await anchorNow();
    const [head] = (await allRows()).slice(-1);
    expect(anchor).toMatchObject({ seq, hash: head.hash });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, waiting: 0, anchors: { newestSeq: seq, after: 0 } });
  });

  it("at intervals anchors the head only when it has moved", async () => {
    const first = await anchorAuditHeadIfMoved();
    expect(first).not.toBeNull();
    expect(await anchorAuditHeadIfMoved()).toBeNull();
    const [seq] = await append(1);
    expect(await anchorAuditHeadIfMoved()).toMatchObject({ seq, reason: "interval" });
    expect(await anchorsWritten()).toHaveLength(2);
  });

  it("anchors the head once each stage change of a procurement has committed, and not after a refusal", async () => {
    const procurement = await createProcurement({ bidDeadline: daysFromNow(30) });
    await createPublishedTender(procurement.id, staffA.id);
    const reload = async () => (await db().select().from(procurements).where(eq(procurements.id, procurement.id)))[0];
    const version = async () => (await findTender(procurement.id))!.version;
    const eventSeq = async (subjectType: string, subjectId: string, action: string) =>
      (await auditEventsFor(subjectType, subjectId)).find((e) => e.action === action)?.seq;

    const moved = await changeBidDeadline(
      asSignedIn(staffA),
      procurement,
      DeadlineSchema.parse({
        procurementVersion: String((await reload()).version),
        deadline: toLondonLocal(daysFromNow(35)),
        deadlineReason: "More time for the clarification answers",
      }),
    );
    expect(moved.ok).toBe(true);
    expect((await anchorsWritten()).at(-1)).toMatchObject({
      seq: await eventSeq("procurement", procurement.id, "tender.deadline_extended"),
      reason: `tender.deadline_extended ${procurement.id}`,
    });

    await db()
      .update(procurements)
      .set({ bidDeadline: daysFromNow(-0.01) })
      .where(eq(procurements.id, procurement.id));
    const closed = await reload();
    expect((await requestOpening(asSignedIn(staffA), closed, await version())).ok).toBe(true);
    const refused = await confirmOpening(asSignedIn(staffA), closed, await version());
    expect(refused.ok).toBe(false);
    expect(await anchorsWritten()).toHaveLength(1);
    expect((await confirmOpening(asSignedIn(staffB), closed, await version())).ok).toBe(true);
    const tender = (await findTender(procurement.id))!;
    expect(await anchorsWritten()).toHaveLength(2);
    expect((await anchorsWritten()).at(-1)).toMatchObject({
      seq: await eventSeq("tender", tender.id, "tender.opened"),
      reason: `tender.opened ${procurement.id}`,
    });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

describe("the switch-over from a chain written before the key", () => {
  /** A log as the portal wrote it before AUDIT_CHAIN_KEY existed: plain SHA-256 rows. */
  async function unkeyedLog(count: number) {
    const rows: Row[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= count; seq += 1) {
      const row: Row = {
        seq,
        at: new Date(Date.UTC(2025, 0, seq, 9)),
        actorUserId: null,
        actorEmail: "officer@example.nhs.uk",
        organisationId: null,
        action: "legacy.event",
        subjectType: "test",
        subjectId: String(seq),
        procurementId: null,
        ip: null,
        summary: { seq },
        prevSeq: seq === 1 ? null : seq - 1,
        prevHash,
        hash: "",
      };
      row.hash = plainRowHash(row);
      prevHash = row.hash;
      rows.push(row);
    }
    await asOwnerWithoutTriggers(async () => {
      await deleteFrom(0);
      await insertRows(rows);
    });
    return rows;
  }

  it("keeps the old rows verifiable as they are and keys every row from the switch-over row on", async () => {
    const before = await allRows();
    const legacy = await unkeyedLog(3);
    try {
      // Nothing marks it keyed yet: such a log must be keyed (the portal does it at start) to verify.
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^the chain is not keyed/),
      });
      // The portal keys it at start: the switch-over event, linked at once.
      expect(await keyAuditChain()).toBe(4);
      const [seq] = await append(1, "test.after_the_key");
      expect(seq).toBe(5);
      const rows = await allRows();
      expect(rows.slice(0, 3)).toEqual(legacy);
      expect(rows[3]).toMatchObject({
        seq: 4,
        action: SWITCH_OVER_ACTION,
        prevSeq: 3,
        prevHash: legacy[2].hash,
        summary: { keyId: keyId(config().auditChainKey) },
      });
      expect(rows[3].hash).toBe(hashAuditRow(rows[3]));
      expect(rows[4].hash).toBe(hashAuditRow(rows[4]));
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({ ok: true, rows: 5, keyedFrom: 4 });

      // Rewriting an old row and re-chaining the rows after it breaks at the switch-over row.
      await rewriteAndRechain(2, { summary: { seq: 2, forged: true } }, plainRowHash);
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({ ok: false, brokenAt: 4 });
    } finally {
      await restore(before);
    }
  });

  it("is written by the linker after events recorded while the chain was still unkeyed, which stay verifiable", async () => {
    const before = await allRows();
    const legacy = await unkeyedLog(2);
    try {
      const [seq] = await db().transaction(async (tx) => [
        await recordAudit(tx, {}, { action: "test.before_the_key" }),
      ]);
      expect(seq).toBe(3);
      // Linked as the chain ends, without a key; then the switch-over is appended after it, and linked too.
      expect(await linkAuditChain()).toBe(2);
      const rows = await allRows();
      expect(rows.slice(0, 2)).toEqual(legacy);
      expect(rows[2].hash).toBe(plainRowHash(rows[2]));
      expect(rows[3]).toMatchObject({ seq: 4, action: SWITCH_OVER_ACTION, prevSeq: 3, prevHash: rows[2].hash });
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({ ok: true, rows: 4, keyedFrom: 4, waiting: 0 });
      expect(await keyAuditChain()).toBeNull();
    } finally {
      await restore(before);
    }
  });

  it("is written at start, before any new event, and only once", async () => {
    const before = await allRows();
    await unkeyedLog(2);
    try {
      expect(await keyAuditChain()).toBe(3);
      expect(await keyAuditChain()).toBeNull();
      expect(await verifyAuditChain(db(), 2000, null)).toMatchObject({ ok: true, rows: 3, keyedFrom: 3 });
    } finally {
      await restore(before);
    }
  });
});

describe("configuration", () => {
  const production = { NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), PUBLIC_URL: "https://portal.example" };

  it("requires AUDIT_CHAIN_KEY in production, at least 32 characters, and names the demo key otherwise", () => {
    expect(() => parseConfig(production)).toThrow(/AUDIT_CHAIN_KEY/);
    expect(() => parseConfig({ AUDIT_CHAIN_KEY: "too-short" })).toThrow(/AUDIT_CHAIN_KEY: must be at least 32/);
    expect(parseConfig({ AUDIT_CHAIN_KEY: "k".repeat(32) })).toMatchObject({ auditChainKeyIsDemo: false });
    expect(parseConfig({}).auditChainKey).toMatch(/^DEMO-ONLY/);
  });

  it("anchors under DATA_DIR unless AUDIT_ANCHOR_FILE says otherwise", () => {
    expect(parseConfig({ DATA_DIR: "/srv/portal" }).auditAnchorFile).toBe("/srv/portal/audit-anchors.jsonl");
    expect(parseConfig({ AUDIT_ANCHOR_FILE: "/mnt/worm/anchors.jsonl" }).auditAnchorFile).toBe(
      "/mnt/worm/anchors.jsonl",
    );
  });

  it("refuses DATABASE_OWNER_URL without DATABASE_URL", () => {
    expect(() => parseConfig({ DATABASE_OWNER_URL: "postgres://owner@db/portal" })).toThrow(
      /DATABASE_OWNER_URL needs DATABASE_URL/,
    );
  });
});
