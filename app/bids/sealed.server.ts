// THE SEAL: the only module that reads bid content (bid_answers, bid_files, bid_submissions) and
// the late-bids register (late_bid_attempts: who tried after the deadline had a bid).
// A supplier reads only its own organisation's bid. Staff and admins read submissions only once the
// tender is opened, and then only what was submitted (the counting submission and its history);
// evaluators never read whole bids (see below). Before opening, staff learn only how
// many organisations have a submitted bid. An evaluator reads a bid of an opened tender only while
// actively assigned to it, only once they have declared for every bidding organisation (by name),
// only with no conflict declared with that bidder, and only the answers to the questions of their
// assigned sections, anonymised (by label: names and bid ids are never given together).
import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import {
  awards,
  bidAnswers,
  bidFiles,
  bids,
  bidSubmissions,
  conflictDeclarations,
  lateBidAttempts,
  organisations,
  procurements,
  storedFiles,
  tenders,
  users,
} from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { bidderLabel } from "../evaluation/bidder-label";
import { isUuid } from "../ids";
import { withExtensionFor, type AllowedMimeType } from "../storage/storage.server";
import type { AnswerValue } from "../tenders/questionnaire";
import { assignedQuestionIds, requireAssignment, type EvaluatorAssignment } from "./evaluator-access.server";
import { SEALED_MESSAGE } from "./sealed-message";
import {
  asSubmissionContent,
  submissionDigest,
  type SubmissionContent,
  type SubmittedAnswer,
  type SubmittedFile,
} from "./receipt.server";
import { forbidden, notFound, requireRole, requireSupplier } from "../refusals.server";

export type Tender = typeof tenders.$inferSelect;
export type Bid = typeof bids.$inferSelect;

function sealed(): never {
  forbidden(SEALED_MESSAGE);
}

/**
 * Who may read whole bids of an opened tender, with the bidders' names: staff and admins once it is
 * opened. Evaluators read through the evaluator functions below, bid by bid.
 */
export function canReadOpenedBids(user: SignedInUser, tender: Pick<Tender, "openedAt">): boolean {
  if (tender.openedAt === null) return false;
  return user.role === "staff" || user.role === "admin";
}

function assertOpenedAccess(user: SignedInUser, tender: Tender) {
  if (!canReadOpenedBids(user, tender)) sealed();
}

/** The submissions that count on a tender: each bid's latest, unless withdrawn. */
function countingOn(tenderId: string) {
  return and(
    eq(bidSubmissions.tenderId, tenderId),
    isNull(bidSubmissions.withdrawnAt),
    isNull(bidSubmissions.supersededAt),
  );
}

/** Before and after opening: how many organisations have a submitted (not withdrawn) bid. Nothing else. */
export async function countSubmittedBids(tenderId: string, executor: Executor = db()): Promise<number> {
  const [row] = await executor
    .select({ n: sql<number>`count(distinct ${bidSubmissions.organisationId})::int` })
    .from(bidSubmissions)
    .where(countingOn(tenderId));
  return row?.n ?? 0;
}

export type LateBidAttempt = {
  id: string;
  organisation: string;
  user: string;
  email: string;
  attemptedAt: Date;
  deadline: Date;
};

/**
 * The late-bids register: how many attempts to submit after the deadline were refused, to staff
 * and admins always; who made them only once the tender is opened (null before), because only an
 * organisation with a bid can try, so the names would say who bid.
 */
export async function lateBidRegister(
  user: SignedInUser,
  tender: Tender,
): Promise<{ count: number; attempts: LateBidAttempt[] | null }> {
  requireRole(user, ["staff", "admin"]);
  if (!canReadOpenedBids(user, tender)) {
    const [row] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(lateBidAttempts)
      .where(eq(lateBidAttempts.tenderId, tender.id));
    return { count: row?.n ?? 0, attempts: null };
  }
  const attempts = await db()
    .select({
      id: lateBidAttempts.id,
      organisation: organisations.legalName,
      user: users.name,
      email: users.email,
      attemptedAt: lateBidAttempts.attemptedAt,
      deadline: lateBidAttempts.deadline,
    })
    .from(lateBidAttempts)
    .innerJoin(organisations, eq(organisations.id, lateBidAttempts.organisationId))
    .innerJoin(users, eq(users.id, lateBidAttempts.userId))
    .where(eq(lateBidAttempts.tenderId, tender.id))
    .orderBy(asc(lateBidAttempts.attemptedAt));
  return { count: attempts.length, attempts };
}

// --- The bidding organisation ---------------------------------------------------------------------

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

