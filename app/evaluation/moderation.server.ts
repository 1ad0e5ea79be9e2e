// Moderation of one opened bid by staff: once every evaluator who should mark it has submitted,
// every individual mark and justification side by side, spreads of 2 or more flagged, and the
// consensus mark with its rationale recorded beside them (the individual marks never change).
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import {
  awards,
  conflictDeclarations,
  evaluationScores,
  evaluatorAssignments,
  moderatedScores,
  tenders,
  users,
} from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { requirePublishedTender } from "../tenders/published.server";
import { isUuid } from "../ids";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { labelledBidders } from "./bidders.server";
import { covers, isMarked, questionsWithSections } from "./questions";
import { awardFor, rulesFor } from "./results.server";
import { scoreSpread } from "./ranking";
import { markColumns, markValue, type ConsensusInput } from "./schema";
import * as clock from "../clock.server";
import { notFound, requireRole } from "../refusals.server";

export const AWARD_DECIDED =
  "The award has been decided: the consensus marks it rests on are final and can no longer change";

export const STALE_CONSENSUS =
  "Another moderator saved a consensus for this question while you were writing. Theirs is shown below; your text is still in the box. Save again to replace it with yours";

/** One bid as its moderator sees it: each question's individual marks, who is outstanding, the consensus. */
export async function moderationView(user: SignedInUser, procurement: Procurement, bidId: string | undefined) {
  requireRole(user, "staff");
  const { tender, questionnaire } = await requirePublishedTender(procurement);
  if (tender.openedAt === null || !isUuid(bidId)) notFound();
  const bidder = (await labelledBidders(user, tender)).find((b) => b.bidId === bidId) ?? notFound();
  const [assignments, declarations, marks, consensus, rules, award] = await Promise.all([
    db()
      .select({
        evaluatorUserId: evaluatorAssignments.evaluatorUserId,
        evaluator: users.name,
        sectionIds: evaluatorAssignments.sectionIds,
      })
      .from(evaluatorAssignments)
      .innerJoin(users, eq(users.id, evaluatorAssignments.evaluatorUserId))
      .where(and(eq(evaluatorAssignments.tenderId, tender.id), isNull(evaluatorAssignments.removedAt))),
    db()
      .select({ evaluatorUserId: conflictDeclarations.evaluatorUserId, hasConflict: conflictDeclarations.hasConflict })
      .from(conflictDeclarations)
      .where(eq(conflictDeclarations.bidId, bidId)),
    // Only submitted marks: a draft is the evaluator's own until they submit it.
    db()
      .select({
        questionId: evaluationScores.questionId,
        evaluatorUserId: evaluationScores.evaluatorUserId,
        evaluator: users.name,
        score: evaluationScores.score,
        pass: evaluationScores.pass,
        justification: evaluationScores.justification,
        submittedAt: evaluationScores.submittedAt,
      })
      .from(evaluationScores)
      .innerJoin(users, eq(users.id, evaluationScores.evaluatorUserId))
      .where(and(eq(evaluationScores.bidId, bidId), isNotNull(evaluationScores.submittedAt)))
      .orderBy(asc(users.name)),
    db()
      .select({
        questionId: moderatedScores.questionId,
        score: moderatedScores.score,
        pass: moderatedScores.pass,
        rationale: moderatedScores.rationale,
        version: moderatedScores.version,
        agreedAt: moderatedScores.agreedAt,
        moderator: users.name,
      })
      .from(moderatedScores)
      .innerJoin(users, eq(users.id, moderatedScores.moderatorUserId))
      .where(eq(moderatedScores.bidId, bidId)),
    rulesFor(tender.id),
    awardFor(tender.id),
  ]);
  const conflicted = new Set(declarations.filter((d) => d.hasConflict).map((d) => d.evaluatorUserId));
  const questions = questionsWithSections(questionnaire)
    .filter(isMarked)
    .map((question) => {
      const expected = assignments.filter((a) => covers(a, question) && !conflicted.has(a.evaluatorUserId));
      const given = marks.filter((m) => m.questionId === question.id);
      const outstanding = expected.filter((a) => !given.some((m) => m.evaluatorUserId === a.evaluatorUserId));
      const scores = given.flatMap((m) => (m.score === null ? [] : [m.score]));
      return {
        question,
        marks: given.map((m) => ({ ...m, mark: markValue(m) })),
        outstanding: outstanding.map((a) => a.evaluator),
        spread: question.kind === "pass_fail" ? null : scoreSpread(scores),
        passFailSplit: question.kind === "pass_fail" && new Set(given.map((m) => m.pass)).size > 1,
        consensus: consensus.find((c) => c.questionId === question.id) ?? null,
      };
    });
  const outstanding = [...new Set(questions.flatMap((q) => q.outstanding))];
  const ready = outstanding.length === 0 && marks.length > 0;
  return {
    tender,
    rules,
    bidder: {
      bidId: bidder.bidId,
      label: bidder.label,
      organisation: bidder.organisation,
      reference: bidder.reference,
    },
    questions,
    outstanding,
    ready,
    /** When the award was decided: from then on the consensus marks are final. */
    awardedAt: award?.decidedAt ?? null,
  };
}

