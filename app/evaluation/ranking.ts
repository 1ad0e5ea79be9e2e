// The evaluation arithmetic: consensus scores and price totals into weighted points, pass/fail
// exclusions and the ranking with the tender's tie-break rule. Pure and browser-safe: the
// moderation screen, the scoring pack and the assessment summaries all show the same numbers.
import { formatPence, type QuestionKind } from "../tenders/questionnaire";

export const DEFAULT_SCALE_MAX = 4;

/** Individual scores this far apart (or further) on a question are flagged to the moderator. */
export const SPREAD_FLAG = 2;

const FOUR_POINT_LABELS = ["Unacceptable", "Poor", "Satisfactory", "Good", "Excellent"];

export type RankingQuestion = { id: string; number: string; title: string; kind: QuestionKind; weight: number | null };
export type ConsensusMark = { score: number | null; pass: boolean | null; rationale: string };
export type RankingBid = {
  bidId: string;
  label: string; // "Bidder A"
  consensus: Record<string, ConsensusMark>; // by question id; pass_fail, text and file questions
  priceTotals: Record<string, number>; // by price question id: the bid's schedule total in pence
};
export type TieBreak = "quality" | "price";
export type RankingInput = { questions: RankingQuestion[]; bids: RankingBid[]; scaleMax: number; tieBreak: TieBreak };
export type QuestionResult = {
  questionId: string;
  number: string;
  title: string;
  kind: QuestionKind;
  weight: number | null;
  available: number;
  raw: number | null;
  pass: boolean | null;
  weighted: number;
  rationale: string;
};
export type RankedBid = {
  bidId: string;
  label: string;
  excluded: { number: string; title: string; reason: string } | null; // a consensus fail on a pass/fail question
  missing: string[]; // numbers of questions with no consensus yet (then the bid is not ranked)
  quality: number;
  price: number;
  total: number; // weighted points out of the weights (e.g. 70 + 30 = 100), unrounded
  totalPricePence: number;
  rank: number | null; // 1 = best; null when excluded or missing; equal bids after the tie-break share a rank
  tieBreak: string | null; // a sentence when the tie-break rule decided this bid's place against another with an equal total
  questions: QuestionResult[];
};

function assertScale(scaleMax: number) {
  if (!Number.isInteger(scaleMax) || scaleMax < 1) {
    throw new RangeError(`A score scale runs from 0 to a whole number of at least 1, not ${scaleMax}`);
  }
}

/** What each score on the scale means; the default 0–4 scale has a word for every point. */
export function scoreDescriptors(scaleMax: number): { score: number; label: string }[] {
  assertScale(scaleMax);
  if (scaleMax === DEFAULT_SCALE_MAX) return FOUR_POINT_LABELS.map((label, score) => ({ score, label }));
  return Array.from({ length: scaleMax + 1 }, (_, score) => ({
    score,
    label: score === 0 ? FOUR_POINT_LABELS[0] : score === scaleMax ? FOUR_POINT_LABELS[4] : String(score),
  }));
}

/** How far apart the evaluators' scores on one question are, and whether the moderator must look. */
export function scoreSpread(scores: number[]): { spread: number; flagged: boolean } {
  const spread = scores.length === 0 ? 0 : Math.max(...scores) - Math.min(...scores);
  return { spread, flagged: spread >= SPREAD_FLAG };
}

/** Points as the portal shows them everywhere: two decimal places ("63.50"). */
export function formatPoints(points: number): string {
  return points.toFixed(2);
}

// Points are compared in hundredths, as shown, so that 0.1 + 0.2 style noise cannot split a tie.
const hundredths = (points: number) => Math.round(points * 100);

const isQuality = (kind: QuestionKind) => kind === "text" || kind === "file";

type Assessed = RankedBid & { order: number };

