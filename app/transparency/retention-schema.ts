// The form an admin uses to record how long a procurement's record is kept (a legal hold, a longer
// period a records officer decides, or back to the default), shared by the page and its action.
import { z } from "zod";
import { isCalendarDate } from "~/query";
import { requiredText } from "~/text-schema";

/** The Procurement Act 2023 (s.98): records kept at least this many years after the contract award. */
export const RETENTION_YEARS = 3;

export const RETENTION_REASON_MAX_CHARS = 2_000;

const reason = requiredText({
  missing: "Enter the reason for the change",
  min: 10,
  subject: "The reason",
  max: RETENTION_REASON_MAX_CHARS,
});

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
