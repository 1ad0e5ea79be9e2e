// Clarification questions: the deadline, identifying-text flags, four eyes, numbering under
// concurrent publishing, digests, private answers, access rules, and that the asker's identity never
// reaches another supplier (log page, CSV, PDF, emails), before or after an amendment.
import { eq } from "drizzle-orm";
import { PDFParse } from "pdf-parse";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditEventsFor } from "../../app/audit/audit.server";
import { askQuestion, withdrawQuestion } from "../../app/clarifications/asking.server";
import { sendDueClarificationDigests } from "../../app/clarifications/digests.server";
import {
  approveAnswer,
  assignToMe,
  rejectQuestion,
  returnToDrafter,
  saveDraft,
} from "../../app/clarifications/drafting.server";
import { clarificationLog } from "../../app/clarifications/log.server";
import { approveAmendment, proposeAmendment, publishAnswer } from "../../app/clarifications/publishing.server";
import { findIdentifyingText } from "../../app/clarifications/identifying-text";
import { AmendAnswerSchema, AskQuestionSchema, DraftAnswerSchema } from "../../app/clarifications/schema";
import { advanceClock, releaseClock, stopClock } from "../../app/clock.server";
import { registerInterest } from "../../app/procurements/procurements.server";
import { db } from "../../db/client.server";
import { clarificationQuestions } from "../../db/schema";
import { processOutbox } from "../../emails/outbox.server";
import {
  asSignedIn,
  createOrganisation,
  createProcurement,
  createUser,
  sessionCookieFor,
  type TestProcurement,
  type TestUser,
} from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink";

const testDb = await useTestDatabase();
let portal: TestPortal;
let sink: SmtpSink;

// The asking organisation: everything here identifies it and must never reach another supplier.
const ASKER = {
  legalName: "Quillfeather Radiology Systems Ltd",
  tradingNames: "QRS Imaging, Quillfeather AI",
  companiesHouseNumber: "09876543",
  contactPhone: "0161 496 0123",
  website: "https://qrs-imaging.example.com",
  person: "Morwenna Askwith",
  email: "morwenna.askwith@qrs-imaging.example.com",
};
const SECRETS = [
  ASKER.legalName,
  "Quillfeather",
  "QRS Imaging",
  ASKER.companiesHouseNumber,
  ASKER.contactPhone,
  "qrs-imaging",
  ASKER.person,
  "Askwith",
];

let staffA: TestUser;
let staffB: TestUser;
let evaluator: TestUser;
let admin: TestUser;
let asker: TestUser;
let colleague: TestUser;
let rival: TestUser;
let outsider: TestUser;
let procurement: TestProcurement;

beforeAll(async () => {
  portal = await startTestPortal();
  sink = await startSmtpSink();
  updateTestConfig({ smtpUrl: sink.url });
  procurement = await createProcurement({ title: "Clarification test platform" });
  const alpha = await createOrganisation({
    legalName: ASKER.legalName,
    tradingNames: ASKER.tradingNames,
    companiesHouseNumber: ASKER.companiesHouseNumber,
    contactPhone: ASKER.contactPhone,
    website: ASKER.website,
    contactName: ASKER.person,
    contactEmail: ASKER.email,
  });
  const beta = await createOrganisation({ legalName: "Beta Vision Ltd" });
  [staffA, staffB, evaluator, admin, asker, colleague, rival, outsider] = await Promise.all([
    createUser({ role: "staff", totp: true, name: "Dana Drafter" }),
    createUser({ role: "staff", totp: true, name: "Rory Reviewer" }),
    createUser({ role: "evaluator", totp: true }),
    createUser({ role: "admin", totp: true }),
    createUser({ role: "supplier", organisationId: alpha.id, name: ASKER.person, email: ASKER.email }),
    createUser({ role: "supplier", organisationId: alpha.id, name: "Colin Colleague" }),
    createUser({ role: "supplier", organisationId: beta.id, name: "Bea Rival" }),
    createUser({ role: "supplier", name: "Oscar Outsider" }),
  ]);
  await registerInterest(asSignedIn(asker), procurement.id);
  await registerInterest(asSignedIn(rival), procurement.id);
});

afterAll(async () => {
  await portal.close();
  await sink.close();
});

