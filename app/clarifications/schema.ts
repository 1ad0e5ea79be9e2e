// Zod schemas for clarification forms and the log's filters, shared by the browser and the actions.
import { z } from "zod";
import { queryDate, queryFlag, queryPage, queryText, readQuery } from "~/query";
import { noNul } from "~/text";
import { formId, formVersion, optionalText, RELOAD_MESSAGE, requiredText } from "~/text-schema";

export const QUESTION_MAX_CHARS = 2000;

const version = formVersion(1);

/** The supplier's question as staff rewrite it for the published log. */
const publishedQuestion = requiredText({
  missing: "Enter the question as it will be published",
  subject: "The published question",
  max: 4_000,
});

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
    subject: requiredText({ missing: "Enter a subject", subject: "Subject", max: 200 }),
    body: requiredText({ missing: "Enter your question", subject: "Your question", max: QUESTION_MAX_CHARS }),
    documentRef: optionalText({ subject: "The document", max: 200 }),
    sectionRef: optionalText({ subject: "The section", max: 100 }),
    confidential: checkbox,
    confidentialReason: optionalText({ subject: "The reason", max: 1_000 }),
    idempotencyKey: formId(RELOAD_MESSAGE).optional(),
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
    anonymisedQuestion: publishedQuestion,
    answer: requiredText({ missing: "Enter the answer", subject: "The answer", max: 10_000 }),
    confidentialDecision: z.enum(["accepted", "refused"]).optional().catch(undefined),
    confidentialDecisionNote: optionalText({ subject: "The reason for the decision", max: 1_000 }),
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
  comment: requiredText({ missing: "Enter what the drafter should change", subject: "The comment", max: 2_000 }),
  version,
});

export const RejectQuestionSchema = z.object({
  reason: requiredText({ missing: "Enter why the question is rejected", subject: "The reason", max: 2_000 }),
  version,
});

export const AmendAnswerSchema = z.object({
  anonymisedQuestion: publishedQuestion,
  answer: requiredText({ missing: "Enter the amended answer", subject: "The answer", max: 10_000 }),
  amendmentReason: requiredText({ missing: "Enter why the answer is amended", subject: "The reason", max: 1_000 }),
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