export type ModerationView = Awaited<ReturnType<typeof moderationView>>;

/**
 * A fingerprint of a tender's consensus marks (how many, and the sum of their versions): any
 * consensus recorded or revised changes it. The award compares it before and after its decision.
 */
export async function consensusFingerprint(executor: Executor, tenderId: string): Promise<string> {
  const [row] = await executor
    .select({
      count: sql<number>`count(*)::int`,
      versions: sql<number>`coalesce(sum(${moderatedScores.version}), 0)::int`,
    })
    .from(moderatedScores)
    .where(eq(moderatedScores.tenderId, tenderId));
  return `${row?.count ?? 0}:${row?.versions ?? 0}`;
}

export type ConsensusResult =
  | { ok: true; number: string }
  | { ok: false; fieldErrors: Record<string, string>; current?: { mark: string; rationale: string } | null };

/** Records (or revises) the consensus for one question; the version guards against another moderator's save. */
export async function agreeConsensus(
  user: SignedInUser,
  procurement: Procurement,
  view: ModerationView,
  questionId: string,
  input: ConsensusInput,
): Promise<ConsensusResult> {
  const entry = view.questions.find((q) => q.question.id === questionId) ?? notFound();
  if (view.awardedAt) return { ok: false, fieldErrors: { form: AWARD_DECIDED } };
  if (!view.ready) {
    return {
      ok: false,
      fieldErrors: {
        form: `Moderation opens once every evaluator has submitted their marks for this bid. Still to submit: ${view.outstanding.join(", ")}`,
      },
    };
  }
  const { bidId } = view.bidder;
  const columns = markColumns(input.mark);
  const saved = await db().transaction(async (tx) => {
    // The tender's row, shared: an award being decided (which takes it for update) waits for this
    // consensus, or this consensus sees the award and refuses.
    await tx.select({ id: tenders.id }).from(tenders).where(eq(tenders.id, view.tender.id)).for("share");
    const [awarded] = await tx.select({ id: awards.id }).from(awards).where(eq(awards.tenderId, view.tender.id));
    if (awarded) return "awarded" as const;
    const now = clock.now();
    const values = { ...columns, rationale: input.rationale, moderatorUserId: user.id, agreedAt: now };
    const [row] =
      input.version === 0
        ? await tx
            .insert(moderatedScores)
            .values({ tenderId: view.tender.id, bidId, questionId, ...values })
            .onConflictDoNothing()
            .returning({ version: moderatedScores.version })
        : await tx
            .update(moderatedScores)
            .set({ ...values, version: input.version + 1 })
            .where(
              and(
                eq(moderatedScores.bidId, bidId),
                eq(moderatedScores.questionId, questionId),
                eq(moderatedScores.version, input.version),
              ),
            )
            .returning({ version: moderatedScores.version });
    if (!row) return null;
    await recordAudit(tx, actorOf(user), {
      action: "moderation.consensus_agreed",
      subjectType: "bid",
      subjectId: bidId,
      procurementId: procurement.id,
      summary: {
        questionId,
        number: entry.question.number,
        label: view.bidder.label,
        mark: input.mark,
        version: row.version,
        individual: entry.marks.map((m) => m.mark),
      },
    });
    return row;
  });
  if (saved === "awarded") return { ok: false, fieldErrors: { form: AWARD_DECIDED } };
  if (saved) return { ok: true, number: entry.question.number };
  const [current] = await db()
    .select()
    .from(moderatedScores)
    .where(and(eq(moderatedScores.bidId, bidId), eq(moderatedScores.questionId, questionId)));
  return {
    ok: false,
    fieldErrors: { form: STALE_CONSENSUS },
    current: current ? { mark: markValue(current), rationale: current.rationale } : null,
  };
}
