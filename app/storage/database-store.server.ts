// Uploaded files kept in PostgreSQL itself (FILE_STORE=database): content-addressed by SHA-256, in
// chunks of 256 KiB streamed in and out, so every app server reads what any of them stored.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { db, type Database, type Executor } from "../../db/client.server";
import { fileContentChunks, fileContents } from "../../db/schema";
import { assertDigest, notStored, type FileStorage } from "./file-storage.server";

/** Bytes a chunk row holds: small enough to stream, large enough that a 20 MB file is 80 rows. */
export const CHUNK_BYTES = 256 * 1024;

export type DatabaseStoreOptions = {
  /** Where uploads are received before `put` (local disk: only files being received). */
  tempDir: string;
  /** The connection to use; the portal's own by default (a test passes a second pool). */
  database?: () => Database;
};

export function databaseFileStorage(options: DatabaseStoreOptions): FileStorage {
  const database = options.database ?? db;

  return {
    tempDir: () => options.tempDir,

    async put(tempPath, sha256, context) {
      assertDigest(sha256);
      try {
        // One transaction (a savepoint in the caller's): a crash half way leaves nothing, and the
        // primary key makes a second writer of the same digest wait, then find it there.
        const write = async (tx: Executor) => {
          await writeContent(tx, tempPath, sha256);
        };
        if (context?.tx) await context.tx.transaction(write);
        else await database().transaction(write);
      } finally {
        await rm(tempPath, { force: true });
      }
    },

    open(sha256) {
      assertDigest(sha256);
      return Readable.from(readContent(database, sha256), { objectMode: false });
    },

    async exists(sha256) {
      assertDigest(sha256);
      const rows = await database()
        .select({ sha256: fileContents.sha256 })
        .from(fileContents)
        .where(eq(fileContents.sha256, sha256));
      return rows.length > 0;
    },
  };
}

/**
 * Stores the file at `filePath` under its digest in one transaction and leaves the file where it
 * is; false when the digest was already stored. Refuses (storing nothing) bytes that are not it.
 */
export async function copyIntoDatabase(database: Database, filePath: string, sha256: string): Promise<boolean> {
  assertDigest(sha256);
  return database.transaction((tx) => writeContent(tx, filePath, sha256));
}

async function writeContent(tx: Executor, tempPath: string, sha256: string): Promise<boolean> {
  const claimed = await tx
    .insert(fileContents)
    .values({ sha256, size: 0, chunkCount: 0 })
    .onConflictDoNothing()
    .returning({ sha256: fileContents.sha256 });
  // Same digest, same bytes: what is already stored is kept.
  if (claimed.length === 0) return false;
  const hash = createHash("sha256");
  let n = 0;
  let size = 0;
  for await (const chunk of createReadStream(tempPath, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    await tx.insert(fileContentChunks).values({ sha256, n, bytes: chunk });
    n += 1;
    size += chunk.byteLength;
  }
  // Stored under a name that is not its digest, a file could never be found again: refuse it whole.
  const actual = hash.digest("hex");
  if (actual !== sha256) throw new Error(`The file given as ${sha256} has the SHA-256 ${actual}: not stored`);
  await tx.update(fileContents).set({ size, chunkCount: n }).where(eq(fileContents.sha256, sha256));
  return true;
}

// One chunk a query: a reader holds 256 KiB at a time, whatever the file's size.
async function* readContent(database: () => Database, sha256: string): AsyncGenerator<Buffer> {
  const [content] = await database()
    .select({ chunkCount: fileContents.chunkCount })
    .from(fileContents)
    .where(eq(fileContents.sha256, sha256));
  if (!content) throw notStored(sha256);
  for (let n = 0; n < content.chunkCount; n += 1) {
    const [chunk] = await database()
      .select({ bytes: fileContentChunks.bytes })
      .from(fileContentChunks)
      .where(and(eq(fileContentChunks.sha256, sha256), eq(fileContentChunks.n, n)));
    if (!chunk) throw new Error(`Stored file ${sha256} has no chunk ${n} of ${content.chunkCount}`);
    yield chunk.bytes;
  }
}
