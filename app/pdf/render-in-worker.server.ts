// Renders a PDF in a worker thread: @react-pdf blocks the event loop while it works, so documents
// are made off the request thread, one at a time per kind of document (each takes a core while it
// runs), so that a long clarification log never holds up a one-page bid receipt.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { projectRoot } from "../../db/project-root.server";

const queues = new Map<string, Promise<unknown>>();

/** Runs `worker` (a path under the project root) with `data`; it posts back the PDF's bytes. */
export function renderPdfInWorker(worker: string[], data: unknown, timeoutMs: number, label: string): Promise<Buffer> {
  const file = path.join(projectRoot(), ...worker);
  const run = (queues.get(file) ?? Promise.resolve()).then(() => runWorker(file, data, timeoutMs, label));
  queues.set(
    file,
    run.catch(() => undefined),
  );
  return run;
}

function runWorker(file: string, data: unknown, timeoutMs: number, label: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: data });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`Rendering the ${label} PDF took too long`));
    }, timeoutMs);
    worker.once("message", (bytes: Uint8Array) => {
      clearTimeout(timer);
      resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      void worker.terminate();
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`The PDF worker stopped with code ${code}`));
    });
  });
}
