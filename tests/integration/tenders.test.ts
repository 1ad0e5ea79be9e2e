// The staff side of the tender: building the questionnaire with weights, publishing (version 1),
// amendments (a new version with its reason, emailed to every interested supplier's users and no one
// else), changing the bid deadline, the two-person opening, documents, stale edits, hostile text, and
// the evaluation method staff set before publishing and bidders read in the tender.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor } from "../../app/audit/audit.server";
import { keyAuditChain } from "../../app/audit/linking.server";
import { rankBids } from "../../app/evaluation/ranking";
import { rulesFor } from "../../app/evaluation/results.server";
import { registerInterest, updateProcurement } from "../../app/procurements/procurements.server";
import { ProcurementSchema } from "../../app/procurements/schema";
import type { Procurement } from "../../app/procurements/procurements.server";
import { weightSummary, allQuestions, type PublishedQuestionnaire } from "../../app/tenders/questionnaire";
import { DeadlineSchema, QuestionSchema } from "../../app/tenders/schema";
import { changeBidDeadline } from "../../app/tenders/deadline.server";
import { addDocument, removeDocument } from "../../app/tenders/documents.server";
import { publishTender } from "../../app/tenders/publishing.server";
import {
  addQuestion,
  addSection,
  createTender,
  saveQuestion,
  moveQuestion,
  moveSection,
  removeQuestion,
  saveSection,
} from "../../app/tenders/questionnaire-building.server";
import { findTender, currentQuestionnaire, publishedTender } from "../../app/tenders/reading.server";
import { isTenderOpened } from "../../app/tenders/shared.server";
import { confirmOpening, requestOpening, cancelOpening } from "../../app/bids/opening.server";
import { formatDateTime, toLondonLocal } from "../../app/time";
import { db } from "../../db/client.server";
import {
  bids,
  bidSubmissions,
  evaluationRules,
  lateBidAttempts,
  procurements,
  tenders,
  tenderVersions,
} from "../../db/schema";
import { seedTender, simplePdf, storeFile } from "../../app/demo/seed-tender";
import { processOutbox } from "../../emails/outbox.server";
import {
  asSignedIn,
  createOrganisation,
  createProcurement,
  createUser,
  daysFromNow,
  sessionCookieFor,
  type TestOrganisation,
  type TestUser,
} from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink";
import { newestAnchor } from "../support/audit-anchors";

const testDb = await useTestDatabase();
let portal: TestPortal;
let sink: SmtpSink;

let staffA: TestUser;
let staffB: TestUser;
let alphaOne: TestUser;
let alphaTwo: TestUser;
let betaOne: TestUser;
let outsider: TestUser;
let evaluator: TestUser;
let alpha: TestOrganisation;
let beta: TestOrganisation;

const SCRIPT = "<script>alert(1)</script>";
const ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

beforeAll(async () => {
  // Keyed as a server keys it at start, so that the anchors below are of the events recorded here.
  await keyAuditChain();
  portal = await startTestPortal();
  sink = await startSmtpSink();
  updateTestConfig({ smtpUrl: sink.url });
  alpha = await createOrganisation({ legalName: "Alpha Imaging Ltd" });
  beta = await createOrganisation({ legalName: "Beta Vision Ltd" });
  const gamma = await createOrganisation({ legalName: "Gamma Outsider Ltd" });
  [staffA, staffB, alphaOne, alphaTwo, betaOne, outsider, evaluator] = await Promise.all([
    createUser({ role: "staff", totp: true, name: "Sam Requester" }),
    createUser({ role: "staff", totp: true, name: "Kit Confirmer" }),
    createUser({ role: "supplier", organisationId: alpha.id, name: "Ada Alpha" }),
    createUser({ role: "supplier", organisationId: alpha.id, name: "Alan Alpha" }),
    createUser({ role: "supplier", organisationId: beta.id, name: "Bea Beta" }),
    createUser({ role: "supplier", organisationId: gamma.id, name: "Gus Gamma" }),
    createUser({ role: "evaluator", totp: true }),
  ]);
});

afterAll(async () => {
  await portal.close();
  await sink.close();
});

async function pageText(response: Response) {
  return (await response.text()).replace(/<!-- -->/g, "");
}

async function tenderVersion(procurementId: string) {
  const tender = await findTender(procurementId);
  if (!tender) throw new Error("No tender");
  return tender.version;
}

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

/** Staff set a question's details, on the tender as it is now. */
async function setQuestion(procurement: Procurement, questionId: string, fields: Record<string, string>) {
  const input = QuestionSchema.parse({
    guidance: "",
    required: "on",
    ...fields,
    version: String(await tenderVersion(procurement.id)),
  });
  return ok(await saveQuestion(asSignedIn(staffA), procurement, questionId, input));
}

async function newQuestion(procurement: Procurement, sectionId: string, kind: "text" | "price", questionTitle: string) {
  const version = await tenderVersion(procurement.id);
  return ok(await addQuestion(asSignedIn(staffA), procurement, { version, sectionId, kind, questionTitle })).value;
}

