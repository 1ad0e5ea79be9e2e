// Starts the portal: configuration, database (opened and prepared at start, one server at a time),
// demo data when it is the demo (`npm start`; never in production), the outbox worker, the HTTP
// server, and draining on SIGTERM/SIGINT.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { parseConfig, setConfig } from "../app/config.server";
import { log } from "../app/log.server";
import { openDatabase, useDatabase } from "../db/client.server";
import { startOutboxWorker } from "../emails/outbox.server";
import { createApp, type Readiness } from "./app";
import { applyServerTimeouts, LISTEN_BACKLOG } from "./http-server";
import { runHousekeeping } from "./housekeeping";
import { prepareDatabase } from "./prepare-database";
import { listenForTestClock } from "./test-clock";

const BUILD_PATH = path.resolve("build/index.js");

async function main() {
  const config = parseConfig(process.env, process.argv.slice(2));
  setConfig(config);
  if (listenForTestClock(config)) log.warn("test mode: the test process that started this portal may move its clock");
  if (config.testClockIgnored) log.warn("PORTAL_TEST_CLOCK is ignored: it works only with NODE_ENV=test");
  const development = process.env.NODE_ENV === "development";
  if (!existsSync(BUILD_PATH)) {
    throw new Error("No build found at build/index.js: run `npm run build` first (npm start does).");
  }

  const started = Date.now();
  const database =
    config.databaseDriver === "pglite"
      ? await openDatabase({ driver: "pglite", dataDir: config.pgliteDir })
      : await openDatabase({ driver: "postgres", url: config.databaseUrl! });
  useDatabase(database);
  // Migrations, the audit chain's key and the demo data, one server at a time (prepare-database.ts).
  const { roles, waitedMs } = await prepareDatabase(database, config);
  log.info("database ready", {
    driver: database.driver,
    location: database.driver === "pglite" ? config.pgliteDir : new URL(config.databaseUrl!).host,
    roles: roles.mode === "owner" ? { owner: roles.owner, runtime: roles.runtime } : "single role",
    ms: Date.now() - started,
    waitedForOtherServersMs: waitedMs,
  });

  const worker = startOutboxWorker();
  // Housekeeping (reminders, digests, clean-ups, anchoring): every server ticks, and each job runs
  // on whichever server holds its claim that round (server/housekeeping.ts, decision 024).
  // The round under way, if any: shutdown lets it finish before the database closes.
  let housekeepingRound: Promise<void> = Promise.resolve();
  const housekeeping = setInterval(() => {
    housekeepingRound = runHousekeeping();
  }, config.housekeepingIntervalMs);
  const loadBuild = async () =>
    (await import(`${pathToFileURL(BUILD_PATH).href}${development ? `?t=${Date.now()}` : ""}`)) as ServerBuild;
  const build = await loadBuild();
  const readiness: Readiness = { draining: false };
  const app = createApp({
    build: development ? loadBuild : build,
    config,
    database,
    mode: development ? "development" : "production",
    readiness,
  });

  // Timeouts and the accept queue set deliberately, so that the portal answers rather than drops
  // (server/http-server.ts, decision 028).
  const server = applyServerTimeouts(createServer(app));
  server.listen({ port: config.port, backlog: LISTEN_BACKLOG }, async () => {
    log.info("portal listening", {
      url: config.publicUrl,
      port: config.port,
      demoInstance: config.demoInstance,
      mail: config.smtpUrl ? "smtp" : `files in ${config.mailDir}`,
    });
    if (development) {
      const { broadcastDevReady } = await import("@remix-run/node");
      await broadcastDevReady(build);
    }
  });

  let inFlight = 0;
  server.on("request", (req, res) => {
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
      // A keep-alive connection whose answer began before draining (so without `Connection: close`)
      // is let go once that answer is done. Only this one: closing every idle connection here would
      // also cut one just accepted whose request has not been read yet.
      if (readiness.draining) setImmediate(() => req.socket.end());
    });
  });

  // Draining: not ready at once (a load balancer moves new requests away), serving on through the
  // grace period, then no new connections; requests in flight finish (an upload, a bid submit), and
  // only then do the worker and the database stop. A second signal stops at once.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn("stopping at once", { signal, inFlight });
      process.exit(1);
    }
    stopping = true;
    readiness.draining = true;
    server.closeIdleConnections();
    // Ctrl+C at a terminal has no load balancer to wait for.
    const graceMs = signal === "SIGINT" ? 0 : config.shutdownGraceMs;
    log.info("draining", { signal, graceMs, inFlight });
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    log.info("no longer accepting connections: waiting for requests in flight", { inFlight });
    // Requests in flight get as long again as the grace period; whatever is left then is cut off.
    const force = setTimeout(
      () => {
        log.error("requests still in flight when the shutdown grace ran out", { inFlight });
        process.exit(1);
      },
      Math.max(config.shutdownGraceMs, 5_000),
    ).unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearInterval(housekeeping);
    await housekeepingRound;
    await worker.stop();
    await database.close();
    clearTimeout(force);
    log.info("stopped", { signal });
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
