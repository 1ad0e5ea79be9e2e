// Which tables a request wrote to, to show that a refused request wrote nothing at all.
//
// The test database (tests/setup/global-setup.ts) carries a write log that the portal never has:
// a row trigger on every table of the public schema notes the table's name in test_support.writes
// whenever a row is inserted, deleted or changed (an update that leaves the row as it was is not a
// write). A test reads the log's position before a request and the tables named after it since:
// one indexed read, however many rows the database holds, instead of hashing every table twice.
import type { TestDatabase } from "../setup/database";

// Reading a session may extend it (lucia's sliding expiry): that is not a write the caller made.
const ALWAYS_IGNORED = ["sessions"];

/** Installs the write log on a migrated database, as its owner. Tests only: never a migration. */
export async function installWriteLog(query: (text: string) => Promise<unknown>) {
  for (const statement of WRITE_LOG) await query(statement);
}

const WRITE_LOG = [
  "create schema if not exists test_support",
  "create unlogged table if not exists test_support.writes (id bigserial primary key, table_name text not null)",
  `create or replace function test_support.log_write() returns trigger
language plpgsql security definer set search_path = pg_catalog, test_support as $$
begin
  if tg_op = 'UPDATE' and old::text is not distinct from new::text then
    return null;
  end if;
  insert into test_support.writes (table_name) values (tg_table_name);
  return null;
end
$$`,
  `do $$
declare t record;
begin
  for t in
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
  loop
    execute format(
      'create or replace trigger zz_test_write_log after insert or update or delete on public.%I for each row execute function test_support.log_write()',
      t.relname
    );
  end loop;
end
$$`,
];

/** What a test holds between a request and its check: the write log's position before it. */
export type WriteLogPosition = { position: number };

/** The write log's position now. */
export async function writeLogPosition(testDb: TestDatabase): Promise<WriteLogPosition> {
  const [row] = await testDb.ownerQuery<{ position: string | null }>(
    "select max(id)::text as position from test_support.writes",
  );
  return { position: Number(row?.position ?? 0) };
}

/** The tables written since `before` (empty when nothing was written), sessions aside. */
export async function tablesWrittenSince(testDb: TestDatabase, before: WriteLogPosition, ignore: string[] = []) {
  const rows = await testDb.ownerQuery<{ table_name: string }>(
    "select distinct table_name from test_support.writes where id > $1 order by table_name",
    [before.position],
  );
  return rows.map((r) => r.table_name).filter((t) => !ALWAYS_IGNORED.includes(t) && !ignore.includes(t));
}
