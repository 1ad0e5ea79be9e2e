// Bids: a supplier organisation starts its one bid on a published tender, its people answer each
// question (optimistic locking per answer), upload files, review amendments, submit before the
// deadline (the portal's clock decides, in the submitting transaction), withdraw and resubmit.
// Reading bid content goes through ./sealed.server.ts.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor, type Transaction } from "../../db/client.server";
import { isUniqueViolation, unlessDuplicate } from "../../db/errors";
import {
  bidAnswers,
  bidFiles,
  bids,
  bidSubmissions,
  lateBidAttempts,
  procurements,
  storedFiles,
  tenders,
} from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import type { EmailContent } from "../../emails/templates/layout";
import { bidReceiptMessage } from "../../emails/templates/bid-receipt";
import { bidWithdrawnMessage } from "../../emails/templates/bid-withdrawn";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { config } from "../config.server";
import { isUuid } from "../ids";
import { actorOf, hasRegisteredInterest, type Procurement } from "../procurements/procurements.server";
import { parseUploadForm } from "../storage/multipart.server";
import { DOCUMENT_TYPES } from "../storage/storage.server";
import {
  allQuestions,
  priceTotals,
  toPence,
  type AnswerValue,
  type PriceAnswer,
  type PublishedQuestion,
} from "../tenders/questionnaire";
import type { PublishedTender } from "../tenders/published.server";
import { formatDateTime } from "../time";
import { organisationRecipients } from "../users/users.server";
import { bidChecklist } from "./checklist";
import {
  newReceiptReference,
  submissionDigest,
  SUBMISSION_FORMAT,
  type SubmissionContent,
  type SubmittedAnswer,
} from "./receipt.server";
import type { SaveAnswerInput, SubmitBidInput } from "./schema";
import {
  draftForSubmission,
  ownAnswer,
  ownBid,
  ownSubmissions,
  type Bid,
  type DraftAnswer,
  type Tender,
} from "./sealed.server";
import * as clock from "../clock.server";
import { type ActionResult, notFound, refusal, requireSupplier } from "../refusals.server";

/** Files per file question: enough for appendices, few enough to bound a bid. */
export const MAX_FILES_PER_QUESTION = 10;
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

type Supplier = SignedInUser & { organisationId: string };

function assertSupplier(user: SignedInUser): asserts user is Supplier {
  requireSupplier(user);
}

export function bidLink(slug: string, path = "") {
  return new URL(`/procurements/${slug}/bid${path}`, config().publicUrl).toString();
}

/** One event on the audit log about a bid, in the caller's transaction. */
function auditBid(
  tx: Executor,
  user: Supplier,
  procurement: Procurement,
  action: string,
  bidId: string,
  summary?: Record<string, unknown>,
) {
  return recordAudit(tx, actorOf(user), {
    action,
    subjectType: "bid",
    subjectId: bidId,
    procurementId: procurement.id,
    summary,
  });
}

// --- Bidding open ---------------------------------------------------------------------------------

/** Open for bids: the deadline is set, not reached by the server's clock, and the tender is not opened. */
export function biddingOpen(procurement: Procurement, tender: Tender, now = clock.now().getTime()) {
  return procurement.bidDeadline !== null && now < procurement.bidDeadline.getTime() && tender.openedAt === null;
}

function closedMessage(procurement: Procurement) {
  return procurement.bidDeadline
    ? `The deadline for bids was ${formatDateTime(procurement.bidDeadline)} (UK time). Bids can no longer be changed`
    : "This tender has no bid deadline yet. Bids cannot be changed until it has one";
}

function questionOf(published: PublishedTender, questionId: string | undefined): PublishedQuestion {
  if (!isUuid(questionId)) notFound();
  return allQuestions(published.questionnaire).find((q) => q.id === questionId) ?? notFound();
}

// --- The workspace ---------------------------------------------------------------------------------

export type Workspace =
  | { state: "register-interest" }
  | { state: "start"; open: boolean }
  | {
      state: "bid";
      open: boolean;
      bid: Bid;
      answers: Record<string, DraftAnswer>;
      files: NonNullable<Awaited<ReturnType<typeof ownBid>>>["files"];
      checklist: ReturnType<typeof bidChecklist>;
      /** Published versions the bidder has not reviewed yet, with their reasons. */
      amendments: { number: number; reason: string | null; publishedAt: Date }[];
      submissions: Awaited<ReturnType<typeof ownSubmissions>>;
    };

