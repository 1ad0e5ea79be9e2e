// The zod schema for creating and editing a procurement, shared by the form and the action.
import { z } from "zod";
import { optionalMatching, requiredText } from "~/text-schema";

const optionalDateTime = optionalMatching(
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
  "Enter a date and time, like 2027-03-31T12:00",
);

export const ProcurementSchema = z.object({
  title: requiredText({ missing: "Enter a title", subject: "Title", max: 200 }),
  slug: z
    .string({ required_error: "Enter a short web address of at least 3 characters" })
    .trim()
    .min(3, "Enter a short web address of at least 3 characters")
    .max(60, "The web address must be 60 characters or fewer")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, numbers and hyphens only, like ai-imaging-platform"),
  summary: requiredText({ missing: "Enter a summary", subject: "Summary", max: 1000 }),
  description: z.string().trim().max(20000, "Description must be 20,000 characters or fewer").optional().default(""),
  estimatedValue: optionalMatching(/^\d{1,12}(\.\d{1,2})?$/, "Enter an amount in pounds, like 25000000", (v) =>
    v.replace(/[£,\s]/g, ""),
  ),
  discoveryStartsAt: optionalDateTime,
  engagementStartsAt: optionalDateTime,
  engagementClosesAt: optionalDateTime,
  tenderPublishedAt: optionalDateTime,
  clarificationDeadline: optionalDateTime,
  bidDeadline: optionalDateTime,
  evaluationStartsAt: optionalDateTime,
  awardAt: optionalDateTime,
  standstillEndsAt: optionalDateTime,
  version: z.coerce.number().int().min(0).optional(),
});
export type ProcurementInput = z.infer<typeof ProcurementSchema>;
