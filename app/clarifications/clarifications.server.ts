// Clarification questions: suppliers ask, staff draft, a second member of staff approves, and the
// answer is published to every registered supplier without the asker's identity (or, when staff
// accept a confidentiality request, answered privately). The only module that touches the
// clarification tables.
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { activeUser, organisationRecipients } from "../users/users.server";
import { alias } from "drizzle-orm/pg-core";
import { db, type Executor, type Transaction } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import {
  clarificationAnswers,
  clarificationCounters,
  clarificationDigestItems,
  clarificationQuestions,
  organisations,
  procurements,
  users,
} from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { clarificationDigestMessage, type DigestEntry } from "../../emails/templates/clarification-digest";
import { clarificationQueuedMessage } from "../../emails/templates/clarification-queued";
import { clarificationPrivateAnswerMessage } from "../../emails/templates/clarification-private-answer";
import { clarificationReceivedMessage } from "../../emails/templates/clarification-received";
import { clarificationRejectedMessage } from "../../emails/templates/clarification-rejected";
import { auditEventsFor, recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { config } from "../config.server";
import { isUuid } from "../ids";
import { actorOf, hasRegisteredInterest, interestedRecipients } from "../procurements/procurements.server";
import { isClarificationWindowOpen } from "../procurements/stages";
import { formatDateTime, fromLondonLocal } from "../time";
import { findIdentifyingText, unconfirmedFlags, type AskerIdentity, type IdentifyingFlag } from "./identifying-text";
import {
  clarificationNumber,
  type AmendAnswerInput,
  type AskQuestionInput,
  type DraftAnswerInput,
  type LogFilters,
} from "./schema";
import { OPEN_STATUSES, type ClarificationStatus } from "./status";
import * as clock from "../clock.server";
import { type ActionResult, forbidden, notFound, refusal, requireRole, requireSupplier } from "../refusals.server";

type Procurement = typeof procurements.$inferSelect;
export type ClarificationQuestion = typeof clarificationQuestions.$inferSelect;
type AnswerRow = typeof clarificationAnswers.$inferSelect;

export const LOG_PAGE_SIZE = 20;

const STALE = {
  ok: false as const,
  fieldErrors: {
    form: "Someone else changed this question while you were looking at it. Check where it is now and try again",
  },
};

export function clarificationLogLink(slug: string) {
  return new URL(`/procurements/${slug}/clarifications`, config().publicUrl).toString();
}

function ownQuestionLink(slug: string, questionId: string) {
  return new URL(`/procurements/${slug}/clarifications/questions/${questionId}`, config().publicUrl).toString();
}

// --- Who may read the log -----------------------------------------------------------------------

export type LogAccess = "read" | "register-interest";

/**
 * Staff and evaluators read the log; suppliers once their organisation is registered on the
 * procurement (before that they are offered registration); anyone else is refused.
 */
export async function logAccessFor(user: SignedInUser, procurement: Procurement): Promise<LogAccess> {
  if (user.role === "staff" || user.role === "evaluator") return "read";
  if (user.role === "supplier" && user.organisationId) {
    return (await hasRegisteredInterest(user, procurement.id)) ? "read" : "register-interest";
  }
  forbidden();
}

// --- Suppliers: asking, their own questions, withdrawing -----------------------------------------

export function clarificationWindow(procurement: Procurement, now = clock.now().getTime()) {
  return {
    open: isClarificationWindowOpen(procurement, now),
    deadline: procurement.clarificationDeadline,
    closed: procurement.clarificationDeadline !== null && now >= procurement.clarificationDeadline.getTime(),
  };
}

/**
 * A supplier asks a question. Refused (with nothing written) outside the clarification window,
 * measured on the server; a repeated post with the same idempotency key returns the first question.
 */
export async function askQuestion(
  user: SignedInUser,
  procurement: Procurement,
  input: AskQuestionInput,
  now: Date = clock.now(),
): Promise<ActionResult<{ questionId: string }>> {
  requireSupplier(user);
  if (!(await hasRegisteredInterest(user, procurement.id))) {
    return refusal("Register your organisation's interest in this procurement before you ask a question");
  }
  const window = clarificationWindow(procurement, now.getTime());
  if (!window.open) {
    return refusal(
      window.closed && window.deadline
        ? `The deadline for clarification questions was ${formatDateTime(window.deadline)} (UK time). Your question has not been sent: it is below so that you can keep a copy`
        : "Clarification questions are not open for this procurement yet. Your question has not been sent: it is below so that you can keep a copy",
    );
  }
  const organisationId = user.organisationId;
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .insert(clarificationQuestions)
        .values({
          procurementId: procurement.id,
          organisationId,
          askedByUserId: user.id,
          subject: input.subject,
          body: input.body,
          documentRef: input.documentRef ?? null,
          sectionRef: input.sectionRef ?? null,
          confidentialRequested: input.confidential,
          confidentialReason: input.confidential ? (input.confidentialReason ?? null) : null,
          idempotencyKey: input.idempotencyKey ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: clarificationQuestions.id });
      await recordAudit(tx, actorOf(user), {
        action: "clarification.asked",
        subjectType: "clarification_question",
        subjectId: row.id,
        procurementId: procurement.id,
        summary: {
          subject: input.subject,
          documentRef: input.documentRef ?? null,
          sectionRef: input.sectionRef ?? null,
          length: input.body.length,
          confidentialRequested: input.confidential,
        },
      });
      await enqueueEmail(tx, {
        to: user.email,
        template: "clarification-received",
        content: clarificationReceivedMessage({
          name: user.name,
          subject: input.subject,
          procurementTitle: procurement.title,
          link: ownQuestionLink(procurement.slug, row.id),
        }),
      });
      await enqueueEmail(tx, {
        to: procurement.engagementContactEmail,
        template: "clarification-queued",
        content: clarificationQueuedMessage({
          subject: input.subject,
          procurementTitle: procurement.title,
          confidentialRequested: input.confidential,
          deadline: procurement.clarificationDeadline ? formatDateTime(procurement.clarificationDeadline) : null,
          link: new URL(
            `/staff/procurements/${procurement.slug}/clarifications/${row.id}`,
            config().publicUrl,
          ).toString(),
        }),
      });
      return { ok: true as const, questionId: row.id };
    });
  } catch (error) {
    if (!isUniqueViolation(error) || !input.idempotencyKey) throw error;
    const [existing] = await db()
      .select({ id: clarificationQuestions.id })
      .from(clarificationQuestions)
      .where(
        and(
          eq(clarificationQuestions.askedByUserId, user.id),
          eq(clarificationQuestions.idempotencyKey, input.idempotencyKey),
        ),
      );
    if (!existing) throw error;
    return { ok: true as const, questionId: existing.id };
  }
}

