// Submitting: the caller's organisation submits its bid, freezing its content into a submission with
// a digest and a receipt; it may withdraw that submission (./withdrawing.server.ts) and submit again
// before the deadline. A submit request counts by when the portal received it (context.receivedAt(), decision
// 026): received before the deadline, it is recorded at once (bid_submission_requests), then
// finished in the submitting transaction, retried here if that fails, and by housekeeping after
// that (./recording.server.ts). Reading bid content goes through ./sealed.server.ts.
import { setTimeout as sleep } from "node:timers/promises";
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { bids, bidSubmissionRequests, bidSubmissions, lateBidAttempts, tenders } from "../../db/schema";
import { bidReceiptMessage } from "../../emails/templates/bid-receipt";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { config } from "../config.server";
import { log } from "../log.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import {
  allQuestions,
  priceTotals,
  type AnswerValue,
  type PriceAnswer,
  type PublishedQuestion,
} from "../tenders/questionnaire";
import type { PublishedTender } from "../tenders/published.server";
import { formatDateTime, formatDateTimeToSecond } from "../time";
import { bidChecklist } from "./checklist";
import {
  newReceiptReference,
  submissionDigest,
  SUBMISSION_FORMAT,
  type SubmissionContent,
  type SubmittedAnswer,
} from "./receipt.server";
import type { SubmitBidInput } from "./schema";
import { draftForSubmission, type Tender } from "./sealed.server";
import { lockDeadline, receivedInTime, recordSubmissionChange, type Submitter } from "./submission-change.server";
import { bidLink, closedMessage, requireOwnBid } from "./shared.server";
import * as clock from "../clock.server";
import { notFound, refusal, requireSupplier } from "../refusals.server";

export const LATE_MESSAGE = (deadline: Date) =>
  `Your bid was not submitted: the deadline was ${formatDateTime(deadline)} (UK time) and the portal received your submit request at or after that time. Your draft is unchanged`;

/** An answer as frozen in a submission; a price schedule carries the total the server computed. */
function submittedAnswer(question: PublishedQuestion, value: AnswerValue): SubmittedAnswer {
  const answer = { questionId: question.id, number: question.number, kind: question.kind, value };
  if (question.kind !== "price") return answer;
  const totals = priceTotals(question.priceItems ?? [], (value as PriceAnswer).unitPrices ?? {});
  return { ...answer, totalPence: totals.totalPence };
}

type Refused = { ok: false; fieldErrors: Record<string, string>; late?: boolean; recording?: undefined };
type Accepted = { ok: true; reference: string; repeated: boolean; recording?: undefined };
/** Received before the deadline and recorded, but not finished yet: the portal finishes it itself. */
export type Recording = { ok: false; recording: true; requestId: string; receivedAt: Date };
export type SubmitResult = Accepted | Recording | Refused;

type SubmitRequest = typeof bidSubmissionRequests.$inferSelect;

async function submissionByKey(bidId: string, idempotencyKey: string) {
  const [row] = await db()
    .select({ reference: bidSubmissions.reference })
    .from(bidSubmissions)
    .where(and(eq(bidSubmissions.bidId, bidId), eq(bidSubmissions.idempotencyKey, idempotencyKey)));
  return row ?? null;
}

async function requestByKey(bidId: string, idempotencyKey: string): Promise<SubmitRequest | null> {
  const [row] = await db()
    .select()
    .from(bidSubmissionRequests)
    .where(and(eq(bidSubmissionRequests.bidId, bidId), eq(bidSubmissionRequests.idempotencyKey, idempotencyKey)));
  return row ?? null;
}

/** The late-bids register: a submit request received at or after the deadline, at the time it was received. */
async function recordLateAttempt(
  tx: Transaction,
  user: Submitter,
  procurement: Procurement,
  tenderId: string,
  receivedAt: Date,
  deadline: Date | null,
) {
  const [row] = await tx
    .insert(lateBidAttempts)
    .values({
      tenderId,
      organisationId: user.organisationId,
      userId: user.id,
      attemptedAt: receivedAt,
      deadline: deadline ?? new Date(0),
    })
    .returning({ id: lateBidAttempts.id });
  await recordAudit(tx, actorOf(user), {
    action: "bid.late_attempt",
    subjectType: "late_bid_attempt",
    subjectId: row.id,
    procurementId: procurement.id,
  });
}

