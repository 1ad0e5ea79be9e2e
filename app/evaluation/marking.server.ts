// Marking, as an evaluator does it: they read a bid of their sections (through the seal), save
// draft marks with their justifications and submit them all together. Every write carries its
// audit row.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluationScores } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { requirePublishedTender, type PublishedTender } from "../tenders/published.server";
import { bidsForEvaluator, evaluatorSubmission } from "../bids/sealed.server";
import type { Procurement } from "../procurements/procurements.server";
import { bidderLabel } from "./bidders.server";
import { auditEvaluation } from "./evaluation-audit.server";
import {
  DECLARE_FIRST,
  isMarked,
  progressOf,
  questionsWithSections,
  STALE_MARK,
  type PanelQuestion,
} from "./questions";
import { rulesFor, type EvaluationRules } from "./results.server";
import { markColumns, markValue, type MarkInput } from "./schema";
import * as clock from "../clock.server";
import { forbidden, notFound, refusal, requireRole, type ActionResult } from "../refusals.server";

/** The evaluator's own marks on the tender, or on one of its bids. */
export async function ownMarks(user: SignedInUser, tenderId: string, bidId?: string) {
  return db()
    .select()
    .from(evaluationScores)
    .where(
      and(
        eq(evaluationScores.tenderId, tenderId),
        eq(evaluationScores.evaluatorUserId, user.id),
        bidId ? eq(evaluationScores.bidId, bidId) : undefined,
      ),
    );
}
/**
 * A bid as its evaluator reads and marks it: the label, the answers of their sections (anonymised
 * by the seal), their own marks and the tender's scale. Not yet declared for every bidder:
 * `declared: false`, without even the label.
 */
export async function bidForEvaluator(user: SignedInUser, procurement: Procurement, bidId: string | undefined) {
  requireRole(user, "evaluator");
  const published = await requirePublishedTender(procurement);
  const { tender, questionnaire } = published;
  const read = await evaluatorSubmission(user, tender, bidId);
  if (!read.declared || !bidId) return { declared: false as const };
  const readable = await bidsForEvaluator(user, tender);
  const index = readable.declaredForAll ? readable.bids.findIndex((b) => b.bidId === bidId) : -1;
  if (index < 0) notFound();
  const label = bidderLabel(index);
  const [marks, rules] = await Promise.all([ownMarks(user, tender.id, bidId), rulesFor(tender.id)]);
  const questions = questionsWithSections(questionnaire).filter((q) => read.questionIds.has(q.id));
  const toMark = questions.filter(isMarked);
  const progress = progressOf({ toMark, declaration: { hasConflict: false }, declaredForAll: true, marks });
  return {
    declared: true as const,
    label,
    rules,
    progress,
    questions: questions.map((q) => {
      const mark = marks.find((m) => m.questionId === q.id) ?? null;
      return {
        question: q,
        marked: isMarked(q),
        answer: read.submission.answers.find((a) => a.questionId === q.id) ?? null,
        files: read.submission.files.filter((f) => f.questionId === q.id),
        mark: mark && {
          score: mark.score,
          pass: mark.pass,
          justification: mark.justification,
          version: mark.version,
          updatedAt: mark.updatedAt,
          submittedAt: mark.submittedAt,
        },
      };
    }),
  };
}

export type MarkingContext = {
  published: PublishedTender;
  bidId: string;
  question: PanelQuestion;
  rules: EvaluationRules;
};

/** The question an evaluator is about to mark, checked: assigned, declared with no conflict, not price. */
export async function markingContext(
  user: SignedInUser,
  procurement: Procurement,
  bidId: string | undefined,
  questionId: string | undefined,
): Promise<MarkingContext> {
  requireRole(user, "evaluator");
  const published = await requirePublishedTender(procurement);
  const read = await evaluatorSubmission(user, published.tender, bidId);
  if (!read.declared) forbidden(DECLARE_FIRST);
  const question = questionsWithSections(published.questionnaire).find(
    (q) => q.id === questionId && read.questionIds.has(q.id) && isMarked(q),
  );
  if (!question || !bidId) notFound();
  return { published, bidId, question, rules: await rulesFor(published.tender.id) };
}