/** The caller's own organisation's questions on a procurement, newest first: never another's. */
export async function listOwnQuestions(user: SignedInUser, procurement: Procurement) {
  requireSupplier(user);
  const rows = await db()
    .select({
      id: clarificationQuestions.id,
      subject: clarificationQuestions.subject,
      status: clarificationQuestions.status,
      createdAt: clarificationQuestions.createdAt,
      askedBy: users.name,
      number: clarificationAnswers.number,
    })
    .from(clarificationQuestions)
    .innerJoin(users, eq(users.id, clarificationQuestions.askedByUserId))
    .leftJoin(
      clarificationAnswers,
      and(eq(clarificationAnswers.questionId, clarificationQuestions.id), eq(clarificationAnswers.current, true)),
    )
    .where(
      and(
        eq(clarificationQuestions.procurementId, procurement.id),
        eq(clarificationQuestions.organisationId, user.organisationId),
      ),
    )
    .orderBy(desc(clarificationQuestions.createdAt));
  return rows;
}

/** One of the caller's own organisation's questions, with its answer once sent; 404 otherwise. */
export async function ownQuestion(user: SignedInUser, procurement: Procurement, questionId: string | undefined) {
  requireSupplier(user);
  if (!isUuid(questionId)) notFound();
  const [row] = await db()
    .select({ question: clarificationQuestions, askedBy: users.name })
    .from(clarificationQuestions)
    .innerJoin(users, eq(users.id, clarificationQuestions.askedByUserId))
    .where(
      and(
        eq(clarificationQuestions.id, questionId),
        eq(clarificationQuestions.procurementId, procurement.id),
        eq(clarificationQuestions.organisationId, user.organisationId),
      ),
    );
  if (!row) notFound();
  const q = row.question;
  const versions =
    q.status === "published" || q.status === "answered_privately"
      ? await db()
          .select(publicAnswerColumns)
          .from(clarificationAnswers)
          .where(eq(clarificationAnswers.questionId, q.id))
          .orderBy(desc(clarificationAnswers.version))
      : [];
  return {
    id: q.id,
    subject: q.subject,
    body: q.body,
    documentRef: q.documentRef,
    sectionRef: q.sectionRef,
    confidentialRequested: q.confidentialRequested,
    confidentialReason: q.confidentialReason,
    status: q.status,
    createdAt: q.createdAt,
    closedAt: q.closedAt,
    askedBy: row.askedBy,
    rejectionReason: q.status === "rejected" ? q.rejectionReason : null,
    version: q.version,
    withdrawable: OPEN_STATUSES.includes(q.status),
    answers: versions,
  };
}

