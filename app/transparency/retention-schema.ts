// The form an admin uses to record how long a procurement's record is kept (a legal hold, a longer
// period a records officer decides, or back to the default), shared by the page and its action.
import { z } from "zod";
import { isCalendarDate } from "~/evaluation/award-schema";
import { NUL_MESSAGE, noNul } from "~/text";

/** The Procurement Act 2023 (s.98): records kept at least this many years after the contract award. */
export const RETENTION_YEARS = 3;

export const RETENTION_REASON_MAX_CHARS = 2_000;

const reason = z
  .string({ required_error: "Enter the reason for the change" })
  .trim()
  .min(10, "Enter the reason for the change (10 characters or more)")
  .max(
    RETENTION_REASON_MAX_CHARS,
    `The reason must be ${RETENTION_REASON_MAX_CHARS.toLocaleString("en-GB")} characters or fewer`,
  )
  .refine(noNul, NUL_MESSAGE);

export const RetentionChangeSchema = z
  .object({
    intent: z.enum(["record", "default"], {
      errorMap: () => ({ message: "Choose how long the record is kept" }),
    }),
    endsOn: z.string().trim().optional(),
    reason,
  })
  .superRefine((value, context) => {
    if (value.intent !== "record") return;
    if (!value.endsOn) {
      context.addIssue({ code: "custom", path: ["endsOn"], message: "Enter the date the record must be kept until" });
    } else if (!isCalendarDate(value.endsOn)) {
      context.addIssue({
        code: "custom",
        path: ["endsOn"],
        message: "Enter the date the record must be kept until as a real date, like 2031-03-04",
      });
    }
  });
export type RetentionChange = z.infer<typeof RetentionChangeSchema>;
