import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { pdfDownload } from "~/pdf/download.server";
import { renderClarificationLogPdfOffThread, pdfEntries } from "~/clarifications/clarification-log-pdf.server";
import { clarificationLogForDownload } from "~/clarifications/log.server";
import { clarificationLogLink } from "~/clarifications/shared.server";
import { logFiltersFrom } from "~/clarifications/schema";
import * as clock from "~/clock.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";

// The clarification log as a PDF; the log page is its HTML equivalent.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const procurement = await requireProcurement(params.slug);
  const url = new URL(request.url);
  const filters = logFiltersFrom(url);
  const entries = await clarificationLogForDownload(user, procurement, filters);
  const filtersText =
    [
      filters.q ? `search “${filters.q}”` : null,
      filters.number ? `number ${filters.number}` : null,
      filters.document ? `document ${filters.document}` : null,
      filters.section ? `section ${filters.section}` : null,
      filters.from ? `from ${filters.from}` : null,
      filters.to ? `to ${filters.to}` : null,
      filters.amended ? "amended answers only" : null,
    ]
      .filter(Boolean)
      .join(", ") || null;
  const pdf = await renderClarificationLogPdfOffThread({
    procurementTitle: procurement.title,
    logUrl: clarificationLogLink(procurement.slug),
    generatedAtText: formatDateTime(clock.now()),
    filtersText,
    entries: pdfEntries(entries),
  });
  return pdfDownload(pdf, `clarification-log-${procurement.slug}.pdf`);
}
