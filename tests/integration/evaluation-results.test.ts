// Results, award and the documents: a scored and moderated tender is ranked, staff record the award
// (standstill date stored), send every bidder its own assessment summary (once, however often they
// press), and the scoring pack and the summaries read back from their PDFs hold every mark and
// rationale they should, and no other bidder's name.
import { eq } from "drizzle-orm";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor } from "../../app/audit/audit.server";
import { keyAuditChain } from "../../app/audit/linking.server";
import { todayInUk } from "../../app/evaluation/award.server";
import { renderScoringPackPdfOffThread } from "../../app/evaluation/evaluation-pdf.server";
import { evaluationResults } from "../../app/evaluation/results.server";
import { standstillEndsOn } from "../../app/evaluation/standstill";
import type { Procurement } from "../../app/procurements/procurements.server";
import { db } from "../../db/client.server";
import {
  awards,
  conflictDeclarations,
  evaluationScores,
  evaluatorAssignments,
  moderatedScores,
  outboxMessages,
  procurements,
} from "../../db/schema";
import {
  asSignedIn,
  createOpenedTenderWithBids,
  createOrganisation,
  createProcurement,
  createUser,
  sessionCookieFor,
  type TestUser,
} from "../factories";
import { processOutbox } from "../../emails/outbox.server";
import { syntheticScoringPack } from "../bench/scoring-pack-data";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startTestPortal, type FormFields, type TestPortal } from "../setup/portal";
import { startSmtpSink } from "../setup/smtp-sink";
import { newestAnchor } from "../support/audit-anchors";

const testDb = await useTestDatabase();
let portal: TestPortal;

const ORGS = { alpha: "Alpha Radiology Ltd", beta: "Beta Vision Ltd", gamma: "Gamma Scans Ltd" } as const;
type Org = keyof typeof ORGS;

let procurement: Procurement;
let staff: TestUser;
let admin: TestUser;
let evaluators: TestUser[];
let people: Record<Org, TestUser[]>;
let outsider: TestUser;
let bidIds: Record<Org, string>;
let tenderId: string;
let secondSectionId: string;
let questions: { passFail: string; text: string; file: string; price: string; social: string };
let cookies: Record<string, string>;
/** The evaluation panel, assigned before the award: both evaluators, every section. */
let panel: (typeof evaluatorAssignments.$inferSelect)[];

// Scores per organisation: pass/fail, 1.2 written, 1.3 file, 2.1 social value. Gamma fails 1.1.
const CONSENSUS: Record<Org, { pass: boolean; text: number; file: number; social: number }> = {
  alpha: { pass: true, text: 4, file: 3, social: 3 },
  beta: { pass: true, text: 3, file: 2, social: 2 },
  gamma: { pass: false, text: 2, file: 2, social: 1 },
};

// Tokens without hyphens or spaces, so that a line break in the PDF cannot split one.
const justification = (org: Org, q: string, e: number) => `JUSTIFY_${org}_${q}_E${e} refers to the bid's answer.`;
const rationale = (org: Org, q: string) => `RATIONALE_${org}_${q} agreed at moderation after discussion.`;

async function pdfText(response: Response): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, " ");
  } finally {
    await parser.destroy();
  }
}

async function pdfTextOf(base64: string): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.from(base64, "base64")) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, " ");
  } finally {
    await parser.destroy();
  }
}

function get(path: string, as: string) {
  return portal.fetch(path, { cookie: cookies[as] });
}

function post(path: string, fields: FormFields, as = "staff") {
  return portal.postForm(path, fields, { cookie: cookies[as] });
}

const ranking = () => `/staff/procurements/${procurement.slug}/evaluation/ranking`;

