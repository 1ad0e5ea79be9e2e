// Bids: one bid per organisation, answers saved with optimistic locking, uploads typed by content
// and capped while streaming, submission before the deadline (what counts is when the portal
// received the submit request, decision 026: recorded at once, finished later if need be, and the
// opening waits for it), idempotent submit, receipts (page, email, PDF, digest check), withdraw
// and resubmit, amendments, and the seal: nobody but the bidder reads a bid before opening.
import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { PDFParse } from "pdf-parse";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SignedInUser } from "../../app/auth/guards.server";
import { biddingOpen } from "../../app/bids/shared.server";
import { removeBidFile, uploadBidFiles } from "../../app/bids/files.server";
import { reviewAmendments, startBid } from "../../app/bids/workspace.server";
import { saveAnswer } from "../../app/bids/answers.server";
import { submitBid } from "../../app/bids/submitting.server";
import { withdrawSubmission } from "../../app/bids/withdrawing.server";
import { tenderForBids, type PublishedTender } from "../../app/tenders/published.server";
import { confirmOpening, requestOpening } from "../../app/bids/opening.server";
import {
  canonicalJson,
  submissionDigest,
  SUBMISSION_FORMAT_1,
  type SubmissionContent,
} from "../../app/bids/receipt.server";
import { advanceClock, now, releaseClock, stopClock } from "../../app/clock.server";
import { SaveAnswerSchema } from "../../app/bids/schema";
import {
  canReadOpenedBids,
  countSubmittedBids,
  openedBid,
  openedBidFile,
  openedBids,
  ownBid,
  ownBidFile,
  ownSubmission,
  ownSubmissions,
  verifyReceipt,
} from "../../app/bids/sealed.server";
import { registerInterest, type Procurement } from "../../app/procurements/procurements.server";
import { fileStorage } from "../../app/storage/storage.server";
import { db } from "../../db/client.server";
import {
  bidAnswers,
  bids,
  bidSubmissionRequests,
  bidSubmissions,
  lateBidAttempts,
  procurements,
  storedFiles,
  tenders,
} from "../../db/schema";
import { runHousekeeping } from "../../server/housekeeping";
import { formatDateTimeToSecond } from "../../app/time";
import { processOutbox } from "../../emails/outbox.server";
import {
  amendTender,
  asSignedIn,
  createOrganisation,
  createProcurement,
  createPublishedTender,
  createUser,
  daysFromNow,
  openTender,
  sessionCookieFor,
  type TestTender,
  type TestUser,
} from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink";

const database = await useTestDatabase();
let portal: TestPortal;
let sink: SmtpSink;

const SECRET_ANSWER = "Our hazard log follows DCB0129 with a named clinical safety officer";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(510, 0x90)]);

let staff: TestUser;
let staff2: TestUser;
let admin: TestUser;
let evaluator: TestUser;
let alice: TestUser;
let colin: TestUser;
let bea: TestUser;
let cookies: Record<"staff" | "admin" | "evaluator" | "alice" | "colin" | "bea", string>;
let alphaName: string;

beforeAll(async () => {
  portal = await startTestPortal();
  sink = await startSmtpSink();
  updateTestConfig({ smtpUrl: sink.url });
  const alpha = await createOrganisation({ legalName: "Sealed Alpha Imaging Ltd" });
  const beta = await createOrganisation({ legalName: "Beta Rival Vision Ltd" });
  alphaName = alpha.legalName;
  [staff, staff2, admin, evaluator, alice, colin, bea] = await Promise.all([
    createUser({ role: "staff", totp: true }),
    createUser({ role: "staff", totp: true }),
    createUser({ role: "admin", totp: true }),
    createUser({ role: "evaluator", totp: true }),
    createUser({ role: "supplier", organisationId: alpha.id, name: "Alice Author" }),
    createUser({ role: "supplier", organisationId: alpha.id, name: "Colin Colleague" }),
    createUser({ role: "supplier", organisationId: beta.id, name: "Bea Rival" }),
  ]);
  cookies = {
    staff: await sessionCookieFor(staff),
    admin: await sessionCookieFor(admin),
    evaluator: await sessionCookieFor(evaluator),
    alice: await sessionCookieFor(alice),
    colin: await sessionCookieFor(colin),
    bea: await sessionCookieFor(bea),
  };
});

afterAll(async () => {
  await portal.close();
  await sink.close();
});

// --- Helpers -----------------------------------------------------------------------------------------

type Scene = { procurement: Procurement; tender: TestTender; published: PublishedTender };

async function scene(overrides: Partial<typeof procurements.$inferInsert> = {}): Promise<Scene> {
  const procurement = await createProcurement({ bidDeadline: daysFromNow(30), ...overrides });
  const tender = await createPublishedTender(procurement.id, staff.id);
  await registerInterest(asSignedIn(alice), procurement.id);
  await registerInterest(asSignedIn(bea), procurement.id);
  return { procurement, tender, published: await current(procurement) };
}

async function current(procurement: Procurement): Promise<PublishedTender> {
  const published = await tenderForBids(procurement);
  if (!published) throw new Error("no published tender");
  return published;
}

async function fresh(procurement: Procurement): Promise<Procurement> {
  const [row] = await db().select().from(procurements).where(eq(procurements.id, procurement.id));
  return row;
}

const save = (fields: Record<string, string>) => {
  const params = new URLSearchParams({ intent: "save", ...fields });
  return { input: SaveAnswerSchema.parse(Object.fromEntries(params)), params };
};

async function answer(user: TestUser, s: Scene, questionId: string, fields: Record<string, string>) {
  const { input, params } = save(fields);
  const published = await current(s.procurement);
  return saveAnswer(asSignedIn(user), await fresh(s.procurement), published, questionId, input, params);
}

function multipartRequest(filename: string, bytes: Buffer, type = "application/pdf") {
  const form = new FormData();
  form.append("intent", "upload");
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), filename);
  return new Request("http://portal.test/upload", { method: "POST", body: form });
}

