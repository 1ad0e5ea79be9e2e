// Bidders as the evaluation panel knows them: "Bidder A", "Bidder B"… in the order of their bids'
// random ids, so a label says nothing about who bid or when. Staff see the mapping; evaluators
// see only labels (the portal's own fields never name the organisation to them).
import type { SignedInUser } from "../auth/guards.server";
import { countingSubmissions, type Tender } from "../bids/sealed.server";
import { bidderLabel } from "../bids/bidder-label";

export { bidderLabel };

export type Bidder = Awaited<ReturnType<typeof countingSubmissions>>[number] & { label: string };

/** Every bid that counts on an opened tender, labelled (staff and admins; the seal checks who asks). */
export async function labelledBidders(user: SignedInUser, tender: Tender): Promise<Bidder[]> {
  const submissions = await countingSubmissions(user, tender);
  return submissions.map((s, index) => ({ ...s, label: bidderLabel(index) }));
}
