// The bid workspace: everything the bid pages show the caller's organisation, starting its one bid
// on a published tender, and confirming it has reviewed the tender's amendments.
// Reading bid content goes through ./sealed.server.ts.
import { and, eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { unlessDuplicate } from "../../db/errors";
import { bids } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { hasRegisteredInterest, type Procurement } from "../procurements/procurements.server";
import type { PublishedTender } from "../tenders/published.server";
import { bidChecklist } from "./checklist";
import { ownBid, ownSubmissions, type Bid, type DraftAnswer } from "./sealed.server";
import { auditBid, biddingOpen, closedMessage, requireOwnBid } from "./shared.server";
import * as clock from "../clock.server";
import { type ActionResult, refusal, requireSupplier } from "../refusals.server";

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
  requireSupplier(user);
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
/** Starts the organisation's one bid; starting twice (two colleagues, a double click) finds the first. */
export async function startBid(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
): Promise<ActionResult> {
  requireSupplier(user);
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
/** The bidder confirms they have reviewed the tender's amendments: submitting is possible again. */
export async function reviewAmendments(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
): Promise<ActionResult> {
  requireSupplier(user);
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
