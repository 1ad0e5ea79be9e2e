// The s.98 procurement record: the demo's awarded procurement downloaded as a zip and unpacked, its
// manifest checked against every file, the audit CSV against the database, the bids' files against
// their frozen hashes, the PDFs read back; a sealed tender's record holding nothing of its bids; and
// the retention schedule (3 years after the award notice; nothing deleted).
import { createHash } from "node:crypto";
import { and, eq, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsWithLinks } from "../../app/audit/audit.server";
import type { SubmissionContent } from "../../app/bids/receipt.server";
import type { Manifest } from "../../app/transparency/record-zip.server";
import { retentionSchedule, yearsAfter } from "../../app/transparency/retention.server";
import { db } from "../../db/client.server";
import { auditEvents, awards, bidSubmissions, procurements, tenders } from "../../db/schema";
import { seedDemoDataIfEmpty } from "../../app/demo/seed";
import {
  asSignedIn,
  createOrganisation,
  createProcurement,
  createUser,
  daysFromNow,
  sessionCookieFor,
  type TestUser,
} from "../factories";
import { createOpenedTenderWithBids } from "../factories/tenders";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { csvRows, pdfText, unzip } from "../support/downloads";

await useTestDatabase();
let portal: TestPortal;
let staff: TestUser;
let admin: TestUser;
let staffCookie: string;

beforeAll(async () => {
  portal = await startTestPortal();
  expect(await seedDemoDataIfEmpty()).not.toBeNull();
  staff = await createUser({ role: "staff", totp: true, name: "Rita Records" });
  admin = await createUser({ role: "admin", totp: true });
  staffCookie = await sessionCookieFor(staff);
});

afterAll(async () => {
  await portal.close();
});

