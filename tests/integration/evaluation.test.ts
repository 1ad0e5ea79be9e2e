// Evaluation up to consensus: the panel by section, conflict declarations for each bidding
// organisation by name before any bid content (through the seal and over HTTP), bids by label only
// and none before every organisation is declared, a declared conflict removing the bid, blind and anonymised
// marking, justifications, optimistic locking, submission (complete, idempotent, frozen even
// against SQL), moderation only once all have submitted, spreads flagged, consensus beside the
// untouched individual marks, and the audit rows.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignedInUser } from "../../app/auth/guards.server";
import { bidsForEvaluator, evaluatorBidFile, evaluatorSubmission } from "../../app/bids/sealed.server";
import { labelledBidders } from "../../app/evaluation/bidders.server";
import { assignEvaluator, removeEvaluator } from "../../app/evaluation/panel-assignment.server";
import { db } from "../../db/client.server";
import { auditEvents, evaluationScores, evaluatorAssignments, moderatedScores, procurements } from "../../db/schema";
import {
  asSignedIn,
  createOpenedTenderWithBids,
  createOrganisation,
  createProcurement,
  createUser,
  daysFromNow,
  sessionCookieFor,
  type TestUser,
} from "../factories";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

const testDb = await useTestDatabase();
let portal: TestPortal;

const ALPHA = "Alpha Unmistakable Imaging Ltd";
const BETA = "Beta Unmistakable Vision Ltd";
const ALPHA_TEXT = "Alpha's answer: our clinical safety officer signs every hazard log entry";
const BETA_TEXT = "Beta's answer: DCB0129 hazard workshops with each trust before go-live";
const JUSTIFY = (who: string) =>
  `${who}: the bid names a clinical safety officer and a hazard log, but gives no detail of DCB0160 support`;

type Persona = "staff" | "staffToo" | "amy" | "ben" | "cat" | "dan" | "eve";
let people: Record<Persona, TestUser>;
let cookies: Record<Persona, string>;
let slug: string;
let scene: Awaited<ReturnType<typeof createOpenedTenderWithBids>>;
let alphaBid: string;
let betaBid: string;
let alphaOrganisationId: string;
let betaOrganisationId: string;
const labels: Record<string, string> = {};

const me = (p: Persona): SignedInUser => asSignedIn(people[p]);

beforeAll(async () => {
  portal = await startTestPortal();
  const alpha = await createOrganisation({ legalName: ALPHA });
  const beta = await createOrganisation({ legalName: BETA });
  alphaOrganisationId = alpha.id;
  betaOrganisationId = beta.id;
  const [staff, staffToo, amy, ben, cat, dan, eve, alice, bea] = await Promise.all([
    createUser({ role: "staff", totp: true, name: "Sam Staff" }),
    createUser({ role: "staff", totp: true, name: "Sue Staff" }),
    createUser({ role: "evaluator", totp: true, name: "Amy Assessor" }),
    createUser({ role: "evaluator", totp: true, name: "Ben Bench" }),
    createUser({ role: "evaluator", totp: true, name: "Cat Sectional" }),
    createUser({ role: "evaluator", totp: true, name: "Dan Conflicted" }),
    createUser({ role: "evaluator", totp: true, name: "Eve Unassigned" }),
    createUser({ role: "supplier", organisationId: alpha.id }),
    createUser({ role: "supplier", organisationId: beta.id }),
  ]);
  people = { staff, staffToo, amy, ben, cat, dan, eve };
  cookies = Object.fromEntries(
    await Promise.all(Object.entries(people).map(async ([k, u]) => [k, await sessionCookieFor(u)])),
  ) as Record<Persona, string>;
  const procurement = await createProcurement({ bidDeadline: daysFromNow(-1) });
  slug = procurement.slug;
  scene = await createOpenedTenderWithBids(procurement.id, staff.id, [
    {
      organisationId: alpha.id,
      userId: alice.id,
      text: ALPHA_TEXT,
      unitPrices: { licence: "1000", onboarding: "68000.00" },
    },
    { organisationId: beta.id, userId: bea.id, text: BETA_TEXT },
  ]);
  [alphaBid, betaBid] = scene.bids.map((b) => b.bidId);
  for (const b of await labelledBidders(me("staff"), scene.tender)) labels[b.bidId] = b.label;
});