/** A supplier withdraws one of their organisation's questions before it is answered. */
export async function withdrawQuestion(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  version: number,
): Promise<ActionResult> {
  requireSupplier(user);
  if (!isUuid(questionId)) notFound();
  const organisationId = user.organisationId;
  return db().transaction(async (tx) => {
    const [question] = await tx
      .select()
      .from(clarificationQuestions)
      .where(
        and(
          eq(clarificationQuestions.id, questionId),
          eq(clarificationQuestions.procurementId, procurement.id),
          eq(clarificationQuestions.organisationId, organisationId),
        ),
      )
      .for("update");
    if (!question) notFound();
    if (!OPEN_STATUSES.includes(question.status)) {
      return refusal("This question has already been answered or closed, so it can no longer be withdrawn");
    }
    if (question.version !== version) return STALE;
    await tx
      .update(clarificationQuestions)
      .set({ status: "withdrawn", closedAt: clock.now(), updatedAt: clock.now(), version: question.version + 1 })
      .where(eq(clarificationQuestions.id, question.id));
    await recordAudit(tx, actorOf(user), {
      action: "clarification.withdrawn",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
      summary: { before: { status: question.status }, after: { status: "withdrawn" } },
    });
    return { ok: true as const };
  });
}

// --- Staff: the queue, drafting, four eyes, publishing ------------------------------------------

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

async function askerIdentity(tx: Executor, organisationId: string): Promise<AskerIdentity> {
  const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
  const people = await tx
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(eq(users.organisationId, organisationId));
  return {
    legalName: organisation?.legalName ?? "",
    tradingNames: organisation?.tradingNames ?? "",
    companiesHouseNumber: organisation?.companiesHouseNumber ?? "",
    people: [
      ...people,
      ...(organisation ? [{ name: organisation.contactName, email: organisation.contactEmail }] : []),
    ],
    phones: organisation?.contactPhone ? [organisation.contactPhone] : [],
    websites: organisation?.website ? [organisation.website] : [],
  };
}

function flagsOf(identity: AskerIdentity, anonymisedQuestion: string, answer: string): IdentifyingFlag[] {
  return findIdentifyingText({ "the published question": anonymisedQuestion, "the answer": answer }, identity);
}

