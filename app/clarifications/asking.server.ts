// Suppliers and their clarification questions: the clarification window, asking a question, their
// organisation's own questions (with answers once sent), and withdrawing one before it is answered.
import { and, desc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { clarificationAnswers, clarificationQuestions, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { clarificationQueuedMessage } from "../../emails/templates/clarification-queued";
import { clarificationReceivedMessage } from "../../emails/templates/clarification-received";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { config } from "../config.server";
import { isUuid } from "../ids";
import { actorOf, hasRegisteredInterest } from "../procurements/procurements.server";
import { isClarificationWindowOpen } from "../procurements/stages";
import { type ActionResult, notFound, refusal, requireSupplier } from "../refusals.server";
import { formatDateTime } from "../time";
import type { AskQuestionInput } from "./schema";
import { ownQuestionLink, publicAnswerColumns, STALE, type Procurement } from "./shared.server";
import { OPEN_STATUSES } from "./status";

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
