// Renders the clarification log PDF in a worker thread: react-pdf blocks the event loop while it
// works, and a long log takes seconds. Loads the TSX document through tsx, as the server does.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { renderClarificationLogPdf } = await import("./clarification-log.pdf.tsx");
const pdf = await renderClarificationLogPdf(workerData);
const bytes = new Uint8Array(pdf);
parentPort.postMessage(bytes, [bytes.buffer]);
