// The zip the procurement record is streamed as: its manifest of every file's size and SHA-256,
// the zip that hashes each entry as it is written, and the small helpers its parts share.
import { createHash } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { ZipFile } from "yazl";
import { fileStorage, sanitiseFilename } from "../storage/storage.server";
import * as clock from "../clock.server";

export const MANIFEST_PATH = "manifest.json";

export type ManifestFile = { path: string; size: number; sha256: string };
export type Manifest = {
  format: "aip-procurement-record/1";
  procurement: { id: string; slug: string; title: string };
  generatedAt: string;
  generatedBy: string;
  bidsSealed: boolean;
  /** Every file in the zip but this manifest, in the order written. */
  files: ManifestFile[];
  /** Files the record names that file storage no longer holds (none, unless something is wrong). */
  missing: { path: string; sha256: string }[];
};

type Source = () => Promise<Buffer | string | Readable>;

/** A path segment from a name: readable, and safe in a zip on any system. */
export function segment(name: string): string {
  return (
    sanitiseFilename(name)
      .replace(/[\\/]/g, "-")
      .replace(/\s+/g, "-")
      .replace(/[^\p{L}\p{N}._-]/gu, "")
      .slice(0, 80) || "unnamed"
  );
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
export const yesNo = (value: boolean | null) => (value === null ? "" : value ? "yes" : "no");

/**
 * A zip written as it is read: each entry's content is made (a query's CSV, a stored file, a PDF
 * rendered off thread) only when the zip reaches it, hashed on its way in, and the manifest follows.
 */
export class RecordZip {
  readonly zip = new ZipFile();
  readonly files: ManifestFile[] = [];
  readonly missing: Manifest["missing"] = [];
  private readonly mtime = clock.now();

  add(path: string, source: Source) {
    const compress = /\.(csv|json|txt)$/.test(path);
    this.zip.addReadStreamLazy(path, { mtime: this.mtime, compress }, (done) => {
      source().then(
        (content) => {
          const input = content instanceof Readable ? content : Readable.from([Buffer.from(content)]);
          const hash = createHash("sha256");
          let size = 0;
          const files = this.files;
          const counter = new Transform({
            transform(chunk: Buffer, _encoding, next) {
              hash.update(chunk);
              size += chunk.byteLength;
              next(null, chunk);
            },
            flush(next) {
              files.push({ path, size, sha256: hash.digest("hex") });
              next();
            },
          });
          // A read failing half way cannot be undone in a zip already sent: end the download.
          input.once("error", (error) => this.fail(error));
          done(null, input.pipe(counter));
        },
        (error: unknown) => this.fail(error),
      );
    });
  }

  /** A stored file under its SHA-256; one storage no longer holds is listed as missing instead. */
  async addStored(path: string, sha256: string) {
    if (await fileStorage().exists(sha256)) this.add(path, async () => fileStorage().open(sha256));
    else this.missing.push({ path, sha256 });
  }

  private fail(error: unknown) {
    this.zip.outputStream.emit("error", error instanceof Error ? error : new Error(String(error)));
  }
}