/** Starts alpha's bid and answers everything, with one PDF. */
async function completeBid(s: Scene, user: TestUser = alice) {
  await startBid(asSignedIn(user), s.procurement, s.published);
  const q = s.tender.questions;
  const versionOf = async (questionId: string) => {
    const own = await ownBid(asSignedIn(user), s.published.tender);
    return String(own?.answers[questionId]?.version ?? 0);
  };
  await answer(user, s, q.passFail.id, {
    version: await versionOf(q.passFail.id),
    answer: "yes",
    evidence: "Certificate 12345",
  });
  await answer(user, s, q.text.id, { version: await versionOf(q.text.id), text: SECRET_ANSWER });
  await answer(user, s, q.price.id, {
    version: await versionOf(q.price.id),
    "unitPrice.licence": "100000.00",
    "unitPrice.onboarding": "2500.50",
  });
  const uploaded = await uploadBidFiles(
    asSignedIn(user),
    s.procurement,
    s.published,
    q.file.id,
    multipartRequest("safety-case.pdf", PDF),
  );
  expect(uploaded).toMatchObject({ ok: true });
}

const submit = async (user: TestUser, s: Scene, key = randomUUID(), receivedAt?: Date) =>
  submitBid(
    asSignedIn(user),
    await fresh(s.procurement),
    await current(s.procurement),
    { declaration: "on", idempotencyKey: key },
    receivedAt,
  );

function expectRefusedWith(status: number) {
  return async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(status);
  };
}