const submissionSummary = {
  id: bidSubmissions.id,
  bidId: bidSubmissions.bidId,
  sequence: bidSubmissions.sequence,
  reference: bidSubmissions.reference,
  tenderVersion: bidSubmissions.tenderVersion,
  digest: bidSubmissions.digest,
  submittedAt: bidSubmissions.submittedAt,
  submittedBy: users.name,
  withdrawnAt: bidSubmissions.withdrawnAt,
  supersededAt: bidSubmissions.supersededAt,
};

export type SubmissionSummary = {
  id: string;
  bidId: string;
  sequence: number;
  reference: string;
  tenderVersion: number;
  digest: string;
  submittedAt: Date;
  submittedBy: string;
  withdrawnAt: Date | null;
  supersededAt: Date | null;
};

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

// --- Staff and admins, once the tender is opened -----------------------------------------------------

/** The counting (latest, not withdrawn) submission of every bid of an opened tender. */
export async function openedBids(user: SignedInUser, tender: Tender) {
  assertOpenedAccess(user, tender);
  return db()
    .select({
      bidId: bidSubmissions.bidId,
      organisation: organisations.legalName,
      reference: bidSubmissions.reference,
      sequence: bidSubmissions.sequence,
      submittedAt: bidSubmissions.submittedAt,
      digest: bidSubmissions.digest,
    })
    .from(bidSubmissions)
    .innerJoin(organisations, eq(organisations.id, bidSubmissions.organisationId))
    .where(countingOn(tender.id))
    .orderBy(asc(organisations.legalName));
}

/**
 * The counting submission of every bid of an opened tender, with its frozen content, ordered by bid
 * id (random, so the order says nothing about who bid or when): what evaluation scores and ranks.
 */
export async function countingSubmissions(user: SignedInUser, tender: Tender) {
  assertOpenedAccess(user, tender);
  const rows = await db()
    .select({
      bidId: bidSubmissions.bidId,
      organisationId: bidSubmissions.organisationId,
      organisation: organisations.legalName,
      reference: bidSubmissions.reference,
      digest: bidSubmissions.digest,
      submittedAt: bidSubmissions.submittedAt,
      content: bidSubmissions.content,
    })
    .from(bidSubmissions)
    .innerJoin(organisations, eq(organisations.id, bidSubmissions.organisationId))
    .where(countingOn(tender.id))
    .orderBy(asc(bidSubmissions.bidId));
  return rows.map((row) => ({ ...row, content: asSubmissionContent(row.content) }));
}

/** One bid of an opened tender: its counting submission (null if withdrawn) and every submission made. */
export async function openedBid(user: SignedInUser, tender: Tender, bidId: string | undefined) {
  assertOpenedAccess(user, tender);
  if (!isUuid(bidId)) notFound();
  const rows = await db()
    .select({ ...submissionSummary, content: bidSubmissions.content, organisation: organisations.legalName })
    .from(bidSubmissions)
    .innerJoin(users, eq(users.id, bidSubmissions.submittedByUserId))
    .innerJoin(organisations, eq(organisations.id, bidSubmissions.organisationId))
    .where(and(eq(bidSubmissions.bidId, bidId), eq(bidSubmissions.tenderId, tender.id)))
    .orderBy(desc(bidSubmissions.sequence));
  if (rows.length === 0) notFound();
  const counting = rows.find((r) => r.withdrawnAt === null && r.supersededAt === null) ?? null;
  return {
    organisation: rows[0].organisation,
    counting: counting && { ...counting, content: asSubmissionContent(counting.content) },
    history: rows.map(({ content: _content, organisation: _organisation, ...summary }) => summary),
  };
}

/**
 * Every submission ever made on an opened tender (counting, replaced and withdrawn), each with its
 * frozen content: the s.98 record bundle keeps them all.
 */
export async function openedSubmissionVersions(user: SignedInUser, tender: Tender) {
  assertOpenedAccess(user, tender);
  const rows = await db()
    .select({ ...submissionSummary, content: bidSubmissions.content, organisation: organisations.legalName })
    .from(bidSubmissions)
    .innerJoin(users, eq(users.id, bidSubmissions.submittedByUserId))
    .innerJoin(organisations, eq(organisations.id, bidSubmissions.organisationId))
    .where(eq(bidSubmissions.tenderId, tender.id))
    .orderBy(asc(organisations.legalName), asc(bidSubmissions.sequence));
  return rows.map((row) => ({ ...row, content: asSubmissionContent(row.content) }));
}

