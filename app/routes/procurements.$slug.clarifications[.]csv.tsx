import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { clarificationLogForDownload } from "~/clarifications/log.server";
import { logFiltersFrom } from "~/clarifications/schema";
import { csvResponse, toCsv } from "~/csv.server";
import { requireProcurement } from "~/procurements/procurements.server";

// The clarification log as a spreadsheet: one row per version of each answer, never who asked.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const procurement = await requireProcurement(params.slug);
  const entries = await clarificationLogForDownload(user, procurement, logFiltersFrom(new URL(request.url)));
  const rows = entries.flatMap((e) =>
    [{ ...e, history: undefined }, ...e.history.map((v) => ({ ...e, ...v, history: undefined }))].map((v) => [
      e.label,
      v.version,
      v.version === e.version ? "current" : "superseded",
      e.private ? "Your organisation only" : "All registered suppliers",
      e.documentRef,
      e.sectionRef,
      v.question,
      v.answer,
      e.firstPublishedAt,
      v.publishedAt,
      v.amendmentReason,
    ]),
  );
  const csv = toCsv(
    [
      "Number",
      "Version",
      "Status",
      "Published to",
      "Document",
      "Section",
      "Question",
      "Answer",
      "First published (UTC)",
      "This version published (UTC)",
      "Why amended",
    ],
    rows,
  );
  return csvResponse(`clarification-log-${procurement.slug}.csv`, csv);
}