/** A tender with a written question and a price schedule, weighted `quality` / `price`. */
async function buildTender(procurement: Procurement, weights: { quality: number; price: number }, title = "Section") {
  const staff = asSignedIn(staffA);
  await createTender(staff, procurement);
  const version = await tenderVersion(procurement.id);
  const section = ok(await addSection(staff, procurement, { version, title, description: "" })).value;
  const textTitle = "How will results return to PACS (DICOM SR, IHE AI Results)?";
  const text = await newQuestion(procurement, section, "text", textTitle);
  const price = await newQuestion(procurement, section, "price", "Price schedule");
  await setQuestion(procurement, text, {
    kind: "text",
    title: textTitle,
    weight: String(weights.quality),
    wordLimit: "800",
  });
  await setQuestion(procurement, price, {
    kind: "price",
    title: "Price schedule",
    weight: String(weights.price),
    priceLines: "Platform licence | per year | 3\nTrust onboarding | per trust | 40",
  });
  return { section, text, price };
}

async function interestedProcurement(overrides: Partial<typeof procurements.$inferInsert> = {}) {
  const procurement = await createProcurement({ tenderPublishedAt: null, bidDeadline: daysFromNow(30), ...overrides });
  await registerInterest(asSignedIn(alphaOne), procurement.id);
  await registerInterest(asSignedIn(betaOne), procurement.id);
  return procurement;
}

async function reload(procurementId: string) {
  const [row] = await db().select().from(procurements).where(eq(procurements.id, procurementId));
  return row;
}

describe("publishing", () => {
  it("refuses to publish while the weights do not add up to 100, with a field error on the page", async () => {
    const procurement = await interestedProcurement({ title: "Weights test platform" });
    await buildTender(procurement, { quality: 60, price: 30 });
    const cookie = await sessionCookieFor(staffA);
    const response = await portal.postForm(
      `/staff/procurements/${procurement.slug}/tender`,
      { intent: "publish", version: String(await tenderVersion(procurement.id)) },
      { cookie },
    );
    expect(response.status).toBe(409);
    const html = await pageText(response);
    expect(html).toContain("The weights add up to 90% (quality 60%, price 30%)");
    expect(html).toContain('href="#field-weights"');
    expect((await findTender(procurement.id))?.publishedVersion).toBe(0);
    expect(await db().select().from(tenderVersions)).not.toContainEqual(
      expect.objectContaining({ tenderId: (await findTender(procurement.id))?.id }),
    );
  });

  it("publishing fixes the questionnaire as version 1 and sets the tender's publication date", async () => {
    const procurement = await interestedProcurement({ title: "Publishing test platform" });
    const ids = await buildTender(procurement, { quality: 70, price: 30 });
    const cookie = await sessionCookieFor(staffA);
    const response = await portal.postForm(
      `/staff/procurements/${procurement.slug}/tender`,
      { intent: "publish", version: String(await tenderVersion(procurement.id)) },
      { cookie },
    );
    expect(response.status).toBe(302);
    const tender = await findTender(procurement.id);
    expect(tender?.publishedVersion).toBe(1);
    expect(tender?.hasUnpublishedChanges).toBe(false);
    const [version] = await db().select().from(tenderVersions).where(eq(tenderVersions.tenderId, tender!.id));
    expect(version.number).toBe(1);
    expect(version.reason).toBeNull();
    const questionnaire = version.questionnaire as PublishedQuestionnaire;
    expect(weightSummary(allQuestions(questionnaire))).toEqual({ quality: 70, price: 30, total: 100 });
    expect(allQuestions(questionnaire).map((q) => [q.number, q.id])).toEqual([
      ["1.1", ids.text],
      ["1.2", ids.price],
    ]);
    expect((await reload(procurement.id)).tenderPublishedAt).not.toBeNull();
    expect((await auditEventsFor("tender", tender!.id)).map((e) => e.action)).toContain("tender.published");
    // Publishing is a stage change: the chain's head is anchored outside the database once it commits.
    expect(await newestAnchor()).toMatchObject({
      seq: (await auditEventsFor("tender", tender!.id)).find((e) => e.action === "tender.published")?.seq,
      reason: `tender.published ${procurement.id}`,
    });
    // Every interested supplier's users are told that bidding is open, and until when.
    await processOutbox();
    const mail = sink.messages.filter((m) => m.subject === "Tender published: Publishing test platform");
    expect(mail.length).toBeGreaterThan(0);
    expect(mail[0].text).toContain(`Bids must be submitted by ${formatDateTime(procurement.bidDeadline!)} (UK time)`);
    expect(mail[0].text).toContain(`/procurements/${procurement.slug}/tender`);
    expect(sink.messages.some((m) => m.subject.includes("Publishing test platform") && m.to === staffA.email)).toBe(
      false,
    );

    const publicPage = await pageText(await portal.fetch(`/procurements/${procurement.slug}/tender`));
    expect(publicPage).toContain("How will results return to PACS (DICOM SR, IHE AI Results)?");
    expect(publicPage).toContain("Quality 70% and price 30%");
    expect(publicPage).toContain("Trust onboarding");
  });

  it("an amendment becomes version 2 with its reason, emailed to every interested supplier's users and no one else", async () => {
    const procurement = await interestedProcurement({ title: "Amendment test platform" });
    const ids = await buildTender(procurement, { quality: 70, price: 30 });
    const staff = asSignedIn(staffA);
    ok(await publishTender(staff, procurement, { version: await tenderVersion(procurement.id), reason: "" }));

    const unchanged = await publishTender(staff, procurement, {
      version: await tenderVersion(procurement.id),
      reason: "Nothing",
    });
    expect(unchanged.ok).toBe(false);

    await setQuestion(procurement, ids.text, {
      kind: "text",
      title: "How will results return to PACS and RIS?",
      weight: "70",
      wordLimit: "1000",
    });
    const withoutReason = await publishTender(staff, procurement, {
      version: await tenderVersion(procurement.id),
      reason: "",
    });
    expect(withoutReason).toEqual({ ok: false, fieldErrors: { reason: expect.stringContaining("reason") } });

    const reason = "Clarification CQ-003: RIS integration is in scope; the word limit is now 1,000";
    const amended = ok(
      await publishTender(staff, procurement, { version: await tenderVersion(procurement.id), reason }),
    );
    expect(amended.number).toBe(2);
    expect(amended.notified).toBe(3);
    const tender = (await findTender(procurement.id))!;
    expect(tender.publishedVersion).toBe(2);
    const versions = await db().select().from(tenderVersions).where(eq(tenderVersions.tenderId, tender.id));
    expect(versions.map((v) => [v.number, v.reason]).sort()).toEqual([
      [1, null],
      [2, reason],
    ]);
    const events = await auditEventsFor("tender", tender.id);
    expect(events.find((e) => e.action === "tender.amended")?.summary).toMatchObject({ number: 2, reason });

    await processOutbox();
    const mail = sink.messages.filter(
      (m) => m.subject.startsWith("Tender amended") && m.subject.includes("Amendment test platform"),
    );
    expect(mail.map((m) => m.to).sort()).toEqual([alphaOne.email, alphaTwo.email, betaOne.email].sort());
    for (const m of mail) {
      expect(m.subject).toContain("version 2");
      expect(m.text).toContain(reason);
      expect(m.text).toContain(`/procurements/${procurement.slug}/tender`);
    }
    expect(sink.messages.some((m) => [outsider.email, staffA.email, evaluator.email].includes(m.to))).toBe(false);

    const publicPage = await pageText(await portal.fetch(`/procurements/${procurement.slug}/tender`));
    expect(publicPage).toContain(reason);
    expect(publicPage).toContain("How will results return to PACS and RIS?");
  });
});

