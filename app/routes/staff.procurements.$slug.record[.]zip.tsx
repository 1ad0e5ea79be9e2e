import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { contentDisposition } from "~/storage/storage.server";
import { procurementRecordZip } from "~/transparency/record-bundle.server";

// The procurement's whole s.98 record as one zip (staff and admins), streamed as it is made: bids
// only once the tender is opened.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["staff", "admin"] });
  const procurement = await requireProcurement(params.slug);
  const zip = await procurementRecordZip(user, procurement);
  return new Response(createReadableStreamFromReadable(zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(`procurement-record-${procurement.slug}.zip`),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
