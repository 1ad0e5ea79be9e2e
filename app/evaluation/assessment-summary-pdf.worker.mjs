// Renders an assessment summary PDF in a worker thread (react-pdf blocks the event loop while it
// works). Loads the TSX document through tsx, as the server does.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { renderAssessmentSummaryPdf } = await import("./assessment-summary.pdf.tsx");
const pdf = await renderAssessmentSummaryPdf(workerData);
const bytes = new Uint8Array(pdf);
parentPort.postMessage(bytes, [bytes.buffer]);
