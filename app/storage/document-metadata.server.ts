// Copies of documents without what their authoring tools wrote about who made them: a PDF's Info
// dictionary, XMP metadata, private application data and markup annotations' authors; an Office
// file's core, extended and custom properties (author, last modified by, company, manager…);
// a PNG's text chunks and a JPEG's Exif, XMP, IPTC and comments. The rest is copied as it was.
// Evaluators get these copies, so that the file does not tell them whose bid it is (decision 016);
// the stored original, and the SHA-256 the receipt froze, are never changed.
import type { Readable } from "node:stream";
import { PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from "pdf-lib";
import yauzl from "yauzl";
import { ZipFile } from "yazl";
import { MIME } from "./storage.server";

/** The copy could not be made (a damaged or encrypted file): nothing is handed out in its place. */
export class MetadataNotCleared extends Error {}

/** An Office file expands to at most this much: more is treated as a zip bomb, not copied. */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** The bytes of a document with its metadata cleared; text and CSV have none and come back as they are. */
export async function clearDocumentMetadata(bytes: Buffer, contentType: string): Promise<Buffer> {
  try {
    switch (contentType) {
      case MIME.pdf:
        return await pdfWithoutMetadata(bytes);
      case MIME.docx:
      case MIME.xlsx:
      case MIME.pptx:
        return await officeWithoutProperties(bytes);
      case MIME.png:
        return pngWithoutText(bytes);
      case MIME.jpeg:
        return jpegWithoutMetadata(bytes);
      case MIME.txt:
      case MIME.csv:
        return bytes;
      default:
        throw new Error(`No way to clear the metadata of ${contentType}`);
    }
  } catch (error) {
    if (error instanceof MetadataNotCleared) throw error;
    throw new MetadataNotCleared(`The ${contentType} file could not be copied without its metadata`, { cause: error });
  }
}

// --- PDF -------------------------------------------------------------------------------------------

const name = (value: string) => PDFName.of(value);

async function pdfWithoutMetadata(bytes: Buffer): Promise<Buffer> {
  // Encrypted PDFs are refused by the parser (their metadata could not be cleared).
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context } = document;
  const info = context.trailerInfo.Info;
  if (info instanceof PDFRef) context.delete(info);
  context.trailerInfo.Info = undefined;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : null;
    if (!dict) continue;
    if (dict.get(name("Type")) === name("Metadata")) {
      context.delete(ref);
      continue;
    }
    dict.delete(name("Metadata"));
    dict.delete(name("PieceInfo"));
    // A markup annotation's /T is its author; a form field's (Widget) is the field's name.
    const isAnnotation = dict.get(name("Type")) === name("Annot") || dict.has(name("Rect"));
    if (isAnnotation && dict.get(name("Subtype")) !== name("Widget")) dict.delete(name("T"));
  }
  // Written afresh: objects of earlier revisions (incremental updates) are not carried over.
  return Buffer.from(await document.save());
}

// --- Office Open XML (DOCX, XLSX, PPTX) ------------------------------------------------------------

const EMPTY_PROPERTIES: Record<"core" | "extended" | "custom", string> = {
  core: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>',
  extended:
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
  custom:
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
};

// Zip entries' times say when the file was saved: the copy's are all this.
const COPY_MTIME = new Date("2000-01-01T00:00:00Z");

type ZipEntry = { name: string; data: Buffer };

/** The property parts of a package: where its root relationships say they are, and the usual places. */
function propertyParts(entries: ZipEntry[]): Map<string, keyof typeof EMPTY_PROPERTIES> {
  const parts = new Map<string, keyof typeof EMPTY_PROPERTIES>([
    ["docProps/core.xml", "core"],
    ["docProps/app.xml", "extended"],
    ["docProps/custom.xml", "custom"],
  ]);
  const relationships = entries.find((e) => e.name === "_rels/.rels")?.data.toString("utf8") ?? "";
  for (const [element] of relationships.matchAll(/<Relationship\b[^>]*>/g)) {
    const type = /\bType="([^"]*)"/.exec(element)?.[1] ?? "";
    const target = (/\bTarget="([^"]*)"/.exec(element)?.[1] ?? "").replace(/^\//, "");
    const kind = type.endsWith("/core-properties")
      ? "core"
      : type.endsWith("/extended-properties")
        ? "extended"
        : type.endsWith("/custom-properties")
          ? "custom"
          : null;
    if (kind && target) parts.set(target, kind);
  }
  return parts;
}

