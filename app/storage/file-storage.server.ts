// The one interface every file store implements (disk, the database, an object store later).
import type { Readable } from "node:stream";
import type { Executor } from "../../db/client.server";

/** Where uploaded bytes live. Names are SHA-256 digests (64 lowercase hex characters). */
export type FileStorage = {
  /**
   * Moves a finished temp file into the store under its digest; a no-op (and the temp file is
   * removed) if it is already there. A store in the database writes in `tx` when given one, so the
   * bytes commit or roll back with the row that refers to them; other stores ignore it.
   */
  put(tempPath: string, sha256: string, options?: { tx?: Executor }): Promise<void>;
  /** The stored bytes; the stream errors with ENOENT if there is no such file. */
  open(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
  /** A folder for files being received (for the disk store, on its file system so `put` can rename). */
  tempDir(): string;
};

const SHA256 = /^[0-9a-f]{64}$/;

export function assertDigest(sha256: string) {
  // The digest becomes a path or a key: anything but 64 hex characters could walk out of the store.
  if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256 digest: ${JSON.stringify(sha256)}`);
}

/** The error a store's stream gives for a digest it does not hold, as a missing file on disk would. */
export function notStored(sha256: string): Error {
  return Object.assign(new Error(`ENOENT: no stored file ${sha256}`), { code: "ENOENT" });
}
