// File storage: uploads streamed to disk under their SHA-256, refused by size while streaming and by
// content (not name), stored once, and served with a Content-Disposition no filename can break.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseUploadForm } from "../../app/storage/multipart.server";
import {
  contentDisposition,
  DOCUMENT_TYPES,
  fileStorage,
  localDiskStorage,
  MIME,
  receiveUpload,
  sanitiseFilename,
  useFileStorage,
  type FileStorage,
} from "../../app/storage/storage.server";
import { testConfig } from "../setup/database";
import { setConfig } from "../../app/config.server";

// A complete one-page PDF (the smallest kind a PDF reader opens), written out by hand.
const SMALL_PDF = Buffer.from(
  [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj",
    "trailer << /Root 1 0 R >>",
    "%%EOF",
    "",
  ].join("\n"),
  "latin1",
);

let root: string;
let storage: FileStorage;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "portal-storage-test-"));
  storage = localDiskStorage(path.join(root, "uploads"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

afterAll(() => {
  useFileStorage(null);
});

async function* chunksOf(bytes: Uint8Array, size = 16 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

function sha256(bytes: Uint8Array) {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Every file under a folder, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  } catch {
    return [];
  }
}

const upload = (bytes: Uint8Array, filename: string, maxBytes = 1024 * 1024) =>
  receiveUpload(chunksOf(bytes), { maxBytes, allowedTypes: DOCUMENT_TYPES, filename, storage });

describe("receiveUpload", () => {
  it("refuses a renamed Windows program called report.pdf, by its content", async () => {
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]);
    const result = await upload(exe, "report.pdf");
    expect(result).toMatchObject({ ok: false, reason: "type-not-allowed", filename: "report.pdf" });
    expect(await filesUnder(root)).toEqual([]);
  });

  it("accepts a real PDF and stores it under its SHA-256 in uploads/ab/cd/<sha256>", async () => {
    const result = await upload(SMALL_PDF, "Market briefing slides.pdf");
    const digest = sha256(SMALL_PDF);
    expect(result).toEqual({
      ok: true,
      sha256: digest,
      size: SMALL_PDF.length,
      contentType: MIME.pdf,
      filename: "Market briefing slides.pdf",
    });
    const stored = path.join(root, "uploads", digest.slice(0, 2), digest.slice(2, 4), digest);
    expect(await readFile(stored)).toEqual(SMALL_PDF);
    expect(await storage.exists(digest)).toBe(true);
    expect(await text(storage.open(digest))).toBe(SMALL_PDF.toString("latin1"));
    // Nothing left over in the temp folder.
    expect(await filesUnder(path.join(root, "uploads", "tmp"))).toEqual([]);
  });

  it("gives a file the extension of what it really is", async () => {
    const result = await upload(SMALL_PDF, "slides.exe");
    expect(result).toMatchObject({ ok: true, contentType: MIME.pdf, filename: "slides.exe.pdf" });
  });

  it("stops reading an oversized upload at the limit and leaves no temp file", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    let pulled = 0;
    let sourceClosed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        // 100 MB if anyone read it all.
        for (let i = 0; i < 1600; i += 1) {
          pulled += chunk.byteLength;
          yield chunk;
        }
      } finally {
        sourceClosed = true;
      }
    }
    const maxBytes = 1024 * 1024;
    const result = await receiveUpload(endless(), { maxBytes, allowedTypes: DOCUMENT_TYPES, filename: "huge.csv", storage });
    expect(result).toMatchObject({ ok: false, reason: "too-large" });
    expect(pulled).toBeLessThanOrEqual(maxBytes + chunk.byteLength);
    expect(sourceClosed).toBe(true);
    expect(await filesUnder(root)).toEqual([]);
  });

  it("stores the same bytes once, however many times they are uploaded", async () => {
    const first = await upload(SMALL_PDF, "a.pdf");
    const second = await upload(SMALL_PDF, "b.pdf");
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.sha256).toBe(first.sha256);
    expect(await filesUnder(path.join(root, "uploads"))).toEqual([
      path.join(first.sha256.slice(0, 2), first.sha256.slice(2, 4), first.sha256),
    ]);
  });

  it("refuses an empty file", async () => {
    expect(await upload(new Uint8Array(), "notes.txt")).toMatchObject({ ok: false, reason: "empty" });
    expect(await filesUnder(root)).toEqual([]);
  });

  it("accepts text and CSV only as UTF-8 with a .txt or .csv name", async () => {
    const csv = Buffer.from("organisation,attended\nRadiant Diagnostics AI Ltd,yes\nÉcole d'imagerie,no\n", "utf8");
    expect(await upload(csv, "attendance.csv")).toMatchObject({ ok: true, contentType: MIME.csv });
    expect(await upload(Buffer.from("Questions asked on the day\n"), "questions.txt")).toMatchObject({
      ok: true,
      contentType: MIME.txt,
    });
    // The same text under a name that says it is something else.
    expect(await upload(csv, "attendance.html")).toMatchObject({ ok: false, reason: "type-not-allowed" });
    // Not UTF-8 (Latin-1 é), and binary with NUL bytes.
    expect(await upload(Buffer.from("caf\xe9\n", "latin1"), "menu.txt")).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(await upload(Buffer.from([0x41, 0x00, 0x42]), "data.csv")).toMatchObject({ ok: false, reason: "type-not-allowed" });
  });

  it("accepts only the types the caller allows", async () => {
    const result = await receiveUpload(chunksOf(SMALL_PDF), {
      maxBytes: 1024 * 1024,
      allowedTypes: [MIME.png, MIME.jpeg],
      filename: "logo.pdf",
      storage,
    });
    expect(result).toMatchObject({ ok: false, reason: "type-not-allowed", message: "logo.pdf must be a PNG image or JPEG image" });
  });

  it("refuses a digest that is not one before it becomes a path", async () => {
    expect(() => storage.open("../../etc/passwd")).toThrow(/Not a SHA-256 digest/);
    await expect(storage.exists("ab".repeat(31) + "/x")).rejects.toThrow(/Not a SHA-256 digest/);
  });
});

