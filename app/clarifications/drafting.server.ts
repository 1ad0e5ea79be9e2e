// Staff and a clarification question before it is answered: the queue, one question with its flags
// and history, taking a question, drafting the answer, four eyes (approving or returning the draft),
// and rejecting a question. Publishing and amending the answer are in publishing.server.ts.
import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Executor } from "../../db/client.server";
import { clarificationAnswers, clarificationQuestions, organisations, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { clarificationRejectedMessage } from "../../emails/templates/clarification-rejected";
import { auditEventsFor, recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { isUuid } from "../ids";
import { actorOf } from "../procurements/procurements.server";
import { type ActionResult, notFound, refusal, requireRole } from "../refusals.server";
import { unconfirmedFlags, type IdentifyingFlag } from "./identifying-text";
import type { DraftAnswerInput } from "./schema";
import {
  answeredPrivately,
  askerIdentity,
  describeFlags,
  flagsOf,
  lockQuestion,
  moveQuestion,
  ownQuestionLink,
  STALE,
  type Procurement,
} from "./shared.server";
import { OPEN_STATUSES, type ClarificationStatus } from "./status";

const assignees = alias(users, "assignees");

export type QueueFilter = "open" | "all" | ClarificationStatus;

export async function clarificationQueue(user: SignedInUser, procurement: Procurement, filter: QueueFilter = "open") {
  requireRole(user, "staff");
  const conditions: SQL[] = [eq(clarificationQuestions.procurementId, procurement.id)];
  if (filter === "open") conditions.push(inArray(clarificationQuestions.status, OPEN_STATUSES));
  else if (filter !== "all") conditions.push(eq(clarificationQuestions.status, filter));
  const [rows, counts] = await Promise.all([
    db()
      .select({
        id: clarificationQuestions.id,
        subject: clarificationQuestions.subject,
        status: clarificationQuestions.status,
        createdAt: clarificationQuestions.createdAt,
        version: clarificationQuestions.version,
        confidentialRequested: clarificationQuestions.confidentialRequested,
        organisation: organisations.legalName,
        assigneeId: clarificationQuestions.assigneeUserId,
        assignee: assignees.name,
        number: clarificationAnswers.number,
      })
      .from(clarificationQuestions)
      .innerJoin(organisations, eq(organisations.id, clarificationQuestions.organisationId))
      .leftJoin(assignees, eq(assignees.id, clarificationQuestions.assigneeUserId))
      .leftJoin(
        clarificationAnswers,
        and(eq(clarificationAnswers.questionId, clarificationQuestions.id), eq(clarificationAnswers.current, true)),
      )
      .where(and(...conditions))
      .orderBy(asc(clarificationQuestions.createdAt))
      .limit(500),
    db()
      .select({ status: clarificationQuestions.status, n: count() })
      .from(clarificationQuestions)
      .where(eq(clarificationQuestions.procurementId, procurement.id))
      .groupBy(clarificationQuestions.status),
  ]);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<
    Record<ClarificationStatus, number>
  >;
  return { rows, counts: byStatus };
}

/** Everything staff need on one question: the asker, the draft, its flags and its history. */
export async function questionForStaff(user: SignedInUser, procurement: Procurement, questionId: string | undefined) {
  requireRole(user, "staff");
  if (!isUuid(questionId)) notFound();
  const drafters = alias(users, "drafters");
  const approvers = alias(users, "approvers");
  const proposers = alias(users, "proposers");
  const [row] = await db()
    .select({
      question: clarificationQuestions,
      organisation: organisations.legalName,
      askerName: users.name,
      askerEmail: users.email,
      assignee: assignees.name,
      drafter: drafters.name,
      approver: approvers.name,
      proposer: proposers.name,
    })
    .from(clarificationQuestions)
    .innerJoin(organisations, eq(organisations.id, clarificationQuestions.organisationId))
    .innerJoin(users, eq(users.id, clarificationQuestions.askedByUserId))
    .leftJoin(assignees, eq(assignees.id, clarificationQuestions.assigneeUserId))
    .leftJoin(drafters, eq(drafters.id, clarificationQuestions.draftedByUserId))
    .leftJoin(approvers, eq(approvers.id, clarificationQuestions.approvedByUserId))
    .leftJoin(proposers, eq(proposers.id, clarificationQuestions.proposedByUserId))
    .where(and(eq(clarificationQuestions.id, questionId), eq(clarificationQuestions.procurementId, procurement.id)));
  if (!row) notFound();
  const identity = await askerIdentity(db(), row.question.organisationId);
  const versions = await db()
    .select()
    .from(clarificationAnswers)
    .where(eq(clarificationAnswers.questionId, questionId))
    .orderBy(desc(clarificationAnswers.version));
  const events = await auditEventsFor("clarification_question", questionId);
  const q = row.question;
  const current = versions[0];
  const anonymised = current?.question ?? q.anonymisedQuestion ?? q.body;
  const answer = current?.answer ?? q.answer ?? "";
  return {
    ...row,
    identity,
    proposalFlags:
      q.proposedQuestion !== null && q.proposedAnswer !== null
        ? flagsOf(identity, q.proposedQuestion, q.proposedAnswer)
        : [],
    // Pre-filled from the question itself: staff edit out what identifies the asker.
    draft: { anonymisedQuestion: anonymised, answer },
    flags: flagsOf(identity, anonymised, answer),
    versions,
    events: events.map((e) => ({ seq: e.seq, at: e.at, action: e.action, actor: e.actorEmail, summary: e.summary })),
  };
}

async function nameOf(tx: Executor, userId: string | null) {
  if (!userId) return "someone else";
  const [row] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? "someone else";
}

/** A member of staff takes a question: it is theirs to draft (or to take over from a colleague). */
export async function assignToMe(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  version: number,
): Promise<ActionResult> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== version) return STALE;
    if (!OPEN_STATUSES.includes(question.status)) return refusal("This question is closed: there is nothing to assign");
    const status = question.status === "submitted" ? "in_review" : question.status;
    await moveQuestion(tx, user, procurement, question, {
      set: { assigneeUserId: user.id, status },
      action: "clarification.assigned",
      summary: {
        before: { assignee: question.assigneeUserId, status: question.status },
        after: { assignee: user.id, status },
      },
    });
    return { ok: true as const };
  });
}