async function pdfText(bytes: ArrayBuffer) {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

// --- One bid per organisation, answers, locking ---------------------------------------------------------

describe("the bid workspace", () => {
  it("starts one bid per organisation, however many colleagues press start at once", async () => {
    const s = await scene();
    const results = await Promise.all([
      startBid(asSignedIn(alice), s.procurement, s.published),
      startBid(asSignedIn(colin), s.procurement, s.published),
      startBid(asSignedIn(alice), s.procurement, s.published),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await db().select().from(bids).where(eq(bids.tenderId, s.tender.tender.id))).toHaveLength(1);
  });

  it("offers registration to an organisation that has not registered interest, and starts nothing", async () => {
    const s = await scene();
    const outsider = await createUser({ role: "supplier" });
    const response = await portal.fetch(`/procurements/${s.procurement.slug}/bid`, {
      cookie: await sessionCookieFor(outsider),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Register your organisation&#x27;s interest");
    expect(await startBid(asSignedIn(outsider), s.procurement, s.published)).toMatchObject({ ok: false });
  });

  it("tells the second of two colleagues saving the same answer, shows theirs and keeps the second's text", async () => {
    const s = await scene();
    await startBid(asSignedIn(alice), s.procurement, s.published);
    const path = `/procurements/${s.procurement.slug}/bid/questions/${s.tender.questions.text.id}`;
    const first = await portal.postForm(
      path,
      { intent: "save", version: "0", mode: "page", text: "Alice's first draft" },
      { cookie: cookies.alice },
    );
    expect(first.status).toBe(302);
    const second = await portal.postForm(
      path,
      { intent: "save", version: "0", mode: "page", text: "Colin's different draft" },
      { cookie: cookies.colin },
    );
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain("Someone else changed this answer");
    expect(html).toMatch(/<textarea[^>]*name="text"[^>]*>Colin&#x27;s different draft<\/textarea>/);
    expect(html).toContain("Alice&#x27;s first draft");
    const [stored] = await db().select().from(bidAnswers).where(eq(bidAnswers.questionId, s.tender.questions.text.id));
    expect(stored.value).toEqual({ text: "Alice's first draft" });
    expect(stored.version).toBe(1);
    // Saving again, knowingly, from the version now shown replaces it.
    const third = await portal.postForm(
      path,
      { intent: "save", version: "1", mode: "fetch", text: "Colin's different draft" },
      { cookie: cookies.colin },
    );
    expect(third.status).toBe(200);
    const [after] = await db().select().from(bidAnswers).where(eq(bidAnswers.questionId, s.tender.questions.text.id));
    expect(after).toMatchObject({ value: { text: "Colin's different draft" }, version: 2 });
  });

  it("refuses a stale save of the domain operation with the current answer", async () => {
    const s = await scene();
    await startBid(asSignedIn(alice), s.procurement, s.published);
    const q = s.tender.questions.passFail.id;
    const results = await Promise.all([
      answer(alice, s, q, { version: "0", answer: "yes", evidence: "A" }),
      answer(colin, s, q, { version: "0", answer: "no", evidence: "B" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, current: { version: 1 } });
  });

  it("lists what is incomplete, counts words on the server and refuses an incomplete or over-long bid", async () => {
    const s = await scene();
    await startBid(asSignedIn(alice), s.procurement, s.published);
    let page = await (await portal.fetch(`/procurements/${s.procurement.slug}/bid`, { cookie: cookies.alice })).text();
    expect(page).toContain("Answer yes or no");
    expect(page).toContain("Write your answer");
    expect(page).toContain("Upload a file");
    expect(page).toContain("Give a unit price for Platform licence, Trust onboarding");
    await completeBid(s);
    await answer(alice, s, s.tender.questions.text.id, { version: "1", text: "word ".repeat(25) });
    page = await (await portal.fetch(`/procurements/${s.procurement.slug}/bid`, { cookie: cookies.alice })).text();
    expect(page).toContain("Shorten your answer to 20 words or fewer (it has 25)");
    const refused = await submit(alice, s);
    expect(refused).toMatchObject({ ok: false });
    expect(JSON.stringify(refused)).toContain("not complete");
    expect(
      await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, s.tender.tender.id)),
    ).toHaveLength(0);
    // A unit price that is not money is a field error, and nothing is saved.
    const bad = await answer(alice, s, s.tender.questions.price.id, { version: "1", "unitPrice.licence": "lots" });
    expect(bad).toMatchObject({
      ok: false,
      fieldErrors: { "unitPrice.licence": expect.stringContaining("pounds and pence") },
    });
  });
});

// --- Uploads ----------------------------------------------------------------------------------------------

describe("bid files", () => {
  it("refuses a file over the question's limit while it streams, reading no more than needed", async () => {
    const s = await scene();
    await startBid(asSignedIn(alice), s.procurement, s.published);
    const boundary = "----bid-upload";
    let pulled = 0;
    const total = 8 * 1024 * 1024;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
    );
    let stage = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (stage === 0) {
          stage = 1;
          controller.enqueue(new Uint8Array(head));
        } else if (pulled < total) {
          pulled += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024).fill(0x25));
        } else {
          controller.enqueue(new Uint8Array(Buffer.from(`\r\n--${boundary}--\r\n`)));
          controller.close();
        }
      },
    });
    const request = new Request("http://portal.test/upload", {
      method: "POST",
      body,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half",
    } as RequestInit);
    const result = await uploadBidFiles(
      asSignedIn(alice),
      s.procurement,
      s.published,
      s.tender.questions.file.id,
      request,
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { file: "huge.pdf must be 64 KB or smaller" } });
    expect(pulled).toBeLessThan(total / 4);
    const own = await ownBid(asSignedIn(alice), s.published.tender);
    expect(own?.files[s.tender.questions.file.id] ?? []).toHaveLength(0);
  });

  it("answers an oversized upload over HTTP with the field error before the browser has sent it all", async () => {
    const s = await scene();
    await startBid(asSignedIn(alice), s.procurement, s.published);
    const total = 16 * 1024 * 1024;
    const answer = await uploadOverHttp(s, cookies.alice, "huge.pdf", total);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("huge.pdf must be 64 KB or smaller");
    expect(answer.sentBytes).toBeLessThan(total);
  });

  it("answers an upload after the deadline over HTTP with the refusal, not a dropped connection", async () => {
    const s = await scene();
    await startBid(asSignedIn(alice), s.procurement, s.published);
    await db()
      .update(procurements)
      .set({ bidDeadline: new Date(Date.now() - 1000) })
      .where(eq(procurements.id, s.procurement.id));
    const total = 4 * 1024 * 1024;
    const answer = await uploadOverHttp(s, cookies.alice, "late.pdf", total);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("Bids can no longer be changed");
  });

  it("refuses an .exe renamed .pdf with a clear field error, and accepts a PDF, showing its SHA-256", async () => {
    const s = await scene();
    await startBid(asSignedIn(alice), s.procurement, s.published);
    const path = `/procurements/${s.procurement.slug}/bid/questions/${s.tender.questions.file.id}`;
    const post = (name: string, bytes: Buffer) => {
      const form = new FormData();
      form.append("intent", "upload");
      form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), name);
      return portal.fetch(path, { method: "POST", body: form, cookie: cookies.alice });
    };
    const exe = await post("safety-case.pdf", EXE);
    expect(exe.status).toBe(400);
    expect(await exe.text()).toContain("safety-case.pdf must be a PDF");
    const pdf = await post("safety-case.pdf", PDF);
    expect(pdf.status).toBe(302);
    const again = await post("copy.pdf", PDF);
    expect(again.status).toBe(302);
    const sha256 = createHash("sha256").update(PDF).digest("hex");
    const page = await (
      await portal.fetch(`/procurements/${s.procurement.slug}/bid`, { cookie: cookies.alice })
    ).text();
    expect(page).toContain("safety-case.pdf");
    expect(page).toContain(sha256);
    expect(await fileStorage().exists(sha256)).toBe(true);
    // Stored once per SHA-256: two names, one set of bytes.
    expect((await db().select().from(storedFiles).where(eq(storedFiles.sha256, sha256))).length).toBeGreaterThanOrEqual(
      2,
    );
    const own = await ownBid(asSignedIn(alice), s.published.tender);
    const files = own?.files[s.tender.questions.file.id] ?? [];
    expect(files.map((f) => f.filename)).toEqual(["safety-case.pdf", "copy.pdf"]);
    // The bidder downloads it as an attachment; nobody else can.
    const download = await portal.fetch(`/procurements/${s.procurement.slug}/bid/files/${files[0].id}`, {
      cookie: cookies.colin,
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="safety-case.pdf"/);
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    const rival = await portal.fetch(`/procurements/${s.procurement.slug}/bid/files/${files[0].id}`, {
      cookie: cookies.bea,
    });
    expect(rival.status).toBe(404);
    await expectRefusedWith(404)(ownBidFile(asSignedIn(bea), s.published.tender, files[0].id));
    // Removed from the draft.
    expect(
      await removeBidFile(asSignedIn(colin), s.procurement, s.published, s.tender.questions.file.id, files[1].id),
    ).toEqual({ ok: true });
    const after = await ownBid(asSignedIn(alice), s.published.tender);
    expect(after?.files[s.tender.questions.file.id]).toHaveLength(1);
  });
});

// --- Submitting --------------------------------------------------------------------------------------------

