// The bid forms' zod schemas, shared by the browser and the actions.
import { z } from "zod";
import { noNul } from "~/text";
import { formId, formLiteral, formVersion, RELOAD_MESSAGE, tooLongMessage } from "~/text-schema";

export const ANSWER_MAX_CHARS = 100_000;
export const EVIDENCE_MAX_CHARS = 20_000;

const version = formVersion(0);

/**
 * Saving one answer. `version` is the answer's version the form was showing (0: none yet); price
 * schedules send `unitPrice.<line key>` fields, read beside this schema.
 */
export const SaveAnswerSchema = z.object({
  intent: formLiteral("save"),
  version,
  mode: z.enum(["page", "fetch"], { errorMap: () => ({ message: RELOAD_MESSAGE }) }).optional(),
  answer: z.enum(["yes", "no"], { errorMap: () => ({ message: "Select yes or no" }) }).optional(),
  evidence: z.string().max(EVIDENCE_MAX_CHARS, tooLongMessage("Evidence", EVIDENCE_MAX_CHARS)).optional(),
  text: z.string().max(ANSWER_MAX_CHARS, tooLongMessage("An answer", ANSWER_MAX_CHARS)).optional(),
});
export type SaveAnswerInput = z.infer<typeof SaveAnswerSchema>;

export const RemoveFileSchema = z.object({
  intent: formLiteral("remove-file"),
  fileId: formId("Choose a file to remove"),
});

export const WorkspaceActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("start") }),
    z.object({ intent: z.literal("review") }),
    z.object({
      intent: z.literal("withdraw"),
      reference: z.string({ required_error: RELOAD_MESSAGE }).min(1, RELOAD_MESSAGE).max(40, RELOAD_MESSAGE),
    }),
  ],
  { errorMap: () => ({ message: RELOAD_MESSAGE }) },
);

const DECLARATION_MISSING = { errorMap: () => ({ message: "Confirm the declaration before you submit your bid" }) };

export const SubmitBidSchema = z.object({
  // A plain form posts "on"; react-hook-form reads a ticked box as true. Each member carries the
  // message too: in the browser the resolver shows a union member's own message, not the union's.
  declaration: z.union(
    [z.literal("on", DECLARATION_MISSING), z.literal(true, DECLARATION_MISSING)],
    DECLARATION_MISSING,
  ),
  idempotencyKey: formId(RELOAD_MESSAGE),
});
export type SubmitBidInput = z.infer<typeof SubmitBidSchema>;

export const VerifyReceiptSchema = z.object({
  reference: z
    .string({ required_error: "Enter the receipt reference" })
    .trim()
    .min(1, "Enter the receipt reference")
    .max(40, "Enter the reference as it appears on your receipt")
    .refine(noNul, "Enter the reference as it appears on your receipt")
    .transform((v) => v.toUpperCase()),
  digest: z
    .string({ required_error: "Enter the digest" })
    .trim()
    .transform((v) => v.toLowerCase().replace(/\s+/g, ""))
    .pipe(z.string().regex(/^[0-9a-f]{64}$/, "Enter the digest: 64 characters, 0 to 9 and a to f")),
});
