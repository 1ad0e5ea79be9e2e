// Uploaded files: received as a stream (size capped, type checked by content), stored once under
// their SHA-256 behind a small interface, and served with a safe Content-Disposition.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, copyFile, mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { fileTypeFromFile } from "file-type";
import { config } from "../config.server";
import { projectRoot } from "../../db/project-root.server";
import { databaseFileStorage } from "./database-store.server";
import { assertDigest, type FileStorage } from "./file-storage.server";
import { formatBytes } from "./sizes";

export type { FileStorage } from "./file-storage.server";

/**
 * Content-addressed files on local disk: `<root>/ab/cd/<sha256>`. Several app servers share it by
 * mounting the same volume at the root (see docs/decisions/006-file-storage.md).
 */
export function localDiskStorage(root: string): FileStorage {
  const base = path.resolve(root);
  const publicDir = path.join(projectRoot(), "public");
  if (base === publicDir || base.startsWith(publicDir + path.sep)) {
    throw new Error(`Uploads must not be stored under public/ (${base}): anyone could download them`);
  }
  const pathOf = (sha256: string) => {
    assertDigest(sha256);
    return path.join(base, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  const tempDir = path.join(base, "tmp");

  return {
    tempDir: () => tempDir,

    async put(tempPath, sha256) {
      const target = pathOf(sha256);
      try {
        // Same digest, same bytes: a file already stored is kept and the new copy dropped.
        if (await fileExists(target)) return;
        await mkdir(path.dirname(target), { recursive: true });
        try {
          // rename() is atomic: a reader sees no file or the whole file, never part of one.
          await rename(tempPath, target);
        } catch (error) {
          if (errorCode(error) !== "EXDEV") throw error;
          // The temp file is on another file system: copy beside the target, then rename.
          const staging = `${target}.${randomBytes(6).toString("hex")}.part`;
          await copyFile(tempPath, staging);
          await rename(staging, target);
        }
      } finally {
        await rm(tempPath, { force: true });
      }
    },

    open: (sha256) => createReadStream(pathOf(sha256)),

    exists: async (sha256) => fileExists(pathOf(sha256)),
  };
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

// The storage in use, as FILE_STORE says: the database (the default with DATABASE_URL) or local
// disk under DATA_DIR/uploads (the embedded demo's), unless something else is set at start.
const holder = globalThis as { __portalFileStorage?: FileStorage };

export function fileStorage(): FileStorage {
  const { fileStore, uploadsDir } = config();
  holder.__portalFileStorage ??=
    fileStore === "database"
      ? databaseFileStorage({ tempDir: path.join(uploadsDir, "tmp") })
      : localDiskStorage(uploadsDir);
  return holder.__portalFileStorage;
}

/** Replaces the storage (an object store, or a test's own folder); null returns to the default. */
export function useFileStorage(storage: FileStorage | null) {
  holder.__portalFileStorage = storage ?? undefined;
}

// --- Receiving an upload -------------------------------------------------------------------------

export const MIME = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  png: "image/png",
  jpeg: "image/jpeg",
  txt: "text/plain",
  csv: "text/csv",
} as const;

export type AllowedMimeType = (typeof MIME)[keyof typeof MIME];

/** Everything the portal accepts: documents, spreadsheets, slides, images, and plain text or CSV. */
export const DOCUMENT_TYPES: readonly AllowedMimeType[] = Object.values(MIME);

/** The extensions a stored file may carry for each type; the first is used when a name has none of them. */
const EXTENSIONS: Record<AllowedMimeType, readonly string[]> = {
  [MIME.pdf]: [".pdf"],
  [MIME.docx]: [".docx"],
  [MIME.xlsx]: [".xlsx"],
  [MIME.pptx]: [".pptx"],
  [MIME.png]: [".png"],
  [MIME.jpeg]: [".jpg", ".jpeg"],
  [MIME.txt]: [".txt"],
  [MIME.csv]: [".csv"],
};

export const TYPE_LABELS: Record<AllowedMimeType, string> = {
  [MIME.pdf]: "PDF",
  [MIME.docx]: "Word document (DOCX)",
  [MIME.xlsx]: "Excel spreadsheet (XLSX)",
  [MIME.pptx]: "PowerPoint presentation (PPTX)",
  [MIME.png]: "PNG image",
  [MIME.jpeg]: "JPEG image",
  [MIME.txt]: "plain text (TXT)",
  [MIME.csv]: "CSV",
};

export type ReceivedFile = { sha256: string; size: number; contentType: AllowedMimeType; filename: string };

export type UploadRefusalReason = "too-large" | "type-not-allowed" | "empty";

export type UploadResult =
  ({ ok: true } & ReceivedFile) | { ok: false; reason: UploadRefusalReason; filename: string; message: string };

export type ReceiveOptions = {
  maxBytes: number;
  allowedTypes: readonly AllowedMimeType[];
  /** The name the client gave; only its last path segment is kept, and it is sanitised. */
  filename: string;
  storage?: FileStorage;
};

/**
 * Streams an upload to a temp file while hashing it, stops reading the moment it passes
 * `maxBytes`, checks its type by content, and stores it under its SHA-256. Nothing is left behind
 * when it is refused.
 */
export async function receiveUpload(stream: AsyncIterable<Uint8Array>, options: ReceiveOptions): Promise<UploadResult> {
  const storage = options.storage ?? fileStorage();
  const filename = sanitiseFilename(options.filename);
  const refuse = (reason: UploadRefusalReason, message: string): UploadResult => ({
    ok: false,
    reason,
    filename,
    message,
  });

  await mkdir(storage.tempDir(), { recursive: true });
  const tempPath = path.join(storage.tempDir(), `${Date.now()}-${randomBytes(12).toString("hex")}.upload`);
  const handle = await open(tempPath, "wx", 0o600);
  let keep = false;
  try {
    const hash = createHash("sha256");
    const utf8 = new TextDecoder("utf-8", { fatal: true });
    let text = true;
    let size = 0;
    for await (const chunk of stream) {
      size += chunk.byteLength;
      // Breaking out of for-await calls the source's return(): nothing more is read from the client.
      if (size > options.maxBytes) {
        return refuse("too-large", `${filename} must be ${formatBytes(options.maxBytes)} or smaller`);
      }
      hash.update(chunk);
      if (text) text = looksLikeText(utf8, chunk, false);
      await handle.write(chunk);
    }
    if (size === 0) return refuse("empty", `${filename} is empty`);
    if (text) text = looksLikeText(utf8, new Uint8Array(), true);
    await handle.sync();
    await handle.close();

    const contentType = await detectType(tempPath, filename, text);
    if (!contentType || !options.allowedTypes.includes(contentType)) {
      const allowed = listWithOr(options.allowedTypes.map((t) => TYPE_LABELS[t]));
      return refuse("type-not-allowed", `${filename} must be a ${allowed}`);
    }
    const sha256 = hash.digest("hex");
    await storage.put(tempPath, sha256);
    keep = true;
    return { ok: true, sha256, size, contentType, filename: withExtensionFor(filename, contentType) };
  } finally {
    await handle.close().catch(() => {});
    if (!keep) await rm(tempPath, { force: true });
  }
}

// Text has no magic number: accept it only as strict UTF-8 without NUL bytes (which no text file has).
function looksLikeText(decoder: TextDecoder, chunk: Uint8Array, final: boolean): boolean {
  if (chunk.includes(0)) return false;
  try {
    decoder.decode(chunk, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

async function detectType(file: string, filename: string, text: boolean): Promise<AllowedMimeType | null> {
  const detected = await fileTypeFromFile(file);
  if (detected) {
    const known = DOCUMENT_TYPES.find((t) => t === detected.mime);
    return known ?? null;
  }
  if (!text) return null;
  const extension = path.extname(filename).toLowerCase();
  if (extension === ".txt") return MIME.txt;
  if (extension === ".csv") return MIME.csv;
  return null;
}

function listWithOr(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

// --- Names ---------------------------------------------------------------------------------------

const MAX_NAME_LENGTH = 150;

/**
 * A filename safe to show and to send back: its last path segment only, without control or
 * bidirectional-override characters, quotes or reserved punctuation, and not too long.
 */
export function sanitiseFilename(name: string): string {
  const last = name.normalize("NFC").split(/[/\\]/).pop() ?? "";
  let clean = last
    // Control, format (bidi overrides, zero-width) and separator characters other than the space.
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    // Leading dots make hidden files ("..", ".env"); trailing dots and spaces vanish on Windows.
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (clean.length > MAX_NAME_LENGTH) {
    const extension = path.extname(clean).slice(0, 10);
    clean = clean.slice(0, MAX_NAME_LENGTH - extension.length).trimEnd() + extension;
  }
  return clean || "file";
}

/** The name with an extension that matches what the file really is (report.exe holding a PDF → report.exe.pdf). */
export function withExtensionFor(filename: string, contentType: AllowedMimeType): string {
  const extensions = EXTENSIONS[contentType] as readonly string[] | undefined;
  if (!extensions) return filename;
  const current = path.extname(filename).toLowerCase();
  if (extensions.includes(current)) return filename;
  return `${filename}${extensions[0]}`;
}

/**
 * A Content-Disposition header (RFC 6266) that no filename can break: an ASCII fallback in
 * `filename` and the real name, percent-encoded UTF-8, in `filename*` (RFC 8187).
 */
export function contentDisposition(filename: string, type: "attachment" | "inline" = "attachment"): string {
  const name = sanitiseFilename(filename);
  const fallback =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\%;]/g, "_") || "file";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
