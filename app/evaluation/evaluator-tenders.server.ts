// The tenders an evaluator is on the panel of, and their view of one: the bidding organisations to
// declare for and, once every one is declared, the bids by label with their own progress.
import { and, asc, eq, isNull } from "drizzle-orm";
import { db } from "../../db/client.server";
import { evaluatorAssignments, procurements, tenders } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { requirePublishedTender } from "../tenders/published.server";
import { biddersForEvaluator, bidsForEvaluator } from "../bids/sealed.server";
import { requireAssignment } from "../bids/evaluator-access.server";
import type { Procurement } from "../procurements/procurements.server";
import { bidderLabel } from "./bidders.server";
import { ownMarks } from "./marking.server";
import { progressOf, questionsToMark } from "./questions";
import { requireRole } from "../refusals.server";

/** The tenders the evaluator is on the panel of, opened or not. */
export async function evaluatorTenders(user: SignedInUser) {
  requireRole(user, "evaluator");
  return db()
    .select({
      slug: procurements.slug,
      title: procurements.title,
      openedAt: tenders.openedAt,
      sectionIds: evaluatorAssignments.sectionIds,
      assignedAt: evaluatorAssignments.assignedAt,
    })
    .from(evaluatorAssignments)
    .innerJoin(tenders, eq(tenders.id, evaluatorAssignments.tenderId))
    .innerJoin(procurements, eq(procurements.id, tenders.procurementId))
    .where(and(eq(evaluatorAssignments.evaluatorUserId, user.id), isNull(evaluatorAssignments.removedAt)))
    .orderBy(asc(procurements.title));
}
/**
 * The evaluator's view of a tender: the bidding organisations by name with their declaration for
 * each, and only once every one is declared, the bids by label (less those they declared a
 * conflict with) with their own progress. The two lists never share an id.
 */
export async function evaluatorTender(user: SignedInUser, procurement: Procurement) {
  requireRole(user, "evaluator");
  const published = await requirePublishedTender(procurement);
  const { tender, questionnaire } = published;
  const assignment = await requireAssignment(user, tender);
  const toMark = questionsToMark(questionnaire, assignment);
  const sections = questionnaire.sections
    .filter((s) => assignment.sectionIds === null || assignment.sectionIds.includes(s.id))
    .map((s) => ({ number: s.number, title: s.title }));
  if (tender.openedAt === null) return { opened: false as const, sections, bidders: [], bids: null };
  const [bidders, readable, marks] = await Promise.all([
    biddersForEvaluator(user, tender),
    bidsForEvaluator(user, tender),
    ownMarks(user, tender.id),
  ]);
  const bids = readable.declaredForAll
    ? readable.bids
        .map((b, index) => ({
          bidId: b.bidId,
          label: bidderLabel(index),
          progress: progressOf({
            toMark,
            declaration: b.declaration,
            declaredForAll: true,
            marks: marks.filter((m) => m.bidId === b.bidId),
          }),
        }))
        .filter((b) => b.progress.state !== "conflict")
    : null;
  return { opened: true as const, sections, bidders, bids };
}