function describeFlags(flags: IdentifyingFlag[]) {
  return flags.map((f) => `“${f.text}”`).join(", ");
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

async function lockQuestion(tx: Transaction, procurement: Procurement, questionId: string | undefined) {
  if (!isUuid(questionId)) notFound();
  const [question] = await tx
    .select()
    .from(clarificationQuestions)
    .where(and(eq(clarificationQuestions.id, questionId), eq(clarificationQuestions.procurementId, procurement.id)))
    .for("update");
  if (!question) notFound();
  return question;
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
    await tx
      .update(clarificationQuestions)
      .set({ assigneeUserId: user.id, status, updatedAt: clock.now(), version: question.version + 1 })
      .where(eq(clarificationQuestions.id, question.id));
    await recordAudit(tx, actorOf(user), {
      action: "clarification.assigned",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
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
    await tx
      .update(clarificationQuestions)
      .set({
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
        updatedAt: clock.now(),
        version: question.version + 1,
      })
      .where(eq(clarificationQuestions.id, question.id));
    await recordAudit(tx, actorOf(user), {
      action: "clarification.answer_drafted",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
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

function answeredPrivately(question: ClarificationQuestion) {
  return question.confidentialRequested && question.confidentialDecision === "accepted";
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
    await tx
      .update(clarificationQuestions)
      .set({
        status: "approved",
        approvedByUserId: user.id,
        approvedAt: clock.now(),
        updatedAt: clock.now(),
        version: question.version + 1,
      })
      .where(eq(clarificationQuestions.id, question.id));
    await recordAudit(tx, actorOf(user), {
      action: "clarification.approved",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
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
    await tx
      .update(clarificationQuestions)
      .set({
        status: "in_review",
        assigneeUserId: question.draftedByUserId,
        approvedByUserId: null,
        approvedAt: null,
        reviewComment: comment,
        updatedAt: clock.now(),
        version: question.version + 1,
      })
      .where(eq(clarificationQuestions.id, question.id));
    await recordAudit(tx, actorOf(user), {
      action: "clarification.returned_to_drafter",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
      summary: { comment, before: { status: question.status }, after: { status: "in_review" } },
    });
    return { ok: true as const };
  });
}

/**
 * Publishes an approved answer: to every registered supplier under the procurement's next number
 * (allocated in this transaction, so concurrent publishing neither repeats nor skips a number),
 * or privately to the asking organisation when staff accepted its confidentiality request.
 */
export async function publishAnswer(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  version: number,
  now: Date = clock.now(),
): Promise<ActionResult<{ number: number | null; private: boolean }>> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== version) return STALE;
    if (question.status !== "approved") return refusal("Only an approved answer can be published");
    if (!question.approvedByUserId || question.approvedByUserId === question.draftedByUserId) {
      return refusal("A second member of staff must approve the answer before it is published");
    }
    const anonymisedQuestion = question.anonymisedQuestion ?? "";
    const answerText = question.answer ?? "";
    const isPrivate = answeredPrivately(question);
    if (!isPrivate) {
      const identity = await askerIdentity(tx, question.organisationId);
      const open = unconfirmedFlags(flagsOf(identity, anonymisedQuestion, answerText), question.confirmedFlags);
      if (open.length > 0) {
        return refusal(
          `Not published: the text still contains ${describeFlags(open)}, which may identify the asker. The drafter must remove it or confirm each one`,
        );
      }
    }
    let number: number | null = null;
    if (!isPrivate) {
      const [counter] = await tx
        .insert(clarificationCounters)
        .values({ procurementId: procurement.id, lastNumber: 1 })
        .onConflictDoUpdate({
          target: clarificationCounters.procurementId,
          set: { lastNumber: sql`${clarificationCounters.lastNumber} + 1` },
        })
        .returning({ lastNumber: clarificationCounters.lastNumber });
      number = counter.lastNumber;
    }
    const [answer] = await tx
      .insert(clarificationAnswers)
      .values({
        procurementId: procurement.id,
        questionId: question.id,
        audience: isPrivate ? "organisation" : "all",
        organisationId: isPrivate ? question.organisationId : null,
        number,
        version: 1,
        current: true,
        question: anonymisedQuestion,
        answer: answerText,
        documentRef: question.documentRef,
        sectionRef: question.sectionRef,
        firstPublishedAt: now,
        publishedAt: now,
        publishedByUserId: user.id,
      })
      .returning();
    const status = isPrivate ? "answered_privately" : "published";
    await tx
      .update(clarificationQuestions)
      .set({ status, closedAt: now, updatedAt: now, version: question.version + 1 })
      .where(eq(clarificationQuestions.id, question.id));
    if (isPrivate) {
      await sendPrivateAnswer(tx, procurement, question, answer, "answered");
    } else {
      await tx.insert(clarificationDigestItems).values({
        procurementId: procurement.id,
        answerId: answer.id,
        kind: "published",
        createdAt: now,
      });
    }
    await recordAudit(tx, actorOf(user), {
      action: isPrivate ? "clarification.answered_privately" : "clarification.published",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
      summary: {
        number: number === null ? null : clarificationNumber(number),
        audience: isPrivate ? "asking organisation only" : "all registered suppliers",
        drafter: question.draftedByUserId,
        approver: question.approvedByUserId,
        ...(question.confidentialRequested
          ? {
              confidentialRequested: true,
              supplierReason: question.confidentialReason,
              decision: question.confidentialDecision,
              decisionReason: question.confidentialDecisionNote,
            }
          : {}),
      },
    });
    return { ok: true as const, number, private: isPrivate };
  });
}

async function sendPrivateAnswer(
  tx: Transaction,
  procurement: Procurement,
  question: ClarificationQuestion,
  answer: AnswerRow,
  kind: "answered" | "amended",
) {
  for (const person of await organisationRecipients(tx, question.organisationId)) {
    await enqueueEmail(tx, {
      to: person.email,
      template: `clarification-private-${kind}`,
      content: clarificationPrivateAnswerMessage({
        name: person.name,
        kind,
        subject: question.subject,
        procurementTitle: procurement.title,
        question: answer.question,
        answer: answer.answer,
        amendmentReason: answer.amendmentReason,
        link: ownQuestionLink(procurement.slug, question.id),
      }),
    });
  }
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

/**
 * Proposes an amendment to a sent answer: the new wording and why. It is published only when a
 * second member of staff approves it (approveAmendment); until then the answer stands as it is.
 */
export async function proposeAmendment(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  input: AmendAnswerInput,
): Promise<ActionResult> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== input.version) return STALE;
    if (question.status !== "published" && question.status !== "answered_privately") {
      return refusal("Only a published or privately sent answer can be amended");
    }
    const identity = await askerIdentity(tx, question.organisationId);
    const flags = flagsOf(identity, input.anonymisedQuestion, input.answer);
    if (question.status === "published") {
      const open = unconfirmedFlags(flags, input.confirmFlags);
      if (open.length > 0) {
        return {
          ok: false as const,
          fieldErrors: {
            confirmFlags: `The amended text contains ${describeFlags(open)}, which may identify the asker: remove it or confirm each one`,
          },
        };
      }
    }
    await tx
      .update(clarificationQuestions)
      .set({
        proposedQuestion: input.anonymisedQuestion,
        proposedAnswer: input.answer,
        proposedReason: input.amendmentReason,
        proposedFlags: input.confirmFlags.filter((key) => flags.some((f) => f.key === key)),
        proposedByUserId: user.id,
        proposedAt: clock.now(),
        updatedAt: clock.now(),
        version: question.version + 1,
      })
      .where(eq(clarificationQuestions.id, question.id));
    await recordAudit(tx, actorOf(user), {
      action: "clarification.amendment_proposed",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
      summary: { reason: input.amendmentReason, flags: flags.length },
    });
    return { ok: true as const };
  });
}

