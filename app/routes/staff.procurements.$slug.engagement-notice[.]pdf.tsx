import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { engagementNotice } from "~/engagement/engagement-notice.server";
import { renderEngagementNoticePdf } from "~/engagement/engagement-notice.pdf";
import { pdfDownload } from "~/pdf/download.server";
import { requireProcurement } from "~/procurements/procurements.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const pdf = await renderEngagementNoticePdf(await engagementNotice(procurement.id));
  // A draft that changes with every session edit: a private download, never a stale copy.
  return pdfDownload(pdf, `engagement-notice-${procurement.slug}.pdf`);
}