describe("submitting a bid", () => {
  it("makes one submission from two posts with the same key at once, over HTTP and in the domain", async () => {
    const s = await scene();
    await completeBid(s);
    const key = randomUUID();
    const results = await Promise.all([submit(alice, s, key), submit(colin, s, key), submit(alice, s, key)]);
    const references = new Set(results.map((r) => (r.ok ? r.reference : "refused")));
    expect(references.size).toBe(1);
    expect([...references][0]).toMatch(/^AIP-BID-20\d\d-[0-9A-HJKMNP-TV-Z]{8}$/);
    const httpKey = randomUUID();
    const path = `/procurements/${s.procurement.slug}/bid/submit`;
    const answers = await Promise.all(
      [cookies.alice, cookies.colin].map((cookie) =>
        portal.postForm(path, { declaration: "on", idempotencyKey: httpKey }, { cookie }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([302, 302]);
    expect(answers[0].headers.get("location")).toBe(answers[1].headers.get("location"));
    const rows = await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, s.tender.tender.id));
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.supersededAt === null)).toHaveLength(1);
  });

  it("gives a receipt on screen, by email to everyone in the organisation, and as a PDF with the reference and digest", async () => {
    const s = await scene();
    await completeBid(s);
    const result = await submit(alice, s);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const submission = await ownSubmission(asSignedIn(colin), s.published.tender, result.reference);
    expect(submission.digest).toBe(submissionDigest(submission.content));
    expect(submission.content.answers.map((a) => a.number)).toEqual(["1.1", "1.2", "1.4"]);
    // 3 years at £100,000.00 and 10 trusts at £2,500.50, totalled by the server.
    expect(submission.content.answers.find((a) => a.kind === "price")?.totalPence).toBe(32_500_500);
    expect(submission.content.files).toMatchObject([{ number: "1.3", filename: "safety-case.pdf", size: PDF.length }]);

    const page = await portal.fetch(`/procurements/${s.procurement.slug}/bid/receipts/${result.reference}`, {
      cookie: cookies.alice,
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(result.reference);
    expect(html).toContain(submission.digest);
    expect(html).toContain(submission.content.files[0].sha256);

    await processOutbox();
    for (const person of [alice, colin]) {
      const mail = await sink.waitForMessage(
        (m) => m.to === person.email.toLowerCase() && m.subject.includes(result.reference),
      );
      expect(mail.text).toContain(submission.digest);
    }
    expect(sink.messages.some((m) => m.to === bea.email.toLowerCase() && m.subject.includes(result.reference))).toBe(
      false,
    );

    const pdf = await portal.fetch(`/procurements/${s.procurement.slug}/bid/receipts/${result.reference}/pdf`, {
      cookie: cookies.colin,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const text = await pdfText(await pdf.arrayBuffer());
    expect(text).toContain(result.reference);
    expect(text.replace(/\s+/g, "")).toContain(submission.digest);
    const rival = await portal.fetch(`/procurements/${s.procurement.slug}/bid/receipts/${result.reference}/pdf`, {
      cookie: cookies.bea,
    });
    expect(rival.status).toBe(404);
  });

  it("blocks submitting after an amendment until the bidder confirms they reviewed it", async () => {
    const s = await scene();
    await completeBid(s);
    await amendTender(s.tender, staff.id, "Clarified the onboarding quantity in the price schedule");
    const page = await (
      await portal.fetch(`/procurements/${s.procurement.slug}/bid`, { cookie: cookies.colin })
    ).text();
    expect(page).toContain("The tender has changed");
    expect(page).toContain("Clarified the onboarding quantity in the price schedule");
    // The same form, posted again once the bidder has reviewed: a refusal does not use up its key.
    const key = randomUUID();
    const refused = await submit(alice, s, key);
    expect(JSON.stringify(refused)).toContain("Review the changes");
    const review = await portal.postForm(
      `/procurements/${s.procurement.slug}/bid?index`,
      { intent: "review" },
      { cookie: cookies.colin },
    );
    expect(review.status).toBe(302);
    const accepted = await submit(alice, s, key);
    expect(accepted).toMatchObject({ ok: true, repeated: false });
    const own = await ownSubmissions(asSignedIn(alice), s.published.tender);
    expect(own[0].tenderVersion).toBe(2);
  });

  it("keeps every version through withdraw and resubmit; the last one counts", async () => {
    const s = await scene();
    await completeBid(s);
    const first = await submit(alice, s);
    if (!first.ok) throw new Error("first submission refused");
    const withdrawn = await portal.postForm(
      `/procurements/${s.procurement.slug}/bid?index`,
      { intent: "withdraw", reference: first.reference },
      { cookie: cookies.colin },
    );
    expect(withdrawn.status).toBe(302);
    expect(await countSubmittedBids(s.tender.tender.id)).toBe(0);
    const [bid] = await db().select().from(bids).where(eq(bids.tenderId, s.tender.tender.id));
    expect(bid.status).toBe("withdrawn");
    // The draft is intact: a second submission needs no re-entry.
    await answer(alice, s, s.tender.questions.text.id, { version: "1", text: "A revised clinical safety answer" });
    const second = await submit(colin, s);
    const third = await submit(alice, s);
    if (!second.ok || !third.ok) throw new Error("resubmission refused");
    const list = await ownSubmissions(asSignedIn(alice), s.published.tender);
    expect(list.map((x) => x.reference)).toEqual([third.reference, second.reference, first.reference]);
    expect(list[2].withdrawnAt).not.toBeNull();
    expect(list[1].supersededAt).not.toBeNull();
    expect(list[0]).toMatchObject({ withdrawnAt: null, supersededAt: null, sequence: 3 });
    const page = await (
      await portal.fetch(`/procurements/${s.procurement.slug}/bid`, { cookie: cookies.alice })
    ).text();
    for (const x of list) expect(page).toContain(x.reference);
    expect(await countSubmittedBids(s.tender.tender.id)).toBe(1);
    await openTender(s.tender.tender.id);
    const opened = await openedBid(
      asSignedIn(staff),
      await fresh(s.procurement)
        .then(current)
        .then((p) => p.tender),
      bid.id,
    );
    expect(opened.counting?.reference).toBe(third.reference);
    expect(opened.history).toHaveLength(3);
    expect(JSON.stringify(opened.counting?.content)).toContain("A revised clinical safety answer");
  });
});

// --- The deadline ----------------------------------------------------------------------------------------

describe("the deadline", () => {
  afterEach(() => {
    releaseClock();
  });

  it("accepts a submission a millisecond before the deadline and refuses one at it, keeping the draft and the late register", async () => {
    const s = await scene();
    await completeBid(s);
    // The portal's clock is stopped and moved: the deadline passes without waiting for it.
    const start = stopClock();
    const deadline = new Date(start.getTime() + 60_000);
    await db().update(procurements).set({ bidDeadline: deadline }).where(eq(procurements.id, s.procurement.id));
    advanceClock(60_000 - 1);
    const before = await submit(alice, s);
    expect(before).toMatchObject({ ok: true });
    const [accepted] = await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, s.tender.tender.id));
    expect(accepted.submittedAt).toEqual(new Date(deadline.getTime() - 1));

    // Exactly at the deadline is too late.
    advanceClock(1);
    const response = await portal.postForm(
      `/procurements/${s.procurement.slug}/bid/submit`,
      { declaration: "on", idempotencyKey: randomUUID() },
      { cookie: cookies.colin },
    );
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Your bid was not submitted: the deadline was");
    expect(
      await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, s.tender.tender.id)),
    ).toHaveLength(1);
    const late = await db().select().from(lateBidAttempts).where(eq(lateBidAttempts.tenderId, s.tender.tender.id));
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ userId: colin.id, deadline, attemptedAt: deadline });
    const own = await ownBid(asSignedIn(alice), s.published.tender);
    expect(own?.answers[s.tender.questions.text.id].value).toEqual({ text: SECRET_ANSWER });
    advanceClock(1_000);
    expect(await submit(alice, s)).toMatchObject({ ok: false, late: true });
    // Nothing can be changed or withdrawn after it.
    expect(await answer(alice, s, s.tender.questions.text.id, { version: "1", text: "too late" })).toMatchObject({
      ok: false,
    });
    const withdraw = await withdrawSubmission(
      asSignedIn(alice),
      await fresh(s.procurement),
      s.published,
      accepted.reference,
    );
    expect(withdraw).toMatchObject({ ok: false });
  });

  it("lets a deadline pass on the real time too, with nobody moving the clock", async () => {
    const s = await scene();
    await completeBid(s);
    const deadline = new Date(Date.now() + 1_500);
    await db().update(procurements).set({ bidDeadline: deadline }).where(eq(procurements.id, s.procurement.id));
    const procurement = await fresh(s.procurement);
    // No sleep: the test asks until bidding has closed, which only the real time can do here.
    await expect.poll(() => biddingOpen(procurement, s.published.tender)).toBe(false);
    expect(now().getTime()).toBeGreaterThanOrEqual(deadline.getTime());
    expect(await submit(alice, s)).toMatchObject({ ok: false, late: true });
    const late = await db().select().from(lateBidAttempts).where(eq(lateBidAttempts.tenderId, s.tender.tender.id));
    expect(late).toHaveLength(1);
    expect(late[0].attemptedAt.getTime()).toBeGreaterThanOrEqual(deadline.getTime());
    expect(
      await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, s.tender.tender.id)),
    ).toHaveLength(0);
  });

  it("refuses by the deadline the portal holds, not the caller's stale copy of it", async () => {
    const s = await scene();
    await completeBid(s);
    // The deadline as the recording transaction reads it (FOR SHARE) is already past; the
    // procurement row the caller holds still says tomorrow.
    const stale = await fresh(s.procurement);
    await db()
      .update(procurements)
      .set({ bidDeadline: new Date(Date.now() - 1) })
      .where(eq(procurements.id, s.procurement.id));
    const result = await submitBid(asSignedIn(alice), stale, s.published, {
      declaration: "on",
      idempotencyKey: randomUUID(),
    });
    expect(result).toMatchObject({ ok: false, late: true });
    expect(
      await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, s.tender.tender.id)),
    ).toHaveLength(0);
    const [bid] = await db().select().from(bids).where(eq(bids.tenderId, s.tender.tender.id));
    expect(bid.status).toBe("draft");
  });
});

