// `npm run audit:verify`: checks the audit log's hash chain in the configured database and names
// the first broken row. Exits 0 when the chain is intact, 1 when it is broken, 2 when it cannot run.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { openDatabase, useDatabase } from "../../db/client.server";
import { parseConfig, setConfig } from "../config.server";
import { verifyAuditChain, type ChainVerification } from "./audit.server";

export function describeVerification(result: ChainVerification): string {
  if (result.ok) {
    return `Audit chain intact: ${result.rows} rows verified; the latest hash is ${result.lastHash}.`;
  }
  return `Audit chain BROKEN at row ${result.brokenAt}: ${result.reason}. ${result.rows} rows before it verified.`;
}

async function main(): Promise<number> {
  const config = parseConfig();
  setConfig(config);
  if (!config.databaseUrl && !existsSync(config.pgliteDir)) {
    throw new Error(`there is no database at ${config.pgliteDir} (set DATA_DIR or DATABASE_URL)`);
  }
  const handle = config.databaseUrl
    ? await openDatabase({ driver: "postgres", url: config.databaseUrl, max: 1 })
    : await openDatabase({ driver: "pglite", dataDir: config.pgliteDir });
  try {
    useDatabase(handle);
    const result = await verifyAuditChain(handle.db);
    const line = describeVerification(result);
    if (result.ok) {
      console.log(line);
      return 0;
    }
    console.error(line);
    return 1;
  } finally {
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`Could not verify the audit chain: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
