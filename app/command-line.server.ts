// What the portal's command-line tools share (`npm run audit:verify`, `admin:create`,
// `files:to-database`): the configured database opened for one command, and running a command
// when its file is the one node was started with: exit code from the command, 2 with the reason
// when it cannot run.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { openDatabase, type DatabaseHandle } from "../db/client.server";
import type { Config } from "./config.server";

/** The configured database, one connection; the embedded one only if it is there already. */
export async function openDatabaseForCommand(config: Config, options: { mustExist: boolean }): Promise<DatabaseHandle> {
  if (options.mustExist && !config.databaseUrl && !existsSync(config.pgliteDir)) {
    throw new Error(`there is no database at ${config.pgliteDir} (set DATA_DIR or DATABASE_URL)`);
  }
  return config.databaseUrl
    ? openDatabase({ driver: "postgres", url: config.databaseUrl, max: 1 })
    : openDatabase({ driver: "pglite", dataDir: config.pgliteDir });
}

/**
 * Runs `command` if `moduleUrl` is the file node was started with. Its answer is the exit code; if
 * it throws, `cannotRun` names what could not be done, then the reason, and the exit code is 2.
 */
export function runAsCommand(moduleUrl: string, command: () => Promise<number>, cannotRun: string, usage?: string) {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? "").href) return;
  command().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${cannotRun}: ${error instanceof Error ? error.message : String(error)}`);
      if (usage) console.error(usage);
      process.exitCode = 2;
    },
  );
}