export function rankBids(input: RankingInput): RankedBid[] {
  const { questions, bids, scaleMax, tieBreak } = input;
  assertScale(scaleMax);
  const priceQuestions = questions.filter((q) => q.kind === "price");

  const gated = bids.map((bid) => {
    const missing: string[] = [];
    let excluded: RankedBid["excluded"] = null;
    for (const question of questions) {
      if (question.kind === "price") continue;
      const mark = bid.consensus[question.id];
      const decided = question.kind === "pass_fail" ? mark?.pass : mark?.score;
      if (decided === undefined || decided === null) missing.push(question.number);
      else if (question.kind === "pass_fail" && decided === false && !excluded) {
        excluded = { number: question.number, title: question.title, reason: mark?.rationale ?? "" };
      }
    }
    return { bid, missing, excluded };
  });

  // The lowest price is taken among compliant bids only: an excluded bid's price, or one whose
  // evaluation is unfinished, must not lower everybody else's price points.
  const compliant = gated.filter((g) => !g.excluded && g.missing.length === 0);
  const lowestPrice = new Map<string, number>();
  for (const question of priceQuestions) {
    const totals = compliant.map((g) => g.bid.priceTotals[question.id]).filter((t) => t > 0);
    if (totals.length > 0) lowestPrice.set(question.id, Math.min(...totals));
  }

  const assessed: Assessed[] = gated.map(({ bid, missing, excluded }, order) => {
    const results = questions.map((question) => assessQuestion(question, bid, scaleMax, lowestPrice));
    const sumOf = (kinds: (kind: QuestionKind) => boolean) =>
      results.filter((r) => kinds(r.kind)).reduce((sum, r) => sum + r.weighted, 0);
    const quality = sumOf(isQuality);
    const price = sumOf((kind) => kind === "price");
    return {
      bidId: bid.bidId,
      label: bid.label,
      excluded,
      missing,
      quality,
      price,
      total: quality + price,
      totalPricePence: priceQuestions.reduce((sum, q) => sum + (bid.priceTotals[q.id] ?? 0), 0),
      rank: null,
      tieBreak: null,
      questions: results,
      order,
    };
  });

  const byTieBreak = (a: RankedBid, b: RankedBid) =>
    tieBreak === "price" ? a.totalPricePence - b.totalPricePence : hundredths(b.quality) - hundredths(a.quality);
  const ranked = assessed
    .filter((b) => !b.excluded && b.missing.length === 0)
    .sort((a, b) => hundredths(b.total) - hundredths(a.total) || byTieBreak(a, b) || a.order - b.order);
  ranked.forEach((bid, i) => {
    const previous = ranked[i - 1];
    const tied = previous && hundredths(previous.total) === hundredths(bid.total) && byTieBreak(previous, bid) === 0;
    bid.rank = tied ? previous.rank : i + 1;
  });
  for (const bid of ranked) {
    const equals = ranked.filter((other) => other !== bid && hundredths(other.total) === hundredths(bid.total));
    if (equals.length > 0) bid.tieBreak = explainTieBreak(bid, equals, tieBreak);
  }

  const unranked = assessed.filter((b) => b.rank === null);
  return [...ranked, ...unranked].map(({ order: _order, ...bid }) => bid);
}

function assessQuestion(
  question: RankingQuestion,
  bid: RankingBid,
  scaleMax: number,
  lowestPrice: Map<string, number>,
): QuestionResult {
  const base = {
    questionId: question.id,
    number: question.number,
    title: question.title,
    kind: question.kind,
    weight: question.weight,
  };
  const available = question.weight ?? 0;

  if (question.kind === "price") {
    const points = scorePrice(bid.priceTotals[question.id], lowestPrice.get(question.id), available);
    return { ...base, available, raw: null, pass: null, ...points };
  }

  const mark = bid.consensus[question.id];
  const rationale = mark?.rationale ?? "";
  if (question.kind === "pass_fail") {
    return { ...base, available: 0, raw: null, pass: mark?.pass ?? null, weighted: 0, rationale };
  }
  const score = mark?.score ?? null;
  if (score !== null && !(score >= 0 && score <= scaleMax)) {
    throw new RangeError(`${bid.label}'s consensus score on ${question.number} is ${score}, outside 0 to ${scaleMax}`);
  }
  const weighted = score === null ? 0 : (score / scaleMax) * available;
  return { ...base, available, raw: score, pass: null, weighted, rationale };
}

// A missing or zero total is not a price that can be compared: it earns no points (rather than
// dividing by zero) and never counts as the lowest. A bid that is not compliant but cheaper than
// the lowest compliant one gets the full weight, never more.
function scorePrice(
  total: number | undefined,
  lowest: number | undefined,
  available: number,
): { weighted: number; rationale: string } {
  if (total === undefined || !(total > 0)) return { weighted: 0, rationale: "No total price, so no price points." };
  if (lowest === undefined) {
    return { weighted: 0, rationale: `${formatPence(total)}; no compliant bid's price to compare it with yet.` };
  }
  const weighted = Math.min(1, lowest / total) * available;
  return {
    weighted,
    rationale: `Lowest compliant price ${formatPence(lowest)} ÷ this bid's ${formatPence(total)} × ${available} = ${formatPoints(weighted)}.`,
  };
}

const listFormat = new Intl.ListFormat("en-GB", { type: "conjunction" });

function explainTieBreak(bid: RankedBid, equals: RankedBid[], tieBreak: TieBreak): string {
  const rule = tieBreak === "price" ? "lower total price first" : "higher quality score first";
  const measure = (b: RankedBid) =>
    tieBreak === "price" ? formatPence(b.totalPricePence) : `${formatPoints(b.quality)} quality points`;
  const rank = bid.rank ?? 0;
  const names = (bids: RankedBid[]) => listFormat.format(bids.map((b) => b.label));
  const against = (bids: RankedBid[]) => bids.map((b) => `${measure(b)} for ${b.label}`).join(", ");
  const above = equals.filter((b) => (b.rank ?? 0) > rank);
  const below = equals.filter((b) => (b.rank ?? 0) < rank);
  const shared = equals.filter((b) => b.rank === rank);

  const sentences = [`Total ${formatPoints(bid.total)}, equal to ${names(equals)}.`];
  if (above.length > 0) {
    sentences.push(
      `Placed above ${names(above)} by the tie-break rule (${rule}): ${measure(bid)} against ${against(above)}.`,
    );
  }
  if (below.length > 0) {
    sentences.push(
      `Placed below ${names(below)} by the tie-break rule (${rule}): ${measure(bid)} against ${against(below)}.`,
    );
  }
  if (shared.length > 0) {
    sentences.push(`Still equal to ${names(shared)} after the tie-break rule (${rule}), so the rank is shared.`);
  }
  return sentences.join(" ");
}
