// Renders a bid receipt PDF in a worker thread (react-pdf blocks the event loop while it works).
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { renderReceiptPdf } = await import("./receipt.pdf.tsx");
const pdf = await renderReceiptPdf(workerData);
const bytes = new Uint8Array(pdf);
parentPort.postMessage(bytes, [bytes.buffer]);
