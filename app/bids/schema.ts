// The bid forms' zod schemas, shared by the browser and the actions.
import { z } from "zod";
import { noNul } from "~/text";
import { tooLongMessage } from "~/text-schema";

export const ANSWER_MAX_CHARS = 100_000;
export const EVIDENCE_MAX_CHARS = 20_000;

const version = z.coerce
  .number({ invalid_type_error: "Reload the page and try again" })
  .int("Reload the page and try again")
  .min(0, "Reload the page and try again")
  .max(1_000_000_000, "Reload the page and try again");

/**
 * Saving one answer. `version` is the answer's version the form was showing (0: none yet); price
 * schedules send `unitPrice.<line key>` fields, read beside this schema.
 */
export const SaveAnswerSchema = z.object({
  intent: z.literal("save"),
  version,
  mode: z.enum(["page", "fetch"]).optional(),
  answer: z.enum(["yes", "no"], { errorMap: () => ({ message: "Select yes or no" }) }).optional(),
  evidence: z.string().max(EVIDENCE_MAX_CHARS, tooLongMessage("Evidence", EVIDENCE_MAX_CHARS)).optional(),
  text: z.string().max(ANSWER_MAX_CHARS, tooLongMessage("An answer", ANSWER_MAX_CHARS)).optional(),
});
export type SaveAnswerInput = z.infer<typeof SaveAnswerSchema>;

export const RemoveFileSchema = z.object({
  intent: z.literal("remove-file"),
  fileId: z.string().uuid("Choose a file to remove"),
});

export const WorkspaceActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("review") }),
  z.object({ intent: z.literal("withdraw"), reference: z.string().min(1).max(40) }),
]);

export const SubmitBidSchema = z.object({
  // A plain form posts "on"; react-hook-form reads a ticked box as true.
  declaration: z.union([z.literal("on"), z.literal(true)], {
    errorMap: () => ({ message: "Confirm the declaration before you submit your bid" }),
  }),
  idempotencyKey: z.string().uuid("Reload the page and try again"),
});
export type SubmitBidInput = z.infer<typeof SubmitBidSchema>;

export const VerifyReceiptSchema = z.object({
  reference: z
    .string()
    .trim()
    .min(1, "Enter the receipt reference")
    .max(40, "Enter the reference as it appears on your receipt")
    .refine(noNul, "Enter the reference as it appears on your receipt")
    .transform((v) => v.toUpperCase()),
  digest: z
    .string()
    .trim()
    .transform((v) => v.toLowerCase().replace(/\s+/g, ""))
    .pipe(z.string().regex(/^[0-9a-f]{64}$/, "Enter the digest: 64 characters, 0 to 9 and a to f")),
});