/** Everything the bid pages show the caller's organisation: never another's. */
export async function bidWorkspace(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
): Promise<Workspace> {
  assertSupplier(user);
  const open = biddingOpen(procurement, published.tender);
  if (!(await hasRegisteredInterest(user, procurement.id))) return { state: "register-interest" };
  const own = await ownBid(user, published.tender);
  if (!own) return { state: "start", open };
  const answers = own.answers;
  const values = Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, a.value]));
  const fileCounts = Object.fromEntries(Object.entries(own.files).map(([id, list]) => [id, list.length]));
  return {
    state: "bid",
    open,
    bid: own.bid,
    answers,
    files: own.files,
    checklist: bidChecklist(published.questionnaire, values, fileCounts),
    amendments: published.versions.filter((v) => v.number > own.bid.reviewedVersion),
    submissions: await ownSubmissions(user, published.tender),
  };
}

/** A question of the caller's organisation's bid to change: 404 for anyone else's, refused once bidding has closed. */
async function editableAnswer(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  questionId: string | undefined,
) {
  assertSupplier(user);
  const question = questionOf(published, questionId);
  const bid = await requireOwnBid(user, published.tender);
  const closed = biddingOpen(procurement, published.tender) ? null : refusal(closedMessage(procurement));
  return { supplier: user, question, bid, closed };
}

/** The caller's organisation's bid, or 404: every change below starts here. */
async function requireOwnBid(user: Supplier, tender: Tender): Promise<Bid> {
  const [bid] = await db()
    .select()
    .from(bids)
    .where(and(eq(bids.tenderId, tender.id), eq(bids.organisationId, user.organisationId)));
  return bid ?? notFound();
}

/** Starts the organisation's one bid; starting twice (two colleagues, a double click) finds the first. */
export async function startBid(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
): Promise<ActionResult> {
  assertSupplier(user);
  if (!(await hasRegisteredInterest(user, procurement.id))) {
    return refusal("Register your organisation's interest in this procurement before you start a bid");
  }
  if (!biddingOpen(procurement, published.tender)) return refusal(closedMessage(procurement));
  const { tender } = published;
  return unlessDuplicate<ActionResult>(
    () =>
      db().transaction(async (tx) => {
        const [bid] = await tx
          .insert(bids)
          .values({
            tenderId: tender.id,
            organisationId: user.organisationId,
            reviewedVersion: tender.publishedVersion,
            createdByUserId: user.id,
          })
          .returning({ id: bids.id });
        await auditBid(tx, user, procurement, "bid.started", bid.id, { tenderVersion: tender.publishedVersion });
        return { ok: true as const };
      }),
    () => ({ ok: true as const }),
  );
}

// --- Answers -----------------------------------------------------------------------------------------

export type SaveResult =
  | { ok: true; version: number; updatedAt: Date }
  | { ok: false; fieldErrors: Record<string, string>; current?: DraftAnswer | null };

export const STALE_ANSWER =
  "Someone else changed this answer while you were editing it. Their version is shown below; your text is still in the box. Save again to replace theirs with yours";

/** The answer a form describes, or field errors; unit prices come as `unitPrice.<key>` fields. */
export function answerFromForm(
  question: PublishedQuestion,
  input: SaveAnswerInput,
  fields: URLSearchParams,
): { ok: true; value: AnswerValue } | { ok: false; fieldErrors: Record<string, string> } {
  switch (question.kind) {
    case "pass_fail":
      return { ok: true, value: { answer: input.answer ?? null, evidence: input.evidence ?? "" } };
    case "text":
      return { ok: true, value: { text: input.text ?? "" } };
    case "price": {
      const unitPrices: Record<string, string> = {};
      const fieldErrors: Record<string, string> = {};
      for (const item of question.priceItems ?? []) {
        const given = (fields.get(`unitPrice.${item.key}`) ?? "").trim().slice(0, 40);
        unitPrices[item.key] = given;
        if (given !== "" && toPence(given) === null) {
          fieldErrors[`unitPrice.${item.key}`] =
            `Enter the unit price for ${item.description} in pounds and pence, like 1250.00`;
        }
      }
      return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, value: { unitPrices } };
    }
    case "file":
      return { ok: false, fieldErrors: { form: "Upload files for this question with the upload button" } };
  }
}

/**
 * Saves one answer of the caller's organisation's bid. `input.version` is the version the form
 * showed (0: no answer yet); if a colleague saved in between, nothing is written and the current
 * answer comes back so the page can show it beside the caller's own text.
 */
