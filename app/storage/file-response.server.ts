// A stored file as a download: always an attachment under a safe name, never sniffed or cached.
import type { Readable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { clearDocumentMetadata, MetadataNotCleared } from "./document-metadata.server";
import { contentDisposition, fileStorage } from "./storage.server";

type StoredFile = { sha256: string; filename: string; contentType: string; size: number };

function downloadHeaders(file: { filename: string; contentType: string }, size: number) {
  return {
    "Content-Type": file.contentType,
    "Content-Length": String(size),
    "Content-Disposition": contentDisposition(file.filename),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
  };
}

export function storedFileResponse(file: StoredFile) {
  return new Response(createReadableStreamFromReadable(fileStorage().open(file.sha256)), {
    headers: downloadHeaders(file, file.size),
  });
}

/**
 * A copy of a stored file for someone who must not learn who wrote it (an evaluator): under the
 * name given, with the document's own metadata cleared. The stored original is not touched. A file
 * that cannot be copied so is not handed out at all (422), never the original in its place.
 */
export async function copyWithoutMetadataResponse(file: StoredFile) {
  const original = await readAll(fileStorage().open(file.sha256));
  let copy: Buffer;
  try {
    copy = await clearDocumentMetadata(original, file.contentType);
  } catch (error) {
    if (!(error instanceof MetadataNotCleared)) throw error;
    throw new Response(
      "This file cannot be opened here: the portal could not make a copy of it without its author details. Ask the commercial team for it.",
      { status: 422, headers: { "Content-Type": "text/plain; charset=utf-8" } },
    );
  }
  return new Response(new Uint8Array(copy), { headers: downloadHeaders(file, copy.byteLength) });
}

function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", reject);
    stream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