beforeAll(async () => {
  // Keyed as a server keys it at start, so that the anchors below are of the events recorded here.
  await keyAuditChain();
  portal = await startTestPortal();
  const orgs = {
    alpha: await createOrganisation({ legalName: ORGS.alpha }),
    beta: await createOrganisation({ legalName: ORGS.beta }),
    gamma: await createOrganisation({ legalName: ORGS.gamma }),
  };
  const nonBidder = await createOrganisation({ legalName: "Delta Did Not Bid Ltd" });
  staff = await createUser({ role: "staff", totp: true, name: "Sam Staff" });
  admin = await createUser({ role: "admin", totp: true, name: "Ada Admin" });
  evaluators = [
    await createUser({ role: "evaluator", totp: true, name: "Evan Evaluator" }),
    await createUser({ role: "evaluator", totp: true, name: "Erin Evaluator" }),
  ];
  people = {
    alpha: [
      await createUser({ role: "supplier", organisationId: orgs.alpha.id, name: "Al One" }),
      await createUser({ role: "supplier", organisationId: orgs.alpha.id, name: "Al Two" }),
    ],
    beta: [await createUser({ role: "supplier", organisationId: orgs.beta.id, name: "Bea One" })],
    gamma: [await createUser({ role: "supplier", organisationId: orgs.gamma.id, name: "Gus One" })],
  };
  outsider = await createUser({ role: "supplier", organisationId: nonBidder.id, name: "Del Outsider" });
  const created = await createProcurement({ slug: "results-procurement", title: "Results test procurement" });
  procurement = created;
  const tender = await createOpenedTenderWithBids(
    procurement.id,
    staff.id,
    (Object.keys(ORGS) as Org[]).map((org) => ({
      organisationId: orgs[org].id,
      userId: people[org][0].id,
      text: `${ORGS[org]} answer`,
    })),
  );
  tenderId = tender.tender.id;
  secondSectionId = tender.sections.second;
  const byOrg = new Map(tender.bids.map((b) => [b.organisationId, b.bidId]));
  bidIds = { alpha: byOrg.get(orgs.alpha.id)!, beta: byOrg.get(orgs.beta.id)!, gamma: byOrg.get(orgs.gamma.id)! };
  questions = {
    passFail: tender.questions.passFail.id,
    text: tender.questions.text.id,
    file: tender.questions.file.id,
    price: tender.questions.price.id,
    social: tender.socialValue.id,
  };

  // Evaluator 2 declares a conflict with Gamma and does not score it.
  const marked = [
    ["1.1", questions.passFail],
    ["1.2", questions.text],
    ["1.3", questions.file],
    ["2.1", questions.social],
  ] as const;
  for (const org of Object.keys(ORGS) as Org[]) {
    for (const [e, evaluator] of evaluators.entries()) {
      const conflict = org === "gamma" && e === 1;
      await db()
        .insert(conflictDeclarations)
        .values({
          tenderId: tender.tender.id,
          bidId: bidIds[org],
          evaluatorUserId: evaluator.id,
          hasConflict: conflict,
          details: conflict ? "Worked for Gamma until last year" : "",
        });
      if (conflict) continue;
      for (const [number, questionId] of marked) {
        const c = CONSENSUS[org];
        await db()
          .insert(evaluationScores)
          .values({
            tenderId: tender.tender.id,
            bidId: bidIds[org],
            questionId,
            evaluatorUserId: evaluator.id,
            ...(number === "1.1"
              ? { pass: c.pass, score: null }
              : {
                  score: Math.max(0, (number === "1.2" ? c.text : number === "1.3" ? c.file : c.social) - e),
                  pass: null,
                }),
            justification: justification(org, number.replace(".", ""), e + 1),
            submittedAt: new Date(),
          });
      }
    }
    for (const [number, questionId] of marked) {
      const c = CONSENSUS[org];
      await db()
        .insert(moderatedScores)
        .values({
          tenderId: tender.tender.id,
          bidId: bidIds[org],
          questionId,
          ...(number === "1.1"
            ? { pass: c.pass, score: null }
            : { score: number === "1.2" ? c.text : number === "1.3" ? c.file : c.social, pass: null }),
          rationale: rationale(org, number.replace(".", "")),
          moderatorUserId: staff.id,
        });
    }
  }
  panel = await db()
    .insert(evaluatorAssignments)
    .values(evaluators.map((e) => ({ tenderId, evaluatorUserId: e.id, sectionIds: null, assignedByUserId: staff.id })))
    .returning();
  cookies = {
    staff: await sessionCookieFor(staff),
    admin: await sessionCookieFor(admin),
    evaluator: await sessionCookieFor(evaluators[0]),
    alpha: await sessionCookieFor(people.alpha[0]),
    beta: await sessionCookieFor(people.beta[0]),
    gamma: await sessionCookieFor(people.gamma[0]),
    outsider: await sessionCookieFor(outsider),
  };
});

