import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { renderScoringPackPdfOffThread } from "~/evaluation/evaluation-pdf.server";
import { pdfDownload } from "~/pdf/download.server";
import { scoringPack } from "~/evaluation/scoring-pack.server";
import { requireProcurement } from "~/procurements/procurements.server";

// The tender's scoring pack as a PDF (staff and admins), rendered in a worker thread; the scoring
// pack page is its HTML equivalent.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["staff", "admin"] });
  const procurement = await requireProcurement(params.slug);
  const pack = await scoringPack(user, procurement);
  const pdf = await renderScoringPackPdfOffThread(pack);
  return pdfDownload(pdf, `scoring-pack-${procurement.slug}.pdf`);
}
