import type { LoaderFunctionArgs } from "@remix-run/node";
import { optionalUser } from "~/auth/guards.server";
import { materialFile } from "~/engagement/materials.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { storedFileResponse } from "~/storage/file-response.server";

// A session material's file: readable by whoever may read the materials (staff, and once they are
// published every supplier registered on the procurement).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await optionalUser(request);
  const procurement = await requireProcurement(params.slug);
  return storedFileResponse(await materialFile(user, procurement, params.sessionId, params.materialId));
}
