// Zod schemas for the tender builder's forms (sections, questions, documents, publishing, the
// deadline, the evaluation method and the opening), shared by the browser and the actions.
import { z } from "zod";
import { formId, formVersion, optionalText, requiredText } from "~/text-schema";
import type { PriceItem } from "./questionnaire";

/** Required text named by `label`: "Enter the question", "The question must be 1,000 characters or fewer". */
const text = (label: string, max: number) =>
  requiredText({ missing: `Enter ${label}`, subject: `${label[0].toUpperCase()}${label.slice(1)}`, max });

/** Text that may be left blank, which reads as "". */
const blankableText = (subject: string, max: number) => optionalText({ subject, max }).transform((v) => v ?? "");

/** The tender's version as the editing page saw it: a concurrent edit is refused, not overwritten. */
const version = formVersion(1, 2_000_000_000);

const uuid = formId("Choose an item on this page");

export const TenderVersionSchema = z.object({ version });

export const SectionSchema = z.object({
  version,
  title: text("a section title", 200),
  description: blankableText("The description", 5000),
});
export type SectionInput = z.infer<typeof SectionSchema>;

export const EditSectionSchema = SectionSchema.extend({ sectionId: uuid });

export const MoveSchema = z.object({
  version,
  itemId: uuid,
  direction: z.enum(["up", "down"], { errorMap: () => ({ message: "Choose up or down" }) }),
});

export const RemoveSchema = z.object({ version, itemId: uuid });

export const QUESTION_KINDS = ["pass_fail", "text", "file", "price"] as const;

export const AddQuestionSchema = z.object({
  version,
  sectionId: uuid,
  kind: z.enum(QUESTION_KINDS, { errorMap: () => ({ message: "Choose the kind of question" }) }),
  questionTitle: text("the question", 1000),
});
export type AddQuestionInput = z.infer<typeof AddQuestionSchema>;

const optionalNumber = (label: string, min: number, max: number, integer = true) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.replace(/[,%\s]/g, "") : undefined))
    .pipe(
      z
        .string()
        .regex(integer ? /^\d{1,9}$/ : /^\d{1,3}(\.\d{1,2})?$/, `Enter ${label} as a number`)
        .transform(Number)
        .refine((n) => n >= min && n <= max, `Enter ${label} between ${min} and ${max}`)
        .optional(),
    );

/** One price line per row: "Description | unit | quantity". */
export function parsePriceLines(lines: string): { items: Omit<PriceItem, "key">[]; error?: string } {
  const items: Omit<PriceItem, "key">[] = [];
  for (const [index, raw] of lines.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split("|").map((p) => p.trim());
    const quantity = Number((parts[2] ?? "").replaceAll(",", ""));
    if (parts.length !== 3 || !parts[0] || !parts[1] || !/^\d{1,9}(\.\d{1,3})?$/.test(parts[2].replaceAll(",", ""))) {
      return { items, error: `Line ${index + 1}: write a description, a unit and a quantity separated by |` };
    }
    if (quantity <= 0) return { items, error: `Line ${index + 1}: the quantity must be more than 0` };
    items.push({ description: parts[0].slice(0, 300), unit: parts[1].slice(0, 60), quantity });
  }
  if (items.length > 200) return { items, error: "A price schedule may have 200 lines at most" };
  return { items };
}

export function formatPriceLines(items: PriceItem[] | null): string {
  return (items ?? []).map((i) => `${i.description} | ${i.unit} | ${i.quantity}`).join("\n");
}

const allowedTypes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().max(200)).max(20));

// A checkbox posts "on" when ticked and nothing otherwise (react-hook-form sees a boolean).
const checkbox = z
  .union([z.string(), z.boolean()])
  .optional()
  .transform((v) => v === "on" || v === "true" || v === true);

export const MAX_FILE_LIMIT_MB = 100;

export const QuestionSchema = z
  .object({
    version,
    kind: z.enum(QUESTION_KINDS, { errorMap: () => ({ message: "Choose the kind of question" }) }),
    title: text("the question", 1000),
    guidance: blankableText("The guidance", 10000),
    required: checkbox,
    weight: optionalNumber("the weight", 0, 100, false),
    wordLimit: optionalNumber("the word limit", 1, 100000),
    allowedTypes,
    maxMegabytes: optionalNumber("the size limit", 1, MAX_FILE_LIMIT_MB),
    priceLines: blankableText("The price lines", 50000),
  })
  .superRefine((v, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.kind !== "pass_fail" && v.weight === undefined) need("weight", "Enter the weight, in percent");
    if (v.kind === "text" && v.wordLimit === undefined) need("wordLimit", "Enter the word limit");
    if (v.kind === "file") {
      if (v.allowedTypes.length === 0) need("allowedTypes", "Choose at least one type of file");
      if (v.maxMegabytes === undefined) need("maxMegabytes", "Enter the size limit in MB");
    }
    if (v.kind === "price") {
      const parsed = parsePriceLines(v.priceLines);
      if (parsed.error) need("priceLines", parsed.error);
      else if (parsed.items.length === 0) need("priceLines", "Enter at least one price line");
    }
  });
export type QuestionInput = z.infer<typeof QuestionSchema>;

export const DOCUMENT_KINDS = ["specification", "draft_contract", "pricing_instructions", "other"] as const;
export const DOCUMENT_KIND_LABELS: Record<(typeof DOCUMENT_KINDS)[number], string> = {
  specification: "Specification",
  draft_contract: "Draft contract",
  pricing_instructions: "Pricing instructions",
  other: "Other document",
};

export const DocumentSchema = z.object({
  version,
  documentKind: z.enum(DOCUMENT_KINDS, { errorMap: () => ({ message: "Choose what kind of document this is" }) }),
  documentTitle: text("the document's title", 200),
});
export type DocumentInput = z.infer<typeof DocumentSchema>;

/** Publishing: the first publication needs no reason; an amendment does (the page asks for it). */
export const PublishSchema = z.object({
  version,
  reason: blankableText("The reason", 5000),
});

const localDateTime = z
  .string({ required_error: "Enter the new deadline" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time, like 2027-03-31T12:00");

export const DeadlineSchema = z.object({
  procurementVersion: version,
  deadline: localDateTime,
  deadlineReason: text("the reason for the change", 5000),
});
export type DeadlineInput = z.infer<typeof DeadlineSchema>;

/** The score scales staff may choose: 0–4 has a word for every point; 0–5 and 0–10 name the ends. */
export const SCALE_MAXIMA = ["4", "5", "10"] as const;
export const TIE_BREAKS = ["quality", "price"] as const;
export const TIE_BREAK_LABELS: Record<(typeof TIE_BREAKS)[number], string> = {
  quality: "the higher quality score",
  price: "the lower total price",
};
export const JUSTIFICATION_MIN = 20;
export const JUSTIFICATION_MAX = 500;

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d{1,9}$/, `Enter ${label} as a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `Enter ${label} between ${min} and ${max}`);

/** The evaluation method stated in the tender: set before the first publication, fixed after it. */
export const EvaluationMethodSchema = z.object({
  version,
  scaleMax: z
    .enum(SCALE_MAXIMA, { errorMap: () => ({ message: "Choose the highest score on the scale: 4, 5 or 10" }) })
    .transform(Number),
  tieBreak: z.enum(TIE_BREAKS, { errorMap: () => ({ message: "Choose how equal totals are decided" }) }),
  justificationMinChars: wholeNumber("the minimum justification length", JUSTIFICATION_MIN, JUSTIFICATION_MAX),
});
export type EvaluationMethodInput = z.infer<typeof EvaluationMethodSchema>;
