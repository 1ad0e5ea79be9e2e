// One render of the synthetic scoring pack in a process of its own, so that its peak memory is the
// renderer's alone: `node --import tsx tests/bench/scoring-pack-render.ts react-pdf|pdfkit bids questions evaluators`.
// Prints one JSON line: seconds, pages, bytes, peak RSS.
import { renderScoringPackPdf } from "../../app/evaluation/scoring-pack.pdf";
import { syntheticScoringPack } from "./scoring-pack-data";
import { renderScoringPackWithPdfkit } from "./scoring-pack-pdfkit";

const [renderer, bids, questions, evaluators] = process.argv.slice(2);
const pack = syntheticScoringPack(Number(bids), Number(questions), Number(evaluators));
const started = performance.now();
const pdf = renderer === "pdfkit" ? await renderScoringPackWithPdfkit(pack) : await renderScoringPackPdf(pack);
const seconds = (performance.now() - started) / 1000;
// Page objects, not the /Pages tree: what a PDF reader counts as pages.
const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
console.log(
  JSON.stringify({ renderer, seconds, pages, bytes: pdf.byteLength, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
);
