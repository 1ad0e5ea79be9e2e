// What stops a bid from being submitted: required answers missing, word limits exceeded, unit
// prices missing or unreadable, files missing. No server imports: the workspace shows the same list.
import {
  allQuestions,
  countWords,
  priceTotals,
  type AnswerValue,
  type PassFailAnswer,
  type PriceAnswer,
  type PublishedQuestion,
  type PublishedQuestionnaire,
  type TextAnswer,
} from "../tenders/questionnaire";

export type ChecklistItem = { questionId: string; number: string; title: string; problem: string };

/** The problems of one answer; empty when it may be submitted as it is. */
export function answerProblems(
  question: PublishedQuestion,
  value: AnswerValue | undefined,
  fileCount: number,
): string[] {
  const problems: string[] = [];
  switch (question.kind) {
    case "pass_fail": {
      const answer = value as PassFailAnswer | undefined;
      if (question.required && !answer?.answer) problems.push("Answer yes or no");
      if (question.required && !answer?.evidence?.trim()) problems.push("Give your evidence");
      break;
    }
    case "text": {
      const text = (value as TextAnswer | undefined)?.text ?? "";
      if (question.required && !text.trim()) problems.push("Write your answer");
      const words = countWords(text);
      if (question.wordLimit && words > question.wordLimit) {
        problems.push(`Shorten your answer to ${question.wordLimit} words or fewer (it has ${words})`);
      }
      break;
    }
    case "price": {
      const unitPrices = (value as PriceAnswer | undefined)?.unitPrices ?? {};
      const items = question.priceItems ?? [];
      const totals = priceTotals(items, unitPrices);
      const given = items.filter((i) => (unitPrices[i.key] ?? "").trim() !== "");
      const unreadable = given.filter((i) => totals.missing.includes(i.key));
      if (unreadable.length)
        problems.push(`Enter unit prices in pounds and pence (${unreadable.map((i) => i.description).join(", ")})`);
      const missing = items.filter((i) => (unitPrices[i.key] ?? "").trim() === "");
      if ((question.required || given.length > 0) && missing.length) {
        problems.push(`Give a unit price for ${missing.map((i) => i.description).join(", ")}`);
      }
      break;
    }
    case "file":
      if (question.required && fileCount === 0) problems.push("Upload a file");
      break;
  }
  return problems;
}

/** Every problem of the bid, in questionnaire order. */
export function bidChecklist(
  questionnaire: PublishedQuestionnaire,
  answers: Record<string, AnswerValue | undefined>,
  fileCounts: Record<string, number>,
): ChecklistItem[] {
  return allQuestions(questionnaire).flatMap((q) =>
    answerProblems(q, answers[q.id], fileCounts[q.id] ?? 0).map((problem) => ({
      questionId: q.id,
      number: q.number,
      title: q.title,
      problem,
    })),
  );
}
