// The portal's queries run as a runtime role that does not own the audit table: it can read and
// append to the log but cannot switch its triggers off, change, remove or empty rows. Migrations run
// as the owner (DATABASE_OWNER_URL), which grants the runtime role what it needs, tables created by
// later migrations included. The server warns at start when one role does both.
import { describe, expect, it } from "vitest";
import { recordAudit } from "../../app/audit/audit.server";
import { linkAuditChain } from "../../app/audit/linking.server";
import { db, openDatabase } from "../../db/client.server";
import { auditRoleWarning, migrateForRuntime, roleOf } from "../../db/roles.server";
import { useTestDatabase } from "../setup/database";

const testDb = await useTestDatabase();
const onPglite = testDb.driver === "pglite";
const PGLITE_REASON = "PostgreSQL only: the embedded database has a single role (run with DATABASE_URL)";

describe.skipIf(onPglite)(`the runtime role${onPglite ? ` [skipped: ${PGLITE_REASON}]` : ""}`, () => {
  it("is the role the portal's connection runs as, and owns nothing", async () => {
    const [me] = await testDb.query<{ role: string; superuser: boolean; owned: number }>(
      `select current_user as role, r.rolsuper as superuser,
              (select count(*)::int from pg_class c where pg_has_role(current_user, c.relowner, 'MEMBER')
                 and c.relnamespace = 'public'::regnamespace) as owned
         from pg_roles r where r.rolname = current_user`,
    );
    expect(me).toEqual({ role: roleOf(testDb.url!), superuser: false, owned: 0 });
  });

  it("cannot switch the audit log's triggers off", async () => {
    await expect(testDb.query("alter table audit_events disable trigger all")).rejects.toThrow(
      /must be owner of table audit_events/,
    );
    await expect(testDb.query("alter table audit_events disable trigger user")).rejects.toThrow(/must be owner/);
  });

  it("can append to the audit log and read it, but cannot update, delete or empty it", async () => {
    const seq = await db().transaction((tx) => recordAudit(tx, {}, { action: "test.runtime_append" }));
    const [row] = await testDb.query<{ action: string }>("select action from audit_events where seq = $1", [seq]);
    expect(row.action).toBe("test.runtime_append");
    await expect(testDb.query("update audit_events set action = 'forged' where seq = $1", [seq])).rejects.toThrow(
      /permission denied for table audit_events/,
    );
    await expect(testDb.query("delete from audit_events where seq = $1", [seq])).rejects.toThrow(
      /permission denied for table audit_events/,
    );
    await expect(testDb.query("truncate audit_events")).rejects.toThrow(/permission denied for table audit_events/);
  });

  it("can link the chain and read its links, but cannot update, delete or empty them", async () => {
    const seq = await db().transaction((tx) => recordAudit(tx, {}, { action: "test.runtime_link" }));
    expect(await linkAuditChain()).toBeGreaterThanOrEqual(1);
    const [link] = await testDb.query<{ hash: string }>("select hash from audit_links where seq = $1", [seq]);
    expect(link.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(testDb.query("update audit_links set hash = 'forged' where seq = $1", [seq])).rejects.toThrow(
      /permission denied for table audit_links/,
    );
    await expect(testDb.query("delete from audit_links where seq = $1", [seq])).rejects.toThrow(
      /permission denied for table audit_links/,
    );
    await expect(testDb.query("truncate audit_links")).rejects.toThrow(/permission denied for table audit_links/);
  });

  it("may change the other tables the portal writes", async () => {
    const [grants] = await testDb.query<{ missing: string[] | null }>(
      `select array_agg(c.relname::text order by c.relname) as missing
         from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
          and c.relname not in ('audit_events', 'audit_links')
          and not (has_table_privilege(c.oid, 'SELECT') and has_table_privilege(c.oid, 'INSERT')
                   and has_table_privilege(c.oid, 'UPDATE') and has_table_privilege(c.oid, 'DELETE'))`,
    );
    expect(grants.missing).toBeNull();
  });

  it("is granted tables a later migration creates, and the grants are applied again after each migration", async () => {
    await testDb.ownerQuery("create table later_migration_table (id int primary key, note text)");
    await testDb.query("insert into later_migration_table values (1, 'granted by default privileges')");
    expect(await testDb.query("select note from later_migration_table")).toEqual([
      { note: "granted by default privileges" },
    ]);
    // Someone grants too much by hand; the next migration run takes it back.
    await testDb.ownerQuery(`grant update, delete, truncate on audit_events to ${roleOf(testDb.url!)}`);
    await migrateForRuntime(testDb.handle, { databaseUrl: testDb.url!, ownerUrl: testDb.ownerUrl! });
    await expect(testDb.query("truncate audit_events")).rejects.toThrow(/permission denied/);
  });

  it("reads which migrations are applied (the health check)", async () => {
    const rows = await testDb.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it("makes no start-up warning, while the owner's own connection would get one", async () => {
    expect(await auditRoleWarning(testDb.handle, testDb.ownerUrl!)).toBeNull();
    const owner = await openDatabase({ driver: "postgres", url: testDb.ownerUrl!, max: 1 });
    try {
      expect(await auditRoleWarning(owner, undefined)).toMatch(
        /^DATABASE_OWNER_URL is unset: the portal's queries run as/,
      );
      expect(await auditRoleWarning(owner, testDb.ownerUrl!)).toMatch(/DATABASE_URL's role "\w+" is a superuser/);
    } finally {
      await owner.close();
    }
  });
});

describe.runIf(onPglite)("the embedded database", () => {
  it("says at start that one role owns the audit table and could switch its triggers off", async () => {
    expect(await auditRoleWarning(testDb.handle, undefined)).toMatch(
      /^The embedded database has a single role, which owns the audit table, so it could disable/,
    );
  });
});
