// `npm run files:to-database [-- --from <folder>]`: copies the disk file store (DATA_DIR/uploads by
// default) into the configured database and verifies every digest. Exits 0 when every file is
// there and verified, 1 when some are not, 2 when it cannot run.
import { existsSync } from "node:fs";
import path from "node:path";
import { migrationStatus } from "../../db/client.server";
import { openDatabaseForCommand, runAsCommand } from "../command-line.server";
import { parseConfig, setConfig } from "../config.server";
import { describeMove, moveDiskStoreToDatabase } from "./move-to-database.server";

async function main(argv: string[]): Promise<number> {
  const config = parseConfig();
  setConfig(config);
  const from = argv.indexOf("--from");
  const root = from >= 0 && argv[from + 1] ? path.resolve(argv[from + 1]) : config.uploadsDir;
  if (!existsSync(root)) throw new Error(`there is no disk file store at ${root} (set DATA_DIR or pass --from)`);
  const handle = await openDatabaseForCommand(config, { mustExist: true });
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

runAsCommand(import.meta.url, () => main(process.argv.slice(2)), "files:to-database could not run");