const ask = (overrides: Record<string, string> = {}) =>
  AskQuestionSchema.parse({
    subject: "Results format",
    body: "Must AI results be returned as DICOM SR following the IHE AI Results profile?",
    documentRef: "Specification",
    sectionRef: "4.2",
    ...overrides,
  });

type Flow = {
  procurement?: TestProcurement;
  body?: string;
  published?: string;
  answer?: string;
  confirm?: string[];
  confidential?: { reason: string; decision: "accepted" | "refused" };
};

/** Asks (as the asker), drafts (staff A) and approves (staff B): ready to publish. */
async function approvedQuestion(flow: Flow = {}) {
  const p = flow.procurement ?? procurement;
  const asked = await askQuestion(
    asSignedIn(asker),
    p,
    ask({
      body: flow.body ?? "Must AI results be returned as DICOM SR?",
      ...(flow.confidential ? { confidential: "on", confidentialReason: flow.confidential.reason } : {}),
    }),
  );
  if (!asked.ok) throw new Error(JSON.stringify(asked.fieldErrors));
  const id = asked.questionId;
  const version = async () =>
    (await db().select().from(clarificationQuestions).where(eq(clarificationQuestions.id, id)))[0].version;
  expect((await assignToMe(asSignedIn(staffA), p, id, await version())).ok).toBe(true);
  const drafted = await saveDraft(
    asSignedIn(staffA),
    p,
    id,
    DraftAnswerSchema.parse({
      anonymisedQuestion: flow.published ?? "Must AI results be returned as DICOM SR?",
      answer: flow.answer ?? "Yes, as DICOM SR conforming to IHE AIR.",
      confirmFlags: flow.confirm ?? [],
      confidentialRequested: flow.confidential ? "on" : "",
      confidentialDecision: flow.confidential?.decision,
      confidentialDecisionNote: flow.confidential ? "Decided by the commercial lead" : undefined,
      version: String(await version()),
    }),
  );
  if (!drafted.ok) throw new Error(JSON.stringify(drafted.fieldErrors));
  const approved = await approveAnswer(asSignedIn(staffB), p, id, await version());
  if (!approved.ok) throw new Error(JSON.stringify(approved.fieldErrors));
  return { id, version };
}

async function publish(flow: Flow = {}, now?: Date) {
  const { id, version } = await approvedQuestion(flow);
  const result = await publishAnswer(asSignedIn(staffB), flow.procurement ?? procurement, id, await version(), now);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return { id, version, number: result.number, private: result.private };
}

function expectNoSecrets(text: string, where: string) {
  for (const secret of SECRETS) expect(text, `${where} contains “${secret}”`).not.toContain(secret);
}

/** A page's HTML without React's text separators, so that rendered text can be searched. */
async function pageText(response: Response) {
  return (await response.text()).replace(/<!-- -->/g, "");
}

