// The database connection: embedded PGlite under DATA_DIR by default, postgres.js with DATABASE_URL.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { projectRoot } from "./project-root.server";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: domain operations accept both. */
export type Executor = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  driver: "pglite" | "postgres";
  /** Runs raw SQL and returns its rows, whichever driver is in use. */
  query: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
  /** PGlite only: the whole data folder as a tarball, which `loadDataDir` opens again (tests). */
  dumpDataDir?: () => Promise<Blob>;
};

export type OpenOptions =
  { driver: "pglite"; dataDir?: string; loadDataDir?: Blob | File } | { driver: "postgres"; url: string; max?: number };

export const migrationsFolder = path.join(projectRoot(), "db", "migrations");

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    if (options.dataDir) mkdirSync(path.dirname(options.dataDir), { recursive: true });
    const client = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
    await client.waitReady;
    const db = drizzle(client, { schema }) as unknown as Database;
    return {
      db,
      driver: "pglite",
      query: async (text, params) => (await client.query(text, params)).rows as never,
      close: () => client.close(),
      dumpDataDir: () => client.dumpDataDir("none"),
    };
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(options.url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    driver: "postgres",
    query: async (text, params) => (await client.unsafe(text, (params ?? []) as never[])) as never,
    close: () => client.end({ timeout: 5 }),
  };
}

export async function migrateDatabase(handle: DatabaseHandle, folder = migrationsFolder) {
  if (handle.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder: folder });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(handle.db as never, { migrationsFolder: folder });
  }
}

/** How many migrations the code ships against how many the database has applied. */
export async function migrationStatus(handle: DatabaseHandle, folder = migrationsFolder) {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  let applied = 0;
  try {
    const rows = await handle.query<{ n: string | number }>("select count(*) as n from drizzle.__drizzle_migrations");
    applied = Number(rows[0]?.n ?? 0);
  } catch {
    applied = 0;
  }
  return { shipped: journal.entries.length, applied, current: applied === journal.entries.length };
}

// The handle lives on globalThis: the server entry and the Remix bundle share one connection.
const holder = globalThis as { __portalDatabase?: DatabaseHandle };

export function useDatabase(handle: DatabaseHandle) {
  holder.__portalDatabase = handle;
}

export function database(): DatabaseHandle {
  const handle = holder.__portalDatabase;
  if (!handle) throw new Error("The database is not open: the server opens it at start.");
  return handle;
}

/** The drizzle database of the open connection. */
export function db(): Database {
  return database().db;
}
