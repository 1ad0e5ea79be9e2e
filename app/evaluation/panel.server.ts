// The evaluation panel of a tender: staff assign evaluators to all its sections or some, remove
// them, and follow the conflicts register and everyone's progress; each evaluator declares a
// conflict of interest (or none) for each bidding organisation by name, then marks the questions of their sections in the bids
// they may read (through the seal), saves drafts and submits. Every write carries its audit row.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import {
  awards,
  conflictDeclarations,
  evaluationScores,
  evaluatorAssignments,
  procurements,
  tenders,
  users,
} from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { requirePublishedTender, type PublishedTender } from "../tenders/published.server";
import {
  biddersForEvaluator,
  bidsForEvaluator,
  bidToDeclare,
  countSubmittedBids,
  evaluatorSubmission,
} from "../bids/sealed.server";
import { requireAssignment } from "../bids/evaluator-access.server";
import { isUuid } from "../ids";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { activeUser } from "../users/users.server";
import { bidderLabel, labelledBidders } from "./bidders.server";
import {
  DECLARE_FIRST,
  isMarked,
  progressOf,
  questionsToMark,
  questionsWithSections,
  STALE_MARK,
  type PanelQuestion,
} from "./questions";
import { rulesFor, type EvaluationRules } from "./results.server";
import {
  markColumns,
  markValue,
  type AssignEvaluatorInput,
  type ChangeSectionsInput,
  type DeclarationInput,
  type MarkInput,
} from "./schema";
import * as clock from "../clock.server";
import { forbidden, notFound, refusal, requireRole, type ActionResult } from "../refusals.server";

function auditEvaluation(
  tx: Executor,
  user: SignedInUser,
  procurement: Procurement,
  action: string,
  subject: { type: "tender" | "bid"; id: string },
  summary: Record<string, unknown>,
) {
  return recordAudit(tx, actorOf(user), {
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    procurementId: procurement.id,
    summary,
  });
}

// --- Staff: the panel ----------------------------------------------------------------------------

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

/** Every declaration made on the tender, oldest first, with who made it. */
export async function declarationsFor(tenderId: string) {
  return db()
    .select({
      bidId: conflictDeclarations.bidId,
      evaluatorUserId: conflictDeclarations.evaluatorUserId,
      evaluator: users.name,
      hasConflict: conflictDeclarations.hasConflict,
      details: conflictDeclarations.details,
      declaredAt: conflictDeclarations.declaredAt,
    })
    .from(conflictDeclarations)
    .innerJoin(users, eq(users.id, conflictDeclarations.evaluatorUserId))
    .where(eq(conflictDeclarations.tenderId, tenderId))
    .orderBy(asc(conflictDeclarations.declaredAt));
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
  const panel = { tender, sections, available, assignments };
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

/** Puts an active evaluator on the tender's panel, for every section or the ones chosen. */
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
    await db().transaction(async (tx) => {
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
    });
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
    const [awarded] = await tx.select({ id: awards.id }).from(awards).where(eq(awards.tenderId, tender.id));
    if (awarded) return refusal("The award has been decided: the panel can no longer change");
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

/** Takes an evaluator off the panel; their declarations and any marks they gave are kept. */
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

// --- Evaluators: their tenders, declarations and marks --------------------------------------------

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

async function ownMarks(user: SignedInUser, tenderId: string, bidId?: string) {
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

/**
 * The evaluator's one, final declaration for a bidding organisation (named: nobody can declare
 * honestly against a label): no conflict, or a conflict with its details. Recorded against that
 * organisation's counting bid, which the evaluator is never told.
 */
export async function declareConflict(
  user: SignedInUser,
  procurement: Procurement,
  input: DeclarationInput,
): Promise<ActionResult<{ organisation: string; hasConflict: boolean; declaredForAll: boolean }>> {
  requireRole(user, "evaluator");
  const { tender } = await requirePublishedTender(procurement);
  const target = await bidToDeclare(user, tender, input.organisationId);
  const { bidId, organisation } = target;
  const hasConflict = input.hasConflict === "yes";
  const already = refusal(`You have already made your declaration for ${organisation}: a declaration is final`);
  if (target.declared) return already;
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(conflictDeclarations)
      .values({
        tenderId: tender.id,
        bidId,
        evaluatorUserId: user.id,
        hasConflict,
        details: hasConflict ? input.details.trim() : "",
        declaredAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: conflictDeclarations.id });
    if (!row) return already;
    await auditEvaluation(
      tx,
      user,
      procurement,
      "evaluation.conflict_declared",
      { type: "bid", id: bidId },
      {
        label: bidderLabel(target.position),
        organisationId: input.organisationId,
        hasConflict,
      },
    );
    return { ok: true as const, organisation, hasConflict, declaredForAll: target.undeclaredElsewhere === 0 };
  });
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
