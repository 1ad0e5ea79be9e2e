// The zod fields for free text that the form schemas share: trimmed, capped, without a NUL byte.
import { z } from "zod";
import { NUL_MESSAGE, noNul } from "~/text";

/** For a field the page fills in itself (a version, an intent, a key): only a stale or altered page gets it wrong. */
export const RELOAD_MESSAGE = "Reload the page and try again";

/** The version of a record the form was showing, from `min`: a stale or altered one reads RELOAD_MESSAGE. */
export const formVersion = (min: number, max = 1_000_000_000) =>
  z.coerce
    .number({ invalid_type_error: RELOAD_MESSAGE, required_error: RELOAD_MESSAGE })
    .int(RELOAD_MESSAGE)
    .min(min, RELOAD_MESSAGE)
    .max(max, RELOAD_MESSAGE);

/** The id of a record the page lists, chosen or sent by the page: `message` when it is missing or malformed. */
export const formId = (message: string) => z.string({ required_error: message }).uuid(message);

/** A button's `intent` (or a field of one fixed value), which the page sends itself. */
export const formLiteral = <T extends string>(value: T) =>
  z.literal(value, { errorMap: () => ({ message: RELOAD_MESSAGE }) });

/** "<subject> must be 2,000 characters or fewer": the message for text past its limit. */
export const tooLongMessage = (subject: string, max: number) =>
  `${subject} must be ${max.toLocaleString("en-GB")} characters or fewer`;

/**
 * Text the person must give: `missing` when it is empty or not sent, "<subject> must be N characters
 * or fewer" past `max` characters. A reason that needs some substance sets `min`: shorter text is
 * then refused with "<missing> (N characters or more)".
 */
export const requiredText = ({
  missing,
  subject,
  max,
  min = 1,
}: {
  missing: string;
  subject: string;
  max: number;
  min?: number;
}) =>
  z
    .string({ required_error: missing })
    .trim()
    .min(min, min === 1 ? missing : `${missing} (${min} characters or more)`)
    .max(max, tooLongMessage(subject, max))
    .refine(noNul, NUL_MESSAGE);

/** Text the person may leave blank, which then reads as not given (undefined). */
export const optionalText = ({ subject, max }: { subject: string; max: number }) =>
  z
    .string()
    .trim()
    .max(max, tooLongMessage(subject, max))
    .refine(noNul, NUL_MESSAGE)
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * A value the person may leave blank (read as not given) that, when given, must match `pattern`
 * once `tidy` has taken out what people type for readability (spaces, commas, a £ sign).
 */
export const optionalMatching = (pattern: RegExp, message: string, tidy: (v: string) => string = (v) => v) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? tidy(v) : undefined))
    .pipe(z.string().regex(pattern, message).optional());
