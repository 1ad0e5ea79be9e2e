// How every PDF the portal renders is sent: a private download, never cached.
import { contentDisposition } from "../storage/storage.server";

/** A rendered PDF as a private download. */
export function pdfDownload(pdf: Buffer, filename: string): Response {
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(filename),
      "Content-Length": String(pdf.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}
