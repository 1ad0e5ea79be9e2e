// Runs `npm run audit:verify` (app/audit/verify-cli.ts) as a child process against the current test
// file's database, anchor file and chain key, as an operator would run it.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { config } from "../../app/config.server";
import { projectRoot } from "../../db/project-root.server";
import { openDatabase } from "../../db/client.server";
import type { TestDatabase } from "../setup/database";

export type CliResult = { code: number | null; stdout: string; stderr: string };

export async function runVerifyCli(testDb: TestDatabase): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: "silent",
    AUDIT_CHAIN_KEY: config().auditChainKey,
    AUDIT_ANCHOR_FILE: config().auditAnchorFile,
  };
  let cleanup = async () => {};
  if (testDb.url) {
    env.DATABASE_URL = testDb.url;
  } else {
    // The file's database lives in memory: copy it to disk for the child process to open.
    delete env.DATABASE_URL;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "portal-test-cli-"));
    const dump = await testDb.handle.dumpDataDir?.();
    if (!dump) throw new Error("cannot dump the test database");
    const copy = await openDatabase({ driver: "pglite", dataDir: path.join(dataDir, "pglite"), loadDataDir: dump });
    await copy.close();
    env.DATA_DIR = dataDir;
    cleanup = () => rm(dataDir, { recursive: true, force: true });
  }
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "app/audit/verify-cli.ts"], {
        cwd: projectRoot(),
        env,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  } finally {
    await cleanup();
  }
}