// --- The time that counts: when the portal received the submit request (decision 026) -------------------

describe("the time that counts", () => {
  afterEach(() => {
    releaseClock();
  });

  /** The clock stopped, and the deadline a minute on from it. */
  async function deadlineInAMinute(s: Scene) {
    const start = stopClock();
    const deadline = new Date(start.getTime() + 60_000);
    await db().update(procurements).set({ bidDeadline: deadline }).where(eq(procurements.id, s.procurement.id));
    return deadline;
  }

  const requestsOf = (s: Scene) =>
    db().select().from(bidSubmissionRequests).where(eq(bidSubmissionRequests.tenderId, s.tender.tender.id));
  const submissionsOf = (s: Scene) =>
    db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, s.tender.tender.id));
  const squash = (text: string) => text.replace(/\s+/g, "");

  it("states the rule to bidders on the public tender page and the submit page", async () => {
    const s = await scene();
    await completeBid(s);
    const rule =
      "What counts is the time the portal receives your submit request: the moment it has the whole of your request to submit, to the second";
    const busy = "A bid the portal received before the deadline still counts";
    const tender = await (await portal.fetch(`/procurements/${s.procurement.slug}/tender`)).text();
    const submitPage = await (
      await portal.fetch(`/procurements/${s.procurement.slug}/bid/submit`, { cookie: cookies.alice })
    ).text();
    for (const html of [tender, submitPage]) {
      const text = html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
      expect(text).toContain(rule);
      expect(text).toContain(busy);
      expect(text).toContain("Upload your files and finish your answers before you submit");
      expect(text).toContain("Your receipt states the time the portal received your submit request, to the second");
    }
  });

  it("counts a bid received before the deadline and recorded after it, its receipt stating the received time to the second", async () => {
    const s = await scene();
    await completeBid(s);
    const deadline = await deadlineInAMinute(s);
    advanceClock(58_250);
    const receivedAt = now();
    // The request waited (a queue, locks) until after the deadline before it was recorded.
    advanceClock(30_000);
    const result = await submit(alice, s, randomUUID(), receivedAt);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const [row] = await submissionsOf(s);
    expect(row.submittedAt).toEqual(receivedAt);
    expect(row.recordedAt).toEqual(now());
    expect(row.recordedAt.getTime()).toBeGreaterThan(deadline.getTime());
    expect((row.content as SubmissionContent).receivedAt).toBe(receivedAt.toISOString());
    expect(await requestsOf(s)).toMatchObject([{ status: "finished", submissionId: row.id, receivedAt }]);
    expect(await countSubmittedBids(s.tender.tender.id)).toBe(1);
    expect(
      await db().select().from(lateBidAttempts).where(eq(lateBidAttempts.tenderId, s.tender.tender.id)),
    ).toHaveLength(0);

    const stated = formatDateTimeToSecond(receivedAt);
    expect(stated).toMatch(/\d:\d\d:\d\d(am|pm)$/);
    const receipt = `/procurements/${s.procurement.slug}/bid/receipts/${result.reference}`;
    const page = await (await portal.fetch(receipt, { cookie: cookies.alice })).text();
    expect(page).toContain("Received (UK time)");
    expect(page).toContain(stated);
    const pdf = await portal.fetch(`${receipt}/pdf`, { cookie: cookies.colin });
    expect(squash(await pdfText(await pdf.arrayBuffer()))).toContain(squash(`Received (UK time)${stated}`));
    await processOutbox();
    const mail = await sink.waitForMessage(
      (m) => m.to === colin.email.toLowerCase() && m.subject.includes(result.reference),
    );
    expect(mail.text).toContain(`Received (UK time): ${stated}`);
  });

  it("refuses a request received at the deadline and registers it at the time it was received", async () => {
    const s = await scene();
    await completeBid(s);
    const deadline = await deadlineInAMinute(s);
    advanceClock(60_000 + 10_000);
    const refused = await submit(alice, s, randomUUID(), deadline);
    expect(refused).toMatchObject({ ok: false, late: true });
    expect(JSON.stringify(refused)).toContain("received your submit request at or after that time");
    const late = await db().select().from(lateBidAttempts).where(eq(lateBidAttempts.tenderId, s.tender.tender.id));
    expect(late).toMatchObject([{ userId: alice.id, attemptedAt: deadline, deadline }]);
    expect(await submissionsOf(s)).toHaveLength(0);
    expect(await requestsOf(s)).toHaveLength(0);
  });

  it("keeps a bid received in time that could not be recorded: the bidder is told, the opening waits, housekeeping records it", async () => {
    const s = await scene();
    await completeBid(s);
    const deadline = await deadlineInAMinute(s);
    advanceClock(59_000);
    const receivedAt = now();
    // The database refuses every submission of this tender, as if it failed under the submitter.
    const trigger = `refuse_${s.tender.tender.id.replace(/-/g, "")}`;
    await database.ownerQuery(
      `create function ${trigger}() returns trigger language plpgsql as $$ begin raise exception 'simulated failure'; end $$`,
    );
    await database.ownerQuery(
      `create trigger ${trigger} before insert on bid_submissions for each row when (new.tender_id = '${s.tender.tender.id}') execute function ${trigger}()`,
    );
    const path = `/procurements/${s.procurement.slug}/bid/submit`;
    const key = randomUUID();
    const posted = await portal.postForm(path, { declaration: "on", idempotencyKey: key }, { cookie: cookies.alice });
    expect(posted.status).toBe(302);
    const status = posted.headers.get("location") ?? "";
    expect(status).toMatch(new RegExp(`^/procurements/${s.procurement.slug}/bid/requests/[0-9a-f-]{36}$`));
    const waiting = await (await portal.fetch(status, { cookie: cookies.colin })).text();
    expect(waiting).toContain(
      `We received your bid at <strong>${formatDateTimeToSecond(receivedAt)}</strong> (UK time), before the deadline. We are recording it; your receipt will be emailed to everyone in your organisation`,
    );
    expect((await portal.fetch(status, { cookie: cookies.bea })).status).toBe(404);
    // The same form posted again finds the same request.
    const again = await portal.postForm(path, { declaration: "on", idempotencyKey: key }, { cookie: cookies.colin });
    expect(again.headers.get("location")).toBe(status);
    expect(await requestsOf(s)).toMatchObject([{ status: "received", receivedAt, attempts: 8 }]);
    expect(await submissionsOf(s)).toHaveLength(0);

    // After the deadline, the opening waits for it, and staff see why.
    advanceClock(5 * 60_000);
    const version = async () =>
      (await db().select().from(tenders).where(eq(tenders.id, s.tender.tender.id)))[0].version;
    const procurement = await fresh(s.procurement);
    const refused = await requestOpening(asSignedIn(staff), procurement, await version());
    expect(JSON.stringify(refused)).toContain("1 submission received before the deadline is still being recorded");
    const staffPage = await (
      await portal.fetch(`/staff/procurements/${s.procurement.slug}/tender`, { cookie: cookies.staff })
    ).text();
    expect(staffPage).toContain("1 submission received before the deadline is still being recorded");

    // The fault clears; the next housekeeping round records the bid at the time it was received.
    await database.ownerQuery(`drop trigger ${trigger} on bid_submissions`);
    await database.ownerQuery(`drop function ${trigger}()`);
    await runHousekeeping();
    const [row] = await submissionsOf(s);
    expect(row).toMatchObject({ submittedAt: receivedAt, recordedAt: now() });
    expect(row.recordedAt.getTime()).toBeGreaterThan(deadline.getTime());
    expect(await requestsOf(s)).toMatchObject([{ status: "finished", submissionId: row.id }]);
    await processOutbox();
    for (const person of [alice, colin]) {
      const mail = await sink.waitForMessage(
        (m) => m.to === person.email.toLowerCase() && m.subject.includes(row.reference),
      );
      expect(mail.text).toContain(`Received (UK time): ${formatDateTimeToSecond(receivedAt)}`);
    }
    const recorded = await (await portal.fetch(status, { cookie: cookies.alice })).text();
    expect(recorded).toContain("Your bid has been recorded");
    expect(recorded).toContain(row.reference);
    // A third post of the same form: the one receipt, no second submission.
    const third = await portal.postForm(path, { declaration: "on", idempotencyKey: key }, { cookie: cookies.alice });
    expect(third.headers.get("location")).toBe(`/procurements/${s.procurement.slug}/bid/receipts/${row.reference}`);
    expect(await submissionsOf(s)).toHaveLength(1);
    expect(await requestsOf(s)).toHaveLength(1);

    expect(await requestOpening(asSignedIn(staff), await fresh(s.procurement), await version())).toEqual({ ok: true });
    expect(await confirmOpening(asSignedIn(staff2), await fresh(s.procurement), await version())).toEqual({
      ok: true,
    });
  });
});