async function officeWithoutProperties(bytes: Buffer): Promise<Buffer> {
  const entries = await readZip(bytes);
  const parts = propertyParts(entries);
  const zip = new ZipFile();
  for (const entry of entries) {
    if (entry.name.endsWith("/")) {
      zip.addEmptyDirectory(entry.name, { mtime: COPY_MTIME });
      continue;
    }
    const kind = parts.get(entry.name);
    zip.addBuffer(kind ? Buffer.from(EMPTY_PROPERTIES[kind], "utf8") : entry.data, entry.name, {
      mtime: COPY_MTIME,
      compress: true,
    });
  }
  zip.end();
  return collect(zip.outputStream as Readable);
}

function readZip(bytes: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, file) => {
      if (error || !file) return reject(error ?? new Error("Not a zip"));
      const entries: ZipEntry[] = [];
      let unzipped = 0;
      file.on("error", reject);
      file.on("end", () => resolve(entries));
      file.on("entry", (entry: yauzl.Entry) => {
        unzipped += entry.uncompressedSize;
        if (unzipped > MAX_UNZIPPED_BYTES) {
          file.close();
          return reject(new MetadataNotCleared("The file expands to more than an Office document may"));
        }
        if (entry.fileName.endsWith("/")) {
          entries.push({ name: entry.fileName, data: Buffer.alloc(0) });
          return file.readEntry();
        }
        file.openReadStream(entry, (openError, stream) => {
          if (openError || !stream) return reject(openError ?? new Error("No stream"));
          collect(stream).then((data) => {
            entries.push({ name: entry.fileName, data });
            file.readEntry();
          }, reject);
        });
      });
      file.readEntry();
    });
  });
}

function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", reject);
    stream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

// --- Images ----------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Text (author, software, comments), Exif and the time of the last change.
const PNG_METADATA_CHUNKS = new Set(["tEXt", "iTXt", "zTXt", "eXIf", "tIME"]);

function pngWithoutText(bytes: Buffer): Buffer {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("Not a PNG");
  const kept: Buffer[] = [PNG_SIGNATURE];
  for (let at = 8; at < bytes.length;) {
    if (at + 12 > bytes.length) throw new Error("A PNG chunk runs past the end of the file");
    const length = bytes.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw new Error("A PNG chunk runs past the end of the file");
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (!PNG_METADATA_CHUNKS.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    if (type === "IEND") break;
  }
  return Buffer.concat(kept);
}

// APP1 (Exif, XMP), APP13 (IPTC, Photoshop) and comments; APP0 (JFIF), APP2 (ICC colour profile)
// and APP14 (Adobe colour transform) stay: the picture needs them to look the same.
const JPEG_METADATA_MARKERS = new Set([0xe1, 0xed, 0xfe]);

function jpegWithoutMetadata(bytes: Buffer): Buffer {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error("Not a JPEG");
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new Error("A JPEG segment does not start with a marker");
    const marker = bytes[at + 1];
    // Start of scan: the compressed picture follows, with no more metadata segments to find.
    if (marker === 0xda) break;
    const end = at + 2 + bytes.readUInt16BE(at + 2);
    if (end > bytes.length) throw new Error("A JPEG segment runs past the end of the file");
    if (!JPEG_METADATA_MARKERS.has(marker)) kept.push(bytes.subarray(at, end));
    at = end;
  }
  kept.push(bytes.subarray(at));
  return Buffer.concat(kept);
}