afterAll(async () => {
  await portal.close();
});

const get = async (who: Persona, path: string) => {
  const response = await portal.fetch(path, { cookie: cookies[who] });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
};
const post = async (who: Persona, path: string, fields: Record<string, string | string[]>) => {
  const pairs: [string, string][] = Object.entries(fields).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]],
  );
  const response = await portal.postForm(path, pairs, { cookie: cookies[who] });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
};
const panelPath = () => `/staff/procurements/${slug}/evaluation`;
const tenderPath = () => `/evaluation/${slug}`;
const bidPath = (bidId: string) => `/evaluation/${slug}/bids/${bidId}`;
const moderationPath = (bidId: string) => `/staff/procurements/${slug}/evaluation/bids/${bidId}`;
const declare = (who: Persona, organisationId: string, hasConflict: "yes" | "no", details = "") =>
  post(who, tenderPath(), { organisationId, hasConflict, details });
/** The part of the evaluator's tender page after the declarations, as rendered: the bids by label. */
const labelledList = (html: string) => html.slice(html.indexOf("Bids to mark"), html.indexOf("</main>"));
const saveMark = (
  who: Persona,
  bidId: string,
  questionId: string,
  mark: string,
  justification: string,
  version = "0",
) => post(who, bidPath(bidId), { intent: "save", questionId, version, mark, justification });
const audits = (action: string) => db().select().from(auditEvents).where(eq(auditEvents.action, action));

describe("the panel", () => {
  it("assigns evaluators to every section or to chosen ones, refuses a second assignment, and audits each", async () => {
    const assigned = await post("staff", panelPath(), { intent: "assign", evaluatorId: people.amy.id, scope: "all" });
    expect(assigned.status).toBe(302);
    for (const who of ["ben", "dan"] as const) {
      expect(
        (await post("staff", panelPath(), { intent: "assign", evaluatorId: people[who].id, scope: "all" })).status,
      ).toBe(302);
    }
    const sectional = await post("staff", panelPath(), {
      intent: "assign",
      evaluatorId: people.cat.id,
      scope: "sections",
      sectionIds: [scene.sections.second],
    });
    expect(sectional.status).toBe(302);
    const [cat] = await db()
      .select()
      .from(evaluatorAssignments)
      .where(eq(evaluatorAssignments.evaluatorUserId, people.cat.id));
    expect(cat.sectionIds).toEqual([scene.sections.second]);

    const again = await post("staff", panelPath(), { intent: "assign", evaluatorId: people.amy.id, scope: "all" });
    expect(again.status).toBe(409);
    expect(again.html).toContain("is already on the panel");
    const noSections = await post("staff", panelPath(), {
      intent: "assign",
      evaluatorId: people.eve.id,
      scope: "sections",
    });
    expect(noSections.status).toBe(400);
    expect(noSections.html).toContain("Choose at least one section");
    const notEvaluator = await assignEvaluator(me("staff"), await procurementRow(), {
      evaluatorId: people.staffToo.id,
      scope: "all",
      sectionIds: [],
    });
    expect(notEvaluator.ok).toBe(false);
    expect(await audits("evaluation.evaluator_assigned")).toHaveLength(4);

    const page = await get("staff", panelPath());
    expect(page.status).toBe(200);
    expect(page.html).toContain("Amy Assessor");
    expect(page.html).toContain("2. Social value");
    // The bidder mapping, for staff only.
    expect(page.html).toContain(ALPHA);
    expect(page.html).toContain(labels[alphaBid]);
  });

  it("lists the tenders an evaluator is on, and 404s a tender they are not on", async () => {
    const dashboard = await get("amy", "/evaluator");
    expect(dashboard.html).toContain(`/evaluation/${slug}`);
    expect((await get("eve", "/evaluator")).html).not.toContain(`/evaluation/${slug}`);
    expect((await get("eve", tenderPath())).status).toBe(404);
    expect((await get("eve", bidPath(alphaBid))).status).toBe(404);
    await expect(bidsForEvaluator(me("eve"), scene.tender)).rejects.toMatchObject({ status: 404 });
    await expect(evaluatorSubmission(me("eve"), scene.tender, alphaBid)).rejects.toMatchObject({ status: 404 });
  });
});

