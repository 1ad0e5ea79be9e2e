// Turns the log into PDF data and renders it off the request thread, one document at a time.
import { createHash } from "node:crypto";
import { renderPdfInWorker } from "../pdf/render-in-worker.server";
import { formatDateTime } from "../time";
import type { LogEntry } from "./log.server";
import type { ClarificationLogPdf, PdfLogEntry } from "./clarification-log.pdf";

// A log of 2,000 answers takes some 20 to 40 seconds here; far longer means something is wrong.
const RENDER_TIMEOUT_MS = 180_000;

function reference(entry: Pick<LogEntry, "documentRef" | "sectionRef">) {
  return (
    [entry.documentRef, entry.sectionRef ? `section ${entry.sectionRef}` : null].filter(Boolean).join(", ") || null
  );
}

export function pdfEntries(entries: LogEntry[]): PdfLogEntry[] {
  return entries.map((e) => ({
    label: e.label,
    private: e.private,
    version: e.version,
    question: e.question,
    answer: e.answer,
    reference: reference(e),
    firstPublishedAtText: formatDateTime(e.firstPublishedAt),
    publishedAtText: formatDateTime(e.publishedAt),
    amendmentReason: e.amendmentReason,
    history: e.history.map((v) => ({
      version: v.version,
      question: v.question,
      answer: v.answer,
      publishedAtText: formatDateTime(v.publishedAt),
      amendmentReason: v.amendmentReason,
    })),
  }));
}

// The same content makes the same PDF: many suppliers downloading the log after a publication
// share one render (in flight or done) instead of queueing one each.
const MAX_CACHED = 8;
const rendered = new Map<string, Promise<Buffer>>();

export function renderClarificationLogPdfOffThread(log: ClarificationLogPdf): Promise<Buffer> {
  const key = createHash("sha256")
    .update(JSON.stringify({ ...log, generatedAtText: "" }))
    .digest("hex");
  const hit = rendered.get(key);
  if (hit) return hit;
  const run = renderPdfInWorker(
    ["app", "clarifications", "clarification-log-pdf.worker.mjs"],
    log,
    RENDER_TIMEOUT_MS,
    "clarification log",
  );
  rendered.set(key, run);
  run.catch(() => rendered.delete(key));
  while (rendered.size > MAX_CACHED) rendered.delete(rendered.keys().next().value as string);
  return run;
}