/** A file of a submission of an opened tender's bid, found by the SHA-256 its submission froze. */
export async function openedBidFile(
  user: SignedInUser,
  tender: Tender,
  bidId: string | undefined,
  sha256: string | undefined,
) {
  assertOpenedAccess(user, tender);
  if (!isUuid(bidId) || !sha256 || !/^[0-9a-f]{64}$/.test(sha256)) notFound();
  const rows = await db()
    .select({ content: bidSubmissions.content })
    .from(bidSubmissions)
    .where(and(eq(bidSubmissions.bidId, bidId), eq(bidSubmissions.tenderId, tender.id)))
    .orderBy(desc(bidSubmissions.sequence));
  for (const row of rows) {
    const file = asSubmissionContent(row.content).files.find((f) => f.sha256 === sha256);
    if (file) return file;
  }
  notFound();
}

// --- Evaluators: assigned, declared, anonymised, their sections only ------------------------------

/** Joins a submission to the evaluator's own declaration for its bid, if they made one. */
function declaredBy(user: SignedInUser) {
  return and(eq(conflictDeclarations.bidId, bidSubmissions.bidId), eq(conflictDeclarations.evaluatorUserId, user.id));
}

export type EvaluatorDeclaration = { hasConflict: boolean; declaredAt: Date };

function declarationOf(row: { hasConflict: boolean | null; declaredAt: Date | null }): EvaluatorDeclaration | null {
  return row.hasConflict === null || row.declaredAt === null
    ? null
    : { hasConflict: row.hasConflict, declaredAt: row.declaredAt };
}

/** Whether the evaluator has declared for every organisation with a counting bid on the tender. */
async function declaredForAll(user: SignedInUser, tenderId: string): Promise<boolean> {
  const [row] = await db()
    .select({ undeclared: sql<number>`count(*)::int` })
    .from(bidSubmissions)
    .leftJoin(conflictDeclarations, declaredBy(user))
    .where(and(countingOn(tenderId), isNull(conflictDeclarations.id)));
  return (row?.undeclared ?? 0) === 0;
}

export type EvaluatorBidder = {
  organisationId: string;
  name: string;
  declaration: EvaluatorDeclaration | null;
};

/** Every counting bid of the tender with its organisation and the evaluator's declaration (inside the seal only). */
async function biddersWithBids(user: SignedInUser, tender: Tender, order: "name" | "bid") {
  await requireAssignment(user, tender);
  if (tender.openedAt === null) sealed();
  return db()
    .select({
      bidId: bidSubmissions.bidId,
      organisationId: bidSubmissions.organisationId,
      name: organisations.legalName,
      hasConflict: conflictDeclarations.hasConflict,
      declaredAt: conflictDeclarations.declaredAt,
    })
    .from(bidSubmissions)
    .innerJoin(organisations, eq(organisations.id, bidSubmissions.organisationId))
    .leftJoin(conflictDeclarations, declaredBy(user))
    .where(countingOn(tender.id))
    .orderBy(
      ...(order === "name" ? [asc(organisations.legalName), asc(bidSubmissions.organisationId)] : []),
      asc(bidSubmissions.bidId),
    );
}

/**
 * The organisations with a counting bid on an opened tender, by name and alphabetically, with the
 * evaluator's own declaration for each: what they declare against. Never a bid id or anything of
 * a bid, so names can not be matched to labels.
 */
export async function biddersForEvaluator(user: SignedInUser, tender: Tender): Promise<EvaluatorBidder[]> {
  const rows = await biddersWithBids(user, tender, "name");
  return rows.map((r) => ({ organisationId: r.organisationId, name: r.name, declaration: declarationOf(r) }));
}

/**
 * The counting bid an evaluator's declaration for an organisation is recorded against, for the
 * declaring write only: its id, its position among the tender's bids (for the audit's label) and
 * whether the evaluator has already declared. An organisation with no counting bid: not found.
 */
export async function bidToDeclare(user: SignedInUser, tender: Tender, organisationId: string) {
  const rows = await biddersWithBids(user, tender, "bid");
  const position = rows.findIndex((r) => r.organisationId === organisationId);
  if (position < 0) notFound();
  const row = rows[position];
  return {
    bidId: row.bidId,
    position,
    organisation: row.name,
    declared: row.declaredAt !== null,
    undeclaredElsewhere: rows.filter((r, i) => i !== position && r.declaredAt === null).length,
  };
}

export type EvaluatorBid = {
  bidId: string;
  declaration: { hasConflict: boolean; declaredAt: Date } | null;
};

export type EvaluatorBids = { declaredForAll: false } | { declaredForAll: true; bids: EvaluatorBid[] };