describe("the default storage", () => {
  it("is DATA_DIR/uploads, outside public/", async () => {
    setConfig(testConfig(root));
    useFileStorage(null);
    const result = await receiveUpload(chunksOf(SMALL_PDF), { maxBytes: 1_000_000, allowedTypes: [MIME.pdf], filename: "x.pdf" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await fileStorage().exists(result.sha256)).toBe(true);
    expect(await readFile(path.join(root, "uploads", result.sha256.slice(0, 2), result.sha256.slice(2, 4), result.sha256))).toEqual(
      SMALL_PDF,
    );
    useFileStorage(null);
  });

  it("refuses to store uploads under public/", () => {
    expect(() => localDiskStorage(path.join(process.cwd(), "public", "uploads"))).toThrow(/must not be stored under public/);
  });
});

describe("filenames", () => {
  it("keep only the last path segment, without control or bidi-override characters", () => {
    expect(sanitiseFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitiseFilename("C:\\Users\\me\\Bid response.docx")).toBe("Bid response.docx");
    expect(sanitiseFilename("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitiseFilename("a\r\nb\u0000c.pdf")).toBe("abc.pdf");
    expect(sanitiseFilename("..")).toBe("file");
    expect(sanitiseFilename(".env")).toBe("env");
    expect(sanitiseFilename(`${"x".repeat(300)}.pdf`)).toMatch(/^x{146}\.pdf$/);
  });

  it("make a safe Content-Disposition out of a hostile name", () => {
    const header = contentDisposition('../../etc/passwd"\r\nX: y.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toMatch(/^attachment; filename="[^"\\]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+$/);
    const fallback = /filename="([^"]*)"/.exec(header)?.[1];
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? "";
    expect(fallback).toBe("passwd_X_ y.pdf");
    expect(fallback).not.toContain("/");
    expect(decodeURIComponent(encoded)).toBe("passwd_X_ y.pdf");
    // A real HTTP stack accepts it as one header.
    expect(() => new Headers({ "Content-Disposition": header })).not.toThrow();
  });

  it("carry a non-ASCII name in filename* with an ASCII fallback", () => {
    const header = contentDisposition("Évaluation – résumé (final).pdf");
    expect(header).toBe(
      `attachment; filename="Evaluation _ resume (final).pdf"; filename*=UTF-8''%C3%89valuation%20%E2%80%93%20r%C3%A9sum%C3%A9%20%28final%29.pdf`,
    );
  });
});

describe("parseUploadForm", () => {
  const encoder = new TextEncoder();
  const boundary = "----portal-test-boundary";

  function multipartRequest(body: ReadableStream<Uint8Array> | Uint8Array) {
    return new Request("http://localhost/upload", {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: "half",
    } as RequestInit);
  }

  function part(name: string, value: string | Uint8Array, filename?: string, type = "application/octet-stream") {
    const head = filename
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`;
    return Buffer.concat([encoder.encode(head), typeof value === "string" ? encoder.encode(value) : value, encoder.encode("\r\n")]);
  }

  it("returns the fields and the stored file", async () => {
    const body = Buffer.concat([
      part("title", "Slides from the market briefing"),
      part("file", SMALL_PDF, "slides.pdf", "application/pdf"),
      encoder.encode(`--${boundary}--\r\n`),
    ]);
    const form = await parseUploadForm(multipartRequest(body), {
      files: { file: { maxBytes: 1024 * 1024, allowedTypes: DOCUMENT_TYPES } },
      storage,
    });
    expect(form.complete).toBe(true);
    expect(form.refusals).toEqual([]);
    expect(form.fields.get("title")).toBe("Slides from the market briefing");
    expect(form.files.file).toEqual([
      { sha256: sha256(SMALL_PDF), size: SMALL_PDF.length, contentType: MIME.pdf, filename: "slides.pdf" },
    ]);
  });

  it("refuses a renamed program but keeps the rest of the form", async () => {
    const body = Buffer.concat([
      part("file", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(1000)]), "report.pdf", "application/pdf"),
      part("title", "After the file"),
      encoder.encode(`--${boundary}--\r\n`),
    ]);
    const form = await parseUploadForm(multipartRequest(body), {
      files: { file: { maxBytes: 1024 * 1024, allowedTypes: DOCUMENT_TYPES } },
      storage,
    });
    expect(form.refusals).toMatchObject([{ field: "file", reason: "type-not-allowed", filename: "report.pdf" }]);
    expect(form.fields.get("title")).toBe("After the file");
    expect(form.files).toEqual({});
  });

  it("stops reading the request as soon as a file passes its limit", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    let sent = 0;
    let index = 0;
    const head = Buffer.concat([part("title", "Big"), encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n`)]);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 50 MB of file if anyone read it all.
        if (index === 0) controller.enqueue(new Uint8Array(head));
        else if (index <= 800) controller.enqueue(chunk);
        else {
          controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
          controller.close();
        }
        sent += index === 0 ? head.length : chunk.byteLength;
        index += 1;
      },
    });
    const maxBytes = 512 * 1024;
    const form = await parseUploadForm(multipartRequest(body), {
      files: { file: { maxBytes, allowedTypes: DOCUMENT_TYPES } },
      storage,
    });
    expect(form.complete).toBe(false);
    expect(form.refusals).toMatchObject([{ field: "file", reason: "too-large", filename: "big.csv" }]);
    expect(form.fields.get("title")).toBe("Big");
    // A few chunks of read-ahead at most: nowhere near the 50 MB offered.
    expect(sent).toBeLessThan(maxBytes + 8 * chunk.byteLength);
    expect(await filesUnder(root)).toEqual([]);
  });

  it("refuses a form with more text than it allows with 413", async () => {
    const body = Buffer.concat([part("notes", "x".repeat(2000)), encoder.encode(`--${boundary}--\r\n`)]);
    const refused = await parseUploadForm(multipartRequest(body), { files: {}, maxFieldBytes: 1000, storage }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(413);
  });

  it("refuses a file in a field the form does not have", async () => {
    const body = Buffer.concat([part("other", SMALL_PDF, "x.pdf"), encoder.encode(`--${boundary}--\r\n`)]);
    const refused = await parseUploadForm(multipartRequest(body), { files: {}, storage }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
  });
});
