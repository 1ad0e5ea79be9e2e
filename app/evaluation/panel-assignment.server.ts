// The evaluation panel of a tender, as staff run it: they assign evaluators to all its sections or
// some, change their sections, remove them, and follow the conflicts register and everyone's
// progress. Every write carries its audit row. Once the award is decided the panel, like the marks,
// is final (and the database refuses a change: migration 0014).
import { and, asc, eq } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { awards, evaluationScores, evaluatorAssignments, users } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { requirePublishedTender, type PublishedTender } from "../tenders/published.server";
import { countSubmittedBids } from "../bids/sealed.server";
import { isUuid } from "../ids";
import type { Procurement } from "../procurements/procurements.server";
import { activeUser } from "../users/users.server";
import { labelledBidders } from "./bidders.server";
import { declarationsFor } from "./conflicts.server";
import { auditEvaluation } from "./evaluation-audit.server";
import { progressOf, questionsToMark } from "./questions";
import type { AssignEvaluatorInput, ChangeSectionsInput } from "./schema";
import * as clock from "../clock.server";
import { notFound, refusal, requireRole, type ActionResult } from "../refusals.server";

async function panelAssignments(tenderId: string) {
  return db()
    .select({
      id: evaluatorAssignments.id,
      evaluatorUserId: evaluatorAssignments.evaluatorUserId,
      evaluator: users.name,
      email: users.email,
      sectionIds: evaluatorAssignments.sectionIds,
      assignedAt: evaluatorAssignments.assignedAt,
      removedAt: evaluatorAssignments.removedAt,
    })
    .from(evaluatorAssignments)
    .innerJoin(users, eq(users.id, evaluatorAssignments.evaluatorUserId))
    .where(eq(evaluatorAssignments.tenderId, tenderId))
    .orderBy(asc(users.name), asc(evaluatorAssignments.assignedAt));
}

const PANEL_FINAL = "The award has been decided: the panel can no longer change";

async function awardDecided(tx: Executor, tenderId: string): Promise<boolean> {
  const [awarded] = await tx.select({ id: awards.id }).from(awards).where(eq(awards.tenderId, tenderId));
  return awarded !== undefined;
}

/** Everything the staff evaluation page shows: the panel, and once opened the mapping, register and progress. */
export async function evaluationPanel(user: SignedInUser, procurement: Procurement) {
  requireRole(user, "staff");
  const { tender, questionnaire } = await requirePublishedTender(procurement);
  const [available, assignments] = await Promise.all([
    db()
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.role, "evaluator"), activeUser()))
      .orderBy(asc(users.name)),
    panelAssignments(tender.id),
  ]);
  const active = assignments.filter((a) => a.removedAt === null);
  const sections = questionnaire.sections.map((s) => ({ id: s.id, number: s.number, title: s.title }));
  const panel = { tender, sections, available, assignments, final: await awardDecided(db(), tender.id) };
  if (tender.openedAt === null) {
    return { ...panel, opened: false as const, submitted: await countSubmittedBids(tender.id) };
  }
  const [bidders, declarations, marks] = await Promise.all([
    labelledBidders(user, tender),
    declarationsFor(tender.id),
    db()
      .select({
        bidId: evaluationScores.bidId,
        questionId: evaluationScores.questionId,
        evaluatorUserId: evaluationScores.evaluatorUserId,
        submittedAt: evaluationScores.submittedAt,
      })
      .from(evaluationScores)
      .where(eq(evaluationScores.tenderId, tender.id)),
  ]);
  const mapping = bidders.map((b) => ({
    bidId: b.bidId,
    label: b.label,
    organisation: b.organisation,
    reference: b.reference,
  }));
  const labelOf = new Map(mapping.map((b) => [b.bidId, b]));
  const register = declarations.map((d) => ({
    ...d,
    label: labelOf.get(d.bidId)?.label ?? "Withdrawn bid",
    organisation: labelOf.get(d.bidId)?.organisation ?? "",
  }));
  const progress = active.map((a) => {
    const toMark = questionsToMark(questionnaire, a);
    const declarationOf = (bidId: string) =>
      declarations.find((d) => d.bidId === bidId && d.evaluatorUserId === a.evaluatorUserId);
    const declaredForAll = mapping.every((b) => declarationOf(b.bidId) !== undefined);
    return {
      assignmentId: a.id,
      evaluator: a.evaluator,
      bids: mapping.map((b) => ({
        bidId: b.bidId,
        label: b.label,
        progress: progressOf({
          toMark,
          declaration: declarationOf(b.bidId),
          declaredForAll,
          marks: marks.filter((m) => m.bidId === b.bidId && m.evaluatorUserId === a.evaluatorUserId),
        }),
      })),
    };
  });
  const byBid = mapping.map((b) => {
    const states = progress.map((p) => p.bids.find((x) => x.bidId === b.bidId)?.progress);
    const expected = states.filter((s) => s && s.state !== "conflict" && s.toMark > 0);
    return {
      ...b,
      expected: expected.length,
      declared: expected.filter((s) => s?.state !== "undeclared").length,
      submitted: expected.filter((s) => s?.state === "submitted").length,
      conflicts: states.filter((s) => s?.state === "conflict").length,
    };
  });
  return { ...panel, opened: true as const, mapping, register, progress, byBid };
}

