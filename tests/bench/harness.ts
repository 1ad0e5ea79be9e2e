// Shared pieces of the benchmarks: a portal on loopback over a fresh database, and autocannon runs
// reported side by side with a bare node:http server sending the same bytes.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";
import type { ServerBuild } from "@remix-run/node";
import { parseConfig, setConfig } from "../../app/config.server";
import { projectRoot } from "../../db/project-root.server";
import { migrateDatabase, openDatabase, useDatabase, type DatabaseHandle } from "../../db/client.server";
import { createApp } from "../../server/app";
import { applyServerTimeouts, LISTEN_BACKLOG } from "../../server/http-server";

export type BenchPortal = { url: string; database: DatabaseHandle; dataDir: string; close: () => Promise<void> };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: LISTEN_BACKLOG }, resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Runs one statement on DATABASE_URL's server (to create or drop a bench's own database). */
async function onServer(serverUrl: string, statement: string) {
  const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(statement);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * The production build over a new database: PGlite in memory, or a database of its own on
 * DATABASE_URL's server, dropped at close (the database named there is never written to). React
 * renders with its production build, as in a deployment (NODE_ENV=production); the configuration is
 * the demo's, parsed without NODE_ENV. `useDatabaseUrl`: DATABASE_URL's database itself;
 * `admitAll`: no request turned away for overload (decision 028).
 */
export async function startBenchPortal(
  options: { useDatabaseUrl?: boolean; admitAll?: boolean } = {},
): Promise<BenchPortal> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  const { NODE_ENV: _ignored, ...env } = process.env;
  // The deadline rush's servers are handed a database it made for them, which they share.
  const serverUrl = options.useDatabaseUrl ? undefined : env.DATABASE_URL;
  const name = `portal_bench_${randomBytes(6).toString("hex")}`;
  const ownUrl = serverUrl ? Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString() : undefined;
  if (serverUrl) await onServer(serverUrl, `create database "${name}"`);
  const config = parseConfig({
    ...env,
    DATABASE_URL: ownUrl ?? env.DATABASE_URL,
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    DEMO: "true",
    // The page benches measure pages served at 50 connections, not overload control turning some away.
    ...(options.admitAll ? { MAX_REQUESTS_IN_PROGRESS: "1000" } : {}),
  });
  setConfig(config);
  process.env.NODE_ENV = "production";
  const database = config.databaseUrl
    ? await openDatabase({ driver: "postgres", url: config.databaseUrl })
    : await openDatabase({ driver: "pglite" });
  useDatabase(database);
  await migrateDatabase(database);
  const build = (await import(pathToFileURL(path.join(projectRoot(), "build", "index.js")).href)) as ServerBuild;
  // The production server's timeouts and accept queue, so that a rush measures what production does.
  const server = applyServerTimeouts(createServer(createApp({ build, config, database, mode: "production" })));
  const url = await listen(server);
  setConfig({ ...config, publicUrl: url });
  return {
    url,
    database,
    dataDir,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await database.close();
      if (serverUrl) await onServer(serverUrl, `drop database if exists "${name}" with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type LoadResult = {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
};

export async function load(
  label: string,
  url: string,
  options: { connections?: number; seconds?: number } = {},
): Promise<LoadResult> {
  const result = await autocannon({ url, connections: options.connections ?? 50, duration: options.seconds ?? 10 });
  return {
    label,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** The same bytes from a bare node:http server: the ceiling the portal is measured against. */
export async function bareServer(body: Buffer): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
  const url = await listen(server);
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function report(rows: LoadResult[]) {
  console.table(
    rows.map((r) => ({
      what: r.label,
      "requests/s": r.requestsPerSecond,
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      errors: r.errors,
      "non-2xx": r.non2xx,
    })),
  );
}
