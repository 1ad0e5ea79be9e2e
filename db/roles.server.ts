// The two PostgreSQL roles: the owner, which runs migrations and owns every table, and the runtime
// role the portal's queries run as, which can read and append to the audit log but never alter it.
import { migrateDatabase, migrationsFolder, openDatabase, type DatabaseHandle } from "./client.server";

/** Tables the runtime role may read and append to, never update, delete from or empty. */
export const APPEND_ONLY_TABLES = ["audit_events", "audit_links"] as const;

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The role a postgres:// URL signs in as. */
export function roleOf(url: string): string {
  const role = decodeURIComponent(new URL(url).username);
  if (!role) throw new Error("The database URL names no user: the runtime role cannot be known");
  return role;
}

export type MigrationRoles =
  | { mode: "owner"; owner: string; runtime: string }
  // One role migrates and queries: it owns the audit table, so it could disable its triggers.
  | { mode: "single-role" };

/**
 * Applies the migrations: through the owner's own connection when there is one (which then grants
 * the runtime role what it needs, and is closed), otherwise through the portal's connection.
 */
export async function migrateForRuntime(
  handle: DatabaseHandle,
  options: { databaseUrl?: string; ownerUrl?: string },
  folder = migrationsFolder,
): Promise<MigrationRoles> {
  if (!options.ownerUrl || !options.databaseUrl) {
    await migrateDatabase(handle, folder);
    return { mode: "single-role" };
  }
  return migrateAsOwner(options.ownerUrl, roleOf(options.databaseUrl), folder);
}

export async function migrateAsOwner(ownerUrl: string, runtimeRole: string, folder = migrationsFolder) {
  const owner = await openDatabase({ driver: "postgres", url: ownerUrl, max: 1 });
  try {
    await migrateDatabase(owner, folder);
    const [{ role }] = await owner.query<{ role: string }>("select current_user as role");
    if (role !== runtimeRole) await grantRuntimeRole(owner, runtimeRole);
    return { mode: "owner" as const, owner: role, runtime: runtimeRole };
  } finally {
    await owner.close();
  }
}

/**
 * Run as the owner after every migration: the runtime role gets what the portal does with each
 * table, and default privileges give it the same on tables later migrations create. The
 * append-only tables lose UPDATE, DELETE and TRUNCATE again each time, whatever a default granted.
 */
export async function grantRuntimeRole(owner: DatabaseHandle, runtimeRole: string) {
  const exists = await owner.query("select 1 from pg_roles where rolname = $1", [runtimeRole]);
  if (exists.length === 0) {
    throw new Error(
      `The runtime role "${runtimeRole}" (DATABASE_URL's user) does not exist: create it (README, "Database roles")`,
    );
  }
  const runtime = quoteIdentifier(runtimeRole);
  const statements = [
    `grant usage on schema public to ${runtime}`,
    `grant select, insert, update, delete on all tables in schema public to ${runtime}`,
    `grant usage, select on all sequences in schema public to ${runtime}`,
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${runtime}`,
    `alter default privileges in schema public grant usage, select on sequences to ${runtime}`,
    ...APPEND_ONLY_TABLES.map(
      (table) => `revoke update, delete, truncate, references, trigger on ${quoteIdentifier(table)} from ${runtime}`,
    ),
    // The health check reads which migrations are applied.
    `grant usage on schema drizzle to ${runtime}`,
    `grant select on all tables in schema drizzle to ${runtime}`,
  ];
  for (const statement of statements) await owner.query(statement);
}

/**
 * Why the portal's own connection could still rewrite the audit log (it owns `audit_events`, or is
 * a superuser, so it could disable the append-only triggers), or null when it cannot.
 */
export async function auditRoleWarning(handle: DatabaseHandle, ownerUrl: string | undefined): Promise<string | null> {
  const [me] = await handle.query<{ role: string; owns: boolean; superuser: boolean }>(
    `select current_user as role,
            pg_has_role(current_user, c.relowner, 'MEMBER') as owns,
            coalesce((select rolsuper from pg_roles where rolname = current_user), false) as superuser
       from pg_class c where c.oid = 'public.audit_events'::regclass`,
  );
  if (!me || (!me.owns && !me.superuser)) return null;
  const can = `so it could disable the audit log's append-only triggers (ALTER TABLE audit_events DISABLE TRIGGER)`;
  if (handle.driver === "pglite") {
    return `The embedded database has a single role, which owns the audit table, ${can}. Use PostgreSQL with DATABASE_OWNER_URL for two roles.`;
  }
  if (!ownerUrl) {
    return `DATABASE_OWNER_URL is unset: the portal's queries run as "${me.role}", the role that migrates and owns the audit table, ${can}. Set DATABASE_OWNER_URL to the owner and DATABASE_URL to a runtime role (README, "Database roles").`;
  }
  return `DATABASE_URL's role "${me.role}" ${me.superuser ? "is a superuser" : "owns the audit table"}, ${can}. Give DATABASE_URL a runtime role that owns nothing (README, "Database roles").`;
}