/**
 * The counting bids of an opened tender as an assigned evaluator knows them, once they have
 * declared for every bidding organisation: ids (in the order their labels follow) and their own
 * declaration for each. Nothing else, and nothing at all before then: the order in which bids
 * became readable would tell which label is which name.
 */
export async function bidsForEvaluator(user: SignedInUser, tender: Tender): Promise<EvaluatorBids> {
  const rows = await biddersWithBids(user, tender, "bid");
  const bids = rows.map((r) => ({ bidId: r.bidId, declaration: declarationOf(r) }));
  if (bids.some((b) => b.declaration === null)) return { declaredForAll: false };
  return { declaredForAll: true, bids };
}

export type AnonymisedSubmission = {
  tenderVersion: number;
  /** The bid's label among the tender's counting bids ("Bidder A"), as the panel knows it. */
  label: string;
  /** The answers to the evaluator's assigned questions: no organisation, reference or digest. */
  answers: SubmittedAnswer[];
  /** The files of those questions, each named by label, question and position, never as uploaded. */
  files: SubmittedFile[];
};

export type EvaluatorSubmission =
  | { declared: false }
  | { declared: true; assignment: EvaluatorAssignment; questionIds: Set<string>; submission: AnonymisedSubmission };

/**
 * The name an evaluator knows a bid's file by ("Bidder A – 6.2 – file 1.pdf"): the uploaded name may
 * carry the bidder's name, so it never leaves the seal for them. The extension follows the content.
 */
export function anonymousFilename(label: string, questionNumber: string, position: number, contentType: string) {
  return withExtensionFor(`${label} – ${questionNumber} – file ${position}`, contentType as AllowedMimeType);
}

/** Where a counting bid stands among the tender's counting bids, by id: what its label follows. */
async function labelOf(tenderId: string, bidId: string): Promise<string> {
  const [row] = await db()
    .select({ before: sql<number>`count(*)::int` })
    .from(bidSubmissions)
    .where(and(countingOn(tenderId), sql`${bidSubmissions.bidId} < ${bidId}`));
  return bidderLabel(row?.before ?? 0);
}

/**
 * One bid as an evaluator may read it. Not assigned, not a counting bid of this tender: not found.
 * Not yet declared for every bidding organisation: `declared: false` and no content. A conflict
 * declared with its bidder: not found.
 */
export async function evaluatorSubmission(
  user: SignedInUser,
  tender: Tender,
  bidId: string | undefined,
): Promise<EvaluatorSubmission> {
  const assignment = await requireAssignment(user, tender);
  if (tender.openedAt === null) sealed();
  if (!isUuid(bidId)) notFound();
  const [row] = await db()
    .select({
      content: bidSubmissions.content,
      tenderVersion: bidSubmissions.tenderVersion,
      hasConflict: conflictDeclarations.hasConflict,
    })
    .from(bidSubmissions)
    .leftJoin(conflictDeclarations, declaredBy(user))
    .where(and(eq(bidSubmissions.bidId, bidId), countingOn(tender.id)));
  if (!row) notFound();
  if (row.hasConflict === null || !(await declaredForAll(user, tender.id))) return { declared: false };
  if (row.hasConflict) notFound();
  const [questionIds, label] = await Promise.all([assignedQuestionIds(assignment), labelOf(tender.id, bidId)]);
  const content = asSubmissionContent(row.content);
  return {
    declared: true,
    assignment,
    questionIds,
    submission: {
      tenderVersion: row.tenderVersion,
      label,
      // Field by field, so nothing identifying (organisationId, reference, digest) rides along.
      answers: content.answers
        .filter((a) => questionIds.has(a.questionId))
        .map((a) => ({
          questionId: a.questionId,
          number: a.number,
          kind: a.kind,
          value: a.value,
          ...(a.totalPence === undefined ? {} : { totalPence: a.totalPence }),
        })),
      files: content.files
        .filter((f) => questionIds.has(f.questionId))
        .map((f, _i, shown) => ({
          questionId: f.questionId,
          number: f.number,
          sha256: f.sha256,
          filename: anonymousFilename(
            label,
            f.number,
            shown.filter((g) => g.questionId === f.questionId).indexOf(f) + 1,
            f.contentType,
          ),
          size: f.size,
          contentType: f.contentType,
        })),
    },
  };
}

/**
 * A file of a bid an evaluator may read (declared for every bidder, no conflict, an assigned
 * question), under its anonymous name; else not found. The caller hands out a copy without the
 * document's own metadata (app/storage/document-metadata.server.ts).
 */
