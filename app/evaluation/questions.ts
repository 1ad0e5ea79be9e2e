// What evaluation asks of whom, shared by the pages and the server: which questions an evaluator
// marks (price never: it is scored by formula), what kind of mark each takes, and how far an
// evaluator has got with a bid. No server imports.
import type { PublishedQuestion, PublishedQuestionnaire } from "../tenders/questionnaire";
import type { MarkKind } from "./schema";

export const DECLARE_FIRST =
  "Declare for every bidder first: say whether you have a conflict of interest with each bidding organisation before you see any bid";

export const STALE_MARK =
  "You saved a different mark for this question in another window. That mark is shown below; your text is still in the box. Save again to replace it with yours";

// --- Questions and who marks them ------------------------------------------------------------------

export type PanelQuestion = PublishedQuestion & { sectionId: string; sectionNumber: number; sectionTitle: string };

/** Every question of the questionnaire with its section. */
export function questionsWithSections(questionnaire: PublishedQuestionnaire): PanelQuestion[] {
  return questionnaire.sections.flatMap((s) =>
    s.questions.map((q) => ({ ...q, sectionId: s.id, sectionNumber: s.number, sectionTitle: s.title })),
  );
}

/** Evaluators mark pass/fail, written and file answers; price is scored by formula, never by them. */
export function isMarked(question: Pick<PublishedQuestion, "kind">): boolean {
  return question.kind !== "price";
}

export function markKindOf(question: Pick<PublishedQuestion, "kind">): MarkKind {
  return question.kind === "pass_fail" ? "pass_fail" : "scored";
}

/** Whether an assignment (every section when it names none) covers a question's section. */
export function covers(assignment: { sectionIds: string[] | null }, question: Pick<PanelQuestion, "sectionId">) {
  return assignment.sectionIds === null || assignment.sectionIds.includes(question.sectionId);
}

/** The questions an assignment asks its evaluator to mark. */
export function questionsToMark(questionnaire: PublishedQuestionnaire, assignment: { sectionIds: string[] | null }) {
  return questionsWithSections(questionnaire).filter((q) => isMarked(q) && covers(assignment, q));
}

export type EvaluatorProgress =
  | { state: "conflict" }
  | { state: "undeclared" | "awaiting declarations"; toMark: number }
  | { state: "marking" | "submitted"; marked: number; toMark: number };

/**
 * How far one evaluator has got with one bid. Declared for this bid but not yet for every bidder
 * (`declaredForAll` false), the evaluator still cannot read it: awaiting declarations, not marking.
 */
export function progressOf(input: {
  toMark: Pick<PublishedQuestion, "id">[];
  declaration: { hasConflict: boolean } | null | undefined;
  declaredForAll: boolean;
  marks: { questionId: string; submittedAt: Date | string | null }[];
}): EvaluatorProgress {
  if (input.declaration?.hasConflict) return { state: "conflict" };
  if (!input.declaration) return { state: "undeclared", toMark: input.toMark.length };
  if (!input.declaredForAll) return { state: "awaiting declarations", toMark: input.toMark.length };
  const ids = new Set(input.toMark.map((q) => q.id));
  const mine = input.marks.filter((m) => ids.has(m.questionId));
  const submitted = mine.length === ids.size && ids.size > 0 && mine.every((m) => m.submittedAt !== null);
  return { state: submitted ? "submitted" : "marking", marked: mine.length, toMark: ids.size };
}
