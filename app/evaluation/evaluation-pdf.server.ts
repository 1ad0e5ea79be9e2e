// Renders assessment summaries and scoring packs off the request thread, one queue per kind of
// document; the same content asked for again (colleagues of one bidder, a panel opening the pack
// together) shares one render.
import { createHash } from "node:crypto";
import { renderPdfInWorker } from "../pdf/render-in-worker.server";
import type { AssessmentSummary } from "./assessment-summary";
import type { ScoringPack } from "./scoring-pack.pdf";

// A pack of 50 bids × 20 questions takes some seconds here; far longer means something is wrong.
const RENDER_TIMEOUT_MS = 180_000;
const MAX_CACHED = 16;
const rendered = new Map<string, Promise<Buffer>>();

function renderOnce(kind: string, worker: string, data: { generatedAtText: string }): Promise<Buffer> {
  const key = createHash("sha256")
    .update(kind)
    .update(JSON.stringify({ ...data, generatedAtText: "" }))
    .digest("hex");
  const hit = rendered.get(key);
  if (hit) return hit;
  const run = renderPdfInWorker(["app", "evaluation", worker], data, RENDER_TIMEOUT_MS, kind);
  rendered.set(key, run);
  run.catch(() => rendered.delete(key));
  while (rendered.size > MAX_CACHED) rendered.delete(rendered.keys().next().value as string);
  return run;
}

export function renderAssessmentSummaryPdfOffThread(summary: AssessmentSummary): Promise<Buffer> {
  return renderOnce("assessment summary", "assessment-summary-pdf.worker.mjs", summary);
}

export function renderScoringPackPdfOffThread(pack: ScoringPack): Promise<Buffer> {
  return renderOnce("scoring pack", "scoring-pack-pdf.worker.mjs", pack);
}
