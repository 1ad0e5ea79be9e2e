// Moves a disk file store (DATA_DIR/uploads/ab/cd/<sha256>) into the database store, checking every
// digest by hashing what the database gives back. Run again, it copies only what is missing.
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../../db/client.server";
import { copyIntoDatabase, databaseFileStorage } from "./database-store.server";

export type MoveReport = {
  /** Files found in the disk store under a digest name. */
  found: number;
  copied: number;
  /** Already in the database (from an earlier run, or uploaded there since). */
  alreadyThere: number;
  /** Read back from the database, hashed, and matching their digest: all of them when it worked. */
  verified: number;
  /** Files that could not be copied or did not verify, with why: none when it worked. */
  failed: { sha256: string; reason: string }[];
};

const DIGEST_NAME = /^[0-9a-f]{64}$/;

/** Copies every file of the disk store under `root` into the database and verifies each one. */
export async function moveDiskStoreToDatabase(root: string, database: Database): Promise<MoveReport> {
  const store = databaseFileStorage({ tempDir: path.join(root, "tmp"), database: () => database });
  const report: MoveReport = { found: 0, copied: 0, alreadyThere: 0, verified: 0, failed: [] };
  for (const { sha256, file } of await diskStoreFiles(root)) {
    report.found += 1;
    try {
      if (await copyIntoDatabase(database, file, sha256)) report.copied += 1;
      else report.alreadyThere += 1;
      const hash = createHash("sha256");
      for await (const chunk of store.open(sha256)) hash.update(chunk as Buffer);
      const readBack = hash.digest("hex");
      if (readBack !== sha256) throw new Error(`the database gives back bytes whose SHA-256 is ${readBack}`);
      report.verified += 1;
    } catch (error) {
      report.failed.push({ sha256, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

// Only <root>/ab/cd/<sha256> whose folders match the name: never tmp/ or a half-copied .part file.
async function diskStoreFiles(root: string): Promise<{ sha256: string; file: string }[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && DIGEST_NAME.test(e.name))
    .map((e) => ({ sha256: e.name, file: path.join(e.parentPath, e.name) }))
    .filter(
      ({ sha256, file }) => path.relative(root, file) === path.join(sha256.slice(0, 2), sha256.slice(2, 4), sha256),
    )
    .sort((a, b) => a.sha256.localeCompare(b.sha256));
}

export function describeMove(report: MoveReport, root: string): string {
  const lines = [
    `${report.found} files in ${root}: ${report.copied} copied into the database, ${report.alreadyThere} already there; ` +
      `${report.verified} verified by their SHA-256 read back from the database.`,
  ];
  for (const { sha256, reason } of report.failed) lines.push(`NOT MOVED ${sha256}: ${reason}`);
  lines.push(
    report.failed.length === 0
      ? "Every file is in the database. Set FILE_STORE=database (the default with DATABASE_URL); the folder can be archived."
      : `${report.failed.length} files failed: keep FILE_STORE=disk and the folder until they are resolved.`,
  );
  return lines.join("\n");
}