/** Staff drop a proposed amendment; the published answer stays as it is. */
export async function discardAmendment(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  version: number,
): Promise<ActionResult> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== version) return STALE;
    if (!question.proposedByUserId) return refusal("There is no proposed amendment to discard");
    await tx
      .update(clarificationQuestions)
      .set({ ...NO_PROPOSAL, updatedAt: clock.now(), version: question.version + 1 })
      .where(eq(clarificationQuestions.id, question.id));
    await recordAudit(tx, actorOf(user), {
      action: "clarification.amendment_discarded",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
      summary: { reason: question.proposedReason, proposedBy: question.proposedByUserId },
    });
    return { ok: true as const };
  });
}

const NO_PROPOSAL = {
  proposedQuestion: null,
  proposedAnswer: null,
  proposedReason: null,
  proposedFlags: [],
  proposedByUserId: null,
  proposedAt: null,
};

/**
 * A second member of staff approves a proposed amendment, which is published at once as a new
 * version with its reason (earlier versions are kept as they were) and sent to the same audience.
 */
export async function approveAmendment(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  version: number,
  now: Date = clock.now(),
): Promise<ActionResult<{ version: number }>> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const question = await lockQuestion(tx, procurement, questionId);
    if (question.version !== version) return STALE;
    if (
      !question.proposedByUserId ||
      question.proposedQuestion === null ||
      question.proposedAnswer === null ||
      question.proposedReason === null
    ) {
      return refusal("There is no proposed amendment to approve");
    }
    if (question.proposedByUserId === user.id) {
      return refusal("You proposed this amendment, so another member of staff must approve it");
    }
    const [current] = await tx
      .select()
      .from(clarificationAnswers)
      .where(and(eq(clarificationAnswers.questionId, question.id), eq(clarificationAnswers.current, true)))
      .for("update");
    if (!current) notFound();
    const isPrivate = current.audience === "organisation";
    if (!isPrivate) {
      const identity = await askerIdentity(tx, question.organisationId);
      const open = unconfirmedFlags(
        flagsOf(identity, question.proposedQuestion, question.proposedAnswer),
        question.proposedFlags,
      );
      if (open.length > 0) {
        return refusal(
          `Not published: the amendment still contains ${describeFlags(open)}, which may identify the asker`,
        );
      }
    }
    await tx.update(clarificationAnswers).set({ current: false }).where(eq(clarificationAnswers.id, current.id));
    const [amended] = await tx
      .insert(clarificationAnswers)
      .values({
        procurementId: procurement.id,
        questionId: question.id,
        audience: current.audience,
        organisationId: current.organisationId,
        number: current.number,
        version: current.version + 1,
        current: true,
        question: question.proposedQuestion,
        answer: question.proposedAnswer,
        documentRef: current.documentRef,
        sectionRef: current.sectionRef,
        firstPublishedAt: current.firstPublishedAt,
        publishedAt: now,
        publishedByUserId: user.id,
        amendmentReason: question.proposedReason,
      })
      .returning();
    await tx
      .update(clarificationQuestions)
      .set({
        anonymisedQuestion: question.proposedQuestion,
        answer: question.proposedAnswer,
        confirmedFlags: question.proposedFlags,
        ...NO_PROPOSAL,
        updatedAt: now,
        version: question.version + 1,
      })
      .where(eq(clarificationQuestions.id, question.id));
    if (isPrivate) await sendPrivateAnswer(tx, procurement, question, amended, "amended");
    else {
      await tx.insert(clarificationDigestItems).values({
        procurementId: procurement.id,
        answerId: amended.id,
        kind: "amended",
        createdAt: now,
      });
    }
    await recordAudit(tx, actorOf(user), {
      action: "clarification.amended",
      subjectType: "clarification_question",
      subjectId: question.id,
      procurementId: procurement.id,
      summary: {
        number: current.number === null ? null : clarificationNumber(current.number),
        version: amended.version,
        reason: question.proposedReason,
        proposedBy: question.proposedByUserId,
        approvedBy: user.id,
        audience: isPrivate ? "asking organisation only" : "all registered suppliers",
      },
    });
    return { ok: true as const, version: amended.version };
  });
}