describe("declarations", () => {
  it("lists the bidding organisations by name, alphabetically, with a form keyed by organisation, and no bid", async () => {
    const page = await get("amy", tenderPath());
    expect(page.status).toBe(200);
    expect(page.html.indexOf(ALPHA)).toBeGreaterThan(-1);
    expect(page.html.indexOf(BETA)).toBeGreaterThan(page.html.indexOf(ALPHA));
    expect(page.html).toContain("declared for every bidder");
    for (const hidden of [alphaBid, betaBid, "Bidder A", "Bidder B"]) expect(page.html).not.toContain(hidden);
    const form = await get("amy", `${tenderPath()}?declare=${alphaOrganisationId}`);
    expect(form.html).toContain(`Do you have a conflict of interest with ${ALPHA}?`);
    expect(form.html).toMatch(new RegExp(`name="organisationId"[^>]*value="${alphaOrganisationId}"`));
    for (const hidden of [alphaBid, betaBid]) expect(form.html).not.toContain(hidden);
  });

  it("shows nothing of a bid before the declarations, through the seal or over HTTP", async () => {
    expect(await evaluatorSubmission(me("amy"), scene.tender, alphaBid)).toEqual({ declared: false });
    expect(await bidsForEvaluator(me("amy"), scene.tender)).toEqual({ declaredForAll: false });
    const sha = await bidFileSha(alphaBid);
    await expect(evaluatorBidFile(me("amy"), scene.tender, alphaBid, sha)).rejects.toMatchObject({ status: 404 });
    const page = await get("amy", bidPath(alphaBid));
    expect(page.status).toBe(403);
    expect(page.html).toContain("Declare for every bidder first");
    expect(page.html).not.toContain(ALPHA_TEXT);
    expect(page.html).not.toContain(labels[alphaBid]);
    const saved = await saveMark("amy", alphaBid, scene.questions.text.id, "3", JUSTIFY("Amy"));
    expect(saved.status).toBe(403);
    expect(await db().select().from(evaluationScores)).toHaveLength(0);
  });

  it("requires details with a conflict, refuses a bid id for an organisation, and keeps a declaration final", async () => {
    const missing = await declare("dan", alphaOrganisationId, "yes");
    expect(missing.status).toBe(400);
    expect(missing.html).toContain("Describe the conflict of interest");
    expect((await declare("dan", alphaBid, "no")).status).toBe(404);
    const declared = await declare(
      "dan",
      alphaOrganisationId,
      "yes",
      "I advised this bidder on its safety case in 2025",
    );
    expect(declared.status).toBe(302);
    expect(declared.location).toBe(tenderPath());
    const again = await declare("dan", alphaOrganisationId, "no");
    expect(again.status).toBe(409);
    expect(again.html).toContain("a declaration is final");
    const [audit] = await audits("evaluation.conflict_declared");
    expect(audit).toMatchObject({ subjectId: alphaBid });
    expect(audit.summary).toMatchObject({
      label: labels[alphaBid],
      organisationId: alphaOrganisationId,
      hasConflict: true,
    });
    expect(await audits("evaluation.conflict_declared")).toHaveLength(1);
  });

  it("shows no bid content, and no labelled list, until every bidding organisation is declared", async () => {
    const first = await declare("amy", alphaOrganisationId, "no");
    expect(first.status).toBe(302);
    // Back to the list, never to the bid: which bid opened would name it.
    expect(first.location).toBe(tenderPath());
    expect(await evaluatorSubmission(me("amy"), scene.tender, alphaBid)).toEqual({ declared: false });
    expect(await bidsForEvaluator(me("amy"), scene.tender)).toEqual({ declaredForAll: false });
    await expect(evaluatorBidFile(me("amy"), scene.tender, alphaBid, await bidFileSha(alphaBid))).rejects.toMatchObject(
      { status: 404 },
    );
    const page = await get("amy", bidPath(alphaBid));
    expect(page.status).toBe(403);
    expect(page.html).not.toContain(ALPHA_TEXT);
    const list = await get("amy", tenderPath());
    for (const hidden of [alphaBid, betaBid, "Bidder A", "Bidder B"]) expect(list.html).not.toContain(hidden);

    const last = await declare("amy", betaOrganisationId, "no");
    expect(last.status).toBe(302);
    expect(last.location).toBe(tenderPath());
    const read = await evaluatorSubmission(me("amy"), scene.tender, alphaBid);
    expect(read.declared).toBe(true);
    const after = await get("amy", tenderPath());
    expect(after.html).toContain(bidPath(alphaBid));
    expect(after.html).toContain(bidPath(betaBid));
  });

  it("takes a conflicted bid away from that evaluator, and puts the declaration in the staff register", async () => {
    // Dan has declared only for Alpha: nothing of Beta's bid either, yet.
    expect(await evaluatorSubmission(me("dan"), scene.tender, betaBid)).toEqual({ declared: false });
    expect((await declare("dan", betaOrganisationId, "no")).status).toBe(302);
    await expect(evaluatorSubmission(me("dan"), scene.tender, alphaBid)).rejects.toMatchObject({ status: 404 });
    expect((await get("dan", bidPath(alphaBid))).status).toBe(404);
    expect((await evaluatorSubmission(me("dan"), scene.tender, betaBid)).declared).toBe(true);
    const list = await get("dan", tenderPath());
    expect(list.html).toContain("Conflict declared");
    expect(list.html).not.toContain(alphaBid);
    expect(list.html).not.toContain(labels[alphaBid]);
    expect(labelledList(list.html)).toContain(labels[betaBid]);
    const register = await get("staff", panelPath());
    expect(register.html).toContain("Conflicts register");
    expect(register.html).toContain("I advised this bidder on its safety case in 2025");
    expect(register.html).toContain("Dan Conflicted");
  });
});