// --- Receipts ----------------------------------------------------------------------------------------------

describe("checking a receipt", () => {
  it("verifies a reference and digest pair, refuses a changed digest, and recomputes the digest once opened", async () => {
    const s = await scene();
    await completeBid(s);
    const result = await submit(alice, s);
    if (!result.ok) throw new Error("refused");
    const { digest } = await ownSubmission(asSignedIn(alice), s.published.tender, result.reference);
    const changed = `${digest.slice(0, 63)}${digest.endsWith("0") ? "1" : "0"}`;
    expect(await verifyReceipt(result.reference, digest)).toMatchObject({
      found: true,
      status: "counting",
      opened: false,
      recomputedMatches: null,
    });
    expect(await verifyReceipt(result.reference, changed)).toEqual({ found: false });

    const check = (d: string) =>
      portal.fetch(
        `/receipts/verify?${new URLSearchParams({ reference: result.reference.toLowerCase(), digest: d.toUpperCase() })}`,
      );
    const good = await (await check(digest)).text();
    expect(good).toContain("This receipt matches a submission");
    expect(good).not.toContain(alphaName);
    expect(good).not.toContain(SECRET_ANSWER);
    const bad = await (await check(changed)).text();
    expect(bad).toContain("No submission matches");
    const malformed = await (await portal.fetch(`/receipts/verify?reference=x&digest=nothex`)).text();
    expect(malformed).toContain("Enter the digest");

    await openTender(s.tender.tender.id);
    expect(await verifyReceipt(result.reference, digest)).toMatchObject({
      found: true,
      opened: true,
      recomputedMatches: true,
    });
    expect(await (await check(digest)).text()).toContain("it matches");
    // The digest is over RFC 8785 canonical JSON: key order cannot change it.
    const [row] = await db().select().from(bidSubmissions).where(eq(bidSubmissions.reference, result.reference));
    const reverse = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverse)
        : value && typeof value === "object"
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverse(v)]),
            )
          : value;
    const reordered = reverse(row.content);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(row.content));
    expect(canonicalJson(reordered)).toBe(canonicalJson(row.content));
  });

  /** Changes a frozen submission as only someone with the owner's rights could, past its trigger. */
  async function unfrozen(change: () => Promise<unknown>) {
    await database.ownerQuery("alter table bid_submissions disable trigger bid_submissions_frozen");
    try {
      await change();
    } finally {
      await database.ownerQuery("alter table bid_submissions enable trigger bid_submissions_frozen");
    }
  }

  it("covers the received time with the digest, and still verifies receipts made in the first format", async () => {
    const s = await scene();
    await completeBid(s);
    const first = await submit(alice, s);
    const second = await submit(alice, s);
    if (!first.ok || !second.ok) throw new Error("refused");
    const stored = async (reference: string) =>
      (await db().select().from(bidSubmissions).where(eq(bidSubmissions.reference, reference)))[0];
    // The first, as a submission made before decision 026 was frozen: format 1, its time `submittedAt`.
    const made = await stored(first.reference);
    const { receivedAt, format, ...rest } = made.content as SubmissionContent;
    expect(format).toBe("aip-bid-submission/2");
    const formatOne = { ...rest, format: SUBMISSION_FORMAT_1, submittedAt: receivedAt };
    const formatOneDigest = createHash("sha256").update(canonicalJson(formatOne), "utf8").digest("hex");
    await unfrozen(() =>
      db()
        .update(bidSubmissions)
        .set({ content: formatOne, digest: formatOneDigest })
        .where(eq(bidSubmissions.id, made.id)),
    );
    // The second's received time, moved by one second after its receipt was given.
    const later = await stored(second.reference);
    const content = later.content as SubmissionContent;
    const moved = { ...content, receivedAt: new Date(Date.parse(content.receivedAt) - 1_000).toISOString() };
    expect(submissionDigest(moved)).not.toBe(later.digest);
    await unfrozen(() => db().update(bidSubmissions).set({ content: moved }).where(eq(bidSubmissions.id, later.id)));

    await openTender(s.tender.tender.id);
    const check = async (reference: string, digest: string) =>
      (await portal.fetch(`/receipts/verify?${new URLSearchParams({ reference, digest })}`)).text();
    expect(await verifyReceipt(first.reference, formatOneDigest)).toMatchObject({
      found: true,
      recomputedMatches: true,
    });
    expect(await check(first.reference, formatOneDigest)).toContain("it matches");
    expect(await verifyReceipt(second.reference, later.digest)).toMatchObject({
      found: true,
      recomputedMatches: false,
    });
    expect(await check(second.reference, later.digest)).toContain("does not match");
  });
});