export type SaveMarkResult =
  | { ok: true; version: number }
  | { ok: false; fieldErrors: Record<string, string>; current?: { mark: string; justification: string } | null };

/**
 * Saves the evaluator's draft mark. `input.version` is the version the form showed (0: none yet);
 * if another window saved in between, nothing is written and the saved mark comes back.
 */
export async function saveMark(
  user: SignedInUser,
  procurement: Procurement,
  context: MarkingContext,
  input: MarkInput,
): Promise<SaveMarkResult> {
  const { published, bidId, question } = context;
  const tender = published.tender;
  const columns = markColumns(input.mark);
  const where = and(
    eq(evaluationScores.bidId, bidId),
    eq(evaluationScores.questionId, question.id),
    eq(evaluationScores.evaluatorUserId, user.id),
  );
  const saved = await db().transaction(async (tx) => {
    const now = clock.now();
    const [row] =
      input.version === 0
        ? await tx
            .insert(evaluationScores)
            .values({
              tenderId: tender.id,
              bidId,
              questionId: question.id,
              evaluatorUserId: user.id,
              ...columns,
              justification: input.justification,
              updatedAt: now,
            })
            .onConflictDoNothing()
            .returning({ version: evaluationScores.version })
        : await tx
            .update(evaluationScores)
            .set({ ...columns, justification: input.justification, updatedAt: now, version: input.version + 1 })
            .where(and(where, eq(evaluationScores.version, input.version), isNull(evaluationScores.submittedAt)))
            .returning({ version: evaluationScores.version });
    if (!row) return null;
    await auditEvaluation(
      tx,
      user,
      procurement,
      "evaluation.score_saved",
      { type: "bid", id: bidId },
      {
        questionId: question.id,
        number: question.number,
        version: row.version,
      },
    );
    return row;
  });
  if (saved) return { ok: true, version: saved.version };
  const [current] = await db().select().from(evaluationScores).where(where);
  if (current?.submittedAt) {
    return {
      ok: false,
      fieldErrors: { form: "You have submitted your marks for this bid: they can no longer change" },
    };
  }
  return {
    ok: false,
    fieldErrors: { form: STALE_MARK },
    current: current ? { mark: markValue(current), justification: current.justification } : null,
  };
}

/**
 * Submits the evaluator's marks for a bid: every question of their sections must be marked; then
 * all of them are submitted together and frozen. Submitting again changes nothing.
 */
export async function submitMarks(
  user: SignedInUser,
  procurement: Procurement,
  bidId: string | undefined,
): Promise<ActionResult<{ repeated: boolean; label: string }>> {
  const view = await bidForEvaluator(user, procurement, bidId);
  if (!view.declared) forbidden(DECLARE_FIRST);
  const { tender } = await requirePublishedTender(procurement);
  const questionIds = view.questions.filter((q) => q.marked).map((q) => q.question.id);
  if (!bidId || questionIds.length === 0) return refusal("None of this bid's questions are yours to mark");
  return db().transaction(async (tx) => {
    const mine = and(
      eq(evaluationScores.bidId, bidId),
      eq(evaluationScores.evaluatorUserId, user.id),
      inArray(evaluationScores.questionId, questionIds),
    );
    const rows = await tx
      .select({ questionId: evaluationScores.questionId })
      .from(evaluationScores)
      .where(mine)
      .for("update");
    const missing = view.questions.filter((q) => q.marked && !rows.some((r) => r.questionId === q.question.id));
    if (missing.length > 0) {
      return refusal(
        `Mark every question before you submit: ${missing.map((q) => q.question.number).join(", ")} ${missing.length === 1 ? "still needs" : "still need"} a mark and justification`,
      );
    }
    const submitted = await tx
      .update(evaluationScores)
      .set({ submittedAt: clock.now() })
      .where(and(mine, isNull(evaluationScores.submittedAt)))
      .returning({ id: evaluationScores.id });
    if (submitted.length === 0) return { ok: true as const, repeated: true, label: view.label };
    await auditEvaluation(
      tx,
      user,
      procurement,
      "evaluation.scores_submitted",
      { type: "bid", id: bidId },
      {
        tenderId: tender.id,
        label: view.label,
        questions: questionIds.length,
      },
    );
    return { ok: true as const, repeated: false, label: view.label };
  });
}
