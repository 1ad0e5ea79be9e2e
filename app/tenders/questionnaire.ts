// The questionnaire as published (a tender version's `questionnaire` column), and the rules that
// the builder, the bid workspace and evaluation all share: word counts, price totals and weights.
// No server imports: the browser uses the same word count and totals.
import type { PriceItem } from "../../db/schema/tenders";
import type { AllowedMimeType } from "../storage/storage.server";

export type { PriceItem };

export type QuestionKind = "pass_fail" | "text" | "file" | "price";

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  pass_fail: "Pass or fail",
  text: "Written answer",
  file: "File upload",
  price: "Price schedule",
};

export type PublishedQuestion = {
  /** The stable id of the question (tender_questions.id): answers refer to it across versions. */
  id: string;
  /** "1.2": section and question position, as bidders and evaluators cite it. */
  number: string;
  kind: QuestionKind;
  title: string;
  guidance: string;
  required: boolean;
  /** Percent of the whole evaluation; null for pass/fail questions (they gate, they are not scored). */
  weight: number | null;
  wordLimit: number | null;
  allowedTypes: AllowedMimeType[] | null;
  maxBytes: number | null;
  priceItems: PriceItem[] | null;
};

export type PublishedSection = {
  id: string;
  number: number;
  title: string;
  description: string;
  questions: PublishedQuestion[];
};

export type PublishedDocument = {
  id: string;
  kind: "specification" | "draft_contract" | "pricing_instructions" | "other";
  title: string;
  fileId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
};

export type PublishedQuestionnaire = { sections: PublishedSection[]; documents: PublishedDocument[] };

/** Answers as stored in bid_answers.value, by question kind. */
export type PassFailAnswer = { answer: "yes" | "no" | null; evidence: string };
export type TextAnswer = { text: string };
export type PriceAnswer = { unitPrices: Record<string, string> };
export type AnswerValue = PassFailAnswer | TextAnswer | PriceAnswer;

/** Words as a reader counts them: runs of letters, digits and joining marks between spaces. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/u).length : 0;
}

export function allQuestions(questionnaire: PublishedQuestionnaire): PublishedQuestion[] {
  return questionnaire.sections.flatMap((s) => s.questions);
}

/** Pounds as an exact decimal string ("1234.50") parsed to pence; null when not a price. */
export function toPence(value: string | undefined | null): number | null {
  if (value === undefined || value === null) return null;
  const match = /^\s*£?\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(value.replaceAll(",", ""));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

export function formatPence(pence: number): string {
  return `£${(pence / 100).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price as the bidder gave it ("68000", "68,000.00"), as money: "£68,000.00"; the text as given when it is not a price. */
export function formatUnitPrice(value: string): string {
  const pence = toPence(value);
  return pence === null ? value : formatPence(pence);
}

/** A price line's unit with "per" once, whether the buyer wrote "trust" or "per trust": "per trust". */
export function perUnit(unit: string): string {
  const trimmed = unit.trim();
  return /^per\s/i.test(trimmed) ? trimmed : `per ${trimmed}`;
}

/** Each line's total and the schedule's total, in pence; a line without a valid unit price counts 0 and is listed. */
export function priceTotals(items: PriceItem[], unitPrices: Record<string, string>) {
  const lines = items.map((item) => {
    const unit = toPence(unitPrices[item.key]);
    return { key: item.key, unitPence: unit, totalPence: unit === null ? 0 : Math.round(unit * item.quantity) };
  });
  return {
    lines,
    totalPence: lines.reduce((sum, line) => sum + line.totalPence, 0),
    missing: lines.filter((l) => l.unitPence === null).map((l) => l.key),
  };
}

/** Quality (text and file questions) and price weights, in percent; they must add up to 100 to publish. */
export function weightSummary(questions: Pick<PublishedQuestion, "kind" | "weight">[]) {
  const sum = (kinds: QuestionKind[]) =>
    Math.round(questions.filter((q) => kinds.includes(q.kind)).reduce((t, q) => t + (q.weight ?? 0), 0) * 100) / 100;
  const quality = sum(["text", "file"]);
  const price = sum(["price"]);
  return { quality, price, total: Math.round((quality + price) * 100) / 100 };
}