export async function evaluatorBidFile(
  user: SignedInUser,
  tender: Tender,
  bidId: string | undefined,
  sha256: string | undefined,
): Promise<SubmittedFile> {
  if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) {
    requireRole(user, "evaluator");
    notFound();
  }
  const read = await evaluatorSubmission(user, tender, bidId);
  if (!read.declared) notFound();
  return read.submission.files.find((f) => f.sha256 === sha256) ?? notFound();
}

// --- Everyone, once the award notice is out -------------------------------------------------------

export type AwardedTenderers = {
  award: { id: string; decidedAt: Date; noticeDate: string; standstillEndsOn: string };
  /** Every organisation with a counting submission, by name: never what any of them bid. */
  tenderers: { organisationId: string; name: string }[];
  /** The winning organisation and its price schedules' total in pence (null if it priced nothing). */
  winner: { organisationId: string; name: string; totalPence: number | null };
};

/**
 * What the award notice makes public (OCDS, Find a Tender): who bid and who won at what price.
 * Null until an award exists and its notice date (UK, YYYY-MM-DD) has come; no answers, files,
 * scores or references ever leave through here: only the price totals are read out of the winner's
 * submission, by the database.
 */
export async function awardedTenderers(
  tender: Pick<Tender, "id">,
  todayInUk: string,
): Promise<AwardedTenderers | null> {
  const [award] = await db()
    .select({
      id: awards.id,
      bidId: awards.bidId,
      decidedAt: awards.decidedAt,
      noticeDate: awards.noticeDate,
      standstillEndsOn: awards.standstillEndsOn,
    })
    .from(awards)
    .where(eq(awards.tenderId, tender.id));
  if (!award || award.noticeDate > todayInUk) return null;
  const rows = await db()
    .select({
      bidId: bidSubmissions.bidId,
      organisationId: bidSubmissions.organisationId,
      name: organisations.legalName,
      // Price answers carry the server-computed total; nothing else of the content is selected.
      totalPence: sql<
        string | null
      >`(select sum((a->>'totalPence')::bigint) from jsonb_array_elements(${bidSubmissions.content}->'answers') a where a->>'kind' = 'price')`,
    })
    .from(bidSubmissions)
    .innerJoin(organisations, eq(organisations.id, bidSubmissions.organisationId))
    .where(countingOn(tender.id))
    .orderBy(asc(organisations.legalName));
  const won = rows.find((r) => r.bidId === award.bidId);
  if (!won) return null;
  const { bidId: _bidId, ...awardFields } = award;
  return {
    award: awardFields,
    tenderers: rows.map((r) => ({ organisationId: r.organisationId, name: r.name })),
    winner: {
      organisationId: won.organisationId,
      name: won.name,
      totalPence: won.totalPence === null ? null : Number(won.totalPence),
    },
  };
}

// --- Anyone holding a receipt ----------------------------------------------------------------------

export type ReceiptCheck =
  | { found: false }
  | {
      found: true;
      procurementTitle: string;
      submittedAt: Date;
      status: "counting" | "superseded" | "withdrawn";
      opened: boolean;
      /** After opening: the digest recomputed from the stored content equals the receipt's. */
      recomputedMatches: boolean | null;
    };

/**
 * Whether the portal holds a submission with this reference AND this digest. Either alone finds
 * nothing, so the answer proves no more than the receipt already does; it never names the bidder
 * or shows content.
 */
export async function verifyReceipt(reference: string, digest: string): Promise<ReceiptCheck> {
  const [row] = await db()
    .select({
      content: bidSubmissions.content,
      digest: bidSubmissions.digest,
      submittedAt: bidSubmissions.submittedAt,
      withdrawnAt: bidSubmissions.withdrawnAt,
      supersededAt: bidSubmissions.supersededAt,
      openedAt: tenders.openedAt,
      procurementTitle: procurements.title,
    })
    .from(bidSubmissions)
    .innerJoin(tenders, eq(tenders.id, bidSubmissions.tenderId))
    .innerJoin(procurements, eq(procurements.id, tenders.procurementId))
    .where(and(eq(bidSubmissions.reference, reference), eq(bidSubmissions.digest, digest)));
  if (!row) return { found: false };
  const opened = row.openedAt !== null;
  return {
    found: true,
    procurementTitle: row.procurementTitle,
    submittedAt: row.submittedAt,
    status: row.withdrawnAt ? "withdrawn" : row.supersededAt ? "superseded" : "counting",
    opened,
    recomputedMatches: opened ? recomputeDigest(asSubmissionContent(row.content)) === row.digest : null,
  };
}

/** The digest of stored content, computed afresh: what a holder of the content can check for themselves. */
export function recomputeDigest(content: SubmissionContent): string {
  return submissionDigest(content);
}
