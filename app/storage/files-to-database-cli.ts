// `npm run files:to-database [-- --from <folder>]`: copies the disk file store (DATA_DIR/uploads by
// default) into the configured database and verifies every digest. Exits 0 when every file is
// there and verified, 1 when some are not, 2 when it cannot run.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { migrationStatus, openDatabase } from "../../db/client.server";
import { parseConfig, setConfig } from "../config.server";
import { describeMove, moveDiskStoreToDatabase } from "./move-to-database.server";

async function main(argv: string[]): Promise<number> {
  const config = parseConfig();
  setConfig(config);
  const from = argv.indexOf("--from");
  const root = from >= 0 && argv[from + 1] ? path.resolve(argv[from + 1]) : config.uploadsDir;
  if (!existsSync(root)) throw new Error(`there is no disk file store at ${root} (set DATA_DIR or pass --from)`);
  if (!config.databaseUrl && !existsSync(config.pgliteDir)) {
    throw new Error(`there is no database at ${config.pgliteDir} (set DATA_DIR or DATABASE_URL)`);
  }
  const handle = config.databaseUrl
    ? await openDatabase({ driver: "postgres", url: config.databaseUrl, max: 1 })
    : await openDatabase({ driver: "pglite", dataDir: config.pgliteDir });
  try {
    const status = await migrationStatus(handle);
    if (!status.current) {
      throw new Error(
        `the database has ${status.applied} of ${status.shipped} migrations: start a server (or npm run db:migrate) first`,
      );
    }
    const report = await moveDiskStoreToDatabase(root, handle.db);
    const text = describeMove(report, root);
    if (report.failed.length === 0) {
      console.log(text);
      return 0;
    }
    console.error(text);
    return 1;
  } finally {
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`files:to-database could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
