// What several bid workflows share: who a supplier is, a link to the bid pages, the audit event of
// a bid, whether bidding is open (and the message when it is not), the caller's own bid and the
// question of it a form names. The workflows: workspace, answers, files and submitting.server.ts.
// Reading bid content goes through ./sealed.server.ts.
import { and, eq } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { bids } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { config } from "../config.server";
import { isUuid } from "../ids";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { allQuestions, type PublishedQuestion } from "../tenders/questionnaire";
import type { PublishedTender } from "../tenders/published.server";
import { formatDateTime } from "../time";
import type { Bid, Tender } from "./sealed.server";
import * as clock from "../clock.server";
import { notFound, refusal, requireSupplier } from "../refusals.server";

export type Supplier = SignedInUser & { organisationId: string };

export function bidLink(slug: string, path = "") {
  return new URL(`/procurements/${slug}/bid${path}`, config().publicUrl).toString();
}

/** One event on the audit log about a bid, in the caller's transaction. */
export function auditBid(
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

export function closedMessage(procurement: Pick<Procurement, "bidDeadline">) {
  return procurement.bidDeadline
    ? `The deadline for bids was ${formatDateTime(procurement.bidDeadline)} (UK time). Bids can no longer be changed`
    : "This tender has no bid deadline yet. Bids cannot be changed until it has one";
}

export function questionOf(published: PublishedTender, questionId: string | undefined): PublishedQuestion {
  if (!isUuid(questionId)) notFound();
  return allQuestions(published.questionnaire).find((q) => q.id === questionId) ?? notFound();
}

// --- The caller's own bid -------------------------------------------------------------------------

/** A question of the caller's organisation's bid to change: 404 for anyone else's, refused once bidding has closed. */
export async function editableAnswer(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  questionId: string | undefined,
) {
  requireSupplier(user);
  const question = questionOf(published, questionId);
  const bid = await requireOwnBid(user, published.tender);
  const closed = biddingOpen(procurement, published.tender) ? null : refusal(closedMessage(procurement));
  return { supplier: user, question, bid, closed };
}

/** The caller's organisation's bid, or 404: every change to a bid starts here. */
export async function requireOwnBid(user: Supplier, tender: Tender): Promise<Bid> {
  const [bid] = await db()
    .select()
    .from(bids)
    .where(and(eq(bids.tenderId, tender.id), eq(bids.organisationId, user.organisationId)));
  return bid ?? notFound();
}