async function pdfText(response: Response) {
  const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe("asking", () => {
  it("accepts a question 1 ms before the deadline and refuses it at the deadline", async () => {
    const deadline = new Date("2030-03-01T12:00:00Z");
    const p = await createProcurement({
      clarificationDeadline: deadline,
      bidDeadline: new Date("2030-04-01T12:00:00Z"),
    });
    await registerInterest(asSignedIn(asker), p.id);
    const before = await askQuestion(asSignedIn(asker), p, ask(), new Date(deadline.getTime() - 1));
    expect(before.ok).toBe(true);
    const at = await askQuestion(asSignedIn(asker), p, ask(), deadline);
    expect(at).toEqual({
      ok: false,
      fieldErrors: {
        form: expect.stringContaining("The deadline for clarification questions was 1 March 2030, 12:00pm"),
      },
    });
    expect(
      await db().select().from(clarificationQuestions).where(eq(clarificationQuestions.procurementId, p.id)),
    ).toHaveLength(1);
  });

  it("keeps the supplier's draft when the server refuses a late question", async () => {
    const p = await createProcurement({ clarificationDeadline: new Date(Date.now() - 1000) });
    await registerInterest(asSignedIn(asker), p.id);
    const response = await portal.postForm(
      `/procurements/${p.slug}/clarifications/ask`,
      { subject: "Late one", body: "A question typed just too late about the pricing schedule" },
      { cookie: await sessionCookieFor(asker) },
    );
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("The deadline for clarification questions was");
    expect(html).toContain("A question typed just too late about the pricing schedule");
  });

  it("makes a repeated post with the same idempotency key harmless", async () => {
    const key = "6f1c3b7e-8a4d-4f3a-9d2e-1b2c3d4e5f60";
    const first = await askQuestion(asSignedIn(asker), procurement, ask({ idempotencyKey: key, subject: "Once only" }));
    const second = await askQuestion(
      asSignedIn(asker),
      procurement,
      ask({ idempotencyKey: key, subject: "Once only" }),
    );
    expect(first.ok && second.ok && first.questionId === second.questionId).toBe(true);
  });

  it("tells the commercial team's mailbox of a new question, with a link to it and without naming the asker", async () => {
    const p = await createProcurement({
      engagementContactEmail: "imaging-commercial@example.nhs.uk",
      clarificationDeadline: new Date("2030-03-01T12:00:00Z"),
      bidDeadline: new Date("2030-04-01T12:00:00Z"),
    });
    await registerInterest(asSignedIn(asker), p.id);
    const asked = await askQuestion(
      asSignedIn(asker),
      p,
      ask({ subject: "Mailbox notice", confidential: "on", confidentialReason: "Our pricing model" }),
    );
    if (!asked.ok) throw new Error("not asked");
    await processOutbox();
    const mail = sink.messages.filter((m) => m.to === "imaging-commercial@example.nhs.uk");
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe(`New clarification question: ${p.title}`);
    expect(mail[0].text).toContain("Mailbox notice");
    expect(mail[0].text).toContain("commercially confidential");
    expect(mail[0].text).toContain("The clarification deadline is 1 March 2030, 12:00pm");
    expect(mail[0].text).toContain(`/staff/procurements/${p.slug}/clarifications/${asked.questionId}`);
    expect(mail[0].text).not.toContain(asker.name);
    expect(mail[0].text).not.toContain(asker.email);
  });

  it("shows similar published answers found by full-text search", async () => {
    const p = await createProcurement();
    await registerInterest(asSignedIn(asker), p.id);
    const { number } = await publish({
      procurement: p,
      published: "Is Cyber Essentials Plus required for hosting subcontractors?",
      answer: "Yes, certification must cover subcontractors.",
    });
    const response = await portal.fetch(
      `/procurements/${p.slug}/clarifications/similar?q=${encodeURIComponent("do our subcontractors need cyber essentials")}`,
      { cookie: await sessionCookieFor(asker) },
    );
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: { label: string }[] };
    expect(results.map((r) => r.label)).toEqual([`CQ-00${number}`]);
  });
});

