// Zod schemas for clarification forms and the log's filters, shared by the browser and the actions.
import { z } from "zod";
import { queryDate, queryFlag, queryPage, queryText, readQuery } from "~/query";
import { NUL_MESSAGE, noNul } from "~/text";

export const QUESTION_MAX_CHARS = 2000;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .refine(noNul, NUL_MESSAGE)
    .optional()
    .transform((v) => (v ? v : undefined));

const version = z.coerce.number().int().min(1);

// A checkbox posts "on" when ticked and nothing otherwise (react-hook-form sees a boolean).
const checkbox = z
  .union([z.string(), z.boolean()])
  .optional()
  .transform((v) => v === "on" || v === "true" || v === true);

const flagKeys = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().max(300).refine(noNul)).max(100));

export const AskQuestionSchema = z
  .object({
    subject: z
      .string()
      .trim()
      .min(1, "Enter a subject")
      .max(200, "Subject must be 200 characters or fewer")
      .refine(noNul, NUL_MESSAGE),
    body: z
      .string({ required_error: "Enter your question" })
      .trim()
      .min(1, "Enter your question")
      .max(
        QUESTION_MAX_CHARS,
        `Your question must be ${QUESTION_MAX_CHARS.toLocaleString("en-GB")} characters or fewer`,
      )
      .refine(noNul, NUL_MESSAGE),
    documentRef: optionalText(200, "The document"),
    sectionRef: optionalText(100, "The section"),
    confidential: checkbox,
    confidentialReason: optionalText(1000, "The reason"),
    idempotencyKey: z.string().uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.confidential && !v.confidentialReason) {
      ctx.addIssue({
        code: "custom",
        path: ["confidentialReason"],
        message: "Enter why your question is commercially confidential",
      });
    }
  });
export type AskQuestionInput = z.infer<typeof AskQuestionSchema>;

export const DraftAnswerSchema = z
  .object({
    anonymisedQuestion: z
      .string({ required_error: "Enter the question as it will be published" })
      .trim()
      .min(1, "Enter the question as it will be published")
      .max(4000, "The published question must be 4,000 characters or fewer")
      .refine(noNul, NUL_MESSAGE),
    answer: z
      .string({ required_error: "Enter the answer" })
      .trim()
      .min(1, "Enter the answer")
      .max(10000, "The answer must be 10,000 characters or fewer")
      .refine(noNul, NUL_MESSAGE),
    confidentialDecision: z.enum(["accepted", "refused"]).optional().catch(undefined),
    confidentialDecisionNote: optionalText(1000, "The reason for the decision"),
    confirmFlags: flagKeys,
    confidentialRequested: checkbox,
    version,
  })
  .superRefine((v, ctx) => {
    if (v.confidentialRequested && !v.confidentialDecision) {
      ctx.addIssue({
        code: "custom",
        path: ["confidentialDecision"],
        message: "Decide whether the question is commercially confidential",
      });
    }
    if (v.confidentialRequested && !v.confidentialDecisionNote) {
      ctx.addIssue({
        code: "custom",
        path: ["confidentialDecisionNote"],
        message: "Enter the reason for the decision: it is kept in the audit log",
      });
    }
  });
export type DraftAnswerInput = z.infer<typeof DraftAnswerSchema>;

export const VersionSchema = z.object({ version });

export const ReturnToDrafterSchema = z.object({
  comment: z
    .string({ required_error: "Enter what the drafter should change" })
    .trim()
    .min(1, "Enter what the drafter should change")
    .max(2000, "The comment must be 2,000 characters or fewer")
    .refine(noNul, NUL_MESSAGE),
  version,
});

export const RejectQuestionSchema = z.object({
  reason: z
    .string({ required_error: "Enter why the question is rejected" })
    .trim()
    .min(1, "Enter why the question is rejected")
    .max(2000, "The reason must be 2,000 characters or fewer")
    .refine(noNul, NUL_MESSAGE),
  version,
});

export const AmendAnswerSchema = z.object({
  anonymisedQuestion: z
    .string({ required_error: "Enter the question as it will be published" })
    .trim()
    .min(1, "Enter the question as it will be published")
    .max(4000, "The published question must be 4,000 characters or fewer")
    .refine(noNul, NUL_MESSAGE),
  answer: z
    .string({ required_error: "Enter the amended answer" })
    .trim()
    .min(1, "Enter the amended answer")
    .max(10000, "The answer must be 10,000 characters or fewer")
    .refine(noNul, NUL_MESSAGE),
  amendmentReason: z
    .string({ required_error: "Enter why the answer is amended" })
    .trim()
    .min(1, "Enter why the answer is amended")
    .max(1000, "The reason must be 1,000 characters or fewer")
    .refine(noNul, NUL_MESSAGE),
  confirmFlags: flagKeys,
  version,
});
export type AmendAnswerInput = z.infer<typeof AmendAnswerSchema>;

// The log's filters come from the address bar: each reads as a value or as not given (app/query.ts).
export const LogFiltersSchema = z.object({
  q: queryText(200),
  document: queryText(200),
  section: queryText(100),
  // "CQ-014", "cq14" or "14".
  number: z
    .string()
    .trim()
    .regex(/^(?:cq-?)?0*\d{1,6}$/i)
    .transform((v) => Number(v.replace(/\D/g, "")))
    .optional()
    .catch(undefined),
  from: queryDate,
  to: queryDate,
  amended: queryFlag,
  page: queryPage,
});
export type LogFilters = z.infer<typeof LogFiltersSchema>;

export function logFiltersFrom(url: URL): LogFilters {
  return readQuery(url, LogFiltersSchema);
}

/** The public number as people write it: CQ-001. */
export function clarificationNumber(number: number | null | undefined): string {
  return number ? `CQ-${String(number).padStart(3, "0")}` : "Private answer";
}