function lateRefusal(deadline: Date | null): Refused {
  return deadline ? { ...refusal(LATE_MESSAGE(deadline)), late: true } : refusal(closedMessage({ bidDeadline: null }));
}

/**
 * Submits the caller's organisation's bid. The time that counts is `receivedAt`, when the portal
 * received the complete submit request (the action passes context.receivedAt(); decision 026): a
 * request received before the deadline counts however long it then waits. It is recorded at once
 * in a small transaction, then finished (./finishSubmitRequest), retried here if that fails; if it
 * still fails, the bidder is told it was received and is being recorded, and housekeeping finishes
 * it. A repeated post with the same idempotency key finds the first request and its receipt.
 */
export async function submitBid(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  input: SubmitBidInput,
  receivedAt: Date = clock.now(),
): Promise<SubmitResult> {
  requireSupplier(user);
  const { tender } = published;
  const bid = await requireOwnBid(user, tender);
  const earlier = await submissionByKey(bid.id, input.idempotencyKey);
  if (earlier) return { ok: true, reference: earlier.reference, repeated: true };
  const known = await requestByKey(bid.id, input.idempotencyKey);
  // A refused request's form may be posted again once the bid is put right: it is a new request.
  if (known && known.status !== "refused") return finishWithRetries(known, user, procurement, published);
  if (procurement.bidDeadline === null) return refusal(closedMessage(procurement));
  const recorded = await withRetries(
    () => recordSubmitRequest(user, procurement, tender, bid.id, input.idempotencyKey, receivedAt),
    async (error) => log.warn("Recording a submit request failed: trying again", { error: String(error) }),
    (error) => {
      // Nothing was recorded: the bidder sees the error page (and may submit again before the deadline).
      throw error;
    },
  );
  if ("ok" in recorded) return recorded;
  return finishWithRetries(recorded, user, procurement, published);
}

/**
 * The first, small transaction: the request, received before the deadline (read under the
 * procurement's FOR SHARE lock), is recorded durably. The tender row is held FOR KEY SHARE, so the
 * opening (FOR UPDATE) waits for this to commit and then sees the request. Received at or after
 * the deadline: the late-bids register instead.
 */
async function recordSubmitRequest(
  user: Submitter,
  procurement: Procurement,
  tender: Tender,
  bidId: string,
  idempotencyKey: string,
  receivedAt: Date,
): Promise<SubmitRequest | Refused> {
  return db().transaction(async (tx): Promise<SubmitRequest | Refused> => {
    const deadline = await lockDeadline(tx, procurement.id);
    const [current] = await tx
      .select({ openedAt: tenders.openedAt })
      .from(tenders)
      .where(eq(tenders.id, tender.id))
      .for("key share");
    if (!current || current.openedAt !== null) return refusal(closedMessage({ bidDeadline: deadline }));
    if (!receivedInTime(receivedAt, deadline)) {
      await recordLateAttempt(tx, user, procurement, tender.id, receivedAt, deadline);
      return lateRefusal(deadline);
    }
    const [row] = await tx
      .insert(bidSubmissionRequests)
      .values({
        bidId,
        tenderId: tender.id,
        organisationId: user.organisationId,
        userId: user.id,
        idempotencyKey,
        tenderVersion: tender.publishedVersion,
        receivedAt,
      })
      .onConflictDoUpdate({
        target: [bidSubmissionRequests.bidId, bidSubmissionRequests.idempotencyKey],
        set: {
          userId: user.id,
          tenderVersion: tender.publishedVersion,
          receivedAt,
          status: "received",
          refusal: null,
          finishedAt: null,
        },
        setWhere: eq(bidSubmissionRequests.status, "refused"),
      })
      .returning();
    if (row) return row;
    // A second post with the same key, at the same moment: the first one's request.
    const [first] = await tx
      .select()
      .from(bidSubmissionRequests)
      .where(and(eq(bidSubmissionRequests.bidId, bidId), eq(bidSubmissionRequests.idempotencyKey, idempotencyKey)));
    return first;
  });
}