export async function saveAnswer(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  questionId: string | undefined,
  input: SaveAnswerInput,
  fields: URLSearchParams,
): Promise<SaveResult> {
  const { supplier, question, bid, closed } = await editableAnswer(user, procurement, published, questionId);
  if (closed) return closed;
  const parsed = answerFromForm(question, input, fields);
  if (!parsed.ok) return parsed;
  const saved = await db().transaction(async (tx) => {
    const now = clock.now();
    const [row] =
      input.version === 0
        ? await tx
            .insert(bidAnswers)
            .values({
              bidId: bid.id,
              questionId: question.id,
              value: parsed.value,
              updatedByUserId: user.id,
              updatedAt: now,
            })
            .onConflictDoNothing()
            .returning({ version: bidAnswers.version, updatedAt: bidAnswers.updatedAt })
        : await tx
            .update(bidAnswers)
            .set({ value: parsed.value, updatedByUserId: user.id, updatedAt: now, version: input.version + 1 })
            .where(
              and(
                eq(bidAnswers.bidId, bid.id),
                eq(bidAnswers.questionId, question.id),
                eq(bidAnswers.version, input.version),
              ),
            )
            .returning({ version: bidAnswers.version, updatedAt: bidAnswers.updatedAt });
    if (!row) return null;
    await tx.update(bids).set({ updatedAt: now }).where(eq(bids.id, bid.id));
    await auditBid(tx, supplier, procurement, "bid.answer_saved", bid.id, {
      questionId: question.id,
      number: question.number,
      version: row.version,
    });
    return row;
  });
  if (saved) return { ok: true, version: saved.version, updatedAt: saved.updatedAt };
  return { ok: false, fieldErrors: { form: STALE_ANSWER }, current: await ownAnswer(user, bid, question.id) };
}

// --- Files --------------------------------------------------------------------------------------------

/**
 * Receives files for a file question of the caller's bid: streamed, capped at the question's size
 * limit while the bytes arrive, typed by content and stored once per SHA-256. Who is asking is
 * checked before a byte is read.
 */
export async function uploadBidFiles(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  questionId: string | undefined,
  request: Request,
): Promise<ActionResult<{ filenames: string[] }>> {
  assertSupplier(user);
  const question = questionOf(published, questionId);
  if (question.kind !== "file") notFound();
  const bid = await requireOwnBid(user, published.tender);
  // Unread: the route answers with Connection: close, so the refusal reaches the browser before
  // the rest of the file has to (cancelling the body would reset the connection instead).
  if (!biddingOpen(procurement, published.tender)) return refusal(closedMessage(procurement));
  const form = await parseUploadForm(request, {
    files: {
      file: {
        maxBytes: question.maxBytes ?? DEFAULT_MAX_BYTES,
        allowedTypes: question.allowedTypes ?? DOCUMENT_TYPES,
      },
    },
  });
  const refused = form.refusals[0];
  if (refused) return { ok: false, fieldErrors: { file: refused.message } };
  const received = form.files.file ?? [];
  if (received.length === 0) return { ok: false, fieldErrors: { file: "Choose a file to upload" } };
  return db().transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(bidFiles)
      .where(and(eq(bidFiles.bidId, bid.id), eq(bidFiles.questionId, question.id), isNull(bidFiles.removedAt)));
    if (n + received.length > MAX_FILES_PER_QUESTION) {
      return {
        ok: false as const,
        fieldErrors: {
          file: `You can upload up to ${MAX_FILES_PER_QUESTION} files for one question. Remove one first`,
        },
      };
    }
    for (const file of received) {
      const [stored] = await tx
        .insert(storedFiles)
        .values({ ...file, uploadedByUserId: user.id, organisationId: user.organisationId })
        .returning({ id: storedFiles.id });
      await tx
        .insert(bidFiles)
        .values({ bidId: bid.id, questionId: question.id, fileId: stored.id, addedByUserId: user.id });
      await auditBid(tx, user, procurement, "bid.file_added", bid.id, {
        questionId: question.id,
        number: question.number,
        sha256: file.sha256,
        size: file.size,
      });
    }
    await tx.update(bids).set({ updatedAt: clock.now() }).where(eq(bids.id, bid.id));
    return { ok: true as const, filenames: received.map((f) => f.filename) };
  });
}