// --- The clarification log ----------------------------------------------------------------------

// What anyone who may read the log sees of an answer: never the question row, its asker or organisation.
const publicAnswerColumns = {
  id: clarificationAnswers.id,
  audience: clarificationAnswers.audience,
  number: clarificationAnswers.number,
  version: clarificationAnswers.version,
  question: clarificationAnswers.question,
  answer: clarificationAnswers.answer,
  documentRef: clarificationAnswers.documentRef,
  sectionRef: clarificationAnswers.sectionRef,
  firstPublishedAt: clarificationAnswers.firstPublishedAt,
  publishedAt: clarificationAnswers.publishedAt,
  amendmentReason: clarificationAnswers.amendmentReason,
};

export type LogVersion = {
  version: number;
  question: string;
  answer: string;
  publishedAt: Date;
  amendmentReason: string | null;
};

export type LogEntry = {
  /** The anchor on the log page: "CQ-014", or "private-<answer id>". */
  anchor: string;
  label: string;
  number: number | null;
  private: boolean;
  version: number;
  question: string;
  answer: string;
  documentRef: string | null;
  sectionRef: string | null;
  firstPublishedAt: Date;
  publishedAt: Date;
  amendmentReason: string | null;
  /** Earlier versions, newest first. */
  history: LogVersion[];
};

/** Answers to all, plus (for a supplier) the private answers to their own organisation. */
function visibleTo(user: SignedInUser, procurementId: string): SQL {
  const audience =
    user.role === "supplier" && user.organisationId
      ? or(
          eq(clarificationAnswers.audience, "all"),
          and(
            eq(clarificationAnswers.audience, "organisation"),
            eq(clarificationAnswers.organisationId, user.organisationId),
          ),
        )
      : eq(clarificationAnswers.audience, "all");
  return and(eq(clarificationAnswers.procurementId, procurementId), audience) as SQL;
}

function logConditions(user: SignedInUser, procurementId: string, filters: LogFilters): SQL[] {
  const conditions: SQL[] = [visibleTo(user, procurementId), eq(clarificationAnswers.current, true)];
  if (filters.q) conditions.push(sql`${clarificationAnswers.search} @@ websearch_to_tsquery('english', ${filters.q})`);
  if (filters.document) conditions.push(sql`lower(${clarificationAnswers.documentRef}) = lower(${filters.document})`);
  if (filters.section) {
    const prefix = filters.section.replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push(sql`lower(${clarificationAnswers.sectionRef}) like lower(${prefix}) || '%'`);
  }
  if (filters.number) conditions.push(eq(clarificationAnswers.number, filters.number));
  if (filters.from) {
    const from = fromLondonLocal(`${filters.from}T00:00`);
    conditions.push(
      or(gte(clarificationAnswers.firstPublishedAt, from), gte(clarificationAnswers.publishedAt, from)) as SQL,
    );
  }
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    const to = fromLondonLocal(end.toISOString().slice(0, 16));
    conditions.push(lt(clarificationAnswers.firstPublishedAt, to));
  }
  if (filters.amended) conditions.push(sql`${clarificationAnswers.version} > 1`);
  return conditions;
}

function logOrdering(filters: LogFilters) {
  const newest = [desc(clarificationAnswers.firstPublishedAt), desc(clarificationAnswers.number)];
  return filters.q
    ? [desc(sql`ts_rank(${clarificationAnswers.search}, websearch_to_tsquery('english', ${filters.q}))`), ...newest]
    : newest;
}

/** The earlier versions of these questions' answers, newest first. */
async function historyOf(questionIds: string[]): Promise<Map<string, LogVersion[]>> {
  const history = new Map<string, LogVersion[]>();
  if (questionIds.length === 0) return history;
  const older = await db()
    .select({
      questionId: clarificationAnswers.questionId,
      version: clarificationAnswers.version,
      question: clarificationAnswers.question,
      answer: clarificationAnswers.answer,
      publishedAt: clarificationAnswers.publishedAt,
      amendmentReason: clarificationAnswers.amendmentReason,
    })
    .from(clarificationAnswers)
    .where(and(inArray(clarificationAnswers.questionId, questionIds), eq(clarificationAnswers.current, false)))
    .orderBy(desc(clarificationAnswers.version));
  for (const { questionId, ...version } of older) {
    const list = history.get(questionId) ?? [];
    list.push(version);
    history.set(questionId, list);
  }
  return history;
}

