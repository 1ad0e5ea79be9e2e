// Reads a multipart form post: text fields into memory (capped), each file streamed through
// receiveUpload so its size limit applies while the bytes arrive.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import {
  receiveUpload,
  type AllowedMimeType,
  type FileStorage,
  type ReceivedFile,
  type UploadRefusalReason,
} from "./storage.server";

export type UploadFieldRules = {
  maxBytes: number;
  allowedTypes: readonly AllowedMimeType[];
  /** How many files this field may carry (a `multiple` input); 1 by default. */
  maxFiles?: number;
};

export type UploadRefusal = { field: string; reason: UploadRefusalReason; filename: string; message: string };

export type UploadForm = {
  /** The text fields, in the order they came. */
  fields: URLSearchParams;
  /** The files received and stored, by field name. */
  files: Record<string, ReceivedFile[]>;
  refusals: UploadRefusal[];
  /**
   * False when reading stopped at a file that was too large: the rest of the request was not read,
   * so fields after that file are missing. Put text inputs before file inputs in the form.
   */
  complete: boolean;
};

export type ParseUploadOptions = {
  /** The file inputs the form has; a file under any other name is refused with 400. */
  files: Record<string, UploadFieldRules>;
  /** All text fields together, names included; beyond it the request is refused with 413. */
  maxFieldBytes?: number;
  /** How many text fields; beyond it the request is refused with 413. */
  maxFields?: number;
  storage?: FileStorage;
};

const DEFAULT_MAX_FIELD_BYTES = 256 * 1024;
const DEFAULT_MAX_FIELDS = 1000;

class StopReading extends Error {}

/** Parses a multipart/form-data request; throws a 400 or 413 Response for a malformed or oversized form. */
export async function parseUploadForm(request: Request, options: ParseUploadOptions): Promise<UploadForm> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    throw new Response("This form must be sent as multipart/form-data", { status: 400 });
  }
  const result: UploadForm = { fields: new URLSearchParams(), files: {}, refusals: [], complete: true };
  const maxFieldBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const maxFields = options.maxFields ?? DEFAULT_MAX_FIELDS;
  let fieldBytes = 0;
  let fieldCount = 0;
  const tooLarge = () => new Response("The form you sent is too large.", { status: 413 });
  const counts = new Map<string, number>();

  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) {
      fieldCount += 1;
      fieldBytes += part.name.length;
      if (fieldCount > maxFields || fieldBytes > maxFieldBytes) throw tooLarge();
      const chunks: Uint8Array[] = [];
      for await (const chunk of part.data) {
        fieldBytes += chunk.byteLength;
        if (fieldBytes > maxFieldBytes) throw tooLarge();
        chunks.push(chunk);
      }
      result.fields.append(part.name, Buffer.concat(chunks).toString("utf8"));
      return null;
    }
    const rules = Object.hasOwn(options.files, part.name) ? options.files[part.name] : undefined;
    if (!rules) throw new Response(`Unexpected file in the form field "${part.name}"`, { status: 400 });
    // A file input with nothing chosen still sends a part: no name and no bytes.
    if (part.filename === "") {
      for await (const chunk of part.data) {
        if (chunk.byteLength > 0) throw new Response("A file without a name was sent", { status: 400 });
      }
      return null;
    }
    const count = (counts.get(part.name) ?? 0) + 1;
    counts.set(part.name, count);
    if (count > (rules.maxFiles ?? 1)) {
      throw tooLarge();
    }
    const received = await receiveUpload(part.data, {
      maxBytes: rules.maxBytes,
      allowedTypes: rules.allowedTypes,
      filename: part.filename,
      storage: options.storage,
    });
    if (received.ok) {
      const { ok: _ok, ...file } = received;
      (result.files[part.name] ??= []).push(file);
    } else {
      result.refusals.push({ field: part.name, reason: received.reason, filename: received.filename, message: received.message });
      // The parser would otherwise buffer the rest of this part in memory: stop reading instead.
      if (received.reason === "too-large") throw new StopReading();
    }
    return null;
  };

  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof StopReading) {
      result.complete = false;
      return result;
    }
    if (error instanceof Response) throw error;
    // The multipart parser throws plain errors for a malformed body (no boundary, cut short).
    throw new Response("Sorry, we could not read the form you sent", { status: 400 });
  }
  return result;
}