/** Takes a file off the caller's draft bid (submissions keep what they froze). */
export async function removeBidFile(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  questionId: string | undefined,
  bidFileId: string,
): Promise<ActionResult> {
  const { supplier, question, bid, closed } = await editableAnswer(user, procurement, published, questionId);
  if (closed) return closed;
  return db().transaction(async (tx) => {
    const [row] = await tx
      .update(bidFiles)
      .set({ removedAt: clock.now() })
      .where(
        and(
          eq(bidFiles.id, bidFileId),
          eq(bidFiles.bidId, bid.id),
          eq(bidFiles.questionId, question.id),
          isNull(bidFiles.removedAt),
        ),
      )
      .returning({ id: bidFiles.id });
    if (!row) notFound();
    await auditBid(tx, supplier, procurement, "bid.file_removed", bid.id, { questionId: question.id, bidFileId });
    return { ok: true as const };
  });
}

/** The bidder confirms they have reviewed the tender's amendments: submitting is possible again. */
export async function reviewAmendments(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
): Promise<ActionResult> {
  assertSupplier(user);
  const bid = await requireOwnBid(user, published.tender);
  const version = published.tender.publishedVersion;
  await db().transaction(async (tx) => {
    const [row] = await tx
      .update(bids)
      .set({ reviewedVersion: version, updatedAt: clock.now() })
      .where(and(eq(bids.id, bid.id), sql`${bids.reviewedVersion} < ${version}`))
      .returning({ id: bids.id });
    if (!row) return;
    await auditBid(tx, user, procurement, "bid.amendments_reviewed", bid.id, {
      from: bid.reviewedVersion,
      to: version,
    });
  });
  return { ok: true };
}

// --- Submitting, withdrawing ---------------------------------------------------------------------------

export const LATE_MESSAGE = (deadline: Date) =>
  `Your bid was not submitted: the deadline was ${formatDateTime(deadline)} (UK time) and the server received it at or after that time. Your draft is unchanged`;

class LateSubmission extends Error {}

/** An answer as frozen in a submission; a price schedule carries the total the server computed. */
function submittedAnswer(question: PublishedQuestion, value: AnswerValue): SubmittedAnswer {
  const answer = { questionId: question.id, number: question.number, kind: question.kind, value };
  if (question.kind !== "price") return answer;
  const totals = priceTotals(question.priceItems ?? [], (value as PriceAnswer).unitPrices ?? {});
  return { ...answer, totalPence: totals.totalPence };
}

type Refused = { ok: false; fieldErrors: Record<string, string>; late?: boolean };
export type SubmitResult = { ok: true; reference: string; repeated: boolean } | Refused;

async function submissionByKey(bidId: string, idempotencyKey: string) {
  const [row] = await db()
    .select({ reference: bidSubmissions.reference })
    .from(bidSubmissions)
    .where(and(eq(bidSubmissions.bidId, bidId), eq(bidSubmissions.idempotencyKey, idempotencyKey)));
  return row ?? null;
}

/**
 * Locks the procurement against a deadline change for the rest of the transaction (staff extend
 * FOR UPDATE): the deadline, and the portal's time once the lock is held (the time received).
 */
async function lockDeadline(tx: Transaction, procurementId: string) {
  const [row] = await tx
    .select({ deadline: procurements.bidDeadline })
    .from(procurements)
    .where(eq(procurements.id, procurementId))
    .for("share");
  if (!row) notFound();
  return { deadline: row.deadline, now: clock.now() };
}

/**
 * The last check of a submitting transaction, read from the clock after every other statement: it
 * commits only if the time is still before the deadline locked at its start (which cannot move).
 */
function assertBeforeDeadline(deadline: Date | null) {
  if (deadline === null || clock.now().getTime() >= deadline.getTime()) throw new LateSubmission();
}

async function recordLateAttempt(user: Supplier, procurement: Procurement, tender: Tender) {
  await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(lateBidAttempts)
      .values({
        tenderId: tender.id,
        organisationId: user.organisationId,
        userId: user.id,
        attemptedAt: clock.now(),
        deadline: procurement.bidDeadline ?? new Date(0),
      })
      .returning({ id: lateBidAttempts.id });
    await recordAudit(tx, actorOf(user), {
      action: "bid.late_attempt",
      subjectType: "late_bid_attempt",
      subjectId: row.id,
      procurementId: procurement.id,
    });
  });
}