async function downloadRecord(slug: string, cookie = staffCookie) {
  const response = await portal.fetch(`/staff/procurements/${slug}/record.zip`, { cookie });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/zip");
  expect(response.headers.get("content-disposition")).toContain(`procurement-record-${slug}.zip`);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { bytes, files: await unzip(bytes) };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function manifestOf(files: Map<string, Buffer>): Manifest {
  const manifest = files.get("manifest.json");
  expect(manifest).toBeDefined();
  return JSON.parse(manifest!.toString("utf8")) as Manifest;
}

/** Every file but the manifest is listed with its size and hash; nothing listed is absent. */
function checkManifest(files: Map<string, Buffer>) {
  const manifest = manifestOf(files);
  expect([...files.keys()].at(-1)).toBe("manifest.json");
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  expect(listed.size).toBe(manifest.files.length);
  expect([...listed.keys()].sort()).toEqual([...files.keys()].filter((p) => p !== "manifest.json").sort());
  for (const [path, bytes] of files) {
    if (path === "manifest.json") continue;
    expect(listed.get(path), path).toEqual({ path, size: bytes.byteLength, sha256: sha256(bytes) });
  }
  expect(manifest.missing).toEqual([]);
  return manifest;
}

async function procurementBySlug(slug: string) {
  const [row] = await db().select().from(procurements).where(eq(procurements.slug, slug));
  if (!row) throw new Error(`No procurement ${slug}`);
  return row;
}

describe("the record of the demo's awarded procurement (imaging-ai-pilot)", () => {
  let files: Map<string, Buffer>;
  let manifest: Manifest;

  beforeAll(async () => {
    ({ files } = await downloadRecord("imaging-ai-pilot"));
    manifest = manifestOf(files);
  }, 120_000);

  it("lists every file in the manifest, written last, each with its size and SHA-256, and nothing more", () => {
    checkManifest(files);
    expect(manifest.procurement.slug).toBe("imaging-ai-pilot");
    expect(manifest.bidsSealed).toBe(false);
    expect(manifest.generatedBy).toBe(staff.email);
  });

  it("holds the procurement's audit rows exactly as the database has them, with the download itself", async () => {
    const procurement = await procurementBySlug("imaging-ai-pilot");
    const rows = csvRows(files.get("audit/events.csv")!);
    const inDb = await auditEventsWithLinks(
      or(
        eq(auditEvents.procurementId, procurement.id),
        and(eq(auditEvents.subjectType, "procurement"), eq(auditEvents.subjectId, procurement.id)),
      ),
    );
    const written = inDb.filter((e) => e.seq <= Number(rows.at(-1)?.seq));
    expect(rows.map((r) => Number(r.seq))).toEqual(written.map((e) => e.seq));
    for (const [i, row] of rows.entries()) {
      expect(row.hash).toBe(written[i].hash);
      expect(row.prev_hash).toBe(written[i].prevHash);
      expect(row.action).toBe(written[i].action);
      expect(row.at).toBe(written[i].at.toISOString());
      expect(JSON.parse(row.summary)).toEqual(written[i].summary);
    }
    expect(rows.map((r) => r.action)).toContain("award.decided");
    const download = rows.find((r) => r.action === "record.downloaded");
    expect(download?.actor_email).toBe(staff.email);
  });

  it("states that the whole audit chain verifies", async () => {
    const chain = JSON.parse(files.get("audit/chain-verification.json")!.toString("utf8"));
    expect(chain.wholeChain.verifies).toBe(true);
    expect(chain.procurementEventsVerified).toBe(true);
    expect(chain.wholeChain.rows).toBeGreaterThanOrEqual(chain.procurementEvents.rows);
    expect(chain.statement).toMatch(/^The whole audit chain verifies/);
  });

  it("holds every bid submission's frozen content, its files by their SHA-256 and its receipt", async () => {
    const procurement = await procurementBySlug("imaging-ai-pilot");
    const [tender] = await db().select().from(tenders).where(eq(tenders.procurementId, procurement.id));
    const submissions = await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, tender.id));
    expect(submissions.length).toBeGreaterThanOrEqual(5);
    const index = csvRows(files.get("bids/submissions.csv")!);
    expect(index.map((r) => r.Reference).sort()).toEqual(submissions.map((s) => s.reference).sort());
    let bidFiles = 0;
    for (const submission of submissions) {
      const folder = index.find((r) => r.Reference === submission.reference)!.Folder;
      const frozen = JSON.parse(files.get(`${folder}/submission.json`)!.toString("utf8"));
      expect(frozen.digest).toBe(submission.digest);
      expect(frozen.content).toEqual(submission.content);
      const content = submission.content as SubmissionContent;
      for (const file of content.files) {
        const path = [...files.keys()].find((p) => p.startsWith(`${folder}/files/${file.sha256}/`));
        expect(path, `${submission.reference} ${file.filename}`).toBeDefined();
        expect(sha256(files.get(path!)!)).toBe(file.sha256);
        bidFiles += 1;
      }
      const receipt = await pdfText(files.get(`${folder}/receipt.pdf`)!);
      expect(receipt).toContain(submission.reference);
    }
    expect(bidFiles).toBeGreaterThanOrEqual(5);
  });

  it("holds the conflicts register, every individual mark and every consensus", () => {
    const conflicts = csvRows(files.get("evaluation/conflicts-register.csv")!);
    expect(conflicts.some((c) => c.Declaration === "Conflict")).toBe(true);
    const scores = csvRows(files.get("evaluation/scores.csv")!);
    expect(scores.length).toBeGreaterThan(10);
    expect(scores.every((s) => s.Justification.length > 0)).toBe(true);
    const moderation = csvRows(files.get("evaluation/moderation.csv")!);
    expect(moderation.length).toBeGreaterThan(0);
    expect(moderation.every((m) => m.Rationale.length > 0 && m.Moderator.length > 0)).toBe(true);
  });

  it("holds the scoring pack and every bidder's assessment summary as readable PDFs", async () => {
    const pack = await pdfText(files.get("evaluation/scoring-pack.pdf")!);
    expect(pack).toContain("OFFICIAL-SENSITIVE");
    const summaries = [...files.keys()].filter((p) => p.startsWith("evaluation/assessment-summaries/"));
    expect(summaries.length).toBeGreaterThanOrEqual(4);
    for (const path of summaries) expect((await pdfText(files.get(path)!)).length).toBeGreaterThan(100);
  });

  it("holds the clarifications, engagement and tender records", () => {
    const paths = [...files.keys()];
    expect(paths).toContain("clarifications/index.csv");
    expect(paths).toContain("engagement/registrations.csv");
    expect(paths.some((p) => p.startsWith("tender/versions/"))).toBe(true);
    expect(paths.some((p) => p.startsWith("tender/documents/") && p.endsWith(".pdf"))).toBe(true);
  });
});

