// A stored file as a download: always an attachment under a safe name, never sniffed or cached.
import { createReadableStreamFromReadable } from "@remix-run/node";
import { contentDisposition, fileStorage } from "./storage.server";

export function storedFileResponse(file: { sha256: string; filename: string; contentType: string; size: number }) {
  return new Response(createReadableStreamFromReadable(fileStorage().open(file.sha256)), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(file.filename),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
