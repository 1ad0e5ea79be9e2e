// The bench portal in a process of its own, so that a bench can read the server's memory alone
// (/proc/<pid>/status) while its clients run in the parent. Prints "READY <url>" when listening;
// SIGTERM closes it (HTTP server, outbox worker, database, data folder). Started with an IPC
// channel, it also seeds, sets the deadline and checks for the deadline rush: on PGlite the
// database lives in this process, so nothing else can.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { procurements } from "../../db/schema";
import { startOutboxWorker } from "../../emails/outbox.server";
import { check, pdfTemplate, seed, type BenchRequest } from "./deadline-rush";
import { startBenchPortal } from "./harness";

const portal = await startBenchPortal({ useDatabaseUrl: true });
// How late this process's event loop ran, from the deadline's setting to the check: a submit's last
// byte is read (and its received time taken) only when the loop gets to it.
const lag = monitorEventLoopDelay({ resolution: 10 });
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
      lag.reset();
      lag.enable();
      await db()
        .update(procurements)
        .set({ bidDeadline: new Date(request.at), version: sql`${procurements.version} + 1` })
        .where(eq(procurements.id, request.procurementId));
      return null;
    case "check": {
      lag.disable();
      const loopDelayMs = { p99: Math.round(lag.percentile(99) / 1e6), max: Math.round(lag.max / 1e6) };
      return {
        ...(await check(request.tenderId, request.suppliers, request.outcomes, new Date(request.deadline))),
        loopDelayMs,
      };
    }
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
