// Reading a page's query string: whatever is typed into the address bar reads as a value, as "not
// given", or as a 400, never as an exception, a NaN, an Infinity or a string PostgreSQL refuses.
//
// Two kinds of reader. Free text and choices (a search box, a filter's select) are forgiving: an
// odd value reads as not given and the page shows unfiltered. Numbers, pages and dates only come
// from the portal's own links and date fields, so there is no sensible page for an odd one: it is
// refused with 400 (readQuery throws), never guessed at.
import { z } from "zod";

// A NUL cannot be stored or compared in PostgreSQL text; no query value needs any control character.
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;

/** Free text, trimmed, at most `max` characters, without control characters; otherwise not given. */
export const queryText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !CONTROL_CHARACTERS.test(v))
    .optional()
    .catch(undefined);

/** One of a fixed set of words; otherwise not given. */
export const queryChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined);

/** A checkbox in a filter form: present as "on" or "true"; otherwise not given. */
export const queryFlag = z
  .enum(["on", "true"])
  .transform(() => true as const)
  .optional()
  .catch(undefined);

/**
 * A whole number written in digits, between `min` and `max` (safe integers), or a 400:
 * "1e9999", "99999999999999999999", "1.5", "NaN" and anything out of range are refused.
 */
export const queryInteger = ({ min, max }: { min: number; max: number }) =>
  z
    .string()
    .regex(/^-?\d{1,16}$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional();

/** A page number of a paged list, 1 to 100,000, or a 400. */
export const queryPage = queryInteger({ min: 1, max: 100_000 });

/**
 * A calendar date as a date field sends it (2026-03-31) that exists, in a year the portal's records
 * could hold (so the day after is still a four-digit year), or a 400: no 2026-13-45, no 30 February.
 */
export const queryDate = z
  .string()
  .refine((v) => isCalendarDate(v) && v >= "1900-01-01" && v <= "2999-12-31")
  .optional();

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What a loader throws for a query value it cannot read. */
export function unreadableQuery(keys: string[]): Response {
  return new Response(`This address has a value the page cannot read (${keys.join(", ")}).`, {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * The query string read through a schema made of the readers above. A key given more than once
 * (?page=1&page=2) reads as its first value; an empty value as not given. Throws a 400 response for
 * a number, page or date it cannot read.
 */
export function readQuery<S extends z.ZodRawShape>(
  from: URL | URLSearchParams | Request,
  schema: z.ZodObject<S>,
): z.output<z.ZodObject<S>> {
  const params =
    from instanceof URLSearchParams ? from : from instanceof URL ? from.searchParams : new URL(from.url).searchParams;
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = params.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw unreadableQuery([...new Set(parsed.error.issues.map((i) => i.path.join(".")))]);
  return parsed.data;
}
