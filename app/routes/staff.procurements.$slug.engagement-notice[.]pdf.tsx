import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { engagementNotice } from "~/engagement/engagement-notice.server";
import { renderEngagementNoticePdf } from "~/engagement/engagement-notice.pdf";
import { requireProcurement } from "~/procurements/procurements.server";
import { contentDisposition } from "~/storage/storage.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const pdf = await renderEngagementNoticePdf(await engagementNotice(procurement.id));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(`engagement-notice-${procurement.slug}.pdf`),
      "Content-Length": String(pdf.byteLength),
      // A draft that changes with every session edit: never serve a stale copy.
      "Cache-Control": "private, no-store",
    },
  });
}