afterAll(async () => {
  await portal?.close();
});

describe("ranking", () => {
  it("ranks on the moderated consensus, excludes a failed pass or fail question with its reason", async () => {
    const results = await evaluationResults(asSignedIn(staff), procurement);
    const byId = new Map(results.ranked.map((r) => [r.bidId, r]));
    expect(byId.get(bidIds.alpha)?.rank).toBe(1);
    expect(byId.get(bidIds.beta)?.rank).toBe(2);
    expect(byId.get(bidIds.gamma)?.rank).toBeNull();
    expect(byId.get(bidIds.gamma)?.excluded?.reason).toBe(rationale("gamma", "11"));
    // 1.2 weight 50 at 4/4, 1.3 weight 20 at 3/4, price 30 at the lowest price.
    expect(byId.get(bidIds.alpha)?.total).toBeCloseTo(50 + 15 + 30, 5);
  });

  it("shows staff and admins the ranking with the methodology; evaluators and suppliers are refused", async () => {
    const page = await get(ranking(), "staff");
    const html = await page.text();
    expect(page.status).toBe(200);
    for (const text of [ORGS.alpha, ORGS.beta, ORGS.gamma, "95.00", "Excluded", "Tie-break", "lowest compliant"]) {
      expect(html).toContain(text);
    }
    // The award form starts with the top-ranked bid and today's date in the UK.
    expect(html).toContain(`value="${todayInUk()}"`);
    expect((await get(ranking(), "admin")).status).toBe(200);
    expect((await get(ranking(), "evaluator")).status).toBe(403);
    expect((await get(ranking(), "beta")).status).toBe(403);
  });
});

describe("before the summaries are sent", () => {
  it("gives bidders a 404 for their summary, page and PDF", async () => {
    for (const suffix of ["", ".pdf"]) {
      const response = await get(`/procurements/${procurement.slug}/assessment-summary${suffix}`, "beta");
      expect(response.status).toBe(404);
    }
  });

  it("refuses to send summaries before an award is decided", async () => {
    const response = await post(ranking(), { intent: "send-summaries" });
    expect(response.status).toBe(409);
    expect(await db().select().from(outboxMessages).where(eq(outboxMessages.template, "assessment-summary"))).toEqual(
      [],
    );
  });
});

