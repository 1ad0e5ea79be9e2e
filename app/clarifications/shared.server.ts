// Clarification questions: suppliers ask, staff draft, a second member of staff approves, and the
// answer is published to every registered supplier without the asker's identity (or, when staff
// accept a confidentiality request, answered privately). The workflows are in access, asking,
// drafting, publishing, log and digests (*.server.ts here), the only modules that touch the
// clarification tables. This file holds what several of them share: the procurement and question
// types, the stale-version refusal, the links in emails, the columns of an answer anyone may read,
// and the staff-side checks for text that may identify the asker.
import { and, eq } from "drizzle-orm";
import type { Executor, Transaction } from "../../db/client.server";
import { clarificationAnswers, clarificationQuestions, organisations, procurements, users } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { config } from "../config.server";
import { isUuid } from "../ids";
import { findIdentifyingText, type AskerIdentity, type IdentifyingFlag } from "./identifying-text";
import { actorOf } from "../procurements/procurements.server";
import { notFound } from "../refusals.server";

export type Procurement = typeof procurements.$inferSelect;
export type ClarificationQuestion = typeof clarificationQuestions.$inferSelect;

export const STALE = {
  ok: false as const,
  fieldErrors: {
    form: "Someone else changed this question while you were looking at it. Check where it is now and try again",
  },
};

export function clarificationLogLink(slug: string) {
  return new URL(`/procurements/${slug}/clarifications`, config().publicUrl).toString();
}

export function ownQuestionLink(slug: string, questionId: string) {
  return new URL(`/procurements/${slug}/clarifications/questions/${questionId}`, config().publicUrl).toString();
}

// What anyone who may read the log sees of an answer: never the question row, its asker or organisation.
export const publicAnswerColumns = {
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

export async function askerIdentity(tx: Executor, organisationId: string): Promise<AskerIdentity> {
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

export function flagsOf(identity: AskerIdentity, anonymisedQuestion: string, answer: string): IdentifyingFlag[] {
  return findIdentifyingText({ "the published question": anonymisedQuestion, "the answer": answer }, identity);
}

export function describeFlags(flags: IdentifyingFlag[]) {
  return flags.map((f) => `“${f.text}”`).join(", ");
}

export async function lockQuestion(tx: Transaction, procurement: Procurement, questionId: string | undefined) {
  if (!isUuid(questionId)) notFound();
  const [question] = await tx
    .select()
    .from(clarificationQuestions)
    .where(and(eq(clarificationQuestions.id, questionId), eq(clarificationQuestions.procurementId, procurement.id)))
    .for("update");
  if (!question) notFound();
  return question;
}

/**
 * A step of the staff workflow on a question locked by `lockQuestion`: its columns change (with the
 * next version) and the audit log records the step, both in the caller's transaction.
 */
export async function moveQuestion(
  tx: Transaction,
  user: SignedInUser,
  procurement: Procurement,
  question: ClarificationQuestion,
  step: { set: Partial<typeof clarificationQuestions.$inferInsert>; action: string; summary: Record<string, unknown> },
) {
  await tx
    .update(clarificationQuestions)
    .set({ ...step.set, updatedAt: clock.now(), version: question.version + 1 })
    .where(eq(clarificationQuestions.id, question.id));
  await recordAudit(tx, actorOf(user), {
    action: step.action,
    subjectType: "clarification_question",
    subjectId: question.id,
    procurementId: procurement.id,
    summary: step.summary,
  });
}

export function answeredPrivately(question: ClarificationQuestion) {
  return question.confidentialRequested && question.confidentialDecision === "accepted";
}
