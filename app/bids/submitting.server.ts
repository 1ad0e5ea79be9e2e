// Submitting and withdrawing: the caller's organisation submits its bid before the deadline (the
// portal's clock decides, in the submitting transaction), freezing its content into a submission
// with a digest and a receipt; it may withdraw that submission and submit again before the deadline.
// Reading bid content goes through ./sealed.server.ts.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { bids, bidSubmissions, lateBidAttempts, procurements, tenders } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import type { EmailContent } from "../../emails/templates/layout";
import { bidReceiptMessage } from "../../emails/templates/bid-receipt";
import { bidWithdrawnMessage } from "../../emails/templates/bid-withdrawn";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { config } from "../config.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import {
  allQuestions,
  priceTotals,
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
import type { SubmitBidInput } from "./schema";
import { draftForSubmission, type Tender } from "./sealed.server";
import { bidLink, biddingOpen, closedMessage, requireOwnBid, type Supplier } from "./shared.server";
import * as clock from "../clock.server";
import { type ActionResult, notFound, refusal, requireSupplier } from "../refusals.server";

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
  requireSupplier(user);
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
  requireSupplier(user);
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