describe("the award", () => {
  it("refuses an excluded bid as the winner", async () => {
    const response = await post(ranking(), {
      intent: "award",
      bidId: bidIds.gamma,
      rationale: "Gamma is not ranked, so this must be refused.",
      noticeDate: todayInUk(),
    });
    expect(response.status).toBe(409);
    expect(await db().select().from(awards)).toEqual([]);
  });

  it("refuses a notice date that is not a real date, before the bids were opened, or over a year ahead", async () => {
    const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    for (const [noticeDate, status] of [
      ["2027-02-30", 400],
      ["not a date", 400],
      [yesterday, 409],
      ["2031-01-06", 409],
    ] as const) {
      const response = await post(ranking(), {
        intent: "award",
        bidId: bidIds.alpha,
        rationale: "Highest total on the moderated scores; passes every gate.",
        noticeDate,
      });
      expect(response.status, noticeDate).toBe(status);
      expect(await response.text()).toContain("nhsuk-error-summary");
    }
    expect(await db().select().from(awards)).toEqual([]);
  });

  it("records the winner, the reasons and the notice date, with the standstill end, audited; once", async () => {
    const noticeDate = todayInUk();
    const response = await post(ranking(), {
      intent: "award",
      bidId: bidIds.alpha,
      rationale: "Highest total on the moderated scores; passes every gate.",
      noticeDate,
    });
    expect(response.status).toBe(302);
    const [award] = await db().select().from(awards);
    expect(award.bidId).toBe(bidIds.alpha);
    expect(award.noticeDate).toBe(noticeDate);
    expect(award.standstillEndsOn).toBe(standstillEndsOn(noticeDate));
    const events = await auditEventsFor("award", award.id);
    expect(events.map((e) => e.action)).toEqual(["award.decided"]);
    // The decision is anchored outside the database once it has committed.
    expect(await newestAnchor()).toMatchObject({ seq: events[0].seq, reason: `award.decided ${procurement.id}` });

    const again = await post(ranking(), {
      intent: "award",
      bidId: bidIds.beta,
      rationale: "A second decision must not replace the first.",
      noticeDate,
    });
    expect(again.status).toBe(409);
    expect(await db().select().from(awards)).toHaveLength(1);
  });

  it("keeps the consensus marks the award rests on: the page offers no change, the server and the database refuse one", async () => {
    const moderation = `/staff/procurements/${procurement.slug}/evaluation/bids/${bidIds.beta}`;
    const page = await get(moderation, "staff");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("The consensus marks below are final");
    expect(html).not.toContain("Change the consensus");

    const before = await db().select().from(moderatedScores).where(eq(moderatedScores.bidId, bidIds.beta));
    const changed = await post(moderation, {
      intent: "consensus",
      questionId: questions.text,
      version: "1",
      mark: "4",
      rationale: "Raised after the award: this must be refused whatever it says about the bid.",
    });
    expect(changed.status).toBe(409);
    expect(await changed.text()).toContain("The award has been decided");
    await expect(
      testDb.query("update moderated_scores set score = 4 where bid_id = $1", [bidIds.beta]),
    ).rejects.toThrow(/frozen/);
    expect(await db().select().from(moderatedScores).where(eq(moderatedScores.bidId, bidIds.beta))).toEqual(before);
  });

  it("keeps the panel the award rests on: the page offers no change, the server and the database refuse one", async () => {
    const evaluation = `/staff/procurements/${procurement.slug}/evaluation`;
    const page = await get(evaluation, "staff");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("The award has been decided: the panel is final.");
    expect(html).toContain("Evan Evaluator");
    expect(html).not.toContain('name="intent" value="remove"');
    expect(html).not.toContain("Change sections");
    expect(html).not.toContain("Assign the evaluator");

    const panelNow = () => db().select().from(evaluatorAssignments).where(eq(evaluatorAssignments.tenderId, tenderId));
    const before = await panelNow();
    expect(before.filter((a) => a.removedAt === null)).toHaveLength(2);

    const removed = await post(evaluation, { intent: "remove", assignmentId: panel[0].id });
    expect(removed.status).toBe(409);
    expect(await removed.text()).toContain("The award has been decided: the panel can no longer change");
    const newcomer = await createUser({ role: "evaluator", totp: true, name: "Nia Newcomer" });
    const added = await post(evaluation, { intent: "assign", evaluatorId: newcomer.id, scope: "all" });
    expect(added.status).toBe(409);
    expect(await added.text()).toContain("The award has been decided: the panel can no longer change");
    // Nor does an evaluator's sections change.
    const sections = await post(
      evaluation,
      new URLSearchParams([
        ["intent", "sections"],
        ["assignmentId", panel[1].id],
        ["scope", "sections"],
        ["sectionIds", secondSectionId],
      ]),
    );
    expect(sections.status).toBe(409);
    expect(await sections.text()).toContain("the panel can no longer change");

    // The database refuses the same, whoever asks.
    await expect(
      testDb.query("update evaluator_assignments set removed_at = now() where id = $1", [panel[0].id]),
    ).rejects.toThrow(/panel is final/);
    await expect(
      testDb.query(
        "insert into evaluator_assignments (tender_id, evaluator_user_id, assigned_by_user_id) values ($1, $2, $3)",
        [tenderId, newcomer.id, staff.id],
      ),
    ).rejects.toThrow(/panel is final/);
    await expect(testDb.query("delete from evaluator_assignments where id = $1", [panel[1].id])).rejects.toThrow(
      /panel is final/,
    );
    expect(await panelNow()).toEqual(before);
    expect(await auditEventsFor("tender", tenderId)).not.toContainEqual(
      expect.objectContaining({ action: "evaluation.evaluator_removed" }),
    );
  });
});