// --- The seal ----------------------------------------------------------------------------------------------

describe("the seal", () => {
  let s: Scene;
  let reference: string;
  let bidId: string;
  let fileId: string;
  let sha256: string;

  beforeAll(async () => {
    s = await scene();
    await completeBid(s);
    const result = await submit(alice, s);
    if (!result.ok) throw new Error("refused");
    reference = result.reference;
    const own = await ownBid(asSignedIn(alice), s.published.tender);
    bidId = own?.bid.id ?? "";
    fileId = own?.files[s.tender.questions.file.id][0].id ?? "";
    sha256 = own?.files[s.tender.questions.file.id][0].sha256 ?? "";
    await startBid(asSignedIn(bea), s.procurement, s.published);
  });

  const supplierRoutes = () => [
    `/procurements/${s.procurement.slug}/bid`,
    `/procurements/${s.procurement.slug}/bid/submit`,
    `/procurements/${s.procurement.slug}/bid/questions/${s.tender.questions.text.id}`,
    `/procurements/${s.procurement.slug}/bid/receipts/${reference}`,
    `/procurements/${s.procurement.slug}/bid/receipts/${reference}/pdf`,
    `/procurements/${s.procurement.slug}/bid/files/${fileId}`,
  ];
  const staffRoutes = () => [
    `/staff/procurements/${s.procurement.slug}/tender/bids`,
    `/staff/procurements/${s.procurement.slug}/tender/bids/${bidId}`,
    `/staff/procurements/${s.procurement.slug}/tender/bids/${bidId}/files/${sha256}`,
  ];

  async function get(path: string, cookie: string) {
    const response = await portal.fetch(path, { cookie });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()).toString("latin1") };
  }

  it("before opening, refuses staff, admins and evaluators on every bid route and every seal function, telling staff only the count", async () => {
    const tender = (await current(s.procurement)).tender;
    for (const role of ["staff", "admin", "evaluator"] as const) {
      for (const path of [...supplierRoutes(), ...staffRoutes()]) {
        const { status, body } = await get(path, cookies[role]);
        expect(status, `${role} ${path}`).toBe(403);
        expect(body, `${role} ${path}`).not.toContain(SECRET_ANSWER);
        expect(body, `${role} ${path}`).not.toContain(alphaName);
        expect(body, `${role} ${path}`).not.toContain(reference);
      }
      const user = asSignedIn({ staff, admin, evaluator }[role]);
      expect(canReadOpenedBids(user, tender)).toBe(false);
      await expectRefusedWith(403)(openedBids(user, tender));
      await expectRefusedWith(403)(openedBid(user, tender, bidId));
      await expectRefusedWith(403)(openedBidFile(user, tender, bidId, sha256));
      await expectRefusedWith(403)(ownBid(user, tender));
      await expectRefusedWith(403)(ownSubmission(user, tender, reference));
      await expectRefusedWith(403)(ownSubmissions(user, tender));
      await expectRefusedWith(403)(ownBidFile(user, tender, fileId));
    }
    const index = await get(`/staff/procurements/${s.procurement.slug}/tender/bids`, cookies.staff);
    expect(index.body).toContain("Bids are sealed until they are opened");
    expect(index.body).toContain("1 organisation has submitted a bid");
    expect(await countSubmittedBids(tender.id)).toBe(1);
  });

  it("never shows another supplier the bid, before or after opening", async () => {
    for (const opened of [false, true]) {
      if (opened) await openTender(s.tender.tender.id);
      const tender = (await current(s.procurement)).tender;
      const rival = asSignedIn(bea);
      expect((await ownBid(rival, tender))?.answers ?? {}).toEqual({});
      await expectRefusedWith(404)(ownSubmission(rival, tender, reference));
      await expectRefusedWith(404)(ownBidFile(rival, tender, fileId));
      await expectRefusedWith(403)(openedBids(rival, tender));
      await expectRefusedWith(403)(openedBid(rival, tender, bidId));
      for (const path of supplierRoutes()) {
        const { status, body } = await get(path, cookies.bea);
        expect([200, 404], path).toContain(status);
        expect(body, path).not.toContain(SECRET_ANSWER);
        expect(body, path).not.toContain(reference);
      }
      for (const path of staffRoutes()) expect((await get(path, cookies.bea)).status, path).toBe(403);
    }
    await db().update(tenders).set({ openedAt: null }).where(eq(tenders.id, s.tender.tender.id));
  });

  it("after opening, lets staff and admins read the counting submission and its files, and still refuses evaluators", async () => {
    await openTender(s.tender.tender.id);
    const tender = (await current(s.procurement)).tender;
    for (const role of ["staff", "admin"] as const) {
      const index = await get(`/staff/procurements/${s.procurement.slug}/tender/bids`, cookies[role]);
      expect(index.status).toBe(200);
      expect(index.body).toContain(alphaName);
      expect(index.body).toContain(reference);
      const detail = await get(`/staff/procurements/${s.procurement.slug}/tender/bids/${bidId}`, cookies[role]);
      expect(detail.status).toBe(200);
      expect(detail.body).toContain(SECRET_ANSWER);
      expect(detail.body).toContain("£325,005.00");
      expect(detail.body).toContain("it matches");
      const file = await portal.fetch(
        `/staff/procurements/${s.procurement.slug}/tender/bids/${bidId}/files/${sha256}`,
        {
          cookie: cookies[role],
        },
      );
      expect(file.status).toBe(200);
      expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
      const user = asSignedIn(role === "staff" ? staff : admin);
      expect(canReadOpenedBids(user, tender)).toBe(true);
      expect((await openedBids(user, tender)).map((b) => b.reference)).toEqual([reference]);
      // A draft never submitted is not a bid: beta's is not there.
      const [betaBid] = await db()
        .select()
        .from(bids)
        .where(and(eq(bids.tenderId, tender.id), eq(bids.organisationId, bea.organisationId ?? "")));
      await expectRefusedWith(404)(openedBid(user, tender, betaBid.id));
      await expectRefusedWith(404)(openedBidFile(user, tender, bidId, "0".repeat(64)));
      // Staff still cannot use the bidder's own pages.
      for (const path of supplierRoutes()) expect((await get(path, cookies[role])).status, path).toBe(403);
    }
    const judge = asSignedIn(evaluator);
    expect(canReadOpenedBids(judge, tender)).toBe(false);
    await expectRefusedWith(403)(openedBids(judge, tender));
    await expectRefusedWith(403)(openedBid(judge, tender, bidId));
    await expectRefusedWith(403)(openedBidFile(judge, tender, bidId, sha256));
    await expectRefusedWith(403)(ownBid(judge, tender));
    for (const path of staffRoutes()) expect((await get(path, cookies.evaluator)).status, path).toBe(403);
  });

  it("shows the bid's status on the supplier dashboard", async () => {
    const page = await (await portal.fetch("/supplier", { cookie: cookies.alice })).text();
    expect(page).toContain(`/procurements/${s.procurement.slug}/bid`);
    expect(page).toContain("Your bid: submitted");
  });
});

/** Streams a PDF of `total` bytes to a file question the way a browser does, stopping once answered. */
function uploadOverHttp(s: Scene, cookie: string, filename: string, total: number) {
  const boundary = "----bid-http-upload";
  return portal.postChunked(`/procurements/${s.procurement.slug}/bid/questions/${s.tender.questions.file.id}`, {
    contentType: `multipart/form-data; boundary=${boundary}`,
    cookie,
    chunks: function* () {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
      );
      for (let sent = 0; sent < total; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 0x25);
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    },
  });
}
