// The evaluation forms' zod schemas, shared by the browser and the actions: the panel (assign,
// remove), the conflict-of-interest declaration, an evaluator's mark and the moderator's consensus.
// A mark's schema depends on the question (pass/fail or a score) and the tender's rules, so it is
// built from them, the same way on both sides.
import { z } from "zod";
import { noNul, NUL_MESSAGE } from "~/text";
import { formId, formVersion, tooLongMessage } from "~/text-schema";

export const JUSTIFICATION_MAX_CHARS = 5_000;
export const DETAILS_MAX_CHARS = 5_000;

const version = formVersion(0);

/** Which sections an evaluator marks: every one, or those chosen (at least one). */
const sectionScope = {
  scope: z.enum(["all", "sections"], { errorMap: () => ({ message: "Choose all sections or some" }) }),
  sectionIds: z
    .array(z.string().uuid("Choose sections from the list"), { invalid_type_error: "Choose sections from the list" })
    .max(200, "Choose sections from the list")
    .optional()
    .default([]),
};

function atLeastOneSection(value: { scope: "all" | "sections"; sectionIds: string[] }, ctx: z.RefinementCtx) {
  if (value.scope === "sections" && value.sectionIds.length === 0) {
    ctx.addIssue({ code: "custom", path: ["sectionIds"], message: "Choose at least one section" });
  }
}

export const AssignEvaluatorSchema = z
  .object({ evaluatorId: formId("Choose an evaluator"), ...sectionScope })
  .superRefine(atLeastOneSection);
export type AssignEvaluatorInput = z.infer<typeof AssignEvaluatorSchema>;

export const ChangeSectionsSchema = z
  .object({ assignmentId: formId("Choose an evaluator on the panel"), ...sectionScope })
  .superRefine(atLeastOneSection);
export type ChangeSectionsInput = z.infer<typeof ChangeSectionsSchema>;

export const RemoveEvaluatorSchema = z.object({ assignmentId: formId("Choose an evaluator to remove") });

export const DeclarationSchema = z
  .object({
    // The organisation, never its bid: bid ids are in the bid pages' URLs, names must not meet them.
    organisationId: formId("Choose a bidder"),
    hasConflict: z.enum(["no", "yes"], {
      errorMap: () => ({ message: "Say whether you have a conflict of interest with this bidder" }),
    }),
    details: z
      .string()
      .max(DETAILS_MAX_CHARS, tooLongMessage("Details", DETAILS_MAX_CHARS))
      .refine(noNul, NUL_MESSAGE)
      .optional()
      .default(""),
  })
  .superRefine((value, ctx) => {
    if (value.hasConflict === "yes" && value.details.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["details"], message: "Describe the conflict of interest" });
    }
  });
export type DeclarationInput = z.infer<typeof DeclarationSchema>;

/** Pass/fail questions get pass or fail; written and file answers a score on the tender's scale. */
export type MarkKind = "pass_fail" | "scored";

export type MarkRules = { kind: MarkKind; scaleMax: number; minChars: number };

function reasonText(label: string, minChars: number) {
  return z
    .string({ required_error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .min(minChars, `The ${label} must be at least ${minChars} characters: say what in the bid supports the mark`)
    .max(JUSTIFICATION_MAX_CHARS, tooLongMessage(`The ${label}`, JUSTIFICATION_MAX_CHARS))
    .refine(noNul, NUL_MESSAGE);
}

function markField({ kind, scaleMax }: MarkRules) {
  if (kind === "pass_fail") {
    return z.enum(["pass", "fail"], { errorMap: () => ({ message: "Choose pass or fail" }) });
  }
  const scores = Array.from({ length: scaleMax + 1 }, (_, i) => String(i)) as [string, ...string[]];
  return z.enum(scores, { errorMap: () => ({ message: `Choose a score from 0 to ${scaleMax}` }) });
}

/** One evaluator's mark for one question: `version` is the draft's version the form showed (0: none yet). */
export function markSchema(rules: MarkRules) {
  return z.object({ version, mark: markField(rules), justification: reasonText("justification", rules.minChars) });
}
export type MarkInput = z.infer<ReturnType<typeof markSchema>>;

/** The moderator's consensus for one question, with the rationale for it. */
export function consensusSchema(rules: MarkRules) {
  return z.object({ version, mark: markField(rules), rationale: reasonText("rationale", rules.minChars) });
}
export type ConsensusInput = z.infer<ReturnType<typeof consensusSchema>>;

/** A stored mark (score or pass) as its form value. */
export function markValue(row: { score: number | null; pass: boolean | null }): string {
  if (row.pass !== null) return row.pass ? "pass" : "fail";
  return row.score === null ? "" : String(row.score);
}

/** A form value as the score/pass columns. */
export function markColumns(mark: string): { score: number | null; pass: boolean | null } {
  if (mark === "pass" || mark === "fail") return { score: null, pass: mark === "pass" };
  return { score: Number(mark), pass: null };
}