describe("identifying text", () => {
  const identity = {
    legalName: ASKER.legalName,
    tradingNames: ASKER.tradingNames,
    companiesHouseNumber: ASKER.companiesHouseNumber,
    people: [{ name: ASKER.person, email: ASKER.email }],
    phones: [ASKER.contactPhone],
    websites: [ASKER.website],
  };

  it("flags the organisation's names, its people, emails, phone numbers, web addresses and company number", () => {
    const flags = findIdentifyingText(
      {
        question:
          "At Quillfeather Radiology Systems (trading as QRS Imaging) Morwenna Askwith asks: ring 0161 496 0123 or write to morwenna.askwith@qrs-imaging.example.com; see www.qrs-imaging.example.com. Company 09876543.",
        answer: "Nothing identifying here; see https://digital.nhs.uk/dspt.",
      },
      identity,
    );
    const kinds = new Set(flags.map((f) => f.kind));
    expect([...kinds].sort()).toEqual([
      "company-number",
      "email",
      "organisation",
      "person",
      "phone",
      "trading-name",
      "web",
    ]);
    expect(flags.every((f) => f.fields.includes("question") && !f.fields.includes("answer"))).toBe(true);
    expect(findIdentifyingText({ question: "Must results be DICOM SR?" }, identity)).toEqual([]);
    // Another phone number or mail address is flagged too, whoever it belongs to.
    expect(
      findIdentifyingText({ q: "Call +44 20 7946 0000 or j@other.example.org" }, identity)
        .map((f) => f.kind)
        .sort(),
    ).toEqual(["email", "phone"]);
  });

  it("refuses to approve or publish while flagged text remains unconfirmed", async () => {
    const flagged = `Does ${ASKER.legalName} need DSPT at bid stage?`;
    const asked = await askQuestion(asSignedIn(asker), procurement, ask({ body: flagged }));
    if (!asked.ok) throw new Error("not asked");
    const id = asked.questionId;
    const current = async () =>
      (await db().select().from(clarificationQuestions).where(eq(clarificationQuestions.id, id)))[0];
    await assignToMe(asSignedIn(staffA), procurement, id, (await current()).version);
    const draft = (confirm: string[]) =>
      DraftAnswerSchema.parse({
        anonymisedQuestion: flagged,
        answer: "By contract award.",
        confirmFlags: confirm,
        version: "1",
      });
    const first = await saveDraft(asSignedIn(staffA), procurement, id, {
      ...draft([]),
      version: (await current()).version,
    });
    expect(first.ok && first.flags.map((f) => f.text)).toEqual([ASKER.legalName]);
    const refused = await approveAnswer(asSignedIn(staffB), procurement, id, (await current()).version);
    expect(refused.ok).toBe(false);
    // Confirmed by the drafter: approval and publication go ahead.
    const key = first.ok ? first.flags[0].key : "";
    await saveDraft(asSignedIn(staffA), procurement, id, { ...draft([key]), version: (await current()).version });
    expect((await approveAnswer(asSignedIn(staffB), procurement, id, (await current()).version)).ok).toBe(true);
    // The server checks again at publication, whatever the row says about approval.
    await db().update(clarificationQuestions).set({ confirmedFlags: [] }).where(eq(clarificationQuestions.id, id));
    const blocked = await publishAnswer(asSignedIn(staffB), procurement, id, (await current()).version);
    expect(blocked).toEqual({ ok: false, fieldErrors: { form: expect.stringContaining(`“${ASKER.legalName}”`) } });
    expect((await current()).status).toBe("approved");
  });
});

describe("four eyes", () => {
  it("does not let the drafter approve their own answer, over HTTP or in the module", async () => {
    const asked = await askQuestion(asSignedIn(asker), procurement, ask({ subject: "Four eyes" }));
    if (!asked.ok) throw new Error("not asked");
    const id = asked.questionId;
    const current = async () =>
      (await db().select().from(clarificationQuestions).where(eq(clarificationQuestions.id, id)))[0];
    await assignToMe(asSignedIn(staffA), procurement, id, (await current()).version);
    await saveDraft(
      asSignedIn(staffA),
      procurement,
      id,
      DraftAnswerSchema.parse({ anonymisedQuestion: "Q?", answer: "A.", version: String((await current()).version) }),
    );
    expect(await approveAnswer(asSignedIn(staffA), procurement, id, (await current()).version)).toEqual({
      ok: false,
      fieldErrors: { form: "You drafted this answer, so another member of staff must approve it" },
    });
    const page = `/staff/procurements/${procurement.slug}/clarifications/${id}`;
    const response = await portal.postForm(
      page,
      { intent: "approve", version: String((await current()).version) },
      { cookie: await sessionCookieFor(staffA) },
    );
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("another member of staff must approve it");
    // Not approved, so not publishable by anyone.
    expect((await publishAnswer(asSignedIn(staffB), procurement, id, (await current()).version)).ok).toBe(false);
    expect((await current()).status).toBe("answer_drafted");

    // The reviewer returns it with a comment; the drafter holds it again.
    const returned = await returnToDrafter(
      asSignedIn(staffB),
      procurement,
      id,
      "Cite section 4.2",
      (await current()).version,
    );
    expect(returned.ok).toBe(true);
    expect(await current()).toMatchObject({
      status: "in_review",
      assigneeUserId: staffA.id,
      reviewComment: "Cite section 4.2",
    });
    const staffPage = await (await portal.fetch(page, { cookie: await sessionCookieFor(staffA) })).text();
    expect(staffPage).toContain("Cite section 4.2");

    await saveDraft(
      asSignedIn(staffA),
      procurement,
      id,
      DraftAnswerSchema.parse({
        anonymisedQuestion: "Q?",
        answer: "A, see 4.2.",
        version: String((await current()).version),
      }),
    );
    const approved = await portal.postForm(
      page,
      { intent: "approve", version: String((await current()).version) },
      { cookie: await sessionCookieFor(staffB) },
    );
    expect(approved.status).toBe(302);
    expect((await current()).approvedByUserId).toBe(staffB.id);
  });

  it("publishes an amendment only once a second member of staff approves it, through the staff page", async () => {
    const { id, version } = await publish();
    const page = `/staff/procurements/${procurement.slug}/clarifications/${id}`;
    const proposed = await portal.postForm(
      page,
      {
        intent: "amend",
        version: String(await version()),
        anonymisedQuestion: "Must AI results be returned as DICOM SR?",
        answer: "Yes, as DICOM SR conforming to IHE AIR, version 2 of the profile.",
        amendmentReason: "The profile version is now given.",
      },
      { cookie: await sessionCookieFor(staffA) },
    );
    expect(proposed.status).toBe(302);
    const own = await portal.postForm(
      page,
      { intent: "approve-amendment", version: String(await version()) },
      { cookie: await sessionCookieFor(staffA) },
    );
    expect(own.status).toBe(409);
    expect(await pageText(own)).toContain("another member of staff must approve it");
    const approved = await portal.postForm(
      page,
      { intent: "approve-amendment", version: String(await version()) },
      { cookie: await sessionCookieFor(staffB) },
    );
    expect(approved.status).toBe(302);
    const events = (await auditEventsFor("clarification_question", id)).map((e) => e.action);
    expect(events.slice(-2)).toEqual(["clarification.amendment_proposed", "clarification.amended"]);
  });

  it("refuses a stale form rather than acting on an old version", async () => {
    const { id, version } = await approvedQuestion();
    const stale = (await version()) - 1;
    expect((await publishAnswer(asSignedIn(staffB), procurement, id, stale)).ok).toBe(false);
  });
});