/** The sections chosen, as stored (null: every section), if each is a section of this tender. */
function chosenSections(
  questionnaire: PublishedTender["questionnaire"],
  input: { scope: "all" | "sections"; sectionIds: string[] },
): { ok: true; sectionIds: string[] | null } | { ok: false; fieldErrors: Record<string, string> } {
  if (input.scope === "all") return { ok: true, sectionIds: null };
  const known = new Set(questionnaire.sections.map((s) => s.id));
  const sectionIds = [...new Set(input.sectionIds)];
  if (sectionIds.some((id) => !known.has(id))) {
    return { ok: false, fieldErrors: { sectionIds: "Choose sections of this tender" } };
  }
  // In the questionnaire's order, so that the same choice is always stored the same way.
  return { ok: true, sectionIds: questionnaire.sections.map((s) => s.id).filter((id) => sectionIds.includes(id)) };
}

/** Puts an active evaluator on the tender's panel, for every section or the ones chosen, until the award is decided. */
export async function assignEvaluator(
  user: SignedInUser,
  procurement: Procurement,
  input: AssignEvaluatorInput,
): Promise<ActionResult<{ name: string }>> {
  requireRole(user, "staff");
  const { tender, questionnaire } = await requirePublishedTender(procurement);
  const [evaluator] = await db()
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, input.evaluatorId), eq(users.role, "evaluator"), activeUser()));
  if (!evaluator) return { ok: false, fieldErrors: { evaluatorId: "Choose an evaluator from the list" } };
  const scope = chosenSections(questionnaire, input);
  if (!scope.ok) return scope;
  const { sectionIds } = scope;
  try {
    const refused = await db().transaction(async (tx) => {
      if (await awardDecided(tx, tender.id)) return refusal(PANEL_FINAL);
      const [row] = await tx
        .insert(evaluatorAssignments)
        .values({
          tenderId: tender.id,
          evaluatorUserId: evaluator.id,
          sectionIds,
          assignedByUserId: user.id,
          assignedAt: clock.now(),
        })
        .returning({ id: evaluatorAssignments.id });
      await auditEvaluation(
        tx,
        user,
        procurement,
        "evaluation.evaluator_assigned",
        { type: "tender", id: tender.id },
        {
          assignmentId: row.id,
          evaluatorUserId: evaluator.id,
          evaluator: evaluator.name,
          sectionIds,
        },
      );
      return null;
    });
    if (refused) return refused;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return {
      ok: false,
      fieldErrors: {
        evaluatorId: `${evaluator.name} is already on the panel: use “Change sections” in the panel table to change what they mark`,
      },
    };
  }
  return { ok: true, name: evaluator.name };
}

/**
 * Changes the sections an evaluator on the panel marks, until the award is decided. Marks they
 * have submitted stay (the moderator still sees them); new sections are theirs to mark and submit.
 */
export async function changeEvaluatorSections(
  user: SignedInUser,
  procurement: Procurement,
  input: ChangeSectionsInput,
): Promise<ActionResult<{ name: string; changed: boolean }>> {
  requireRole(user, "staff");
  const { tender, questionnaire } = await requirePublishedTender(procurement);
  const scope = chosenSections(questionnaire, input);
  if (!scope.ok) return scope;
  const { sectionIds } = scope;
  return db().transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: evaluatorAssignments.id,
        removedAt: evaluatorAssignments.removedAt,
        sectionIds: evaluatorAssignments.sectionIds,
        name: users.name,
      })
      .from(evaluatorAssignments)
      .innerJoin(users, eq(users.id, evaluatorAssignments.evaluatorUserId))
      .where(and(eq(evaluatorAssignments.id, input.assignmentId), eq(evaluatorAssignments.tenderId, tender.id)))
      .for("update", { of: evaluatorAssignments });
    if (!row) notFound();
    if (row.removedAt !== null) return refusal(`${row.name} has been removed from the panel`);
    if (await awardDecided(tx, tender.id)) return refusal(PANEL_FINAL);
    if (JSON.stringify(row.sectionIds) === JSON.stringify(sectionIds)) {
      return { ok: true as const, name: row.name, changed: false };
    }
    await tx.update(evaluatorAssignments).set({ sectionIds }).where(eq(evaluatorAssignments.id, row.id));
    await auditEvaluation(
      tx,
      user,
      procurement,
      "evaluation.evaluator_sections_changed",
      { type: "tender", id: tender.id },
      { assignmentId: row.id, evaluator: row.name, from: row.sectionIds, to: sectionIds },
    );
    return { ok: true as const, name: row.name, changed: true };
  });
}

/** Takes an evaluator off the panel, until the award is decided; their declarations and any marks they gave are kept. */
export async function removeEvaluator(
  user: SignedInUser,
  procurement: Procurement,
  assignmentId: string,
): Promise<ActionResult<{ name: string }>> {
  requireRole(user, "staff");
  const { tender } = await requirePublishedTender(procurement);
  if (!isUuid(assignmentId)) notFound();
  return db().transaction(async (tx) => {
    const [row] = await tx
      .select({ id: evaluatorAssignments.id, removedAt: evaluatorAssignments.removedAt, name: users.name })
      .from(evaluatorAssignments)
      .innerJoin(users, eq(users.id, evaluatorAssignments.evaluatorUserId))
      .where(and(eq(evaluatorAssignments.id, assignmentId), eq(evaluatorAssignments.tenderId, tender.id)))
      .for("update", { of: evaluatorAssignments });
    if (!row) notFound();
    if (row.removedAt !== null) return refusal(`${row.name} has already been removed from the panel`);
    if (await awardDecided(tx, tender.id)) return refusal(PANEL_FINAL);
    await tx.update(evaluatorAssignments).set({ removedAt: clock.now() }).where(eq(evaluatorAssignments.id, row.id));
    await auditEvaluation(
      tx,
      user,
      procurement,
      "evaluation.evaluator_removed",
      { type: "tender", id: tender.id },
      {
        assignmentId: row.id,
        evaluator: row.name,
      },
    );
    return { ok: true as const, name: row.name };
  });
}
