// Starts the portal: configuration, database (opened and migrated at start), demo data when it is
// the demo (`npm start`; never in production), the outbox worker, the HTTP server, and a clean
// shutdown on SIGTERM/SIGINT.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { parseConfig, setConfig } from "../app/config.server";
import { log } from "../app/log.server";
import { openDatabase, useDatabase } from "../db/client.server";
import { auditRoleWarning, migrateForRuntime } from "../db/roles.server";
import { hasUsers, seedDemoDataIfEmpty } from "../app/demo/seed";
import { startOutboxWorker } from "../emails/outbox.server";
import { anchorAuditHeadIfMoved } from "../app/audit/anchors.server";
import { keyAuditChain } from "../app/audit/audit.server";
import { createApp } from "./app";
import { runHousekeeping } from "./housekeeping";
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
  // Migrations run as the owner (DATABASE_OWNER_URL) when there is one, which is then let go of.
  const roles = await migrateForRuntime(database, {
    databaseUrl: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
  });
  log.info("database ready", {
    driver: database.driver,
    location: database.driver === "pglite" ? config.pgliteDir : new URL(config.databaseUrl!).host,
    roles: roles.mode === "owner" ? { owner: roles.owner, runtime: roles.runtime } : "single role",
    ms: Date.now() - started,
  });
  const roleWarning = await auditRoleWarning(database, config.databaseOwnerUrl);
  if (roleWarning) log.warn("the audit log is not protected by a separate database role", { detail: roleWarning });
  if (config.auditChainKeyIsDemo) {
    log.warn("AUDIT_CHAIN_KEY is unset: the audit chain is keyed with the public DEMO key", {
      detail: "Anyone can recompute this chain's hashes: set AUDIT_CHAIN_KEY (required in production).",
    });
  }
  const switchOver = await keyAuditChain();
  if (switchOver) log.info("audit chain keyed from here on", { seq: switchOver });
  await anchorAuditHeadIfMoved("start");
  if (config.demoInstance) {
    const seeded = await seedDemoDataIfEmpty();
    if (seeded) log.info("demo data seeded", { accounts: seeded.accounts });
  } else if (!(await hasUsers())) {
    log.warn(
      "nobody can sign in yet: create the first admin with `npm run admin:create -- --email <address> --name <name>`",
    );
  }

  const worker = startOutboxWorker();
  // Housekeeping (reminders, digests, clean-ups, anchoring): every server ticks, and each job runs
  // on whichever server holds its claim that round (server/housekeeping.ts, decision 024).
  const housekeeping = setInterval(() => void runHousekeeping(), config.housekeepingIntervalMs);
  const loadBuild = async () =>
    (await import(`${pathToFileURL(BUILD_PATH).href}${development ? `?t=${Date.now()}` : ""}`)) as ServerBuild;
  const build = await loadBuild();
  const app = createApp({
    build: development ? loadBuild : build,
    config,
    database,
    mode: development ? "development" : "production",
  });

  const server = app.listen(config.port, async () => {
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

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    server.close();
    server.closeAllConnections();
    clearInterval(housekeeping);
    await worker.stop();
    await database.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
