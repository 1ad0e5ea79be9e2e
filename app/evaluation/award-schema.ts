// The award decision form's zod schema, shared by the ranking page and its action.
import { z } from "zod";
import { NUL_MESSAGE, noNul } from "~/text";

export const AWARD_RATIONALE_MAX_CHARS = 10_000;

/** A real calendar day written YYYY-MM-DD (what a date field sends). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const AwardDecisionSchema = z.object({
  intent: z.literal("award"),
  bidId: z.string({ required_error: "Choose the winning bid" }).uuid("Choose the winning bid"),
  rationale: z
    .string({ required_error: "Enter the reasons for the award decision" })
    .trim()
    .min(20, "Enter the reasons for the award decision (20 characters or more)")
    .max(
      AWARD_RATIONALE_MAX_CHARS,
      `The reasons must be ${AWARD_RATIONALE_MAX_CHARS.toLocaleString("en-GB")} characters or fewer`,
    )
    .refine(noNul, NUL_MESSAGE),
  noticeDate: z
    .string({ required_error: "Enter the date of the award notice" })
    .trim()
    .refine(isCalendarDate, "Enter the date of the award notice as a real date, like 2027-03-04"),
});
export type AwardDecision = z.infer<typeof AwardDecisionSchema>;

export const SendSummariesSchema = z.object({ intent: z.literal("send-summaries") });

export const RankingActionSchema = z.discriminatedUnion("intent", [AwardDecisionSchema, SendSummariesSchema]);