/** A submission made or withdrawn: the bid's status, the audit row and an email to everyone in the organisation. */
async function recordSubmissionChange(
  tx: Transaction,
  user: Supplier,
  procurement: Procurement,
  change: {
    bidId: string;
    tenderId: string;
    status: "submitted" | "withdrawn";
    at: Date;
    action: string;
    submissionId: string;
    summary: Record<string, unknown>;
    template: string;
    message: (person: { name: string }) => EmailContent;
  },
) {
  await tx.update(bids).set({ status: change.status, updatedAt: change.at }).where(eq(bids.id, change.bidId));
  for (const person of await organisationRecipients(tx, user.organisationId)) {
    await enqueueEmail(tx, {
      to: person.email,
      template: change.template,
      content: change.message(person),
      // Who was told names the bidder: the outbox's views leave this mail out until the opening.
      sealedTenderId: change.tenderId,
    });
  }
  // Last: the audit row takes the log's one lock, held until the transaction ends, so every
  // other writer in the portal waits for no more than this insert and the commit.
  await recordAudit(tx, actorOf(user), {
    action: change.action,
    subjectType: "bid_submission",
    subjectId: change.submissionId,
    procurementId: procurement.id,
    summary: change.summary,
  });
}

/**
 * Submits the caller's organisation's bid: in one transaction the procurement is locked FOR SHARE
 * (so the deadline cannot move underneath), completeness is checked again, the content is frozen
 * into a new submission with its digest, earlier ones are superseded, and the receipt is emailed.
 * The last check reads the portal's clock against the deadline: a submission counts only if it
 * commits before it. A repeated post with the same idempotency key returns the first receipt.
 */
export async function submitBid(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  input: SubmitBidInput,
): Promise<SubmitResult> {
  assertSupplier(user);
  const { tender, questionnaire } = published;
  const bid = await requireOwnBid(user, tender);
  const earlier = await submissionByKey(bid.id, input.idempotencyKey);
  if (earlier) return { ok: true, reference: earlier.reference, repeated: true };
  if (tender.openedAt !== null || procurement.bidDeadline === null) return refusal(closedMessage(procurement));
  if (clock.now().getTime() >= procurement.bidDeadline.getTime()) {
    await recordLateAttempt(user, procurement, tender);
    return { ...refusal(LATE_MESSAGE(procurement.bidDeadline)), late: true };
  }
  try {
    return await db().transaction(async (tx): Promise<SubmitResult> => {
      const { deadline, now } = await lockDeadline(tx, procurement.id);
      if (!deadline || now.getTime() >= deadline.getTime()) throw new LateSubmission();
      // One submission of a bid at a time: the second of two clicks waits here, then finds the first.
      const [locked] = await tx.select().from(bids).where(eq(bids.id, bid.id)).for("update");
      const [again] = await tx
        .select({ reference: bidSubmissions.reference })
        .from(bidSubmissions)
        .where(and(eq(bidSubmissions.bidId, bid.id), eq(bidSubmissions.idempotencyKey, input.idempotencyKey)));
      if (again) return { ok: true, reference: again.reference, repeated: true };
      const [current] = await tx
        .select({ publishedVersion: tenders.publishedVersion, openedAt: tenders.openedAt })
        .from(tenders)
        .where(eq(tenders.id, tender.id));
      if (current.publishedVersion !== tender.publishedVersion || locked.reviewedVersion < current.publishedVersion) {
        return refusal("The tender has changed. Review the changes to the tender and confirm before you submit");
      }
      const draft = await draftForSubmission(tx, bid.id);
      const fileCounts: Record<string, number> = {};
      for (const f of draft.files) fileCounts[f.questionId] = (fileCounts[f.questionId] ?? 0) + 1;
      const problems = bidChecklist(questionnaire, draft.answers, fileCounts);
      if (problems.length > 0) {
        return refusal(
          `Your bid is not complete: ${problems.length} ${problems.length === 1 ? "thing needs" : "things need"} attention. Check the list below`,
        );
      }
      const [{ last }] = await tx
        .select({ last: sql<number>`coalesce(max(${bidSubmissions.sequence}), 0)::int` })
        .from(bidSubmissions)
        .where(eq(bidSubmissions.bidId, bid.id));
      const sequence = last + 1;
      const reference = newReceiptReference(now);
      const questions = allQuestions(questionnaire);
      const content: SubmissionContent = {
        format: SUBMISSION_FORMAT,
        reference,
        sequence,
        submittedAt: now.toISOString(),
        procurementId: procurement.id,
        tenderId: tender.id,
        tenderVersion: tender.publishedVersion,
        bidId: bid.id,
        organisationId: user.organisationId,
        answers: questions
          .filter((q) => q.kind !== "file" && draft.answers[q.id] !== undefined)
          .map((q) => submittedAnswer(q, draft.answers[q.id] as AnswerValue)),
        files: questions.flatMap((q) =>
          draft.files
            .filter((f) => f.questionId === q.id)
            .map((f) => ({
              questionId: q.id,
              number: q.number,
              sha256: f.sha256,
              filename: f.filename,
              size: Number(f.size),
              contentType: f.contentType,
            })),
        ),
      };
      const digest = submissionDigest(content);
      await tx
        .update(bidSubmissions)
        .set({ supersededAt: now })
        .where(
          and(
            eq(bidSubmissions.bidId, bid.id),
            isNull(bidSubmissions.supersededAt),
            isNull(bidSubmissions.withdrawnAt),
          ),
        );
      const [row] = await tx
        .insert(bidSubmissions)
        .values({
          bidId: bid.id,
          tenderId: tender.id,
          organisationId: user.organisationId,
          sequence,
          reference,
          tenderVersion: tender.publishedVersion,
          content,
          digest,
          idempotencyKey: input.idempotencyKey,
          submittedByUserId: user.id,
          submittedAt: now,
        })
        .returning({ id: bidSubmissions.id });
      await recordSubmissionChange(tx, user, procurement, {
        bidId: bid.id,
        tenderId: tender.id,
        status: "submitted",
        at: now,
        action: "bid.submitted",
        submissionId: row.id,
        summary: { reference, sequence, digest, tenderVersion: tender.publishedVersion },
        template: "bid-receipt",
        message: (person) =>
          bidReceiptMessage({
            name: person.name,
            submitter: user.name,
            procurementTitle: procurement.title,
            reference,
            submittedAtText: formatDateTime(now),
            digest,
            answers: content.answers.length,
            files: content.files.length,
            receiptLink: bidLink(procurement.slug, `/receipts/${reference}`),
            verifyLink: new URL("/receipts/verify", config().publicUrl).toString(),
          }),
      });
      assertBeforeDeadline(deadline);
      return { ok: true, reference, repeated: false };
    });
  } catch (error) {
    if (error instanceof LateSubmission) {
      await recordLateAttempt(user, procurement, tender);
      return { ...refusal(LATE_MESSAGE(procurement.bidDeadline)), late: true };
    }
    if (isUniqueViolation(error)) {
      const first = await submissionByKey(bid.id, input.idempotencyKey);
      if (first) return { ok: true, reference: first.reference, repeated: true };
    }
    throw error;
  }
}

