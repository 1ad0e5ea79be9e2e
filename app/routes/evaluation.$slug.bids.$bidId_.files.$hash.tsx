import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { evaluatorBidFile } from "~/bids/sealed.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { copyWithoutMetadataResponse } from "~/storage/file-response.server";

// A file of a bid, for an evaluator who may read that bid (assigned, declared no conflict) and only
// for a question of their sections; anything else is not found. It comes as "Bidder A – 1.3 –
// file 1.pdf", a copy without the document's author metadata: nothing in it names the bidder.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "evaluator" });
  const procurement = await requireProcurement(params.slug);
  const { tender } = await requirePublishedTender(procurement);
  return copyWithoutMetadataResponse(await evaluatorBidFile(user, tender, params.bidId, params.hash));
}
