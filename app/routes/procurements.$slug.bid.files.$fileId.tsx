import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { ownBidFile } from "~/bids/sealed.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { storedFileResponse } from "~/storage/file-response.server";

// A file of the organisation's own draft bid: before opening, nobody else can download it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  const file = await ownBidFile(user, published.tender, params.fileId);
  return storedFileResponse({ ...file, size: Number(file.size) });
}