describe("numbering", () => {
  it("numbers answers published at the same moment CQ-001 to CQ-010 with no gap or repeat, and private answers not at all", async () => {
    const p = await createProcurement();
    await registerInterest(asSignedIn(asker), p.id);
    const ready = [];
    for (let i = 0; i < 10; i++) ready.push(await approvedQuestion({ procurement: p, published: `Question ${i}?` }));
    const confidential = await approvedQuestion({
      procurement: p,
      confidential: { reason: "Our pricing model", decision: "accepted" },
    });
    const results = await Promise.all(
      [...ready, confidential].map(async ({ id, version }) =>
        publishAnswer(asSignedIn(staffB), p, id, await version()),
      ),
    );
    const numbers = results.map((r) => (r.ok ? r.number : "refused"));
    expect(numbers.filter((n) => n !== null).sort((a, b) => Number(a) - Number(b))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(numbers[10]).toBeNull();
    const next = await publish({ procurement: p });
    expect(next.number).toBe(11);
  });
});

describe("private answers", () => {
  it("answers an accepted confidential question to the asking organisation only, with the reason in the audit log", async () => {
    const p = await createProcurement();
    await registerInterest(asSignedIn(asker), p.id);
    await registerInterest(asSignedIn(rival), p.id);
    const secretAnswer = "Yes, you may price through your reseller as prime contractor.";
    const result = await publish({
      procurement: p,
      answer: secretAnswer,
      confidential: { reason: "Reseller terms are sensitive", decision: "accepted" },
    });
    expect(result).toMatchObject({ private: true, number: null });

    const own = await (
      await portal.fetch(`/procurements/${p.slug}/clarifications`, { cookie: await sessionCookieFor(colleague) })
    ).text();
    expect(own).toContain(secretAnswer);
    expect(own).toContain("Private to your organisation");
    const other = await (
      await portal.fetch(`/procurements/${p.slug}/clarifications`, { cookie: await sessionCookieFor(rival) })
    ).text();
    expect(other).not.toContain(secretAnswer);
    const staffView = await clarificationLog(asSignedIn(staffA), p, {});
    expect(staffView.entries.map((e) => e.answer)).not.toContain(secretAnswer);

    const events = await auditEventsFor("clarification_question", result.id);
    const answered = events.find((e) => e.action === "clarification.answered_privately");
    expect(answered?.summary).toMatchObject({
      supplierReason: "Reseller terms are sensitive",
      decision: "accepted",
      decisionReason: "Decided by the commercial lead",
    });

    await processOutbox();
    const privateMail = sink.messages.filter((m) => m.text.includes(secretAnswer));
    expect(privateMail.map((m) => m.to).sort()).toEqual([asker.email, colleague.email].sort());

    // A refused request is published to everyone under the next number.
    const refused = await publish({ procurement: p, confidential: { reason: "Please", decision: "refused" } });
    expect(refused).toMatchObject({ private: false, number: 1 });
  });
});

describe("digests", () => {
  afterEach(() => {
    releaseClock();
  });

  it("sends answers published within a few minutes as one email per registered supplier", async () => {
    const p = await createProcurement({ title: "Digest test procurement" });
    await registerInterest(asSignedIn(asker), p.id);
    await registerInterest(asSignedIn(rival), p.id);
    // Publishing and the housekeeping run read the portal's clock, which the test moves.
    stopClock(new Date(Date.now() + 60 * 60 * 1000));
    const minute = 60 * 1000;
    await publish({ procurement: p, published: "First digest question?" });
    advanceClock(minute / 2);
    await publish({ procurement: p, published: "Second digest question?" });
    advanceClock(minute / 2);
    await publish({ procurement: p, published: "Third digest question?" });
    const mine = () => sink.messages.filter((m) => m.subject.includes("published: Digest test procurement"));

    // Still within two quiet minutes of the last one: nothing yet.
    advanceClock(90 * 1000);
    await sendDueClarificationDigests();
    await processOutbox();
    expect(mine()).toHaveLength(0);

    advanceClock(30 * 1000);
    const sent = await sendDueClarificationDigests();
    await processOutbox();
    expect(sent).toBe(3);
    expect(
      mine()
        .map((m) => m.to)
        .sort(),
    ).toEqual([asker.email, colleague.email, rival.email].sort());
    for (const message of mine()) {
      expect(message.subject).toBe("3 clarification answers published: Digest test procurement");
      expect(message.text).toMatch(/CQ-001[\s\S]*CQ-002[\s\S]*CQ-003/);
    }
    // Sent once only.
    advanceClock(27 * minute);
    expect(await sendDueClarificationDigests()).toBe(0);
  });

  it("does not wait more than ten minutes while answers keep coming", async () => {
    const p = await createProcurement({ title: "Busy digest procurement" });
    await registerInterest(asSignedIn(asker), p.id);
    await registerInterest(asSignedIn(rival), p.id);
    const t = new Date(Date.now() + 2 * 60 * 60 * 1000);
    for (let i = 0; i <= 10; i++)
      await publish({ procurement: p, published: `Busy ${i}?` }, new Date(t.getTime() + i * 60 * 1000));
    expect(await sendDueClarificationDigests(new Date(t.getTime() + 10 * 60 * 1000))).toBe(3);
    await processOutbox();
    const digest = sink.messages.find((m) => m.to === rival.email && m.subject.includes("Busy digest procurement"));
    expect(digest?.subject).toBe("11 clarification answers published: Busy digest procurement");
  });
});

describe("who may see what", () => {
  it("never shows who asked to another supplier: log page, CSV, PDF, similar answers and emails, after an amendment too", async () => {
    const p = await createProcurement({ title: "Identity test procurement" });
    await registerInterest(asSignedIn(asker), p.id);
    await registerInterest(asSignedIn(rival), p.id);
    const identifying = `${ASKER.legalName} (QRS Imaging, company 09876543) asks: must results be DICOM SR? Call ${ASKER.person} on ${ASKER.contactPhone} or see ${ASKER.website}.`;
    const { id, version } = await publish({
      procurement: p,
      body: identifying,
      published: "Must results be returned as DICOM SR?",
      answer: "Yes, as DICOM SR conforming to IHE AIR.",
    });
    const proposed = await proposeAmendment(
      asSignedIn(staffA),
      p,
      id,
      AmendAnswerSchema.parse({
        anonymisedQuestion: "Must results be returned as DICOM SR (TID 1500)?",
        answer: "Yes, as DICOM SR conforming to IHE AIR; Secondary Capture may be sent as well.",
        amendmentReason: "Secondary Capture is allowed in addition.",
        version: String(await version()),
      }),
    );
    expect(proposed.ok).toBe(true);
    // Four eyes for amendments too: the proposer cannot publish their own.
    expect(await approveAmendment(asSignedIn(staffA), p, id, await version())).toEqual({
      ok: false,
      fieldErrors: { form: "You proposed this amendment, so another member of staff must approve it" },
    });
    const before = await pageText(
      await portal.fetch(`/procurements/${p.slug}/clarifications`, { cookie: await sessionCookieFor(rival) }),
    );
    expect(before).not.toContain("Secondary Capture is allowed in addition.");
    expect(await approveAmendment(asSignedIn(staffB), p, id, await version())).toEqual({ ok: true, version: 2 });
    // An amendment that names the asker is refused unless each flag is confirmed.
    const careless = await proposeAmendment(
      asSignedIn(staffA),
      p,
      id,
      AmendAnswerSchema.parse({
        anonymisedQuestion: `As ${ASKER.person} asked: must results be DICOM SR?`,
        answer: "Yes.",
        amendmentReason: "Wording.",
        version: String(await version()),
      }),
    );
    expect(careless.ok).toBe(false);

    const cookie = await sessionCookieFor(rival);
    const base = `/procurements/${p.slug}/clarifications`;
    const page = await pageText(await portal.fetch(base, { cookie }));
    expect(page).toContain("CQ-001");
    expect(page).toContain("Amended on");
    expect(page).toContain("Secondary Capture is allowed in addition.");
    expect(page).toContain("Earlier version of CQ-001");
    expectNoSecrets(page, "the log page");

    const csvResponse = await portal.fetch(`${base}.csv`, { cookie });
    expect(csvResponse.headers.get("content-type")).toContain("text/csv");
    const csv = await csvResponse.text();
    expect(csv).toContain("CQ-001,2,current");
    expect(csv).toContain("CQ-001,1,superseded");
    expectNoSecrets(csv, "the CSV");

    const pdfResponse = await portal.fetch(`${base}.pdf`, { cookie });
    expect(pdfResponse.headers.get("content-type")).toBe("application/pdf");
    const text = await pdfText(pdfResponse);
    expect(text).toContain("Clarification log");
    expect(text).toContain("Clarification log: Identity test procurement");
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain("CQ-001");
    expect(text).toContain("Why it was amended: Secondary Capture is allowed in addition.");
    expect(text).toContain("Earlier versions");
    expectNoSecrets(text, "the PDF");

    const similar = await (await portal.fetch(`${base}/similar?q=DICOM+SR+results`, { cookie })).text();
    expect(similar).toContain("CQ-001");
    expectNoSecrets(similar, "the similar answers");

    await sendDueClarificationDigests(new Date(Date.now() + 11 * 60 * 1000));
    await processOutbox();
    const rivalMail = sink.messages.filter(
      (m) => m.to === rival.email && m.subject.includes("Identity test procurement"),
    );
    expect(rivalMail.length).toBeGreaterThan(0);
    expect(rivalMail.map((m) => m.text).join("\n")).toContain("Secondary Capture may be sent as well");
    for (const message of rivalMail) {
      expectNoSecrets(`${message.subject}\n${message.text}\n${message.html}`, `the email "${message.subject}"`);
    }
  });

  it("answers 404 for another organisation's question and lets no one else withdraw it", async () => {
    const asked = await askQuestion(asSignedIn(asker), procurement, ask({ subject: "Only ours to see" }));
    if (!asked.ok) throw new Error("not asked");
    const path = `/procurements/${procurement.slug}/clarifications/questions/${asked.questionId}`;
    expect((await portal.fetch(path, { cookie: await sessionCookieFor(rival) })).status).toBe(404);
    expect((await portal.postForm(path, { version: "1" }, { cookie: await sessionCookieFor(rival) })).status).toBe(404);
    expect(
      (
        await portal.fetch(`/procurements/${procurement.slug}/clarifications/questions/not-a-uuid`, {
          cookie: await sessionCookieFor(rival),
        })
      ).status,
    ).toBe(404);
    const ownList = await (
      await portal.fetch(`/procurements/${procurement.slug}/clarifications/questions`, {
        cookie: await sessionCookieFor(rival),
      })
    ).text();
    expect(ownList).not.toContain("Only ours to see");
    // A colleague in the same organisation sees it and may withdraw it.
    const colleaguePage = await portal.fetch(path, { cookie: await sessionCookieFor(colleague) });
    expect(colleaguePage.status).toBe(200);
    expect(await colleaguePage.text()).toContain("Only ours to see");
    expect((await withdrawQuestion(asSignedIn(colleague), procurement, asked.questionId, 1)).ok).toBe(true);
    const [row] = await db()
      .select()
      .from(clarificationQuestions)
      .where(eq(clarificationQuestions.id, asked.questionId));
    expect(row.status).toBe("withdrawn");
  });

  it("does not let a published question be withdrawn", async () => {
    const { id, version } = await publish();
    expect((await withdrawQuestion(asSignedIn(asker), procurement, id, await version())).ok).toBe(false);
  });

  it("shows the log to registered suppliers, staff and evaluators; offers registration to others", async () => {
    const base = `/procurements/${procurement.slug}/clarifications`;
    for (const user of [rival, staffA, evaluator]) {
      const response = await portal.fetch(base, { cookie: await sessionCookieFor(user) });
      expect(response.status, user.email).toBe(200);
      expect(await response.text()).toContain("CQ-001");
    }
    const unregistered = await portal.fetch(base, { cookie: await sessionCookieFor(outsider) });
    expect(unregistered.status).toBe(200);
    const html = await unregistered.text();
    expect(html).toContain("Register interest");
    expect(html).not.toContain("CQ-001");
    expect((await portal.fetch(`${base}.csv`, { cookie: await sessionCookieFor(outsider) })).status).toBe(403);
    expect((await portal.fetch(`${base}.pdf`, { cookie: await sessionCookieFor(outsider) })).status).toBe(403);
    expect((await portal.fetch(base, { cookie: await sessionCookieFor(admin) })).status).toBe(403);
    const signedOut = await portal.fetch(base);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toContain("/sign-in");
    expect(
      (
        await portal.fetch(`/staff/procurements/${procurement.slug}/clarifications`, {
          cookie: await sessionCookieFor(rival),
        })
      ).status,
    ).toBe(403);
  });

  it("rejects a question with a reason the asker is emailed", async () => {
    const asked = await askQuestion(asSignedIn(asker), procurement, ask({ subject: "Out of scope question" }));
    if (!asked.ok) throw new Error("not asked");
    expect(
      (await rejectQuestion(asSignedIn(staffA), procurement, asked.questionId, "Out of scope of this procurement", 1))
        .ok,
    ).toBe(true);
    await processOutbox();
    const mail = sink.messages.find((m) => m.subject.includes("will not be answered: Out of scope question"));
    expect(mail?.to).toBe(asker.email);
    expect(mail?.text).toContain("Out of scope of this procurement");
  });
});

describe("the log", () => {
  it("searches, filters by number, document and amendment, and pages newest first", async () => {
    const p = await createProcurement();
    await registerInterest(asSignedIn(asker), p.id);
    for (let i = 1; i <= 23; i++) {
      await publish({
        procurement: p,
        published: i === 7 ? "Is UKCA marking required for every product?" : `Routine question ${i}?`,
      });
    }
    const user = asSignedIn(rival);
    await registerInterest(user, p.id);
    const first = await clarificationLog(user, p, {});
    expect(first).toMatchObject({ total: 23, page: 1, pageCount: 2 });
    expect(first.entries[0].label).toBe("CQ-023");
    expect((await clarificationLog(user, p, { page: 2 })).entries.map((e) => e.label)).toEqual([
      "CQ-003",
      "CQ-002",
      "CQ-001",
    ]);
    expect((await clarificationLog(user, p, { q: "UKCA marking" })).entries.map((e) => e.label)).toEqual(["CQ-007"]);
    expect((await clarificationLog(user, p, { number: 12 })).entries.map((e) => e.label)).toEqual(["CQ-012"]);
    expect((await clarificationLog(user, p, { document: "specification" })).total).toBe(23);
    expect((await clarificationLog(user, p, { document: "Pricing schedule" })).total).toBe(0);
    expect((await clarificationLog(user, p, { amended: true })).total).toBe(0);
    const html = await pageText(
      await portal.fetch(`/procurements/${p.slug}/clarifications?number=CQ-007`, {
        cookie: await sessionCookieFor(rival),
      }),
    );
    expect(html).toContain("Is UKCA marking required for every product?");
    expect(html).toContain("1 answer matches your search");
  });
});

void testDb;