describe("marking", () => {
  it("shows the evaluator names on the declaration list, but none on the labelled list or a bid page", async () => {
    const read = await evaluatorSubmission(me("amy"), scene.tender, alphaBid);
    expect(read.declared).toBe(true);
    const serialised = JSON.stringify(read);
    expect(serialised).toContain(ALPHA_TEXT);
    expect(serialised).not.toContain(alphaOrganisationId);
    expect(serialised).not.toContain(scene.bids[0].reference);
    for (const bidId of [alphaBid, betaBid]) {
      const page = await get("amy", bidPath(bidId));
      expect(page.status).toBe(200);
      for (const hidden of [ALPHA, BETA, alphaOrganisationId, ...scene.bids.map((b) => b.reference)]) {
        expect(page.html).not.toContain(hidden);
      }
      expect(page.html).toContain(labels[bidId]);
    }
    const list = await get("amy", tenderPath());
    expect(list.html).toContain(ALPHA);
    expect(list.html).toContain(BETA);
    const labelled = labelledList(list.html);
    expect(labelled).toContain(labels[alphaBid]);
    expect(labelled).toContain(labels[betaBid]);
    for (const hidden of [ALPHA, BETA, alphaOrganisationId, betaOrganisationId]) expect(labelled).not.toContain(hidden);
  });

  it("shows an evaluator only the questions of their sections", async () => {
    expect((await declare("cat", alphaOrganisationId, "no")).status).toBe(302);
    expect((await declare("cat", betaOrganisationId, "no")).status).toBe(302);
    const read = await evaluatorSubmission(me("cat"), scene.tender, alphaBid);
    if (!read.declared) throw new Error("declared");
    expect(read.submission.answers.map((a) => a.questionId)).toEqual([scene.socialValue.id]);
    expect(read.submission.files).toEqual([]);
    const page = await get("cat", bidPath(alphaBid));
    expect(page.html).toContain(`Social value of ${ALPHA_TEXT}`.replaceAll("'", "&#x27;"));
    expect(page.html).not.toContain(scene.questions.text.title);
    const outside = await saveMark("cat", alphaBid, scene.questions.text.id, "3", JUSTIFY("Cat"));
    expect(outside.status).toBe(404);
  });

  it("shows a file question's answer as its files, not as unanswered", async () => {
    const page = await get("amy", bidPath(alphaBid));
    const start = page.html.indexOf(`id="question-${scene.questions.file.id}"`);
    expect(start).toBeGreaterThan(-1);
    const fileQuestion = page.html.slice(start, page.html.indexOf("</section>", start));
    // Named by label for the evaluator: the bidder's own file name could name the bidder.
    expect(fileQuestion).toContain(`${labels[alphaBid]} – 1.3 – file 1.pdf`);
    expect(fileQuestion).toContain(`href="${bidPath(alphaBid)}/files/${scene.bids[0].fileSha256}"`);
    expect(fileQuestion).toMatch(/\d+(\.\d+)? (bytes|KB|MB)/);
    expect(fileQuestion).not.toContain("Not answered");
  });

  it("refuses a short justification with a field error and keeps what was typed", async () => {
    const page = await saveMark("amy", alphaBid, scene.questions.text.id, "3", "Too short to justify");
    expect(page.status).toBe(400);
    expect(page.html).toContain("must be at least 50 characters");
    expect(page.html).toContain("Too short to justify");
    expect(await db().select().from(evaluationScores)).toHaveLength(0);
  });

  it("shows price for information but never takes a mark for it", async () => {
    const page = await get("amy", bidPath(alphaBid));
    expect(page.html).toContain("price is scored by formula");
    // As money, with the unit once, whether the buyer wrote "year" or "per trust".
    const text = page.html.replaceAll("<!-- -->", "");
    expect(text).toContain("Platform licence: £1,000.00 per year");
    expect(text).toContain("Trust onboarding: £68,000.00 per trust");
    expect(text).not.toContain("per per");
    expect(text).toContain("Total: £683,000.00");
    expect((await saveMark("amy", alphaBid, scene.questions.price.id, "3", JUSTIFY("Amy"))).status).toBe(404);
  });

  it("saves a draft, and tells a second save from an out-of-date form without losing its text", async () => {
    expect((await saveMark("amy", alphaBid, scene.questions.text.id, "3", JUSTIFY("Amy first"))).status).toBe(302);
    const stale = await saveMark("amy", alphaBid, scene.questions.text.id, "1", JUSTIFY("Amy stale"));
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("in another window");
    expect(stale.html).toContain(JUSTIFY("Amy stale"));
    expect(stale.html).toContain(JUSTIFY("Amy first"));
    const newer = await saveMark("amy", alphaBid, scene.questions.text.id, "4", JUSTIFY("Amy second"), "1");
    expect(newer.status).toBe(302);
    const [row] = await marksOf("amy", alphaBid, scene.questions.text.id);
    expect(row).toMatchObject({ score: 4, version: 2, submittedAt: null });
  });

  it("submits only when every assigned question is marked, once, then freezes the marks", async () => {
    const early = await post("amy", bidPath(alphaBid), { intent: "submit" });
    expect(early.status).toBe(409);
    expect(early.html).toContain("Mark every question before you submit");
    expect(await audits("evaluation.scores_submitted")).toHaveLength(0);
    expect((await saveMark("amy", alphaBid, scene.questions.passFail.id, "pass", JUSTIFY("Amy pass"))).status).toBe(
      302,
    );
    expect((await saveMark("amy", alphaBid, scene.questions.file.id, "2", JUSTIFY("Amy file"))).status).toBe(302);
    expect((await saveMark("amy", alphaBid, scene.socialValue.id, "4", JUSTIFY("Amy social"))).status).toBe(302);
    const [first, second] = await Promise.all([
      post("amy", bidPath(alphaBid), { intent: "submit" }),
      post("amy", bidPath(alphaBid), { intent: "submit" }),
    ]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(await audits("evaluation.scores_submitted")).toHaveLength(1);
    const rows = await marksOf("amy", alphaBid);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.submittedAt !== null)).toBe(true);

    const late = await saveMark("amy", alphaBid, scene.questions.text.id, "0", JUSTIFY("Amy late"), "2");
    expect(late.status).toBe(409);
    expect(late.html).toContain("can no longer change");
    await expect(
      testDb.query("update evaluation_scores set score = 0 where evaluator_user_id = $1", [people.amy.id]),
    ).rejects.toThrow(/frozen/);
    await expect(
      testDb.query("delete from evaluation_scores where evaluator_user_id = $1", [people.amy.id]),
    ).rejects.toThrow(/kept/);
    expect((await marksOf("amy", alphaBid, scene.questions.text.id))[0].score).toBe(4);
  });

  it("never shows one evaluator another's marks or justifications", async () => {
    expect((await declare("ben", alphaOrganisationId, "no")).status).toBe(302);
    expect((await declare("ben", betaOrganisationId, "no")).status).toBe(302);
    for (const path of [tenderPath(), bidPath(alphaBid), `${bidPath(alphaBid)}?question=${scene.questions.text.id}`]) {
      const page = await get("ben", path);
      expect(page.status).toBe(200);
      for (const text of ["Amy first", "Amy second", "Amy pass", "Amy social", "Amy Assessor"]) {
        expect(page.html).not.toContain(text);
      }
    }
    const read = await evaluatorSubmission(me("ben"), scene.tender, alphaBid);
    expect(JSON.stringify(read)).not.toContain("Amy");
  });
});

