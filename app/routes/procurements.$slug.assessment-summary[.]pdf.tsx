import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { ownAssessmentSummary } from "~/evaluation/award.server";
import { renderAssessmentSummaryPdfOffThread } from "~/evaluation/evaluation-pdf.server";
import { pdfDownload } from "~/pdf/download.server";
import { requireProcurement } from "~/procurements/procurements.server";

// The caller's organisation's assessment summary as a PDF (once sent); the summary page is its HTML equivalent.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const summary = await ownAssessmentSummary(user, procurement);
  const pdf = await renderAssessmentSummaryPdfOffThread(summary);
  return pdfDownload(pdf, `assessment-summary-${procurement.slug}.pdf`);
}
