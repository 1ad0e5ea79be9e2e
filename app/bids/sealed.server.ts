// THE SEAL: the only module that reads bid content (bid_answers, bid_files, bid_submissions) and
// the late-bids register (late_bid_attempts: who tried after the deadline had a bid).
// A supplier reads only its own organisation's bid. Staff and admins read submissions only once the
// tender is opened, and then only what was submitted (the counting submission and its history);
// evaluators never read whole bids (see below). Before opening, staff learn only how
// many organisations have a submitted bid. An evaluator reads a bid of an opened tender only while
// actively assigned to it, only once they have declared for every bidding organisation (by name),
// only with no conflict declared with that bidder, and only the answers to the questions of their
// assigned sections, anonymised (by label: names and bid ids are never given together).
//
// This is the front door: every caller imports from here, and the one seal check, `requireUnsealed`,
// is here. The readers behind it are split by who reads, under ./seal/ (own-bid, opened, evaluator,
// counts, award, receipt-check); only this module and those files import them.
import type { SignedInUser } from "../auth/guards.server";
import { forbidden } from "../refusals.server";
import type { EvaluatorAssignment } from "./evaluator-access.server";
import { SEALED_MESSAGE } from "./sealed-message";
import type { Tender } from "./seal/shared.server";

export type { Bid, SubmissionSummary, Tender } from "./seal/shared.server";
export {
  countSubmissionsBeingRecorded,
  countSubmittedBids,
  lateBidRegister,
  type LateBidAttempt,
} from "./seal/counts.server";
export {
  draftForSubmission,
  ownAnswer,
  ownBid,
  ownBidFile,
  ownBidStatuses,
  ownSubmission,
  ownSubmissions,
  ownSubmitRequest,
  type DraftAnswer,
  type DraftFile,
} from "./seal/own-bid.server";
export {
  countingSubmissions,
  openedBid,
  openedBidFile,
  openedBids,
  openedSubmissionVersions,
} from "./seal/opened.server";
export {
  anonymousFilename,
  bidsForEvaluator,
  bidToDeclare,
  biddersForEvaluator,
  evaluatorBidFile,
  evaluatorSubmission,
  type AnonymisedSubmission,
  type EvaluatorBid,
  type EvaluatorBidder,
  type EvaluatorBids,
  type EvaluatorDeclaration,
  type EvaluatorSubmission,
} from "./seal/evaluator.server";
export { awardedTenderers, type AwardedTenderers } from "./seal/award.server";
export { recomputeDigest, verifyReceipt, type ReceiptCheck } from "./seal/receipt-check.server";

/**
 * Who may read whole bids of an opened tender, with the bidders' names: staff and admins once it is
 * opened. Evaluators read through the evaluator functions, bid by bid.
 */
export function canReadOpenedBids(user: SignedInUser, tender: Pick<Tender, "openedAt">): boolean {
  if (tender.openedAt === null) return false;
  return user.role === "staff" || user.role === "admin";
}

/**
 * THE seal check, the only one: sealed bid content is read only once the tender is opened, whole
 * (with the bidders' names) by staff and admins, and by an evaluator only through their active
 * assignment to the tender, which the caller has looked up and hands in. Anyone else, or before the
 * opening: 403 with the seal's message.
 */
export function requireUnsealed(user: SignedInUser, tender: Tender, assignment?: EvaluatorAssignment): void {
  const unsealed = assignment === undefined ? canReadOpenedBids(user, tender) : tender.openedAt !== null;
  if (!unsealed) forbidden(SEALED_MESSAGE);
}
