// Renders a scoring pack PDF in a worker thread: a pack of 50 bids takes a core for seconds, and
// the server keeps answering other people meanwhile. Loads the TSX document through tsx.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { renderScoringPackPdf } = await import("./scoring-pack.pdf.tsx");
const pdf = await renderScoringPackPdf(workerData);
const bytes = new Uint8Array(pdf);
parentPort.postMessage(bytes, [bytes.buffer]);