describe("the record of the procurement in engagement (ai-imaging-platform)", () => {
  it("holds its clarifications with every answer version, and its sessions' registrations and materials", async () => {
    const { files } = await downloadRecord("ai-imaging-platform");
    checkManifest(files);
    const index = csvRows(files.get("clarifications/index.csv")!);
    expect(index.length).toBeGreaterThan(0);
    for (const row of index) {
      const question = JSON.parse(files.get(row.File)!.toString("utf8"));
      expect(question.question.id).toBe(row["Question id"]);
      expect(question.answerVersions).toHaveLength(Number(row["Answer versions"]));
    }
    expect(index.some((r) => r.Audience === "organisation")).toBe(true);
    expect(csvRows(files.get("engagement/sessions.csv")!).length).toBeGreaterThan(0);
    const materials = csvRows(files.get("engagement/materials.csv")!);
    for (const m of materials.filter((m) => m["File in this record"])) {
      expect(sha256(files.get(m["File in this record"])!)).toBe(m["File SHA-256"]);
    }
  });
});

describe("a sealed tender's record", () => {
  it("says the bids are sealed and holds nothing of them", async () => {
    const procurement = await createProcurement({ title: "A sealed procurement", bidDeadline: daysFromNow(-1) });
    const organisation = await createOrganisation({ legalName: "Sealed Bidder Radiology Ltd" });
    const bidder = await createUser({ role: "supplier", organisationId: organisation.id });
    const secret = "A sealed answer no record may carry before opening";
    const opened = await createOpenedTenderWithBids(procurement.id, staff.id, [
      { organisationId: organisation.id, userId: bidder.id, text: secret },
    ]);
    await db().update(tenders).set({ openedAt: null }).where(eq(tenders.id, opened.tender.id));
    const { bytes, files } = await downloadRecord(procurement.slug, await sessionCookieFor(admin));
    const manifest = checkManifest(files);
    expect(manifest.bidsSealed).toBe(true);
    expect(files.get("bids/SEALED.txt")?.toString("utf8")).toContain("1 organisation(s) have a submitted bid");
    const paths = [...files.keys()];
    // Who tried after the deadline had a bid: only how many, until the opening.
    expect(paths.filter((p) => p.startsWith("bids/"))).toEqual(["bids/SEALED.txt"]);
    expect(files.get("bids/SEALED.txt")?.toString("utf8")).toContain("0 attempt(s) to submit after the deadline");
    expect(paths.some((p) => p.startsWith("evaluation/"))).toBe(false);
    const everything = Buffer.concat([bytes, ...files.values()]).toString("utf8");
    for (const leak of [secret, opened.bids[0].reference, organisation.legalName]) {
      expect(everything).not.toContain(leak);
    }
  });
});

describe("who may download a record", () => {
  it("refuses suppliers and evaluators, and sends someone signed out to sign in", async () => {
    const supplier = await createUser({ role: "supplier" });
    const evaluator = await createUser({ role: "evaluator", totp: true });
    for (const user of [supplier, evaluator]) {
      const response = await portal.fetch("/staff/procurements/imaging-ai-pilot/record.zip", {
        cookie: await sessionCookieFor(user),
      });
      expect(response.status).toBe(403);
    }
    const signedOut = await portal.fetch("/staff/procurements/imaging-ai-pilot/record.zip", { redirect: "manual" });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toContain("/sign-in");
  });
});

