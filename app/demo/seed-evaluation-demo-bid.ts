// The shape of one of the pilot's demo bids: its answers, plan and prices, and the panel's marks
// and consensus for it (the bid data itself is in seed-evaluation-bids-*.ts).
import type { PassFailKey, QualityKey, TextKey } from "./seed-evaluation-questionnaire";

export type EvaluatorKey = "rahman" | "whitfield" | "castell";
export type Mark = [score: number, justification: string];
export type PassFailMark = [pass: boolean, justification: string];
export type BidderKey = "radiant" | "northern" | "lumen" | "severn" | "kestrel";

export type DemoBid = {
  bidder: BidderKey;
  /** Hours before the deadline the bid was submitted. */
  hoursEarly: number;
  passFail: Record<
    PassFailKey,
    { evidence: string; marks: Partial<Record<EvaluatorKey, PassFailMark>>; consensus: PassFailMark }
  >;
  answers: Record<TextKey, string>;
  plan: { filename: string; lines: string[] };
  unitPrices: Record<string, string>;
  marks: Record<QualityKey, { by: Partial<Record<EvaluatorKey, Mark>>; consensus: Mark }>;
};

/** A pass/fail question every evaluator passed, in their own words, with the panel's agreement. */
export function passed(evidence: string, notes: Partial<Record<EvaluatorKey, string>>, consensus: string) {
  const marks = Object.fromEntries(Object.entries(notes).map(([k, note]) => [k, [true, note]])) as Partial<
    Record<EvaluatorKey, PassFailMark>
  >;
  return { evidence, marks, consensus: [true, consensus] as PassFailMark };
}
