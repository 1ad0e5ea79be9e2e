// Reads a posted form with a size cap and validates it against the same zod schema the browser uses.
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { Refusal } from "./refusals.server";
import { parseUploadForm } from "./storage/multipart.server";

export const MAX_FORM_BYTES = 1024 * 1024;
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

export type FormValues = Record<string, string | string[]>;
export type FormFailure = { errors: Record<string, string>; values: FormValues };
export type ParsedForm<T> = ({ success: true; data: T } & { values: FormValues }) | ({ success: false } & FormFailure);

// Passwords and secrets are never sent back to the page.
const NEVER_ECHOED = /password|token|^code$|^mailboxCode$/i;

export class FormTooLarge extends Response {
  constructor() {
    super("The form you sent is too large.", { status: 413, headers: { Connection: "close" } });
  }
}

/** Reads a url-encoded form body, refusing more than `maxBytes` even when no length was declared. */
export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    // Streamed with the same cap (a chunked body declares no length); malformed parts get a 400.
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > maxBytes) throw new FormTooLarge();
    return (await parseUploadForm(request, { files: {}, maxFieldBytes: maxBytes })).fields;
  }
  if (!request.body) return new URLSearchParams();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Read (and drop) a bounded amount more so that the client gets the 413 rather than a reset;
      // beyond that the connection is cut.
      let drained = 0;
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        drained += next.value.byteLength;
        if (drained > DRAIN_LIMIT_BYTES) {
          await reader.cancel();
          break;
        }
      }
      throw new FormTooLarge();
    }
    chunks.push(value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** The form's fields; a field named in `arrays` keeps every value (checkbox groups). */
export function formValues(params: URLSearchParams, arrays: string[] = []): FormValues {
  const values: FormValues = {};
  for (const [key, value] of params) {
    if (arrays.includes(key)) values[key] = params.getAll(key);
    else if (!(key in values)) values[key] = value;
  }
  return values;
}

export function echoValues(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !NEVER_ECHOED.test(key)));
}

export function zodErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Validates a posted form: on failure, field errors plus the submitted values (never passwords). */
export async function parseForm<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  params?: URLSearchParams,
  options: { arrays?: string[] } = {},
): Promise<ParsedForm<z.output<S>>> {
  const values = formValues(params ?? (await readForm(request)), options.arrays);
  // PostgreSQL cannot store a NUL character: a field error rather than a failed write.
  const nulErrors = nulCharacterErrors(values);
  if (Object.keys(nulErrors).length > 0) {
    return { success: false, errors: nulErrors, values: echoValues(withoutNulCharacters(values)) };
  }
  const result = schema.safeParse(values);
  if (result.success) return { success: true, data: result.data, values: echoValues(values) };
  return { success: false, errors: zodErrors(result.error), values: echoValues(values) };
}

const NUL = "\u0000";

function nulCharacterErrors(values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if ((Array.isArray(value) ? value : [value]).some((v) => v.includes(NUL))) {
      errors[key] = "Remove the character that cannot be stored (a NUL byte) from this field";
    }
  }
  return errors;
}

function withoutNulCharacters(values: FormValues): FormValues {
  const strip = (v: string) => v.replaceAll(NUL, "");
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, Array.isArray(value) ? value.map(strip) : strip(value)]),
  );
}

/** A failed form as the action returns it: field errors and the values to put back. */
export function formFailure(errors: Record<string, string>, values: FormValues): FormFailure {
  return { errors, values: echoValues(values) };
}

/** A form sent back to its page: 400 when it did not validate, 409 when the workflow refused it. */
export function formRejected(status: 400 | 409, errors: Record<string, string>, values: FormValues) {
  return data(formFailure(errors, values), { status });
}

/**
 * An action's usual step, in one place: validate the posted form against its schema (400 with the
 * field errors and what was typed), run the workflow (409 with its refusal, what was typed kept), and
 * answer a success with `done` (a redirect with a notice, as a rule).
 */
export async function submitForm<S extends z.ZodTypeAny, R extends { ok: true }>(
  request: Request,
  schema: S,
  fields: URLSearchParams | undefined,
  work: (input: z.output<S>) => Promise<R | Refusal>,
  done: (result: R) => Response | Promise<Response>,
  options: { arrays?: string[] } = {},
) {
  const form = await parseForm(request, schema, fields, options);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await work(form.data);
  if (!result.ok) return formRejected(409, result.fieldErrors, form.values);
  return done(result);
}
