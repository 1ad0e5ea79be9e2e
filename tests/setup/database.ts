// A fresh, migrated database and a test configuration for one test file.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { config, parseConfig, setConfig, type Config } from "../../app/config.server";
import { openDatabase, useDatabase, type DatabaseHandle } from "../../db/client.server";
import { useFileStorage } from "../../app/storage/storage.server";
import { databaseUrl, quoteIdentifier } from "./global-setup";

export type TestEnv = Record<string, string | undefined>;

export type TestDatabaseOptions = {
  /** Environment variables for this file's configuration, on top of the test defaults. */
  env?: TestEnv;
};

export type TestDatabase = {
  handle: DatabaseHandle;
  driver: DatabaseHandle["driver"];
  /** Raw SQL against this file's database, as the portal's runtime role. */
  query: DatabaseHandle["query"];
  /**
   * Raw SQL as the role that owns the tables (on PGlite, the one role there is): for a test that
   * plays someone with the owner's rights, e.g. disabling the audit log's triggers.
   */
  ownerQuery: DatabaseHandle["query"];
  /** PostgreSQL only: this file's own database as the runtime role, for a child process to open. */
  url: string | null;
  /** PostgreSQL only: the same database as its owner (DATABASE_OWNER_URL). */
  ownerUrl: string | null;
  /** This file's DATA_DIR (mail, uploads): a temp folder removed afterwards. */
  dataDir: string;
  /**
   * Makes this database, its DATA_DIR and file storage the ones the portal's modules use again: for
   * a file with two databases (two worlds to compare), the one opened last is current until then.
   */
  makeCurrent: () => void;
  close: () => Promise<void>;
};

/** The configuration the tests run with: quiet, fast outbox, not the demo unless asked. */
export function testConfig(dataDir: string, env: TestEnv = {}): Config {
  return parseConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    OUTBOX_POLL_MS: "50",
    // Not the demo: a file that tests the demo says so (DEMO: "true").
    DEMO: "false",
    // Tests write through factories, which record nothing in the audit log: they see every change
    // at once. The page cache has its own tests (tests/integration/page-cache.test.ts).
    PAGE_CACHE_MS: "0",
    ...env,
  });
}

/** Changes part of the configuration for the rest of the file (e.g. `{ smtpUrl }` once a sink is up). */
export function updateTestConfig(changes: Partial<Config>): Config {
  const next = { ...config(), ...changes };
  setConfig(next);
  return next;
}

let dump: Blob | undefined;

async function pgliteDump(dumpFile: string): Promise<Blob> {
  dump ??= new Blob([new Uint8Array(await readFile(dumpFile))]);
  return dump;
}

/**
 * Opens this test file's own database, makes it the one the portal's modules use, and sets the
 * test configuration. Call it once at the top of a test file: `const testDb = await useTestDatabase()`.
 * The database and the DATA_DIR are removed after the file's tests.
 */
export async function useTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const provided = inject("testDatabase");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "portal-test-data-"));
  let handle: DatabaseHandle;
  let url: string | null = null;
  let ownerUrl: string | null = null;
  let owner: DatabaseHandle | null = null;
  let dropDatabase = async () => {};

  if (provided.driver === "pglite") {
    handle = await openDatabase({ driver: "pglite", loadDataDir: await pgliteDump(provided.dumpFile) });
  } else {
    const name = `${provided.prefix}${randomBytes(6).toString("hex")}`;
    await withServer(provided.serverUrl, (sql) => createFromTemplate(sql, name, provided.template));
    url = databaseUrl(provided.serverUrl, name, provided.runtimeRole);
    ownerUrl = databaseUrl(provided.serverUrl, name);
    handle = await openDatabase({ driver: "postgres", url, max: 5 });
    dropDatabase = () =>
      withServer(provided.serverUrl, async (sql) => {
        await sql.unsafe(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      });
  }

  const makeCurrent = () => {
    useDatabase(handle);
    setConfig(
      testConfig(
        dataDir,
        url ? { DATABASE_URL: url, DATABASE_OWNER_URL: ownerUrl ?? undefined, ...options.env } : options.env,
      ),
    );
    useFileStorage(null);
  };
  makeCurrent();

  // The owner's connection is opened only for a test that asks for it.
  const ownerQuery: DatabaseHandle["query"] = async (text, params) => {
    if (!ownerUrl) return handle.query(text, params);
    owner ??= await openDatabase({ driver: "postgres", url: ownerUrl, max: 1 });
    return owner.query(text, params);
  };

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await owner?.close();
    await handle.close();
    await dropDatabase();
    await rm(dataDir, { recursive: true, force: true });
  };
  afterAll(close);

  return { handle, driver: handle.driver, query: handle.query, ownerQuery, url, ownerUrl, dataDir, makeCurrent, close };
}

async function withServer<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// Two files copying the template at the same moment can collide ("source database is being
// accessed by other users"): try again for a little while.
async function createFromTemplate(sql: postgres.Sql, name: string, template: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await sql.unsafe(`create database ${quoteIdentifier(name)} template ${quoteIdentifier(template)}`);
      return;
    } catch (error) {
      const busy = error instanceof Error && /being accessed by other users/.test(error.message);
      if (!busy || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
