// Inside the seal (see ../sealed.server.ts): the bidding organisation reads its own bid, its
// drafts and every submission it made, and nothing of anyone else's.
import { and, asc, desc, eq, isNull, type SQL } from "drizzle-orm";
import { db, type Executor } from "../../../db/client.server";
import {
  bidAnswers,
  bidFiles,
  bids,
  bidSubmissionRequests,
  bidSubmissions,
  procurements,
  storedFiles,
  tenders,
  users,
} from "../../../db/schema";
import type { SignedInUser } from "../../auth/guards.server";
import { isUuid } from "../../ids";
import { notFound, requireSupplier } from "../../refusals.server";
import type { AnswerValue } from "../../tenders/questionnaire";
import { asSubmissionContent } from "../receipt.server";
import { submissionSummary, type Bid, type SubmissionSummary, type Tender } from "./shared.server";

export type DraftAnswer = { value: AnswerValue; version: number; updatedAt: Date; updatedBy: string };
export type DraftFile = {
  id: string;
  questionId: string;
  filename: string;
  size: number;
  contentType: string;
  sha256: string;
  addedBy: string;
  createdAt: Date;
};

/** The caller's own organisation's bid on this tender (null if not started), with its draft answers and files. */
export async function ownBid(user: SignedInUser, tender: Tender) {
  requireSupplier(user);
  const [bid] = await db()
    .select()
    .from(bids)
    .where(and(eq(bids.tenderId, tender.id), eq(bids.organisationId, user.organisationId)));
  if (!bid) return null;
  const [answerRows, fileRows] = await Promise.all([
    draftAnswerRows(eq(bidAnswers.bidId, bid.id)),
    draftFiles(db(), bid.id),
  ]);
  const answers: Record<string, DraftAnswer> = {};
  for (const a of answerRows) {
    answers[a.questionId] = {
      value: a.value as AnswerValue,
      version: a.version,
      updatedAt: a.updatedAt,
      updatedBy: a.updatedBy,
    };
  }
  const files: Record<string, DraftFile[]> = {};
  for (const f of fileRows) (files[f.questionId] ??= []).push(f);
  return { bid, answers, files };
}

function draftAnswerRows(where: SQL | undefined) {
  return db()
    .select({
      questionId: bidAnswers.questionId,
      value: bidAnswers.value,
      version: bidAnswers.version,
      updatedAt: bidAnswers.updatedAt,
      updatedBy: users.name,
    })
    .from(bidAnswers)
    .innerJoin(users, eq(users.id, bidAnswers.updatedByUserId))
    .where(where);
}

function draftFiles(tx: Executor, bidId: string): Promise<DraftFile[]> {
  return tx
    .select({
      id: bidFiles.id,
      questionId: bidFiles.questionId,
      filename: storedFiles.filename,
      size: storedFiles.size,
      contentType: storedFiles.contentType,
      sha256: storedFiles.sha256,
      addedBy: users.name,
      createdAt: bidFiles.createdAt,
    })
    .from(bidFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, bidFiles.fileId))
    .innerJoin(users, eq(users.id, bidFiles.addedByUserId))
    .where(and(eq(bidFiles.bidId, bidId), isNull(bidFiles.removedAt)))
    .orderBy(asc(bidFiles.createdAt), asc(bidFiles.id));
}

/** One answer of the caller's own bid, as it is now (after a save was refused as stale). */
export async function ownAnswer(user: SignedInUser, bid: Bid, questionId: string): Promise<DraftAnswer | null> {
  requireSupplier(user);
  if (bid.organisationId !== user.organisationId) notFound();
  const [row] = await draftAnswerRows(and(eq(bidAnswers.bidId, bid.id), eq(bidAnswers.questionId, questionId)));
  return row
    ? { value: row.value as AnswerValue, version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy }
    : null;
}

