// `npm run db:migrate`: applies the committed migrations to the configured database.
import { parseConfig } from "../app/config.server";
import { migrationStatus, openDatabase } from "../db/client.server";
import { migrateForRuntime } from "../db/roles.server";

const config = parseConfig();
const handle =
  config.databaseDriver === "pglite"
    ? await openDatabase({ driver: "pglite", dataDir: config.pgliteDir })
    : await openDatabase({ driver: "postgres", url: config.databaseUrl! });
await migrateForRuntime(handle, { databaseUrl: config.databaseUrl, ownerUrl: config.databaseOwnerUrl });
console.log(JSON.stringify({ driver: handle.driver, ...(await migrationStatus(handle)) }));
await handle.close();
