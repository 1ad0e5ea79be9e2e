// Zod schemas for discovery findings and supplier responses, shared by the forms and the actions.
import { z } from "zod";
import { requiredText } from "~/text-schema";
import { queryChoice, queryText, readQuery } from "~/query";

export const DEFAULT_THEMES = [
  "Interoperability",
  "Information governance",
  "Clinical safety and regulation",
  "Data access",
  "Workforce",
  "Infrastructure and hosting",
  "Commercial and funding",
] as const;

export const FINDING_KINDS = ["opportunity", "blocker"] as const;
export const FINDING_IMPACTS = ["low", "medium", "high"] as const;
export const FINDING_STATUSES = ["draft", "published", "archived"] as const;

export const KIND_LABELS: Record<(typeof FINDING_KINDS)[number], string> = {
  opportunity: "Opportunity",
  blocker: "Blocker",
};
export const IMPACT_LABELS: Record<(typeof FINDING_IMPACTS)[number], string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
};

// A malformed key is ignored rather than refused: it only protects against a repeated post.
const IdempotencyKey = z.string().uuid().optional().catch(undefined);

export const ThemeNameSchema = requiredText({ missing: "Enter the new theme", subject: "A new theme", max: 80 });

const FindingFields = z.object({
  title: requiredText({ missing: "Enter a title", subject: "Title", max: 200 }),
  kind: z.enum(FINDING_KINDS, { errorMap: () => ({ message: "Select whether it is an opportunity or a blocker" }) }),
  theme: z.string().trim().max(80, "Theme must be 80 characters or fewer").optional().default(""),
  newTheme: z.string().trim().max(80, "A new theme must be 80 characters or fewer").optional().default(""),
  description: requiredText({ missing: "Enter a description", subject: "Description", max: 10000 }),
  evidenceSource: requiredText({
    missing: "Enter where the evidence comes from",
    subject: "Evidence source",
    max: 1000,
  }),
  evidenceCount: z.coerce
    .number({ invalid_type_error: "Enter how many organisations said so, as a number" })
    .int("Enter a whole number")
    .min(1, "At least 1 organisation must have said so")
    .max(10000, "Enter a number up to 10,000"),
  impact: z.enum(FINDING_IMPACTS, { errorMap: () => ({ message: "Select the impact" }) }),
  version: z.coerce.number().int().min(0).optional(),
  idempotencyKey: IdempotencyKey,
});

const filled = (value: unknown) => typeof value === "string" && value.trim() !== "";

// zod runs an object's refinements only once every field is valid, so the theme rule is checked
// before the fields are: the error summary then lists a missing theme with the other errors.
export const FindingSchema = z.preprocess((raw, ctx) => {
  const values = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  if (!filled(values.theme) && !filled(values.newTheme))
    ctx.addIssue({ code: "custom", path: ["theme"], message: "Select a theme or add a new one" });
  return raw;
}, FindingFields);
export type FindingInput = z.infer<typeof FindingSchema>;

export const FindingResponseSchema = z.object({
  body: requiredText({ missing: "Enter your response", subject: "Your response", max: 5000 }),
  idempotencyKey: IdempotencyKey,
});
export type FindingResponseInput = z.infer<typeof FindingResponseSchema>;

// The filters come from the address bar: each reads as a value or as not given (app/query.ts).
export const FindingFiltersSchema = z.object({
  kind: queryChoice(FINDING_KINDS),
  impact: queryChoice(FINDING_IMPACTS),
  status: queryChoice(FINDING_STATUSES),
  theme: queryText(80),
  q: queryText(200),
});
export type FindingFilters = z.infer<typeof FindingFiltersSchema>;

export function filtersFrom(url: URL): FindingFilters {
  return readQuery(url, FindingFiltersSchema);
}
