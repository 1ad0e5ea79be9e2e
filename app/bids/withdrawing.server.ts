// Withdrawing: the caller's organisation withdraws the submission that counts, before the deadline by
// the time the portal received the request (decision 026); the draft stays.
import { and, eq, isNull } from "drizzle-orm";
import { db } from "../../db/client.server";
import { bidSubmissions } from "../../db/schema";
import { bidWithdrawnMessage } from "../../emails/templates/bid-withdrawn";
import type { SignedInUser } from "../auth/guards.server";
import type { Procurement } from "../procurements/procurements.server";
import type { PublishedTender } from "../tenders/published.server";
import { formatDateTimeToSecond } from "../time";
import { bidLink, biddingOpen, closedMessage, requireOwnBid } from "./shared.server";
import { lockDeadline, receivedInTime, recordSubmissionChange } from "./submission-change.server";
import * as clock from "../clock.server";
import { type ActionResult, refusal, requireSupplier } from "../refusals.server";

/**
 * Withdraws the submission that counts; the draft stays, and the bid may be submitted again before
 * the deadline. Like a submission, a withdrawal counts by when the portal received it.
 */
export async function withdrawSubmission(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  reference: string,
  receivedAt: Date = clock.now(),
): Promise<ActionResult> {
  requireSupplier(user);
  const bid = await requireOwnBid(user, published.tender);
  if (!biddingOpen(procurement, published.tender, receivedAt.getTime())) return refusal(closedMessage(procurement));
  return db().transaction(async (tx) => {
    const deadline = await lockDeadline(tx, procurement.id);
    if (!receivedInTime(receivedAt, deadline)) return refusal(closedMessage({ bidDeadline: deadline }));
    const now = clock.now();
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
      summary: { reference, receivedAt },
      template: "bid-withdrawn",
      message: (person) =>
        bidWithdrawnMessage({
          name: person.name,
          withdrawnBy: user.name,
          procurementTitle: procurement.title,
          reference,
          withdrawnAtText: formatDateTimeToSecond(receivedAt),
          link: bidLink(procurement.slug),
        }),
    });
    return { ok: true as const };
  });
}
