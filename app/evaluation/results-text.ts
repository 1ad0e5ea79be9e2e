// The results of an evaluation in words, for the ranking page, the scoring pack and its page: the
// ranking table's rows, the notes that explain exclusions and tie-breaks, and the methodology (also
// stated to bidders on the tender page).
import { ordinal } from "./assessment-summary";
import { formatPoints, scoreDescriptors, SPREAD_FLAG, type RankedBid } from "./ranking";
import type { EvaluationResults, EvaluationRules } from "./results.server";
import type { PackRankingRow, ScoringPack } from "./scoring-pack";

export function standingOf(bid: RankedBid): string {
  if (bid.excluded) return `Excluded: question ${bid.excluded.number} failed`;
  if (bid.rank === null) return `Unranked: no consensus on ${bid.missing.join(", ")}`;
  return bid.tieBreak ? `Ranked ${ordinal(bid.rank)} (tie-break applied)` : `Ranked ${ordinal(bid.rank)}`;
}

export function rankingRows(results: Pick<EvaluationResults, "ranked" | "bidders">): PackRankingRow[] {
  const organisations = new Map(results.bidders.map((b) => [b.bidId, b.organisation]));
  return results.ranked.map((r) => ({
    rank: r.rank === null ? "–" : String(r.rank),
    label: r.label,
    organisation: organisations.get(r.bidId) ?? "",
    quality: formatPoints(r.quality),
    price: formatPoints(r.price),
    total: formatPoints(r.total),
    status: r.excluded
      ? `Excluded (${r.excluded.number})`
      : r.rank === null
        ? "Unranked"
        : r.tieBreak
          ? "Ranked by tie-break"
          : "Ranked",
  }));
}

/** What the ranking table's short standings mean: exclusions with the reason, what is missing, tie-breaks. */
export function rankingNotes(results: Pick<EvaluationResults, "ranked">): string[] {
  return results.ranked.flatMap((r) => {
    if (r.excluded) {
      return [
        `${r.label} is excluded: question ${r.excluded.number}, ${r.excluded.title}, failed. ${r.excluded.reason}`,
      ];
    }
    if (r.rank === null) return [`${r.label} is not ranked yet: no consensus on ${r.missing.join(", ")}.`];
    return r.tieBreak ? [`${r.label}: ${r.tieBreak}`] : [];
  });
}

/**
 * The evaluation method in words, from the tender's rules: stated to bidders on the tender page
 * and, unchanged, in the ranking and the scoring pack, so what was applied is what was promised.
 */
export function evaluationMethodText(rules: EvaluationRules): ScoringPack["methodology"] {
  const { scaleMax, tieBreak, justificationMinChars } = rules;
  return {
    scale: `Each evaluator scores each quality question from 0 to ${scaleMax}, independently and with a written justification of at least ${justificationMinChars} characters that refers to the bid. A question's points are the agreed score ÷ ${scaleMax} × its weight.`,
    descriptors: scoreDescriptors(scaleMax).map((d) => `${d.score}: ${d.label}`),
    priceFormula:
      "Price is scored by formula, not by the evaluators: the lowest compliant total price ÷ the bid's total price × the price weight. Only bids that pass every pass or fail question and are fully moderated count as compliant.",
    passFail:
      "Pass or fail questions gate: a consensus fail on any of them excludes the bid, with the reason recorded. They carry no weight.",
    tieBreak:
      tieBreak === "price"
        ? "Tie-break, as stated in the tender: of bids with equal totals, the one with the lower total price ranks higher."
        : "Tie-break, as stated in the tender: of bids with equal totals, the one with the higher quality score ranks higher.",
    moderation: `When every assigned evaluator has submitted their marks for a bid, a moderator sees all the marks side by side (spreads of ${SPREAD_FLAG} points or more flagged) and records a consensus score and rationale for each question. The individual marks stay unchanged and are kept with the consensus.`,
  };
}

export function methodologyOf(results: Pick<EvaluationResults, "rules">): ScoringPack["methodology"] {
  return evaluationMethodText(results.rules);
}
