// Inside the seal (see ../sealed.server.ts): evaluators read a bid only while assigned, once
// declared for every bidder, with no conflict with its bidder, only their sections, anonymised.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../../db/client.server";
import { bidSubmissions, conflictDeclarations, organisations } from "../../../db/schema";
import type { SignedInUser } from "../../auth/guards.server";
import { bidderLabel } from "../bidder-label";
import { isUuid } from "../../ids";
import { notFound, requireRole } from "../../refusals.server";
import { withExtensionFor, type AllowedMimeType } from "../../storage/storage.server";
import { assignedQuestionIds, requireAssignment, type EvaluatorAssignment } from "../evaluator-access.server";
import { asSubmissionContent, type SubmittedAnswer, type SubmittedFile } from "../receipt.server";
import { requireUnsealed } from "../sealed.server";
import { countingOn, type Tender } from "./shared.server";

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
  requireUnsealed(user, tender, await requireAssignment(user, tender));
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
  requireUnsealed(user, tender, assignment);
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
