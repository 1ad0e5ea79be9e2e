// The award decision form's zod schema, shared by the ranking page and its action.
import { z } from "zod";
import { isCalendarDate } from "~/query";
import { requiredText } from "~/text-schema";

export const AWARD_RATIONALE_MAX_CHARS = 10_000;

export const AwardDecisionSchema = z.object({
  intent: z.literal("award"),
  bidId: z.string({ required_error: "Choose the winning bid" }).uuid("Choose the winning bid"),
  rationale: requiredText({
    missing: "Enter the reasons for the award decision",
    min: 20,
    subject: "The reasons",
    max: AWARD_RATIONALE_MAX_CHARS,
  }),
  noticeDate: z
    .string({ required_error: "Enter the date of the award notice" })
    .trim()
    .refine(isCalendarDate, "Enter the date of the award notice as a real date, like 2027-03-04"),
});
export type AwardDecision = z.infer<typeof AwardDecisionSchema>;

export const SendSummariesSchema = z.object({ intent: z.literal("send-summaries") });

export const RankingActionSchema = z.discriminatedUnion("intent", [AwardDecisionSchema, SendSummariesSchema]);
