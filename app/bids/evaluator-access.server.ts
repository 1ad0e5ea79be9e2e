// Evaluator access: an evaluator's active assignment to a tender's panel and the questions of its
// sections. It reads the panel (evaluator_assignments) and the tender's questions, never bid
// content: what an assigned evaluator may read of a bid is decided in ./sealed.server.ts, which
// uses these.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { evaluatorAssignments, tenderQuestions, type tenders } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { notFound, requireRole } from "../refusals.server";

type Tender = typeof tenders.$inferSelect;

export type EvaluatorAssignment = typeof evaluatorAssignments.$inferSelect;

/** The evaluator's active assignment to the tender, or null (removed, or never on its panel). */
export async function activeAssignment(
  tenderId: string,
  evaluatorUserId: string,
  executor: Executor = db(),
): Promise<EvaluatorAssignment | null> {
  const [row] = await executor
    .select()
    .from(evaluatorAssignments)
    .where(
      and(
        eq(evaluatorAssignments.tenderId, tenderId),
        eq(evaluatorAssignments.evaluatorUserId, evaluatorUserId),
        isNull(evaluatorAssignments.removedAt),
      ),
    );
  return row ?? null;
}

/** An evaluator's own assignment to the tender; a tender they are not on is not found. */
export async function requireAssignment(user: SignedInUser, tender: Tender): Promise<EvaluatorAssignment> {
  requireRole(user, "evaluator");
  return (await activeAssignment(tender.id, user.id)) ?? notFound();
}

/** The ids of the tender's questions in the assignment's sections (every section when it names none). */
export async function assignedQuestionIds(assignment: EvaluatorAssignment, executor: Executor = db()) {
  const rows = await executor
    .select({ id: tenderQuestions.id })
    .from(tenderQuestions)
    .where(
      and(
        eq(tenderQuestions.tenderId, assignment.tenderId),
        assignment.sectionIds === null ? undefined : inArray(tenderQuestions.sectionId, assignment.sectionIds),
      ),
    );
  return new Set(rows.map((r) => r.id));
}