async function loadLogEntries(
  user: SignedInUser,
  procurement: Procurement,
  filters: LogFilters,
  window: { limit: number; offset: number } | null,
): Promise<{ entries: LogEntry[]; total: number }> {
  const query = db()
    .select({
      ...publicAnswerColumns,
      questionId: clarificationAnswers.questionId,
      // The total rides along with the page: one query instead of two.
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(clarificationAnswers)
    .where(and(...logConditions(user, procurement.id, filters)))
    .orderBy(...logOrdering(filters));
  const rows = window ? await query.limit(window.limit).offset(window.offset) : await query;
  const history = await historyOf(rows.filter((r) => r.version > 1).map((r) => r.questionId));
  const entries = rows.map(({ questionId, id, audience, total: _total, ...row }) => ({
    ...row,
    anchor: row.number ? clarificationNumber(row.number) : `private-${id}`,
    label: clarificationNumber(row.number),
    private: audience === "organisation",
    history: history.get(questionId) ?? [],
  }));
  return { entries, total: rows[0]?.total ?? 0 };
}

// The documents to filter by change only when an answer cites a new one: each process keeps the
// list for a few seconds rather than reading every answer on every page view.
const DOCUMENTS_TTL_MS = 15_000;
const documentLists = new Map<string, { at: number; documents: string[] }>();

async function documentsCited(user: SignedInUser, procurementId: string): Promise<string[]> {
  const key = `${procurementId}:${user.role === "supplier" ? (user.organisationId ?? "") : "all"}`;
  const cached = documentLists.get(key);
  if (cached && Date.now() - cached.at < DOCUMENTS_TTL_MS) return cached.documents;
  const rows = await db()
    .selectDistinct({ document: clarificationAnswers.documentRef })
    .from(clarificationAnswers)
    .where(and(visibleTo(user, procurementId), eq(clarificationAnswers.current, true)))
    .orderBy(asc(clarificationAnswers.documentRef));
  const documents = rows.map((d) => d.document).filter((d): d is string => Boolean(d));
  if (documentLists.size > 1000) documentLists.clear();
  documentLists.set(key, { at: Date.now(), documents });
  return documents;
}

/** One page of the log, newest first, with the total and the documents there are to filter by. */
export async function clarificationLog(
  user: SignedInUser,
  procurement: Procurement,
  filters: LogFilters,
  pageSize = LOG_PAGE_SIZE,
) {
  const access = await logAccessFor(user, procurement);
  if (access !== "read") return { access, total: 0, page: 1, pageCount: 1, entries: [], documents: [] };
  const requested = filters.page ?? 1;
  const at = (page: number) =>
    loadLogEntries(user, procurement, filters, { limit: pageSize, offset: (page - 1) * pageSize });
  const [first, documents] = await Promise.all([at(requested), documentsCited(user, procurement.id)]);
  let { entries, total } = first;
  let page = requested;
  if (entries.length === 0 && requested > 1) {
    // Past the end (an old link, or fewer answers now match): show the last page instead.
    const [{ n }] = await db()
      .select({ n: count() })
      .from(clarificationAnswers)
      .where(and(...logConditions(user, procurement.id, filters)));
    total = n;
    page = Math.max(1, Math.ceil(n / pageSize));
    if (n > 0) entries = (await at(page)).entries;
  }
  return { access, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)), entries, documents };
}

/** The whole log (every entry and version) for the CSV and PDF downloads. */
export async function clarificationLogForDownload(user: SignedInUser, procurement: Procurement, filters: LogFilters) {
  const access = await logAccessFor(user, procurement);
  if (access !== "read") forbidden();
  return (await loadLogEntries(user, procurement, { ...filters, page: undefined }, null)).entries;
}

/**
 * Published answers that look like the question being typed: any of its words (stemmed), best
 * matches first, so a supplier can see whether it has been answered already.
 */
