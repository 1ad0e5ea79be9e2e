// A fingerprint of every table's rows, to show that a refused request wrote nothing at all.
import type { TestDatabase } from "../setup/database";

export type Fingerprint = Record<string, string>;

// Reading a session may extend it (lucia's sliding expiry): that is not a write the caller made.
const ALWAYS_IGNORED = ["sessions"];

let tableList: Promise<string[]> | undefined;

function tables(testDb: TestDatabase): Promise<string[]> {
  tableList ??= testDb
    .query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    )
    .then((rows) => rows.map((r) => r.table_name));
  return tableList;
}

/** Each table's row count and a hash of its contents, in one round trip. */
export async function databaseFingerprint(testDb: TestDatabase, ignore: string[] = []): Promise<Fingerprint> {
  const names = (await tables(testDb)).filter((t) => !ALWAYS_IGNORED.includes(t) && !ignore.includes(t));
  const sql = names
    .map(
      (name) =>
        `select '${name}' as name, count(*)::text || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as print from "${name}" t`,
    )
    .join(" union all ");
  const rows = await testDb.query<{ name: string; print: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}

/** The tables whose rows differ between two fingerprints (empty when nothing was written). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}