describe("retention", () => {
  async function awardedProcurement(noticeDate: string) {
    const procurement = await createProcurement({ title: `Awarded on ${noticeDate}`, bidDeadline: daysFromNow(-2000) });
    const organisation = await createOrganisation();
    const bidder = await createUser({ role: "supplier", organisationId: organisation.id });
    const opened = await createOpenedTenderWithBids(procurement.id, staff.id, [
      { organisationId: organisation.id, userId: bidder.id, text: "An old bid" },
    ]);
    await db().insert(awards).values({
      tenderId: opened.tender.id,
      bidId: opened.bids[0].bidId,
      rationale: "The only bid",
      decidedByUserId: staff.id,
      noticeDate,
      standstillEndsOn: noticeDate,
    });
    return procurement;
  }

  it("lists a procurement awarded over 3 years ago as destroyable, and one awarded recently as kept", async () => {
    const old = await awardedProcurement("2021-03-01");
    const recent = await awardedProcurement(daysFromNow(-30).toISOString().slice(0, 10));
    const held = await awardedProcurement("2020-01-15");
    await db().update(procurements).set({ retentionEndsOn: "2099-12-31" }).where(eq(procurements.id, held.id));
    const schedule = await retentionSchedule(asSignedIn(admin));
    const row = (slug: string) => schedule.find((r) => r.slug === slug);
    expect(row(old.slug)).toMatchObject({ mayBeDestroyed: true, retention: { basis: "award", endsOn: "2024-03-01" } });
    expect(row(recent.slug)?.mayBeDestroyed).toBe(false);
    expect(row(held.slug)).toMatchObject({
      mayBeDestroyed: false,
      retention: { basis: "recorded", endsOn: "2099-12-31" },
    });
    expect(row("ai-imaging-platform")).toMatchObject({ mayBeDestroyed: false, retention: { basis: "no-award" } });
    expect(row("imaging-ai-pilot")?.mayBeDestroyed).toBe(false);

    const page = await portal.fetch("/admin/retention", { cookie: await sessionCookieFor(admin) });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Nothing is deleted automatically");
    const [destroyable, kept] = html.split("Records still to be kept");
    expect(destroyable).toContain(old.title);
    expect(destroyable).not.toContain(recent.title);
    expect(kept).toContain(recent.title);
    expect(kept).toContain(held.title);
  });

  it("counts whole years from the award notice, 29 February falling back to 28 February", () => {
    expect(yearsAfter("2024-02-29", 3)).toBe("2027-02-28");
    expect(yearsAfter("2023-11-27", 3)).toBe("2026-11-27");
  });

  it("lets an admin hold a record longer, never shorter than the Act allows, with the reason audited once", async () => {
    const awarded = await awardedProcurement("2025-06-02");
    const path = `/admin/retention/${awarded.slug}`;
    const cookie = await sessionCookieFor(admin);
    const send = (fields: Record<string, string>) => portal.postForm(path, fields, { cookie });
    const recorded = async () =>
      (await db().select().from(procurements).where(eq(procurements.id, awarded.id)))[0].retentionEndsOn;
    const changes = () =>
      db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "procurement.retention_changed"), eq(auditEvents.subjectId, awarded.id)));

    const page = await portal.fetch(path, { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("2 June 2028");

    const tooSoon = await send({ intent: "record", endsOn: "2028-06-01", reason: "Shorter, which the Act forbids" });
    expect(tooSoon.status).toBe(400);
    const refusal = await tooSoon.text();
    expect(refusal).toContain("requires this record to be kept until at least 2 June 2028");
    expect(refusal).toContain("Shorter, which the Act forbids");
    expect(await recorded()).toBeNull();

    const hold = { intent: "record", endsOn: "2031-12-31", reason: "Legal hold while a challenge is heard" };
    const [first, second] = await Promise.all([send(hold), send(hold)]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(await recorded()).toBe("2031-12-31");
    const [change, ...more] = await changes();
    expect(more).toEqual([]);
    expect(change.summary).toMatchObject({ from: null, to: "2031-12-31", reason: hold.reason });
    const schedule = await retentionSchedule(asSignedIn(admin));
    expect(schedule.find((r) => r.slug === awarded.slug)?.retention).toMatchObject({
      basis: "recorded",
      endsOn: "2031-12-31",
    });

    expect((await send({ intent: "default", reason: "The challenge is settled" })).status).toBe(302);
    expect(await recorded()).toBeNull();
    expect(await changes()).toHaveLength(2);
  });

  it("shows the schedule to admins only", async () => {
    const response = await portal.fetch("/admin/retention", { cookie: staffCookie });
    expect(response.status).toBe(403);
  });
});
