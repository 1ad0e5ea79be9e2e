// Prepares one migrated database for the whole run, from which every test file starts its own:
// a PGlite dump in a temp file (the default), or a template database on the PostgreSQL server
// named by DATABASE_URL. There the portal runs as production should: its queries as a runtime
// role that owns nothing (TEST_RUNTIME_ROLE), migrations as DATABASE_URL's own user.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "../../db/client.server";
import { migrateAsOwner } from "../../db/roles.server";
import { installWriteLog } from "../support/write-log";

/** The role the portal's queries run as in the PostgreSQL test pass: LOGIN, owns nothing. */
export const TEST_RUNTIME_ROLE = "portal_runtime";

export type ProvidedDatabase =
  | { driver: "pglite"; dumpFile: string }
  | {
      driver: "postgres";
      /** DATABASE_URL: the server's database the per-file databases are created from, and the owner. */
      serverUrl: string;
      /** The role the portal's queries run as (granted by the owner after migrating). */
      runtimeRole: string;
      template: string;
      /** Every database of this run starts with it, so teardown can find them all. */
      prefix: string;
    };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: ProvidedDatabase;
  }
}

export function databaseUrl(serverUrl: string, name: string, role?: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  if (role) {
    // The server trusts loopback connections (.ci/run): the runtime role needs no password.
    url.username = encodeURIComponent(role);
    url.password = "";
  }
  return url.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return preparePglite(project);
  return preparePostgres(project, serverUrl);
}

async function preparePglite(project: TestProject) {
  const handle = await openDatabase({ driver: "pglite" });
  let dump: Blob;
  try {
    await migrateDatabase(handle);
    await installWriteLog((text) => handle.query(text));
    if (!handle.dumpDataDir) throw new Error("The PGlite handle cannot dump its data folder");
    dump = await handle.dumpDataDir();
  } finally {
    await handle.close();
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "portal-test-dump-"));
  const dumpFile = path.join(dir, "pgdata.tar");
  await writeFile(dumpFile, new Uint8Array(await dump.arrayBuffer()));
  project.provide("testDatabase", { driver: "pglite", dumpFile });
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}

/** Creates the runtime role if it is missing; runs on one server may start together. */
export async function createRuntimeRole(sql: postgres.Sql, role: string) {
  const [found] = await sql`select 1 from pg_roles where rolname = ${role}`;
  if (found) return;
  try {
    await sql.unsafe(`create role ${quoteIdentifier(role)} login`);
  } catch (error) {
    // Created by another run in the meantime (duplicate_object, or the catalogue's unique index).
    const code = (error as { code?: string }).code;
    if (code !== "42710" && code !== "23505") throw error;
  }
}

async function preparePostgres(project: TestProject, serverUrl: string) {
  const prefix = `portal_test_${randomBytes(4).toString("hex")}_`;
  const template = `${prefix}tmpl`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await createRuntimeRole(admin, TEST_RUNTIME_ROLE);
    await admin.unsafe(`create database ${quoteIdentifier(template)}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  // A template may have no open connection when it is copied: migrate it (granting the runtime
  // role, as the server does with DATABASE_OWNER_URL) and let go of it.
  await migrateAsOwner(databaseUrl(serverUrl, template), TEST_RUNTIME_ROLE);
  const owner = postgres(databaseUrl(serverUrl, template), { max: 1, onnotice: () => {} });
  try {
    await installWriteLog((text) => owner.unsafe(text));
  } finally {
    await owner.end({ timeout: 5 });
  }
  project.provide("testDatabase", { driver: "postgres", serverUrl, template, prefix, runtimeRole: TEST_RUNTIME_ROLE });
  return async () => {
    const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ datname: string }[]>`
        select datname from pg_database where starts_with(datname, ${prefix})`;
      // The template goes last: every per-file database was copied from it.
      const names = rows.map((r) => r.datname).sort((a, b) => Number(a === template) - Number(b === template));
      for (const name of names) {
        await sql.unsafe(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
}