describe("moderation", () => {
  it("waits until every evaluator who should mark the bid has submitted", async () => {
    const page = await get("staff", moderationPath(alphaBid));
    expect(page.status).toBe(200);
    expect(page.html).toContain("Still to submit");
    expect(page.html).toContain("Ben Bench");
    expect(page.html).toContain("Cat Sectional");
    // Dan declared a conflict: he is not waited for.
    expect(page.html).not.toContain("Dan Conflicted");
    // Drafts are not shown to anyone, staff included.
    const refused = await post("staff", moderationPath(alphaBid), {
      intent: "consensus",
      questionId: scene.questions.text.id,
      version: "0",
      mark: "3",
      rationale: JUSTIFY("Consensus"),
    });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("Moderation opens once every evaluator");
    expect(await db().select().from(moderatedScores)).toHaveLength(0);
  });

  it("flags a spread of 2 or more and records the consensus beside the untouched individual marks", async () => {
    for (const [question, mark] of [
      [scene.questions.passFail.id, "pass"],
      [scene.questions.text.id, "1"],
      [scene.questions.file.id, "2"],
      [scene.socialValue.id, "3"],
    ] as const) {
      expect((await saveMark("ben", alphaBid, question, mark, JUSTIFY(`Ben ${mark}`))).status).toBe(302);
    }
    expect((await post("ben", bidPath(alphaBid), { intent: "submit" })).status).toBe(302);
    expect((await saveMark("cat", alphaBid, scene.socialValue.id, "4", JUSTIFY("Cat social"))).status).toBe(302);
    expect((await post("cat", bidPath(alphaBid), { intent: "submit" })).status).toBe(302);

    const page = await get("staff", moderationPath(alphaBid));
    expect(page.html).not.toContain("Still to submit");
    expect(page.html).toContain("Scores differ by 2 or more: discuss");
    for (const text of [JUSTIFY("Amy second"), JUSTIFY("Ben 1"), JUSTIFY("Cat social")]) {
      expect(page.html).toContain(text.replaceAll("'", "&#x27;"));
    }

    const consensus = (rationale: string, version = "0") =>
      post("staffToo", moderationPath(alphaBid), {
        intent: "consensus",
        questionId: scene.questions.text.id,
        version,
        mark: "3",
        rationale,
      });
    const short = await consensus("Agreed.");
    expect(short.status).toBe(400);
    expect(short.html).toContain("at least 50 characters");
    expect((await consensus(JUSTIFY("Consensus"))).status).toBe(302);
    const stale = await consensus(JUSTIFY("Consensus again"));
    expect(stale.status).toBe(409);
    expect(stale.html).toContain(JUSTIFY("Consensus again").replaceAll("'", "&#x27;"));
    const [moderated] = await db().select().from(moderatedScores);
    expect(moderated).toMatchObject({ score: 3, bidId: alphaBid, questionId: scene.questions.text.id, version: 1 });
    expect((await marksOf("amy", alphaBid, scene.questions.text.id))[0].score).toBe(4);
    expect((await marksOf("ben", alphaBid, scene.questions.text.id))[0].score).toBe(1);
    const after = await get("staff", moderationPath(alphaBid));
    expect(after.html).toContain("Sue Staff");
    expect(after.html).toContain(JUSTIFY("Ben 1").replaceAll("'", "&#x27;"));
    expect(await audits("moderation.consensus_agreed")).toHaveLength(1);
  });

  it("shows staff each evaluator's progress per bid", async () => {
    expect(
      (await post("staff", panelPath(), { intent: "assign", evaluatorId: people.eve.id, scope: "all" })).status,
    ).toBe(302);
    const page = await get("staff", panelPath());
    expect(page.html).toContain("Progress by evaluator");
    expect(page.html).toContain("Submitted");
    expect(page.html).toContain("Not declared");
    expect(page.html).not.toContain("other bidders not declared");

    // Declared for one bidder of two, Eve still cannot read either bid: not shown as marking.
    expect((await declare("eve", alphaOrganisationId, "no")).status).toBe(302);
    const partly = await get("staff", panelPath());
    expect(partly.html).toContain("No conflict; other bidders not declared");
    expect(partly.html).toContain("Not declared");
  });

  it("changes the sections an evaluator marks in place, audited, a repeat changing nothing", async () => {
    const [eve] = await db()
      .select()
      .from(evaluatorAssignments)
      .where(eq(evaluatorAssignments.evaluatorUserId, people.eve.id));
    expect(eve.sectionIds).toBeNull();
    const form = await get("staff", `${panelPath()}?change=${eve.id}`);
    expect(form.html).toContain("Change the sections Eve Unassigned marks");

    const unknown = await post("staff", panelPath(), {
      intent: "sections",
      assignmentId: eve.id,
      scope: "sections",
      sectionIds: [randomUUID()],
    });
    expect(unknown.status).toBe(409);
    expect(unknown.html).toContain("Choose sections of this tender");

    const change = { intent: "sections", assignmentId: eve.id, scope: "sections", sectionIds: [scene.sections.second] };
    expect((await post("staff", panelPath(), change)).status).toBe(302);
    expect((await post("staff", panelPath(), change)).status).toBe(302);
    const [changed] = await db().select().from(evaluatorAssignments).where(eq(evaluatorAssignments.id, eve.id));
    expect(changed.sectionIds).toEqual([scene.sections.second]);
    const [audit, ...more] = await audits("evaluation.evaluator_sections_changed");
    expect(more).toEqual([]);
    expect(audit.summary).toMatchObject({ from: null, to: [scene.sections.second] });
    // Eve now marks only the social value question: what her tender page counts.
    const panel = await get("staff", panelPath());
    expect(panel.html).toMatch(
      /Eve Unassigned<br\/><span class="nhsuk-body-s">[^<]*<\/span><\/td><td class="nhsuk-table__cell">2\. Social value/,
    );
  });

  it("removes an evaluator from the panel: their tender is gone, their submitted marks stay", async () => {
    const [assignment] = await db()
      .select()
      .from(evaluatorAssignments)
      .where(and(eq(evaluatorAssignments.evaluatorUserId, people.cat.id)));
    const removed = await post("staff", panelPath(), { intent: "remove", assignmentId: assignment.id });
    expect(removed.status).toBe(302);
    expect((await get("cat", tenderPath())).status).toBe(404);
    expect((await removeEvaluator(me("staff"), await procurementRow(), assignment.id)).ok).toBe(false);
    expect(await marksOf("cat", alphaBid)).toHaveLength(1);
    expect(await audits("evaluation.evaluator_removed")).toHaveLength(1);
  });
});

async function marksOf(who: Persona, bidId: string, questionId?: string) {
  return db()
    .select()
    .from(evaluationScores)
    .where(
      and(
        eq(evaluationScores.evaluatorUserId, people[who].id),
        eq(evaluationScores.bidId, bidId),
        questionId ? eq(evaluationScores.questionId, questionId) : undefined,
      ),
    );
}

async function bidFileSha(bidId: string) {
  const [row] = await testDb.query<{ sha: string }>(
    "select content->'files'->0->>'sha256' as sha from bid_submissions where bid_id = $1",
    [bidId],
  );
  return row.sha;
}

async function procurementRow() {
  const [row] = await db().select().from(procurements).where(eq(procurements.slug, slug));
  return row;
}
