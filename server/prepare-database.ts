// Makes the database ready at start (migrations, the audit chain's key and anchor, the demo data),
// one server at a time: on PostgreSQL under an advisory lock, so servers started together each
// wait, then find the work done.
import type { Config } from "../app/config.server";
import { log } from "../app/log.server";
import { openDatabase, type DatabaseHandle } from "../db/client.server";
import { auditRoleWarning, migrateForRuntime, type MigrationRoles } from "../db/roles.server";
import { hasUsers, seedDemoDataIfEmpty } from "../app/demo/seed";
import { anchorAuditHeadIfMoved } from "../app/audit/anchors.server";
import { keyAuditChain } from "../app/audit/linking.server";

// Distinct from the audit chain's linking lock (7_301_999): held for the whole of the start-up work.
export const START_LOCK_KEY = 7_301_919;

type Prepared = { roles: MigrationRoles; waitedMs: number };

/**
 * Runs `work` while holding the start lock on a connection of its own (session-level, so it lasts
 * across the migrator's own transactions and is released if this process dies). PGlite is one
 * process: there is nobody to wait for.
 */
export async function underStartLock<T>(
  config: Config,
  work: () => Promise<T>,
): Promise<{ result: T; waitedMs: number }> {
  if (config.databaseDriver === "pglite" || !config.databaseUrl) return { result: await work(), waitedMs: 0 };
  const lock = await openDatabase({ driver: "postgres", url: config.databaseUrl, max: 1 });
  try {
    const asked = Date.now();
    await lock.query("select pg_advisory_lock($1)", [START_LOCK_KEY]);
    const waitedMs = Date.now() - asked;
    try {
      return { result: await work(), waitedMs };
    } finally {
      await lock.query("select pg_advisory_unlock($1)", [START_LOCK_KEY]);
    }
  } finally {
    await lock.close();
  }
}

/** Everything the database needs before this server takes requests. */
export async function prepareDatabase(database: DatabaseHandle, config: Config): Promise<Prepared> {
  const { result: roles, waitedMs } = await underStartLock(config, async () => {
    // Migrations run as the owner (DATABASE_OWNER_URL) when there is one, which is then let go of.
    const migrated = await migrateForRuntime(database, {
      databaseUrl: config.databaseUrl,
      ownerUrl: config.databaseOwnerUrl,
    });
    const switchOver = await keyAuditChain();
    if (switchOver) log.info("audit chain keyed from here on", { seq: switchOver });
    await anchorAuditHeadIfMoved("start");
    if (config.demoInstance) {
      const seeded = await seedDemoDataIfEmpty();
      if (seeded) log.info("demo data seeded", { accounts: seeded.accounts });
    }
    return migrated;
  });
  const roleWarning = await auditRoleWarning(database, config.databaseOwnerUrl);
  if (roleWarning) log.warn("the audit log is not protected by a separate database role", { detail: roleWarning });
  if (config.auditChainKeyIsDemo) {
    log.warn("AUDIT_CHAIN_KEY is unset: the audit chain is keyed with the public DEMO key", {
      detail: "Anyone can recompute this chain's hashes: set AUDIT_CHAIN_KEY (required in production).",
    });
  }
  if (!config.demoInstance && !(await hasUsers())) {
    log.warn(
      "nobody can sign in yet: create the first admin with `npm run admin:create -- --email <address> --name <name>`",
    );
  }
  return { roles, waitedMs };
}