// Short waits between tries: a deadlock, a serialization failure or a dropped connection usually
// clears at once. After the last, housekeeping finishes the request.
const RETRY_DELAYS_MS = [25, 100, 400];

/**
 * Finishes a recorded request, trying again after an unexpected failure (anything but a refusal,
 * which is an answer). If every try fails, the request stays "received" with the error noted, and
 * the result says so: the bid reached the portal in time and will be recorded.
 */
async function finishWithRetries(
  request: SubmitRequest,
  user: Submitter,
  procurement: Procurement,
  published: PublishedTender,
): Promise<SubmitResult> {
  return withRetries<SubmitResult>(
    () => finishSubmitRequest(request.id, user, procurement, published),
    (error) => noteFailedAttempt(request.id, error),
    (error) => {
      log.error("A bid received in time could not be recorded yet: housekeeping will finish it", {
        request: request.id,
        error: String(error),
      });
      return { ok: false, recording: true, requestId: request.id, receivedAt: request.receivedAt };
    },
  );
}

/** Runs `work`, again after each failure with a short wait; after the last failure, `giveUp`'s answer. */
async function withRetries<T>(
  work: () => Promise<T>,
  failed: (error: unknown) => Promise<void>,
  giveUp: (error: unknown) => T,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      // A 404 thrown on purpose is an answer, not a failure.
      if (error instanceof Response) throw error;
      await failed(error);
      if (attempt >= RETRY_DELAYS_MS.length) return giveUp(error);
      await sleep(RETRY_DELAYS_MS[attempt]);
    }
  }
}

export async function noteFailedAttempt(requestId: string, error: unknown) {
  try {
    await db()
      .update(bidSubmissionRequests)
      .set({ attempts: sql`${bidSubmissionRequests.attempts} + 1`, lastError: String(error).slice(0, 2000) })
      .where(eq(bidSubmissionRequests.id, requestId));
  } catch (noted) {
    log.error("Could not note a failed attempt to record a bid", { request: requestId, error: String(noted) });
  }
}

/** The refusal of a request before the deadline (incomplete, tender changed), kept with the request. */
async function refuseRequest(tx: Transaction, requestId: string, refused: Refused): Promise<Refused> {
  await tx
    .update(bidSubmissionRequests)
    .set({
      status: "refused",
      refusal: refused.fieldErrors,
      finishedAt: clock.now(),
      attempts: sql`${bidSubmissionRequests.attempts} + 1`,
    })
    .where(eq(bidSubmissionRequests.id, requestId));
  return refused;
}

/**
 * The submitting transaction: the procurement is locked FOR SHARE (the deadline cannot move
 * underneath), the bid FOR UPDATE (one submission at a time), then the request. Completeness and
 * the tender's version are checked again, the content is frozen into a new submission stamped with
 * the request's received time (which the digest covers) and the time it is recorded (which it does
 * not), earlier submissions are superseded, the receipt is emailed, and the request is marked
 * finished, all in this one transaction. The deadline is not read against the clock here: the
 * request was received before it.
 */
