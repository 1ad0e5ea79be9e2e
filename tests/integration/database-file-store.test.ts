// Files kept in the database (FILE_STORE=database): stored in chunks under their SHA-256, once,
// whole or not at all, read by any server on the same database, and moved in from a disk store.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.server";
import { CHUNK_BYTES, databaseFileStorage } from "../../app/storage/database-store.server";
import { moveDiskStoreToDatabase } from "../../app/storage/move-to-database.server";
import { fileStorage, localDiskStorage, type FileStorage } from "../../app/storage/storage.server";
import { openDatabase, type DatabaseHandle } from "../../db/client.server";
import { useTestDatabase } from "../setup/database";

const testDb = await useTestDatabase({ env: { FILE_STORE: "database" } });
const tempDir = path.join(testDb.dataDir, "uploads", "tmp");
const store = databaseFileStorage({ tempDir, database: () => testDb.handle.db });

function sha256(bytes: Uint8Array) {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes bytes to a temp file as receiveUpload leaves them, and puts them in `into`. */
async function put(into: FileStorage, bytes: Buffer) {
  await mkdir(into.tempDir(), { recursive: true });
  const temp = path.join(into.tempDir(), `${randomBytes(8).toString("hex")}.upload`);
  await writeFile(temp, bytes);
  const digest = sha256(bytes);
  await into.put(temp, digest);
  return digest;
}

async function readBack(from: FileStorage, digest: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of from.open(digest)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function countRows(digest: string) {
  const [row] = await testDb.query<{ contents: string | number; chunks: string | number }>(
    `select (select count(*) from file_contents where sha256 = $1) as contents,
            (select count(*) from file_content_chunks where sha256 = $1) as chunks`,
    [digest],
  );
  return { contents: Number(row.contents), chunks: Number(row.chunks) };
}

beforeEach(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe("the database file store", () => {
  it("stores a file of several MB in 256 KiB chunks and gives it back byte for byte", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 12_345);
    const digest = await put(store, bytes);
    expect(await store.exists(digest)).toBe(true);
    const back = await readBack(store, digest);
    expect(back.equals(bytes)).toBe(true);
    expect(sha256(back)).toBe(digest);
    expect(await countRows(digest)).toEqual({ contents: 1, chunks: Math.ceil(bytes.length / CHUNK_BYTES) });
    const [row] = await testDb.query<{ size: string | number }>("select size from file_contents where sha256 = $1", [
      digest,
    ]);
    expect(Number(row.size)).toBe(bytes.length);
    // The temp file is gone.
    expect(await readdir(tempDir)).toEqual([]);
  });

  it("serves a stored file as a stream of chunks, never the whole file at once", async () => {
    const bytes = randomBytes(CHUNK_BYTES * 2 + 1);
    const digest = await put(store, bytes);
    const sizes: number[] = [];
    for await (const chunk of store.open(digest)) sizes.push((chunk as Buffer).byteLength);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(bytes.length);
  });

  it("stores the same content once, however many times it is put", async () => {
    const bytes = randomBytes(CHUNK_BYTES + 10);
    const first = await put(store, bytes);
    const second = await put(store, bytes);
    expect(second).toBe(first);
    expect(await countRows(first)).toEqual({ contents: 1, chunks: 2 });
    expect((await readBack(store, first)).equals(bytes)).toBe(true);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it("refuses bytes put under a digest that is not theirs, and stores nothing", async () => {
    await mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, "wrong.upload");
    await writeFile(temp, Buffer.from("not what the name says"));
    const claimed = sha256(Buffer.from("something else"));
    await expect(store.put(temp, claimed)).rejects.toThrow(/has the SHA-256/);
    expect(await store.exists(claimed)).toBe(false);
    expect(await countRows(claimed)).toEqual({ contents: 0, chunks: 0 });
  });

  it("leaves nothing when the transaction it was written in fails (no half file reads as whole)", async () => {
    const bytes = randomBytes(CHUNK_BYTES * 3);
    const digest = sha256(bytes);
    await mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, "in-a-transaction.upload");
    await writeFile(temp, bytes);
    await expect(
      testDb.handle.db.transaction(async (tx) => {
        await store.put(temp, digest, { tx });
        throw new Error("the row that refers to it could not be written");
      }),
    ).rejects.toThrow(/could not be written/);
    expect(await store.exists(digest)).toBe(false);
    expect(await countRows(digest)).toEqual({ contents: 0, chunks: 0 });
    // And committed with the caller's transaction, it is there.
    await writeFile(temp, bytes);
    await testDb.handle.db.transaction((tx) => store.put(temp, digest, { tx }));
    expect((await readBack(store, digest)).equals(bytes)).toBe(true);
  });

  it("says ENOENT for a digest it does not hold, and refuses what is not a digest", async () => {
    const missing = sha256(Buffer.from("never stored"));
    expect(await store.exists(missing)).toBe(false);
    await expect(readBack(store, missing)).rejects.toMatchObject({ code: "ENOENT" });
    expect(() => store.open("../../etc/passwd")).toThrow(/Not a SHA-256 digest/);
  });

  it("is the portal's store with FILE_STORE=database", async () => {
    const bytes = Buffer.from("stored through the configured store");
    const digest = await put(fileStorage(), bytes);
    expect((await readBack(store, digest)).equals(bytes)).toBe(true);
  });
});

describe("two servers on one database", () => {
  let other: DatabaseHandle | null = null;
  afterAll(async () => {
    await other?.close();
  });

  it.skipIf(testDb.driver !== "postgres")("reads through one pool a file stored through another", async () => {
    other = await openDatabase({ driver: "postgres", url: testDb.url ?? "", max: 2 });
    const otherHandle = other;
    const second = databaseFileStorage({
      tempDir: path.join(testDb.dataDir, "second-server-tmp"),
      database: () => otherHandle.db,
    });
    const bytes = randomBytes(CHUNK_BYTES * 4 + 99);
    const digest = await put(store, bytes);
    expect(await second.exists(digest)).toBe(true);
    expect((await readBack(second, digest)).equals(bytes)).toBe(true);

    // Both storing the same new content at the same moment: one writes it, the other finds it.
    const shared = randomBytes(CHUNK_BYTES * 2 + 7);
    const [a, b] = await Promise.all([put(store, shared), put(second, shared)]);
    expect(a).toBe(b);
    expect(await countRows(a)).toEqual({ contents: 1, chunks: 3 });
    expect((await readBack(second, a)).equals(shared)).toBe(true);
  });
});

describe("moving a disk store into the database", () => {
  it("copies every file, verifies each digest, and copies nothing twice when run again", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "portal-disk-store-"));
    try {
      const disk = localDiskStorage(root);
      const files = [randomBytes(100), randomBytes(CHUNK_BYTES * 2 + 5), Buffer.from("minutes of the briefing\n")];
      const digests = [];
      for (const bytes of files) digests.push(await put(disk, bytes));
      // A temp file and a half-copied file are not part of the store.
      await writeFile(path.join(root, "tmp", "left-over.upload"), "partial");

      const first = await moveDiskStoreToDatabase(root, testDb.handle.db);
      expect(first).toEqual({ found: 3, copied: 3, alreadyThere: 0, verified: 3, failed: [] });
      for (const [i, digest] of digests.entries()) expect((await readBack(store, digest)).equals(files[i])).toBe(true);

      const again = await moveDiskStoreToDatabase(root, testDb.handle.db);
      expect(again).toEqual({ found: 3, copied: 0, alreadyThere: 3, verified: 3, failed: [] });

      // A file on disk whose bytes no longer match its name is reported, not stored.
      const damaged = sha256(Buffer.from("the original"));
      await mkdir(path.join(root, damaged.slice(0, 2), damaged.slice(2, 4)), { recursive: true });
      await writeFile(path.join(root, damaged.slice(0, 2), damaged.slice(2, 4), damaged), "bit rot");
      const third = await moveDiskStoreToDatabase(root, testDb.handle.db);
      expect(third).toMatchObject({ found: 4, copied: 0, alreadyThere: 3, verified: 3 });
      expect(third.failed).toEqual([{ sha256: damaged, reason: expect.stringMatching(/has the SHA-256/) }]);
      expect(await store.exists(damaged)).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("FILE_STORE", () => {
  it("is the database with DATABASE_URL and disk for the embedded database, unless set", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://portal@db/portal" }).fileStore).toBe("database");
    expect(parseConfig({}).fileStore).toBe("disk");
    expect(parseConfig({ DATABASE_URL: "postgres://portal@db/portal", FILE_STORE: "disk" }).fileStore).toBe("disk");
    expect(parseConfig({ FILE_STORE: "database" }).fileStore).toBe("database");
    expect(() => parseConfig({ FILE_STORE: "s3" })).toThrow(/FILE_STORE/);
  });
});