describe("sending the assessment summaries", () => {
  it("emails every bidding organisation's people their own summary, once however often pressed, and sets the stage dates", async () => {
    // Two presses at once, then a third: one set of emails.
    const presses = await Promise.all([
      post(ranking(), { intent: "send-summaries" }),
      post(ranking(), { intent: "send-summaries" }),
    ]);
    expect(presses.map((r) => r.status)).toEqual([302, 302]);
    expect((await post(ranking(), { intent: "send-summaries" })).status).toBe(302);

    const mail = await db().select().from(outboxMessages).where(eq(outboxMessages.template, "assessment-summary"));
    const expected = Object.values(people)
      .flat()
      .map((p) => p.email)
      .sort();
    expect(mail.map((m) => m.to).sort()).toEqual(expected);

    for (const org of Object.keys(ORGS) as Org[]) {
      const others = (Object.keys(ORGS) as Org[]).filter((o) => o !== org).map((o) => ORGS[o]);
      for (const person of people[org]) {
        const message = mail.find((m) => m.to === person.email)!;
        expect(message.text).toContain(ORGS[org]);
        expect(message.attachments).toHaveLength(1);
        const text = await pdfTextOf(message.attachments[0].content);
        expect(text).toContain(ORGS[org]);
        for (const other of others) {
          expect(message.html).not.toContain(other);
          expect(text, `${org}'s summary names ${other}`).not.toContain(other);
        }
      }
    }

    const [award] = await db().select().from(awards);
    expect(award.summariesSentAt).not.toBeNull();
    expect((await auditEventsFor("award", award.id)).map((e) => e.action)).toEqual([
      "award.decided",
      "award.summaries_sent",
    ]);
    expect(await newestAnchor()).toMatchObject({
      seq: (await auditEventsFor("award", award.id))[1].seq,
      reason: `award.summaries_sent ${procurement.id}`,
    });
    const [stages] = await db().select().from(procurements).where(eq(procurements.id, procurement.id));
    expect(stages.awardAt).not.toBeNull();
    expect(stages.standstillEndsAt?.getTime()).toBeGreaterThan(stages.awardAt!.getTime());
  });
});

describe("delivery", () => {
  it("sends each summary email over SMTP with the bidder's own summary attached as a PDF", async () => {
    const sink = await startSmtpSink();
    updateTestConfig({ smtpUrl: sink.url });
    try {
      await processOutbox();
      const mail = await sink.waitForMessage(
        (m) => m.to === people.beta[0].email.toLowerCase() && m.subject.startsWith("Assessment summary"),
      );
      expect(mail.text).toContain(`/procurements/${procurement.slug}/assessment-summary`);
      const [attachment] = mail.parsed.attachments;
      expect(attachment.contentType).toBe("application/pdf");
      const text = await pdfTextOf(attachment.content.toString("base64"));
      expect(text).toContain(ORGS.beta);
      expect(text).not.toContain(ORGS.alpha);
    } finally {
      await sink.close();
    }
  });
});

describe("the assessment summary", () => {
  it("gives a losing bidder its own scores and reasons and the winning bid's, naming no other bidder", async () => {
    const page = await get(`/procurements/${procurement.slug}/assessment-summary`, "beta");
    const html = await page.text();
    const pdf = await get(`/procurements/${procurement.slug}/assessment-summary.pdf`, "beta");
    expect(page.status).toBe(200);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const text = await pdfText(pdf);
    for (const body of [html, text]) {
      expect(body).toContain(ORGS.beta);
      for (const q of ["11", "12", "13", "21"]) {
        expect(body).toContain(rationale("beta", q));
        expect(body).toContain(rationale("alpha", q));
      }
      expect(body).toContain("3 out of 4"); // Beta's 1.2
      expect(body).toContain("4 out of 4"); // the winning bid's 1.2
      expect(body).toContain(standstillDateText());
      expect(body).not.toContain(ORGS.alpha);
      expect(body).not.toContain(ORGS.gamma);
      expect(body).not.toContain(rationale("gamma", "12"));
      expect(body).not.toContain("JUSTIFY_");
      // Another bidder's price (the lowest compliant one) is not given: only the formula.
      expect(body).not.toContain("Lowest compliant price");
      expect(body).toContain("Scored by formula");
    }
  });

  it("tells an excluded bidder why, and the successful bidder it won", async () => {
    const gamma = await (await get(`/procurements/${procurement.slug}/assessment-summary`, "gamma")).text();
    expect(gamma).toContain("Excluded");
    expect(gamma).toContain(rationale("gamma", "11"));
    const alpha = await (await get(`/procurements/${procurement.slug}/assessment-summary`, "alpha")).text();
    expect(alpha).toContain("Successful");
  });

  it("is linked from the bidder's dashboard", async () => {
    const html = await (await get("/supplier", "beta")).text();
    expect(html).toContain(`/procurements/${procurement.slug}/assessment-summary`);
  });

  it("gives a 404 to a supplier whose organisation did not bid, and 403 to other roles", async () => {
    expect((await get(`/procurements/${procurement.slug}/assessment-summary`, "outsider")).status).toBe(404);
    expect((await get(`/procurements/${procurement.slug}/assessment-summary.pdf`, "outsider")).status).toBe(404);
    expect((await get(`/procurements/${procurement.slug}/assessment-summary`, "staff")).status).toBe(403);
    expect((await get(`/procurements/${procurement.slug}/assessment-summary`, "evaluator")).status).toBe(403);
  });
});

