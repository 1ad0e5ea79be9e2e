// The bench portal in a process of its own, so that a bench can read the server's memory alone
// (/proc/<pid>/status) while its clients run in the parent. Prints "READY <url>" when listening;
// SIGTERM closes it (HTTP server, outbox worker, database, data folder).
import { startOutboxWorker } from "../../emails/outbox.server";
import { startBenchPortal } from "./harness";

const portal = await startBenchPortal();
// Receipts are emailed as they would be in production: the worker writes them as .eml files.
const worker = startOutboxWorker();
process.stdout.write(`READY ${portal.url}\n`);

let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await worker.stop();
    await portal.close();
    process.exit(0);
  })();
});