export async function similarAnswers(user: SignedInUser, procurement: Procurement, text: string, limit = 4) {
  const words = text
    .slice(0, 1000)
    .replace(/\u0000/g, "")
    .trim();
  if (words.length < 3) return [];
  if ((await logAccessFor(user, procurement)) !== "read") return [];
  // plainto_tsquery normalises the words (stems, drops stop words); OR-ing them finds partial overlaps.
  const query = sql`nullif(replace(plainto_tsquery('english', ${words})::text, ' & ', ' | '), '')::tsquery`;
  const rows = await db()
    .select({
      id: clarificationAnswers.id,
      number: clarificationAnswers.number,
      question: clarificationAnswers.question,
      answer: clarificationAnswers.answer,
      rank: sql<number>`ts_rank_cd(${clarificationAnswers.search}, ${query})`,
    })
    .from(clarificationAnswers)
    .where(
      and(
        visibleTo(user, procurement.id),
        eq(clarificationAnswers.current, true),
        sql`${clarificationAnswers.search} @@ ${query}`,
      ),
    )
    .orderBy(desc(sql`ts_rank_cd(${clarificationAnswers.search}, ${query})`), desc(clarificationAnswers.number))
    .limit(limit);
  // Weak matches (a shared common word) are noise beside a strong one: keep those close to the best.
  const best = rows[0]?.rank ?? 0;
  return rows
    .filter((r) => r.rank >= best * 0.3)
    .map((r) => ({
      anchor: r.number ? clarificationNumber(r.number) : `private-${r.id}`,
      label: clarificationNumber(r.number),
      question: r.question.length > 300 ? `${r.question.slice(0, 297)}…` : r.question,
      answer: r.answer.length > 300 ? `${r.answer.slice(0, 297)}…` : r.answer,
    }));
}

// --- Digests ------------------------------------------------------------------------------------

/**
 * Sends the waiting answers of each procurement as one email per registered supplier, once no
 * answer has been published there for the configured quiet period (two minutes by default) or the
 * oldest has waited the longest wait (ten minutes by default), whichever comes first.
 * Run by the server's housekeeping interval; rows are claimed with SKIP LOCKED so that several
 * processes may run it. Returns the number of emails queued.
 */
export async function sendDueClarificationDigests(
  now: Date = clock.now(),
  timing: { quietMs?: number; maxWaitMs?: number } = {},
): Promise<number> {
  const quietMs = timing.quietMs ?? config().clarificationDigestQuietMs;
  const maxWaitMs = timing.maxWaitMs ?? config().clarificationDigestMaxWaitMs;
  const waiting = await db()
    .select({
      procurementId: clarificationDigestItems.procurementId,
      oldest: sql<Date>`min(${clarificationDigestItems.createdAt})`.mapWith(clarificationDigestItems.createdAt),
      newest: sql<Date>`max(${clarificationDigestItems.createdAt})`.mapWith(clarificationDigestItems.createdAt),
    })
    .from(clarificationDigestItems)
    .where(isNull(clarificationDigestItems.sentAt))
    .groupBy(clarificationDigestItems.procurementId);
  let sent = 0;
  for (const group of waiting) {
    const due =
      now.getTime() - group.newest.getTime() >= quietMs || now.getTime() - group.oldest.getTime() >= maxWaitMs;
    if (!due) continue;
    sent += await db().transaction(async (tx) => {
      const items = await tx
        .select({ item: clarificationDigestItems, answer: clarificationAnswers, procurement: procurements })
        .from(clarificationDigestItems)
        .innerJoin(clarificationAnswers, eq(clarificationAnswers.id, clarificationDigestItems.answerId))
        .innerJoin(procurements, eq(procurements.id, clarificationDigestItems.procurementId))
        .where(
          and(
            eq(clarificationDigestItems.procurementId, group.procurementId),
            isNull(clarificationDigestItems.sentAt),
            lte(clarificationDigestItems.createdAt, now),
          ),
        )
        .orderBy(asc(clarificationAnswers.number), asc(clarificationAnswers.version))
        .for("update", { of: clarificationDigestItems, skipLocked: true });
      if (items.length === 0) return 0;
      const procurement = items[0].procurement;
      // One entry per answer, as it now stands: published and then amended in one digest reads once.
      const byNumber = new Map<number, DigestEntry>();
      for (const { item, answer } of items) {
        if (answer.number === null) continue;
        const previous = byNumber.get(answer.number);
        byNumber.set(answer.number, {
          label: clarificationNumber(answer.number),
          kind: previous?.kind === "published" ? "published" : item.kind,
          version: answer.version,
          question: answer.question,
          answer: answer.answer,
          documentRef: answer.documentRef,
          sectionRef: answer.sectionRef,
          amendmentReason: answer.amendmentReason,
          link: `${clarificationLogLink(procurement.slug)}#${clarificationNumber(answer.number)}`,
        });
      }
      const entries = [...byNumber.values()];
      const recipients = await interestedRecipients(tx, procurement.id);
      for (const person of recipients) {
        await enqueueEmail(tx, {
          to: person.email,
          template: "clarification-digest",
          content: clarificationDigestMessage({
            name: person.name,
            procurementTitle: procurement.title,
            entries,
            link: clarificationLogLink(procurement.slug),
          }),
        });
      }
      await tx
        .update(clarificationDigestItems)
        .set({ sentAt: now })
        .where(
          inArray(
            clarificationDigestItems.id,
            items.map((i) => i.item.id),
          ),
        );
      return recipients.length;
    });
  }
  return sent;
}