/**
 * The holder saves the anonymised question and the answer. Saving again after approval withdraws
 * the approval: what is approved is exactly what is published.
 */
export async function saveDraft(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  input: DraftAnswerInput,
): Promise<ActionResult<{ flags: IdentifyingFlag[] }>> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== input.version) return STALE;
    if (!["submitted", "in_review", "answer_drafted", "approved"].includes(question.status)) {
      return refusal("This question is closed: amend the published answer instead");
    }
    if (question.assigneeUserId && question.assigneeUserId !== user.id) {
      return refusal(
        `${await nameOf(tx, question.assigneeUserId)} holds this question. Assign it to yourself before you draft the answer`,
      );
    }
    const identity = await askerIdentity(tx, question.organisationId);
    const flags = flagsOf(identity, input.anonymisedQuestion, input.answer);
    // Only confirmations of flags that are still there are kept.
    const confirmed = input.confirmFlags.filter((key) => flags.some((f) => f.key === key));
    const decision = question.confidentialRequested ? (input.confidentialDecision ?? null) : null;
    await moveQuestion(tx, user, procurement, question, {
      set: {
        anonymisedQuestion: input.anonymisedQuestion,
        answer: input.answer,
        confirmedFlags: confirmed,
        confidentialDecision: decision,
        confidentialDecisionNote: decision ? (input.confidentialDecisionNote ?? null) : null,
        status: "answer_drafted",
        assigneeUserId: user.id,
        draftedByUserId: user.id,
        draftedAt: clock.now(),
        approvedByUserId: null,
        approvedAt: null,
        reviewComment: null,
      },
      action: "clarification.answer_drafted",
      summary: {
        before: { status: question.status },
        after: { status: "answer_drafted" },
        flags: flags.length,
        confirmedFlags: confirmed.length,
        confidentialDecision: decision,
      },
    });
    return { ok: true as const, flags: unconfirmedFlags(flags, confirmed) };
  });
}

/** Four eyes: a second member of staff, never the drafter, approves the draft as it stands. */
export async function approveAnswer(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  version: number,
): Promise<ActionResult> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== version) return STALE;
    if (question.status !== "answer_drafted") return refusal("Only a drafted answer can be approved");
    if (question.draftedByUserId === user.id) {
      return refusal("You drafted this answer, so another member of staff must approve it");
    }
    if (!answeredPrivately(question)) {
      const identity = await askerIdentity(tx, question.organisationId);
      const open = unconfirmedFlags(
        flagsOf(identity, question.anonymisedQuestion ?? "", question.answer ?? ""),
        question.confirmedFlags,
      );
      if (open.length > 0) {
        return refusal(
          `The draft still contains text that may identify the asker (${describeFlags(open)}). Return it to the drafter to remove or confirm it`,
        );
      }
    }
    await moveQuestion(tx, user, procurement, question, {
      set: {
        status: "approved",
        approvedByUserId: user.id,
        approvedAt: clock.now(),
      },
      action: "clarification.approved",
      summary: {
        drafter: question.draftedByUserId,
        before: { status: question.status },
        after: { status: "approved" },
      },
    });
    return { ok: true as const };
  });
}

/** The reviewer sends the draft back to its drafter with a comment. */
export async function returnToDrafter(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  comment: string,
  version: number,
): Promise<ActionResult> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== version) return STALE;
    if (question.status !== "answer_drafted" && question.status !== "approved") {
      return refusal("Only a drafted or approved answer can be returned to its drafter");
    }
    if (question.draftedByUserId === user.id) {
      return refusal("You drafted this answer: change the draft yourself rather than returning it");
    }
    await moveQuestion(tx, user, procurement, question, {
      set: {
        status: "in_review",
        assigneeUserId: question.draftedByUserId,
        approvedByUserId: null,
        approvedAt: null,
        reviewComment: comment,
      },
      action: "clarification.returned_to_drafter",
      summary: { comment, before: { status: question.status }, after: { status: "in_review" } },
    });
    return { ok: true as const };
  });
}

/** Staff reject a question (out of scope, a duplicate…); the asker is told why. */
export async function rejectQuestion(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  reason: string,
  version: number,
): Promise<ActionResult> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== version) return STALE;
    if (!OPEN_STATUSES.includes(question.status)) return refusal("This question is already closed");
    await tx
      .update(clarificationQuestions)
      .set({
        status: "rejected",
        rejectionReason: reason,
        closedAt: clock.now(),
        updatedAt: clock.now(),
        version: question.version + 1,
      })
      .where(eq(clarificationQuestions.id, question.id));
    const [asker] = await tx
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, question.askedByUserId));
    if (asker) {
      await enqueueEmail(tx, {
        to: asker.email,
        template: "clarification-rejected",
        content: clarificationRejectedMessage({
          name: asker.name,
          subject: question.subject,
          reason,
          procurementTitle: procurement.title,
          link: ownQuestionLink(procurement.slug, question.id),
        }),
      });
    }
    await recordAudit(tx, actorOf(user), {
      action: "clarification.rejected",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
      summary: { reason, before: { status: question.status }, after: { status: "rejected" } },
    });
    return { ok: true as const };
  });
}