describe("the bid deadline", () => {
  it("extends the deadline with a reason: audited, and every interested supplier's users are emailed", async () => {
    const procurement = await interestedProcurement({ title: "Extension test platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    const later = toLondonLocal(daysFromNow(45));
    const cookie = await sessionCookieFor(staffA);
    const response = await portal.postForm(
      `/staff/procurements/${procurement.slug}/tender`,
      {
        intent: "deadline",
        procurementVersion: String(procurement.version),
        deadline: later,
        deadlineReason: "More time to reflect clarification CQ-004",
      },
      { cookie },
    );
    expect(response.status).toBe(302);
    const after = await reload(procurement.id);
    expect(toLondonLocal(after.bidDeadline)).toBe(later);
    const events = await auditEventsFor("procurement", procurement.id);
    expect(events.find((e) => e.action === "tender.deadline_extended")?.summary).toMatchObject({
      reason: "More time to reflect clarification CQ-004",
    });
    await processOutbox();
    const mail = sink.messages.filter((m) => m.subject === "Bid deadline changed: Extension test platform");
    expect(mail.map((m) => m.to).sort()).toEqual([alphaOne.email, alphaTwo.email, betaOne.email].sort());
    expect(mail[0].text).toContain("More time to reflect clarification CQ-004");
  });

  it("may bring the deadline forward before any bid exists, but not once one does", async () => {
    const procurement = await interestedProcurement({ title: "Shortening test platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    const staff = asSignedIn(staffA);
    const input = async (days: number) =>
      DeadlineSchema.parse({
        procurementVersion: String((await reload(procurement.id)).version),
        deadline: toLondonLocal(daysFromNow(days)),
        deadlineReason: "Timetable change",
      });
    ok(await changeBidDeadline(staff, procurement, await input(27)));
    const tender = (await findTender(procurement.id))!;
    await db()
      .insert(bids)
      .values({ tenderId: tender.id, organisationId: alpha.id, reviewedVersion: 0, createdByUserId: alphaOne.id });
    const before = (await reload(procurement.id)).bidDeadline;
    const shorter = await changeBidDeadline(staff, procurement, await input(24));
    expect(shorter).toEqual({
      ok: false,
      fieldErrors: { deadline: expect.stringContaining("cannot be brought forward") },
    });
    expect((await reload(procurement.id)).bidDeadline).toEqual(before);
    ok(await changeBidDeadline(staff, procurement, await input(35)));

    const beforeClarifications = await changeBidDeadline(staff, procurement, await input(15));
    expect(beforeClarifications).toEqual({
      ok: false,
      fieldErrors: { deadline: expect.stringContaining("after clarification questions close") },
    });
    const past = await changeBidDeadline(staff, procurement, await input(-1));
    expect(past).toEqual({ ok: false, fieldErrors: { deadline: "The new deadline must be in the future" } });
  });

  it("once the tender is published, the procurement's edit form cannot move the deadline", async () => {
    const procurement = await interestedProcurement({ title: "Edit form deadline platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    ok(
      await publishTender(asSignedIn(staffA), procurement, {
        version: await tenderVersion(procurement.id),
        reason: "",
      }),
    );
    const now = await reload(procurement.id);
    const form = (bidDeadline: Date | null) =>
      ProcurementSchema.parse({
        title: now.title,
        slug: now.slug,
        summary: now.summary,
        tenderPublishedAt: toLondonLocal(now.tenderPublishedAt),
        clarificationDeadline: toLondonLocal(now.clarificationDeadline),
        bidDeadline: toLondonLocal(bidDeadline),
        version: String(now.version),
      });
    const moved = await updateProcurement(asSignedIn(staffA), procurement.id, form(daysFromNow(35)));
    expect(moved).toEqual({ ok: false, fieldErrors: { bidDeadline: expect.stringContaining("tender page") } });
    expect((await reload(procurement.id)).bidDeadline).toEqual(now.bidDeadline);
    ok(await updateProcurement(asSignedIn(staffA), procurement.id, form(now.bidDeadline)));
    // Saved unchanged (the form has minutes only), the deadline keeps its exact instant.
    expect((await reload(procurement.id)).bidDeadline).toEqual(now.bidDeadline);
  });

  it("refuses a change made on a stale page, keeping what was typed", async () => {
    const procurement = await interestedProcurement({ title: "Stale deadline platform" });
    const cookie = await sessionCookieFor(staffA);
    await createTender(asSignedIn(staffA), procurement);
    await db()
      .update(procurements)
      .set({ version: procurement.version + 1 })
      .where(eq(procurements.id, procurement.id));
    const response = await portal.postForm(
      `/staff/procurements/${procurement.slug}/tender`,
      {
        intent: "deadline",
        procurementVersion: String(procurement.version),
        deadline: toLondonLocal(daysFromNow(50)),
        deadlineReason: "Typed on an old page",
      },
      { cookie },
    );
    expect(response.status).toBe(409);
    const html = await pageText(response);
    expect(html).toContain("Someone else changed this procurement");
    expect(html).toContain("Typed on an old page");
  });
});

describe("opening the bids", () => {
  it("is refused before the deadline, needs two different members of staff, and is audited", async () => {
    const procurement = await interestedProcurement({ title: "Opening test platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    const a = asSignedIn(staffA);
    const b = asSignedIn(staffB);
    ok(await publishTender(a, procurement, { version: await tenderVersion(procurement.id), reason: "" }));

    const early = await requestOpening(a, procurement, await tenderVersion(procurement.id));
    expect(early).toEqual({ ok: false, fieldErrors: { form: expect.stringContaining("only after the deadline") } });

    await db()
      .update(procurements)
      .set({ bidDeadline: daysFromNow(-0.01) })
      .where(eq(procurements.id, procurement.id));
    const closed = await reload(procurement.id);
    const frozen = await addSection(a, closed, {
      version: await tenderVersion(procurement.id),
      title: "Late",
      description: "",
    });
    expect(frozen).toEqual({ ok: false, fieldErrors: { form: expect.stringContaining("deadline has passed") } });
    ok(await requestOpening(a, closed, await tenderVersion(procurement.id)));
    const twice = await confirmOpening(a, closed, await tenderVersion(procurement.id));
    expect(twice).toEqual({ ok: false, fieldErrors: { form: expect.stringContaining("a different member of staff") } });
    const tender = (await findTender(procurement.id))!;
    expect(isTenderOpened(tender)).toBe(false);

    // The database refuses the same person too, whatever the code above it does.
    await expect(
      db().update(tenders).set({ openedByUserId: staffA.id, openedAt: new Date() }).where(eq(tenders.id, tender.id)),
    ).rejects.toThrow();

    // Either may cancel a pending request; it can then be asked again.
    ok(await cancelOpening(b, closed, await tenderVersion(procurement.id)));
    ok(await requestOpening(a, closed, await tenderVersion(procurement.id)));

    const cookieB = await sessionCookieFor(staffB);
    const before = await pageText(
      await portal.fetch(`/staff/procurements/${procurement.slug}/tender`, { cookie: cookieB }),
    );
    expect(before).toContain("Sam Requester asked to open the bids");
    expect(before).not.toContain("/tender/bids");
    const response = await portal.postForm(
      `/staff/procurements/${procurement.slug}/tender`,
      { intent: "confirm-opening", version: String(await tenderVersion(procurement.id)) },
      { cookie: cookieB },
    );
    expect(response.status).toBe(302);
    const opened = (await findTender(procurement.id))!;
    expect(isTenderOpened(opened)).toBe(true);
    expect(opened.openedByUserId).toBe(staffB.id);
    expect(opened.openingRequestedByUserId).toBe(staffA.id);
    const actions = (await auditEventsFor("tender", opened.id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["tender.opening_requested", "tender.opening_cancelled", "tender.opened"]),
    );
    const after = await pageText(
      await portal.fetch(`/staff/procurements/${procurement.slug}/tender`, { cookie: cookieB }),
    );
    expect(after).toContain(`/staff/procurements/${procurement.slug}/tender/bids`);
    expect(after).toContain("confirmed by Kit Confirmer");
    // Once opened, nothing about the tender changes.
    const edit = await publishTender(a, closed, { version: opened.version, reason: "Too late" });
    expect(edit.ok).toBe(false);
  });

  it("before opening staff see only how many organisations submitted, and how many tried after the deadline", async () => {
    const procurement = await interestedProcurement({ title: "Sealed count platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    ok(
      await publishTender(asSignedIn(staffA), procurement, {
        version: await tenderVersion(procurement.id),
        reason: "",
      }),
    );
    const tender = (await findTender(procurement.id))!;
    const [submitted] = await db()
      .insert(bids)
      .values([
        {
          tenderId: tender.id,
          organisationId: alpha.id,
          reviewedVersion: 1,
          createdByUserId: alphaOne.id,
          status: "submitted",
        },
        {
          tenderId: tender.id,
          organisationId: beta.id,
          reviewedVersion: 1,
          createdByUserId: betaOne.id,
          status: "draft",
        },
      ])
      .returning({ id: bids.id });
    // Counted from the submissions themselves, as the seal counts them.
    await db()
      .insert(bidSubmissions)
      .values({
        bidId: submitted.id,
        tenderId: tender.id,
        organisationId: alpha.id,
        sequence: 1,
        reference: `AIP-TEST-${submitted.id.slice(0, 8)}`,
        tenderVersion: 1,
        content: {},
        digest: "0".repeat(64),
        idempotencyKey: submitted.id,
        submittedByUserId: alphaOne.id,
        submittedAt: new Date(),
      });
    await db().insert(lateBidAttempts).values({
      tenderId: tender.id,
      organisationId: beta.id,
      userId: betaOne.id,
      attemptedAt: new Date(),
      deadline: new Date(),
    });
    const page = await pageText(
      await portal.fetch(`/staff/procurements/${procurement.slug}/tender`, { cookie: await sessionCookieFor(staffA) }),
    );
    expect(page).toContain("1 organisation has submitted a bid");
    expect(page).toContain("Late bids register");
    // Only an organisation with a bid can try too late: who tried is sealed like the bids.
    expect(page).toContain("1 attempt to submit a bid after the deadline was refused");
    expect(page).not.toContain("Beta Vision Ltd");
    expect(page).not.toContain("Bea Beta");
    expect(page).not.toContain("Alpha Imaging Ltd");
  });
});

describe("editing the questionnaire", () => {
  it("refuses a stale edit with a clear message and keeps what was typed", async () => {
    const procurement = await interestedProcurement({ title: "Stale edit platform" });
    const ids = await buildTender(procurement, { quality: 70, price: 30 });
    const version = String(await tenderVersion(procurement.id));
    const path = `/staff/procurements/${procurement.slug}/tender/questions/${ids.text}`;
    const form = (title: string) => ({
      intent: "save",
      version,
      kind: "text",
      title,
      guidance: "",
      required: "on",
      weight: "70",
      wordLimit: "600",
    });
    const first = await portal.postForm(path, form("First colleague's wording"), {
      cookie: await sessionCookieFor(staffA),
    });
    expect(first.status).toBe(302);
    const second = await portal.postForm(path, form("Second colleague's wording"), {
      cookie: await sessionCookieFor(staffB),
    });
    expect(second.status).toBe(409);
    const html = await pageText(second);
    expect(html).toContain("Someone else changed the tender while you were looking at it");
    expect(html).toContain("Second colleague&#x27;s wording");
    const tender = (await findTender(procurement.id))!;
    const [row] = await db()
      .select()
      .from(tenderVersions)
      .where(and(eq(tenderVersions.tenderId, tender.id)));
    expect(row).toBeUndefined();
    const page = await pageText(
      await portal.fetch(`/staff/procurements/${procurement.slug}/tender`, { cookie: await sessionCookieFor(staffA) }),
    );
    expect(page).toContain("First colleague&#x27;s wording");
  });

  it("staff reorder, rename and remove sections and questions; numbering follows, and every edit is audited", async () => {
    const procurement = await interestedProcurement({ title: "Reordering platform" });
    const staff = asSignedIn(staffA);
    const first = await buildTender(procurement, { quality: 70, price: 30 }, "Quality");
    const v = () => tenderVersion(procurement.id);
    const second = ok(
      await addSection(staff, procurement, { version: await v(), title: "Price", description: "" }),
    ).value;
    await newQuestion(procurement, second, "text", "Implementation plan");
    ok(await moveSection(staff, procurement, { version: await v(), itemId: second, direction: "up" }));
    ok(await moveQuestion(staff, procurement, { version: await v(), itemId: first.price, direction: "up" }));
    const atTop = await moveQuestion(staff, procurement, { version: await v(), itemId: first.price, direction: "up" });
    expect(atTop).toEqual({ ok: false, fieldErrors: { form: expect.stringContaining("already first") } });
    ok(await saveSection(staff, procurement, second, { version: await v(), title: "Delivery", description: "Plans" }));
    ok(await removeQuestion(staff, procurement, { version: await v(), itemId: first.text }));

    const tender = (await findTender(procurement.id))!;
    const numbered = (await currentQuestionnaire(db(), tender.id)).sections.map((s) => [
      s.number,
      s.title,
      s.questions.map((q) => `${q.number} ${q.title}`),
    ]);
    expect(numbered).toEqual([
      [1, "Delivery", ["1.1 Implementation plan"]],
      [2, "Quality", ["2.1 Price schedule"]],
    ]);

    const spare = await newQuestion(procurement, second, "text", "Spare");
    ok(await removeQuestion(staff, procurement, { version: await v(), itemId: spare }));
    // A removed question is gone from its page.
    const gone = await portal.fetch(`/staff/procurements/${procurement.slug}/tender/questions/${spare}`, {
      cookie: await sessionCookieFor(staffA),
    });
    expect(gone.status).toBe(404);

    const actions = (await auditEventsFor("tender_section", second)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["tender.section_added", "tender.section_moved", "tender.section_updated"]),
    );
    const questionActions = (await auditEventsFor("tender_question", first.text)).map((e) => e.action);
    expect(questionActions).toEqual(
      expect.arrayContaining(["tender.question_added", "tender.question_updated", "tender.question_removed"]),
    );
  });

  it("refuses file types outside the storage's list for a file question", async () => {
    const procurement = await interestedProcurement({ title: "File types platform" });
    const { section } = await buildTender(procurement, { quality: 70, price: 30 });
    const version = await tenderVersion(procurement.id);
    const id = ok(
      await addQuestion(asSignedIn(staffA), procurement, {
        version,
        sectionId: section,
        kind: "file",
        questionTitle: "Upload your clinical safety case report",
      }),
    ).value;
    const input = QuestionSchema.parse({
      version: String(await tenderVersion(procurement.id)),
      kind: "file",
      title: "Upload your clinical safety case report",
      weight: "0",
      allowedTypes: ["application/pdf", "application/x-msdownload"],
      maxMegabytes: "10",
    });
    const refused = await saveQuestion(asSignedIn(staffA), procurement, id, input);
    expect(refused).toEqual({ ok: false, fieldErrors: { allowedTypes: "Choose from the types of file listed" } });
  });

  it("shows hostile text escaped on the staff and public pages", async () => {
    const procurement = await interestedProcurement({ title: "Hostile text platform" });
    const staff = asSignedIn(staffA);
    await createTender(staff, procurement);
    const section = ok(
      await addSection(staff, procurement, {
        version: await tenderVersion(procurement.id),
        title: `Section ${SCRIPT}`,
        description: `Introduction ${SCRIPT}`,
      }),
    ).value;
    const q = await newQuestion(procurement, section, "text", `Question ${SCRIPT}`);
    await setQuestion(procurement, q, {
      kind: "text",
      title: `Question ${SCRIPT}`,
      guidance: `Guidance ${SCRIPT}`,
      weight: "100",
      wordLimit: "500",
    });
    ok(await publishTender(staff, procurement, { version: await tenderVersion(procurement.id), reason: "" }));
    for (const [path, cookie] of [
      [`/staff/procurements/${procurement.slug}/tender`, await sessionCookieFor(staffA)],
      [`/staff/procurements/${procurement.slug}/tender/questions/${q}`, await sessionCookieFor(staffA)],
      [`/procurements/${procurement.slug}/tender`, undefined],
    ] as const) {
      const response = await portal.fetch(path, { cookie });
      expect(response.status).toBe(200);
      const html = await pageText(response);
      expect(html).not.toContain(SCRIPT);
      expect(html).toContain(ESCAPED);
    }
  });
});

describe("tender documents", () => {
  it("uploads a document; suppliers download it once published, with a safe name", async () => {
    const procurement = await interestedProcurement({ title: "Documents test platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    const cookie = await sessionCookieFor(staffA);
    const upload = async (bytes: Buffer, filename: string) => {
      const body = new FormData();
      body.set("intent", "add-document");
      body.set("version", String(await tenderVersion(procurement.id)));
      body.set("documentKind", "specification");
      body.set("documentTitle", "Specification");
      body.set("file", new Blob([new Uint8Array(bytes)]), filename);
      return portal.fetch(`/staff/procurements/${procurement.slug}/tender`, { method: "POST", body, cookie });
    };
    const renamed = await upload(Buffer.from("MZ\u0090\u0000 not a pdf at all"), "specification.pdf");
    expect(renamed.status).toBe(400);
    expect(await pageText(renamed)).toContain("must be a PDF");

    const pdf = simplePdf(["Specification", "4.2 Results as DICOM SR"]);
    expect((await upload(pdf, 'spec "final"\u202e.pdf')).status).toBe(302);
    const staffPage = await pageText(await portal.fetch(`/staff/procurements/${procurement.slug}/tender`, { cookie }));
    const link = /href="(\/procurements\/[^"]+\/tender\/documents\/[0-9a-f-]{36})"/.exec(staffPage)?.[1];
    expect(link).toBeDefined();

    // Before publication only staff may download it.
    expect((await portal.fetch(link!, { cookie: await sessionCookieFor(alphaOne) })).status).toBe(404);
    expect((await portal.fetch(link!)).status).toBe(404);
    const staffCopy = await portal.fetch(link!, { cookie });
    expect(staffCopy.status).toBe(200);
    await staffCopy.arrayBuffer();

    ok(
      await publishTender(asSignedIn(staffA), procurement, {
        version: await tenderVersion(procurement.id),
        reason: "",
      }),
    );
    const download = await portal.fetch(link!, { cookie: await sessionCookieFor(alphaOne) });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("x-content-type-options")).toContain("nosniff");
    const disposition = download.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect(disposition).not.toContain("\u202e");
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    const publicPage = await pageText(await portal.fetch(`/procurements/${procurement.slug}/tender`));
    expect(publicPage).toContain(link!);
  });
});

describe("withdrawing a document", () => {
  it("an amendment leaves a removed document out; the version that had it still lists it", async () => {
    const procurement = await interestedProcurement({ title: "Withdrawn document platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    const staff = asSignedIn(staffA);
    const pdf = simplePdf(["Draft contract, first issue"]);
    const file = { ...(await storeFile(pdf)), contentType: "application/pdf", filename: "draft-contract.pdf" };
    const documentId = ok(
      await addDocument(staff, procurement, {
        version: await tenderVersion(procurement.id),
        documentKind: "draft_contract",
        documentTitle: "Draft contract",
        file,
      }),
    ).value;
    ok(await publishTender(staff, procurement, { version: await tenderVersion(procurement.id), reason: "" }));
    ok(await removeDocument(staff, procurement, { version: await tenderVersion(procurement.id), itemId: documentId }));
    const amended = ok(
      await publishTender(staff, procurement, {
        version: await tenderVersion(procurement.id),
        reason: "The draft contract is withdrawn; a new one follows",
      }),
    );
    expect(amended.number).toBe(2);
    const published = await publishedTender(procurement);
    expect(published?.latest.questionnaire.documents).toEqual([]);
    const tender = (await findTender(procurement.id))!;
    const [first] = await db()
      .select()
      .from(tenderVersions)
      .where(and(eq(tenderVersions.tenderId, tender.id), eq(tenderVersions.number, 1)));
    expect((first.questionnaire as PublishedQuestionnaire).documents.map((d) => d.title)).toEqual(["Draft contract"]);
    // What a supplier was given stays downloadable: the record of what they bid against.
    const download = await portal.fetch(`/procurements/${procurement.slug}/tender/documents/${documentId}`, {
      cookie: await sessionCookieFor(alphaOne),
    });
    expect(download.status).toBe(200);
    await download.arrayBuffer();
    expect((await auditEventsFor("tender_document", documentId)).map((e) => e.action)).toEqual([
      "tender.document_added",
      "tender.document_removed",
    ]);
  });
});

describe("the demo tender", () => {
  it("publishes a realistic tender, quality 70 and price 30, with real PDF documents", async () => {
    const procurement = await createProcurement({ title: "Demo tender platform" });
    await db().transaction((tx) => seedTender(tx, { procurementId: procurement.id, staffId: staffA.id }));
    const tender = (await findTender(procurement.id))!;
    expect(tender.publishedVersion).toBe(1);
    const [version] = await db().select().from(tenderVersions).where(eq(tenderVersions.tenderId, tender.id));
    const questionnaire = version.questionnaire as PublishedQuestionnaire;
    expect(weightSummary(allQuestions(questionnaire))).toEqual({ quality: 70, price: 30, total: 100 });
    expect(questionnaire.sections.map((s) => s.title)).toEqual(
      expect.arrayContaining([
        "Clinical safety",
        "Interoperability with PACS",
        "Post-market surveillance and model drift",
      ]),
    );
    expect(questionnaire.documents).toHaveLength(3);
    const page = await pageText(await portal.fetch(`/procurements/${procurement.slug}/tender`));
    expect(page).toContain("IHE AI Results");
    const document = await portal.fetch(
      `/procurements/${procurement.slug}/tender/documents/${questionnaire.documents[0].id}`,
    );
    expect(document.status).toBe(200);
    expect(
      Buffer.from(await document.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });
});

describe("the evaluation method", () => {
  const builder = (slug: string) => `/staff/procurements/${slug}/tender`;
  async function postMethod(procurement: Procurement, fields: Record<string, string>) {
    return portal.postForm(
      builder(procurement.slug),
      { intent: "evaluation-method", version: String(await tenderVersion(procurement.id)), ...fields },
      { cookie: await sessionCookieFor(staffA) },
    );
  }
  async function rulesRow(procurementId: string) {
    const tender = (await findTender(procurementId))!;
    const [row] = await db().select().from(evaluationRules).where(eq(evaluationRules.tenderId, tender.id));
    return row;
  }

  it("staff set the scale, tie-break and justification length before publishing, audited", async () => {
    const procurement = await interestedProcurement({ title: "Method set platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    const tender = (await findTender(procurement.id))!;
    // Until staff set it, the defaults apply and the form starts from them.
    const before = await pageText(
      await portal.fetch(builder(procurement.slug), { cookie: await sessionCookieFor(staffA) }),
    );
    expect(before).toContain("Evaluation method");
    expect(before).toContain('value="50"');

    const response = await postMethod(procurement, { scaleMax: "10", tieBreak: "price", justificationMinChars: "120" });
    expect(response.status).toBe(302);
    expect(await rulesRow(procurement.id)).toMatchObject({
      scaleMax: 10,
      tieBreak: "price",
      justificationMinChars: 120,
    });
    const again = await postMethod(procurement, { scaleMax: "5", tieBreak: "price", justificationMinChars: "80" });
    expect(again.status).toBe(302);
    expect(await rulesRow(procurement.id)).toMatchObject({ scaleMax: 5, tieBreak: "price", justificationMinChars: 80 });
    const events = (await auditEventsFor("tender", tender.id)).filter(
      (e) => e.action === "tender.evaluation_method_set",
    );
    expect(events.map((e) => e.summary)).toEqual([
      { before: null, after: { scaleMax: 10, tieBreak: "price", justificationMinChars: 120 } },
      {
        before: { scaleMax: 10, tieBreak: "price", justificationMinChars: 120 },
        after: { scaleMax: 5, tieBreak: "price", justificationMinChars: 80 },
      },
    ]);
  });

  it("re-renders bad values with field errors and what was entered", async () => {
    const procurement = await interestedProcurement({ title: "Method errors platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    const tooLong = await postMethod(procurement, { scaleMax: "10", tieBreak: "price", justificationMinChars: "600" });
    expect(tooLong.status).toBe(400);
    const html = await pageText(tooLong);
    expect(html).toContain("nhsuk-error-summary");
    expect(html).toContain("Enter the minimum justification length between 20 and 500");
    expect(html).toContain('value="600"');
    expect(html).toMatch(/name="scaleMax" type="radio" checked="" value="10"/);
    expect(html).toMatch(/name="tieBreak" type="radio" checked="" value="price"/);

    const wrong = await postMethod(procurement, { scaleMax: "7", tieBreak: "coin toss", justificationMinChars: "5" });
    expect(wrong.status).toBe(400);
    const wrongHtml = await pageText(wrong);
    expect(wrongHtml).toContain("Choose the highest score on the scale: 4, 5 or 10");
    expect(wrongHtml).toContain("Choose how equal totals are decided");
    expect(wrongHtml).toContain("Enter the minimum justification length between 20 and 500");
    expect(wrongHtml).toContain('value="5"');
    expect(await rulesRow(procurement.id)).toBeUndefined();
  });

  it("is fixed once the tender is published: a change is refused and the page says so", async () => {
    const procurement = await interestedProcurement({ title: "Method fixed platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    expect(
      (await postMethod(procurement, { scaleMax: "5", tieBreak: "quality", justificationMinChars: "60" })).status,
    ).toBe(302);
    ok(
      await publishTender(asSignedIn(staffA), procurement, {
        version: await tenderVersion(procurement.id),
        reason: "",
      }),
    );

    const refused = await postMethod(procurement, { scaleMax: "10", tieBreak: "price", justificationMinChars: "30" });
    expect(refused.status).toBe(409);
    expect(await pageText(refused)).toContain("The tender has been published with its evaluation method");
    expect(await rulesRow(procurement.id)).toMatchObject({
      scaleMax: 5,
      tieBreak: "quality",
      justificationMinChars: 60,
    });
    const tender = (await findTender(procurement.id))!;
    expect(
      (await auditEventsFor("tender", tender.id)).filter((e) => e.action === "tender.evaluation_method_set"),
    ).toHaveLength(1);
    const page = await pageText(
      await portal.fetch(builder(procurement.slug), { cookie: await sessionCookieFor(staffA) }),
    );
    expect(page).toContain("fixed when the tender was published");
    expect(page).not.toContain("Save the evaluation method");
  });

  it("tells bidders on the tender page how bids will be evaluated, and the ranking applies that tie-break", async () => {
    const procurement = await interestedProcurement({ title: "Method stated platform" });
    await buildTender(procurement, { quality: 70, price: 30 });
    await postMethod(procurement, { scaleMax: "5", tieBreak: "price", justificationMinChars: "75" });
    ok(
      await publishTender(asSignedIn(staffA), procurement, {
        version: await tenderVersion(procurement.id),
        reason: "",
      }),
    );

    const page = await pageText(await portal.fetch(`/procurements/${procurement.slug}/tender`));
    for (const text of [
      "How bids will be evaluated",
      "a consensus fail on any of them excludes the bid",
      "Each evaluator scores each quality question from 0 to 5, independently",
      "at least 75 characters",
      "0: Unacceptable",
      "5: Excellent",
      "a moderator sees all the marks side by side",
      "the agreed score ÷ 5 × its weight",
      "the lowest compliant total price ÷ the bid&#x27;s total price × the price weight",
      "of bids with equal totals, the one with the lower total price ranks higher",
    ]) {
      expect(page).toContain(text);
    }

    // Equal totals of 86: A by quality (5/5 of 70, 16 of 30 on price), B by price (4/5 of 70, all 30).
    const rules = await rulesFor((await findTender(procurement.id))!.id);
    const questions = [
      { id: "q", number: "1.1", title: "Quality", kind: "text" as const, weight: 70 },
      { id: "p", number: "1.2", title: "Price", kind: "price" as const, weight: 30 },
    ];
    const bid = (label: string, score: number, pence: number) => ({
      bidId: label,
      label,
      consensus: { q: { score, pass: null, rationale: "Agreed" } },
      priceTotals: { p: pence },
    });
    const ranked = rankBids({
      questions,
      bids: [bid("Bidder A", 5, 187_500), bid("Bidder B", 4, 100_000)],
      scaleMax: rules.scaleMax,
      tieBreak: rules.tieBreak,
    });
    expect(ranked.map((r) => [r.label, r.rank, r.total.toFixed(2)])).toEqual([
      ["Bidder B", 1, "86.00"],
      ["Bidder A", 2, "86.00"],
    ]);
  });
});