export async function finishSubmitRequest(
  requestId: string,
  user: Submitter,
  procurement: Procurement,
  published: PublishedTender,
): Promise<Accepted | Refused> {
  const { tender, questionnaire } = published;
  return db().transaction(async (tx): Promise<Accepted | Refused> => {
    const deadline = await lockDeadline(tx, procurement.id);
    const [request] = await tx.select().from(bidSubmissionRequests).where(eq(bidSubmissionRequests.id, requestId));
    if (!request) notFound();
    const [locked] = await tx.select().from(bids).where(eq(bids.id, request.bidId)).for("update");
    const [again] = await tx
      .select({ reference: bidSubmissions.reference, status: bidSubmissionRequests.status })
      .from(bidSubmissionRequests)
      .leftJoin(bidSubmissions, eq(bidSubmissions.id, bidSubmissionRequests.submissionId))
      .where(eq(bidSubmissionRequests.id, requestId));
    // Finished by the first of two clicks, or by housekeeping, while this waited for the lock.
    if (again.status === "finished" && again.reference) return { ok: true, reference: again.reference, repeated: true };
    if (again.status === "refused")
      return { ok: false, fieldErrors: (request.refusal ?? {}) as Record<string, string> };
    const receivedAt = request.receivedAt;
    // The deadline can only have moved later since the request was recorded; read it again all the same.
    if (!receivedInTime(receivedAt, deadline)) {
      await recordLateAttempt(tx, user, procurement, tender.id, receivedAt, deadline);
      return refuseRequest(tx, requestId, lateRefusal(deadline));
    }
    const [current] = await tx
      .select({ publishedVersion: tenders.publishedVersion })
      .from(tenders)
      .where(eq(tenders.id, tender.id));
    if (current.publishedVersion !== request.tenderVersion || locked.reviewedVersion < current.publishedVersion) {
      return refuseRequest(
        tx,
        requestId,
        refusal("The tender has changed. Review the changes to the tender and confirm before you submit"),
      );
    }
    const draft = await draftForSubmission(tx, locked.id);
    const fileCounts: Record<string, number> = {};
    for (const f of draft.files) fileCounts[f.questionId] = (fileCounts[f.questionId] ?? 0) + 1;
    const problems = bidChecklist(questionnaire, draft.answers, fileCounts);
    if (problems.length > 0) {
      return refuseRequest(
        tx,
        requestId,
        refusal(
          `Your bid is not complete: ${problems.length} ${problems.length === 1 ? "thing needs" : "things need"} attention. Check the list below`,
        ),
      );
    }
    const recordedAt = clock.now();
    const [{ last }] = await tx
      .select({ last: sql<number>`coalesce(max(${bidSubmissions.sequence}), 0)::int` })
      .from(bidSubmissions)
      .where(eq(bidSubmissions.bidId, locked.id));
    const sequence = last + 1;
    const reference = newReceiptReference(receivedAt);
    const questions = allQuestions(questionnaire);
    const content: SubmissionContent = {
      format: SUBMISSION_FORMAT,
      reference,
      sequence,
      receivedAt: receivedAt.toISOString(),
      procurementId: procurement.id,
      tenderId: tender.id,
      tenderVersion: request.tenderVersion,
      bidId: locked.id,
      organisationId: request.organisationId,
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
      .set({ supersededAt: recordedAt })
      .where(
        and(
          eq(bidSubmissions.bidId, locked.id),
          isNull(bidSubmissions.supersededAt),
          isNull(bidSubmissions.withdrawnAt),
        ),
      );
    const [row] = await tx
      .insert(bidSubmissions)
      .values({
        bidId: locked.id,
        tenderId: tender.id,
        organisationId: request.organisationId,
        sequence,
        reference,
        tenderVersion: request.tenderVersion,
        content,
        digest,
        idempotencyKey: request.idempotencyKey,
        submittedByUserId: request.userId,
        submittedAt: receivedAt,
        recordedAt,
      })
      .returning({ id: bidSubmissions.id });
    await tx
      .update(bidSubmissionRequests)
      .set({
        status: "finished",
        submissionId: row.id,
        finishedAt: recordedAt,
        attempts: sql`${bidSubmissionRequests.attempts} + 1`,
      })
      .where(eq(bidSubmissionRequests.id, requestId));
    await recordSubmissionChange(tx, user, procurement, {
      bidId: locked.id,
      tenderId: tender.id,
      status: "submitted",
      at: recordedAt,
      action: "bid.submitted",
      submissionId: row.id,
      summary: { reference, sequence, digest, tenderVersion: request.tenderVersion, receivedAt },
      template: "bid-receipt",
      message: (person) =>
        bidReceiptMessage({
          name: person.name,
          submitter: user.name,
          procurementTitle: procurement.title,
          reference,
          receivedAtText: formatDateTimeToSecond(receivedAt),
          digest,
          answers: content.answers.length,
          files: content.files.length,
          receiptLink: bidLink(procurement.slug, `/receipts/${reference}`),
          verifyLink: new URL("/receipts/verify", config().publicUrl).toString(),
        }),
    });
    return { ok: true, reference, repeated: false };
  });
}
