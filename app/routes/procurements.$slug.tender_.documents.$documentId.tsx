import type { LoaderFunctionArgs } from "@remix-run/node";
import { optionalUser } from "~/auth/guards.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { storedFileResponse } from "~/storage/file-response.server";
import { tenderDocumentFile } from "~/tenders/documents.server";

// A tender document's file: anyone may download a document of a published version; staff also
// the documents they are preparing.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await optionalUser(request);
  const procurement = await requireProcurement(params.slug);
  return storedFileResponse(await tenderDocumentFile(user, procurement, params.documentId));
}
