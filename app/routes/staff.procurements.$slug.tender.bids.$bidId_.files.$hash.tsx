import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { openedBidFile } from "~/bids/sealed.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { storedFileResponse } from "~/storage/file-response.server";

// A file of a submitted bid, once the tender is opened: sealed (403) before.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["staff", "admin"] });
  const procurement = await requireProcurement(params.slug);
  const { tender } = await requirePublishedTender(procurement);
  return storedFileResponse(await openedBidFile(user, tender, params.bidId, params.hash));
}
