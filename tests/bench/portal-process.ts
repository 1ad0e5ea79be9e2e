// The bench portal in a process of its own, so that a bench can read the server's memory alone
// (/proc/<pid>/status) while its clients run in the parent. Prints "READY <url>" when listening;
// SIGTERM closes it (HTTP server, outbox worker, database, data folder). Started with an IPC
// channel, it also seeds, sets the deadline and checks for the deadline rush: on PGlite the
// database lives in this process, so nothing else can.
import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { procurements } from "../../db/schema";
import { startOutboxWorker } from "../../emails/outbox.server";
import { check, pdfTemplate, seed, type BenchRequest } from "./deadline-rush";
import { startBenchPortal } from "./harness";

const portal = await startBenchPortal();
// Receipts are emailed as they would be in production: the worker writes them as .eml files.
const worker = startOutboxWorker();

async function answer(request: BenchRequest): Promise<unknown> {
  switch (request.type) {
    case "seed": {
      const seeded = await seed(pdfTemplate(), request.count);
      await portal.database.query("analyze");
      return seeded;
    }
    case "deadline":
      await db()
        .update(procurements)
        .set({ bidDeadline: new Date(request.at), version: sql`${procurements.version} + 1` })
        .where(eq(procurements.id, request.procurementId));
      return null;
    case "check":
      return check(request.tenderId, request.suppliers, request.outcomes, new Date(request.deadline));
  }
}

process.on("message", (message: BenchRequest & { id: number }) => {
  answer(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.stack : String(error) }),
  );
});
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
