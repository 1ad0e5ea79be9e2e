// Inside the seal (see ../sealed.server.ts): staff and admins read what was submitted, once the
// tender is opened.
import { and, asc, desc, eq } from "drizzle-orm";
import { db } from "../../../db/client.server";
import { bidSubmissions, organisations, users } from "../../../db/schema";
import type { SignedInUser } from "../../auth/guards.server";
import { isUuid } from "../../ids";
import { notFound } from "../../refusals.server";
import { asSubmissionContent } from "../receipt.server";
import { requireUnsealed } from "../sealed.server";
import { countingOn, submissionSummary, type Tender } from "./shared.server";

/** The counting (latest, not withdrawn) submission of every bid of an opened tender. */
export async function openedBids(user: SignedInUser, tender: Tender) {
  requireUnsealed(user, tender);
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
  requireUnsealed(user, tender);
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
  requireUnsealed(user, tender);
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
  requireUnsealed(user, tender);
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
  requireUnsealed(user, tender);
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