/** A draft file of the caller's own bid, for download; 404 for anyone else's. */
export async function ownBidFile(user: SignedInUser, tender: Tender, bidFileId: string | undefined) {
  requireSupplier(user);
  if (!isUuid(bidFileId)) notFound();
  const [row] = await db()
    .select({
      filename: storedFiles.filename,
      contentType: storedFiles.contentType,
      sha256: storedFiles.sha256,
      size: storedFiles.size,
    })
    .from(bidFiles)
    .innerJoin(bids, eq(bids.id, bidFiles.bidId))
    .innerJoin(storedFiles, eq(storedFiles.id, bidFiles.fileId))
    .where(
      and(
        eq(bidFiles.id, bidFileId),
        isNull(bidFiles.removedAt),
        eq(bids.tenderId, tender.id),
        eq(bids.organisationId, user.organisationId),
      ),
    );
  if (!row) notFound();
  return row;
}

/** Every submission of the caller's own bid, newest first: each version is kept. */
export async function ownSubmissions(user: SignedInUser, tender: Tender): Promise<SubmissionSummary[]> {
  requireSupplier(user);
  return db()
    .select(submissionSummary)
    .from(bidSubmissions)
    .innerJoin(users, eq(users.id, bidSubmissions.submittedByUserId))
    .where(and(eq(bidSubmissions.tenderId, tender.id), eq(bidSubmissions.organisationId, user.organisationId)))
    .orderBy(desc(bidSubmissions.sequence));
}

/** One submission of the caller's own bid by its receipt reference, with its frozen content. */
export async function ownSubmission(user: SignedInUser, tender: Tender, reference: string | undefined) {
  requireSupplier(user);
  if (!reference || reference.length > 40) notFound();
  const [row] = await db()
    .select({ ...submissionSummary, content: bidSubmissions.content })
    .from(bidSubmissions)
    .innerJoin(users, eq(users.id, bidSubmissions.submittedByUserId))
    .where(
      and(
        eq(bidSubmissions.reference, reference),
        eq(bidSubmissions.tenderId, tender.id),
        eq(bidSubmissions.organisationId, user.organisationId),
      ),
    );
  if (!row) notFound();
  return { ...row, content: asSubmissionContent(row.content) };
}

/** What the bid holds now, read inside the submitting transaction (the caller has checked who asks). */
export async function draftForSubmission(tx: Executor, bidId: string) {
  const [answerRows, files] = await Promise.all([
    tx
      .select({ questionId: bidAnswers.questionId, value: bidAnswers.value })
      .from(bidAnswers)
      .where(eq(bidAnswers.bidId, bidId)),
    draftFiles(tx, bidId),
  ]);
  return {
    answers: Object.fromEntries(answerRows.map((a) => [a.questionId, a.value as AnswerValue])),
    files,
  };
}

/** The caller's own organisation's bid statuses across procurements, for the dashboard. */
export async function ownBidStatuses(user: SignedInUser) {
  requireSupplier(user);
  return db()
    .select({ slug: procurements.slug, status: bids.status })
    .from(bids)
    .innerJoin(tenders, eq(tenders.id, bids.tenderId))
    .innerJoin(procurements, eq(procurements.id, tenders.procurementId))
    .where(eq(bids.organisationId, user.organisationId));
}

/**
 * One submit request of the caller's own organisation on this tender (decision 026): when it was
 * received, whether it is finished (with its receipt's reference), refused (and why) or still being
 * recorded. 404 for anyone else's.
 */
export async function ownSubmitRequest(user: SignedInUser, tender: Tender, requestId: string | undefined) {
  requireSupplier(user);
  if (!isUuid(requestId)) notFound();
  const [row] = await db()
    .select({
      id: bidSubmissionRequests.id,
      receivedAt: bidSubmissionRequests.receivedAt,
      status: bidSubmissionRequests.status,
      refusal: bidSubmissionRequests.refusal,
      reference: bidSubmissions.reference,
    })
    .from(bidSubmissionRequests)
    .leftJoin(bidSubmissions, eq(bidSubmissions.id, bidSubmissionRequests.submissionId))
    .where(
      and(
        eq(bidSubmissionRequests.id, requestId),
        eq(bidSubmissionRequests.tenderId, tender.id),
        eq(bidSubmissionRequests.organisationId, user.organisationId),
      ),
    );
  if (!row) notFound();
  return { ...row, refusal: (row.refusal ?? null) as Record<string, string> | null };
}
