// The scoring pack's content: one shape for the page, the PDF and the benchmark. Everything is
// already text (dates in UK time, points formatted), so the renderers only lay it out.

export const PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE: COMMERCIAL";

export type PackCriterion = { number: string; title: string; kind: string; weight: string; available: string };

export type PackRankingRow = {
  rank: string;
  label: string;
  organisation: string;
  quality: string;
  price: string;
  total: string;
  /** "Ranked", "Ranked by tie-break", "Excluded (1.1)", "Unranked": rankingNotes say why. */
  status: string;
};

export type PackMark = { evaluator: string; mark: string; justification: string; submittedAtText: string };

export type PackQuestion = {
  number: string;
  title: string;
  kind: string;
  weight: string;
  marks: PackMark[];
  /** Conflicted evaluators and those not assigned the question are listed by name. */
  notScoredBy: string[];
  consensus: { mark: string; points: string; rationale: string; byline: string } | null;
};

export type PackBid = {
  label: string;
  organisation: string;
  reference: string;
  submittedAtText: string;
  standing: string;
  questions: PackQuestion[];
};

export type PackConflict = {
  evaluator: string;
  bid: string;
  declaration: string;
  details: string;
  declaredAtText: string;
};

export type PackEvent = { atText: string; what: string; who: string; detail: string };

export type ScoringPack = {
  procurementTitle: string;
  generatedAtText: string;
  marking: string;
  facts: { name: string; value: string }[];
  methodology: {
    scale: string;
    descriptors: string[];
    priceFormula: string;
    passFail: string;
    tieBreak: string;
    moderation: string;
  };
  criteria: PackCriterion[];
  weights: { quality: string; price: string };
  ranking: PackRankingRow[];
  /** Exclusions with their reasons, unranked bids, tie-breaks. */
  rankingNotes: string[];
  award: { name: string; value: string }[] | null;
  bids: PackBid[];
  conflicts: PackConflict[];
  events: PackEvent[];
};

export const PACK_SECTIONS = [
  "Methodology and weights",
  "Ranking",
  "Award decision",
  "Scores by bid",
  "Conflicts of interest register",
  "Key events from the audit log",
] as const;
