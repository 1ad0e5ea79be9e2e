// A bidder's assessment summary (Procurement Act 2023 s.50, reg 31): for every award criterion its
// weight, the available score, the bidder's score and why, and the same for the winning bid; the
// totals and the standstill end. Names the bidder's own organisation only: the winner is "the
// winning bid". One shape for the page, the PDF and the email. No server imports.
import { formatPence, type QuestionKind } from "../tenders/questionnaire";
import { formatPoints, type RankedBid } from "./ranking";

export type SummaryMark = { score: string; points: string; reasons: string };

export type SummaryCriterion = {
  number: string;
  title: string;
  kind: QuestionKind;
  /** "30%" or "Pass or fail". */
  weight: string;
  /** The most a bid could score: "30.00 points", or "Pass". */
  available: string;
  own: SummaryMark;
  winning: SummaryMark;
};

export type SummaryTotals = { quality: string; price: string; total: string };

export type AssessmentSummary = {
  procurementTitle: string;
  organisation: string;
  outcome: "successful" | "unsuccessful" | "excluded";
  /** "2nd of 5 bids"; null when the bid was excluded. */
  position: string | null;
  /** Why the bid was excluded (a failed pass or fail question), if it was. */
  exclusion: string | null;
  scaleMax: number;
  criteria: SummaryCriterion[];
  totals: { available: SummaryTotals; own: SummaryTotals; winning: SummaryTotals };
  noticeDateText: string;
  standstillEndsOnText: string;
  generatedAtText: string;
  portalUrl: string;
};

/** How the summary's scores were reached: the same paragraph on the page and in the PDF. */
export function summaryMethodText(scaleMax: number): string {
  return (
    "For every award criterion this summary gives its weight, the score available, your bid's score and the reasons " +
    "for it, and the same for the winning bid (Procurement Act 2023, section 50). " +
    `Quality questions were scored 0 to ${scaleMax} by each evaluator independently, then agreed at moderation; ` +
    `a question's points are its agreed score divided by ${scaleMax} and multiplied by its weight. ` +
    "Price was scored by formula: the lowest compliant total price divided by the bid's total price, multiplied by " +
    "the price weight. Pass or fail questions are not scored: a fail excludes a bid. " +
    "The contract will not be entered into before the standstill period ends."
  );
}

export function ordinal(n: number): string {
  const rem100 = n % 100;
  const suffix =
    rem100 >= 11 && rem100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10];
  return `${n}${suffix ?? "th"}`;
}

type Question = RankedBid["questions"][number];

/** `pricePence`: the bid's own price for a price question, when the reader may see it (their own bid). */
function markOf(q: Question | undefined, scaleMax: number, pricePence: number | null): SummaryMark {
  if (!q) return { score: "Not assessed", points: "", reasons: "" };
  if (q.kind === "pass_fail") {
    return { score: q.pass === null ? "Not assessed" : q.pass ? "Pass" : "Fail", points: "", reasons: q.rationale };
  }
  if (q.kind === "price") {
    // Another bidder's price (the lowest, the winner's) is its commercial information: only the formula is given.
    const points = `${formatPoints(q.weighted)} points`;
    const own = pricePence !== null && pricePence > 0;
    return {
      score: own ? `Total price ${formatPence(pricePence)}` : "Scored by formula",
      points,
      reasons: own
        ? `Scored by formula: the lowest compliant total price divided by this bid's total price (${formatPence(pricePence)}), multiplied by the weight (${q.weight ?? 0}): ${points}.`
        : `Scored by formula: the lowest compliant total price divided by this bid's total price, multiplied by the weight (${q.weight ?? 0}): ${points}.`,
    };
  }
  return {
    score: q.raw === null ? "Not assessed" : `${q.raw} out of ${scaleMax}`,
    points: `${formatPoints(q.weighted)} points`,
    reasons: q.rationale,
  };
}

function totalsOf(bid: RankedBid): SummaryTotals {
  return { quality: formatPoints(bid.quality), price: formatPoints(bid.price), total: formatPoints(bid.total) };
}

/**
 * The summary for `own`, against `winner`. The winning bid's price is given as its points only:
 * its amount is the winner's commercial information.
 */
export function assessmentSummaryOf(input: {
  procurementTitle: string;
  organisation: string;
  own: RankedBid;
  /** The bid's own price schedule totals, by question (pence). */
  ownPriceTotals: Record<string, number>;
  winner: RankedBid;
  ranked: RankedBid[];
  scaleMax: number;
  noticeDateText: string;
  standstillEndsOnText: string;
  generatedAtText: string;
  portalUrl: string;
}): AssessmentSummary {
  const { own, winner, scaleMax } = input;
  const rankedCount = input.ranked.filter((r) => r.rank !== null).length;
  const winning = new Map(winner.questions.map((q) => [q.questionId, q]));
  const available = own.questions.reduce(
    (sum, q) => {
      if (q.kind === "price") sum.price += q.available;
      else if (q.kind !== "pass_fail") sum.quality += q.available;
      return sum;
    },
    { quality: 0, price: 0 },
  );
  return {
    procurementTitle: input.procurementTitle,
    organisation: input.organisation,
    outcome: own.bidId === winner.bidId ? "successful" : own.excluded ? "excluded" : "unsuccessful",
    position:
      own.rank === null ? null : `${ordinal(own.rank)} of ${rankedCount} ranked ${rankedCount === 1 ? "bid" : "bids"}`,
    exclusion: own.excluded ? `Question ${own.excluded.number}, ${own.excluded.title}: ${own.excluded.reason}` : null,
    scaleMax,
    criteria: own.questions.map((q) => ({
      number: q.number,
      title: q.title,
      kind: q.kind,
      weight: q.kind === "pass_fail" ? "Pass or fail" : `${q.weight}%`,
      available: q.kind === "pass_fail" ? "Pass" : `${formatPoints(q.available)} points`,
      own: markOf(q, scaleMax, input.ownPriceTotals[q.questionId] ?? null),
      winning: markOf(
        winning.get(q.questionId),
        scaleMax,
        own.bidId === winner.bidId ? (input.ownPriceTotals[q.questionId] ?? null) : null,
      ),
    })),
    totals: {
      available: {
        quality: formatPoints(available.quality),
        price: formatPoints(available.price),
        total: formatPoints(available.quality + available.price),
      },
      own: totalsOf(own),
      winning: totalsOf(winner),
    },
    noticeDateText: input.noticeDateText,
    standstillEndsOnText: input.standstillEndsOnText,
    generatedAtText: input.generatedAtText,
    portalUrl: input.portalUrl,
  };
}