describe("the scoring pack", () => {
  it("holds every individual mark and justification, every consensus and rationale, the register and the award", async () => {
    const response = await get(`/procurements/${procurement.slug}/scoring-pack.pdf`, "staff");
    expect(response.status).toBe(200);
    const text = await pdfText(response);
    const html = await (await get(`/procurements/${procurement.slug}/scoring-pack`, "staff")).text();
    for (const body of [text, html]) {
      expect(body).toContain("OFFICIAL-SENSITIVE: COMMERCIAL");
      for (const org of Object.keys(ORGS) as Org[]) {
        expect(body).toContain(ORGS[org]);
        for (const q of ["11", "12", "13", "21"]) {
          expect(body).toContain(rationale(org, q));
          for (const e of [1, 2]) {
            if (org === "gamma" && e === 2) expect(body).not.toContain(justification(org, q, e));
            else expect(body).toContain(justification(org, q, e));
          }
        }
      }
      expect(body).toContain("Worked for Gamma until last year");
      expect(body).toContain("Erin Evaluator (conflict declared)");
      expect(body).toContain("Highest total on the moderated scores; passes every gate.");
      expect(body).toContain("Award decided");
      expect(body).toContain("Assessment summaries sent");
    }
    // The marking is on every page: once in each header and footer, and on the cover.
    const parser = new PDFParse({
      data: new Uint8Array(
        await (await get(`/procurements/${procurement.slug}/scoring-pack.pdf`, "admin")).arrayBuffer(),
      ),
    });
    try {
      const result = await parser.getText();
      expect(result.pages.length).toBeGreaterThan(3);
      // The contents on the cover give the page each section starts on.
      expect(result.pages[0].text.replace(/\s+/g, " ")).toMatch(/Scores by bid \d+/);
      for (const page of result.pages)
        expect(page.text.match(/OFFICIAL-SENSITIVE: COMMERCIAL/g)?.length).toBeGreaterThanOrEqual(2);
    } finally {
      await parser.destroy();
    }
  });

  it("is for staff and admins only: evaluators and suppliers are refused", async () => {
    for (const path of ["scoring-pack", "scoring-pack.pdf"]) {
      expect((await get(`/procurements/${procurement.slug}/${path}`, "admin")).status).toBe(200);
      expect((await get(`/procurements/${procurement.slug}/${path}`, "evaluator")).status).toBe(403);
      expect((await get(`/procurements/${procurement.slug}/${path}`, "alpha")).status).toBe(403);
    }
  });

  it("keeps answering other requests while several packs render", async () => {
    // Order, not a stopwatch: three different packs of 4 to 6 bids (a second or more of work each) are asked
    // for first, then a page; the page comes back before any pack is done.
    const finished: string[] = [];
    const packs = [1, 2, 3].map((i) => {
      const pack = syntheticScoringPack(3 + i, 10, 3);
      return renderScoringPackPdfOffThread(pack).then((pdf) => {
        finished.push(`pack ${i}`);
        return pdf;
      });
    });
    const other = await get("/procurements", "beta");
    await other.text();
    finished.push("other page");
    expect(other.status).toBe(200);
    for (const pdf of await Promise.all(packs)) expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(finished[0]).toBe("other page");
    // Seconds of rendering each, on two cores shared with another test file: a generous ceiling.
  }, 180_000);
});

function standstillDateText() {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(standstillEndsOn(todayInUk())),
  );
}
