// Staff publish an approved clarification answer (to every registered supplier under the next
// number, or privately to the asking organisation) and amend a sent answer: propose, discard, and a
// second member of staff approves the new version.
import { and, eq, sql } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import {
  clarificationAnswers,
  clarificationCounters,
  clarificationDigestItems,
  clarificationQuestions,
} from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { clarificationPrivateAnswerMessage } from "../../emails/templates/clarification-private-answer";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { actorOf } from "../procurements/procurements.server";
import { type ActionResult, notFound, refusal, requireRole } from "../refusals.server";
import { organisationRecipients } from "../users/users.server";
import { unconfirmedFlags } from "./identifying-text";
import { clarificationNumber, type AmendAnswerInput } from "./schema";
import {
  answeredPrivately,
  askerIdentity,
  describeFlags,
  flagsOf,
  lockQuestion,
  moveQuestion,
  ownQuestionLink,
  STALE,
  type ClarificationQuestion,
  type Procurement,
} from "./shared.server";

type AnswerRow = typeof clarificationAnswers.$inferSelect;

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
    await moveQuestion(tx, user, procurement, question, {
      set: {
        proposedQuestion: input.anonymisedQuestion,
        proposedAnswer: input.answer,
        proposedReason: input.amendmentReason,
        proposedFlags: input.confirmFlags.filter((key) => flags.some((f) => f.key === key)),
        proposedByUserId: user.id,
        proposedAt: clock.now(),
      },
      action: "clarification.amendment_proposed",
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
    await moveQuestion(tx, user, procurement, question, {
      set: NO_PROPOSAL,
      action: "clarification.amendment_discarded",
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