/** Withdraws the submission that counts; the draft stays, and the bid may be submitted again before the deadline. */
export async function withdrawSubmission(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  reference: string,
): Promise<ActionResult> {
  assertSupplier(user);
  const bid = await requireOwnBid(user, published.tender);
  if (!biddingOpen(procurement, published.tender)) return refusal(closedMessage(procurement));
  try {
    return await db().transaction(async (tx) => {
      const { deadline, now } = await lockDeadline(tx, procurement.id);
      const [row] = await tx
        .update(bidSubmissions)
        .set({ withdrawnAt: now, withdrawnByUserId: user.id })
        .where(
          and(
            eq(bidSubmissions.bidId, bid.id),
            eq(bidSubmissions.reference, reference),
            isNull(bidSubmissions.withdrawnAt),
            isNull(bidSubmissions.supersededAt),
          ),
        )
        .returning({ id: bidSubmissions.id });
      if (!row) return refusal("That submission no longer counts: it was withdrawn or replaced. Reload the page");
      await recordSubmissionChange(tx, user, procurement, {
        bidId: bid.id,
        tenderId: published.tender.id,
        status: "withdrawn",
        at: now,
        action: "bid.withdrawn",
        submissionId: row.id,
        summary: { reference },
        template: "bid-withdrawn",
        message: (person) =>
          bidWithdrawnMessage({
            name: person.name,
            withdrawnBy: user.name,
            procurementTitle: procurement.title,
            reference,
            withdrawnAtText: formatDateTime(now),
            link: bidLink(procurement.slug),
          }),
      });
      assertBeforeDeadline(deadline);
      return { ok: true as const };
    });
  } catch (error) {
    if (error instanceof LateSubmission) return refusal(closedMessage(procurement));
    throw error;
  }
}
