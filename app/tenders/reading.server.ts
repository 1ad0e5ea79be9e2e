// Reading the tender (also for app/bids, app/evaluation and the transparency feed): the tender of a
// procurement, its latest published version, the questionnaire as it stands now, and what the
// staff tender and question pages show. Never reads bid content: it counts submitted bids only.
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import {
  storedFiles,
  tenderDocuments,
  tenderQuestions,
  tenders,
  tenderSections,
  tenderVersions,
  users,
} from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { isUuid } from "../ids";
import type { Procurement } from "../procurements/procurements.server";
import { notFound, requireRole } from "../refusals.server";
import type { AllowedMimeType } from "../storage/storage.server";
import {
  allQuestions,
  weightSummary,
  type PublishedDocument,
  type PublishedQuestion,
  type PublishedQuestionnaire,
} from "./questionnaire";
import { isTenderPublished, type Question, type Section, type Tender } from "./shared.server";

/** The tender of a procurement, or null when staff have not started one. */
export async function findTender(procurementId: string, tx: Executor = db()): Promise<Tender | null> {
  const [row] = await tx.select().from(tenders).where(eq(tenders.procurementId, procurementId));
  return row ?? null;
}

/** The latest published questionnaire of a tender, or null before the first publication. */
export async function latestTenderVersion(tender: Tender, tx: Executor = db()) {
  if (!isTenderPublished(tender)) return null;
  const [row] = await tx
    .select()
    .from(tenderVersions)
    .where(and(eq(tenderVersions.tenderId, tender.id), eq(tenderVersions.number, tender.publishedVersion)));
  if (!row) return null;
  return { ...row, questionnaire: row.questionnaire as PublishedQuestionnaire };
}

/** What anyone may read of a published tender: the latest questionnaire and every version's reason. */
export async function publishedTender(procurement: Procurement) {
  const tender = await findTender(procurement.id);
  if (!tender) return null;
  const latest = await latestTenderVersion(tender);
  if (!latest) return null;
  const versions = await db()
    .select({ number: tenderVersions.number, reason: tenderVersions.reason, publishedAt: tenderVersions.publishedAt })
    .from(tenderVersions)
    .where(eq(tenderVersions.tenderId, tender.id))
    .orderBy(desc(tenderVersions.number));
  return { tender, latest, versions };
}

export async function liveSections(tx: Executor, tenderId: string): Promise<Section[]> {
  return tx
    .select()
    .from(tenderSections)
    .where(and(eq(tenderSections.tenderId, tenderId), isNull(tenderSections.removedAt)))
    .orderBy(asc(tenderSections.position));
}

export async function liveQuestions(tx: Executor, tenderId: string): Promise<Question[]> {
  return tx
    .select()
    .from(tenderQuestions)
    .where(and(eq(tenderQuestions.tenderId, tenderId), isNull(tenderQuestions.removedAt)))
    .orderBy(asc(tenderQuestions.position));
}

async function liveDocuments(tx: Executor, tenderId: string) {
  return tx
    .select({
      id: tenderDocuments.id,
      kind: tenderDocuments.kind,
      title: tenderDocuments.title,
      fileId: storedFiles.id,
      filename: storedFiles.filename,
      contentType: storedFiles.contentType,
      size: storedFiles.size,
      sha256: storedFiles.sha256,
      createdAt: tenderDocuments.createdAt,
    })
    .from(tenderDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, tenderDocuments.fileId))
    .where(and(eq(tenderDocuments.tenderId, tenderId), isNull(tenderDocuments.removedAt)))
    .orderBy(asc(tenderDocuments.createdAt));
}

function publishedQuestion(q: Question, number: string): PublishedQuestion {
  return {
    id: q.id,
    number,
    kind: q.kind,
    title: q.title,
    guidance: q.guidance,
    required: q.required,
    weight: q.kind === "pass_fail" || q.weight === null ? null : Number(q.weight),
    wordLimit: q.kind === "text" ? q.wordLimit : null,
    allowedTypes: q.kind === "file" ? ((q.allowedTypes ?? []) as AllowedMimeType[]) : null,
    maxBytes: q.kind === "file" ? q.maxBytes : null,
    priceItems: q.kind === "price" ? (q.priceItems ?? []) : null,
  };
}

/** The questionnaire as it stands now, numbered as it would be published. */
export async function currentQuestionnaire(tx: Executor, tenderId: string): Promise<PublishedQuestionnaire> {
  const [sections, questions, documents] = await Promise.all([
    liveSections(tx, tenderId),
    liveQuestions(tx, tenderId),
    liveDocuments(tx, tenderId),
  ]);
  return {
    sections: sections.map((s, i) => ({
      id: s.id,
      number: i + 1,
      title: s.title,
      description: s.description,
      questions: questions.filter((q) => q.sectionId === s.id).map((q, j) => publishedQuestion(q, `${i + 1}.${j + 1}`)),
    })),
    documents: documents.map((d): PublishedDocument => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      fileId: d.fileId,
      filename: d.filename,
      contentType: d.contentType,
      size: d.size,
      sha256: d.sha256,
    })),
  };
}

async function personName(userId: string | null) {
  if (!userId) return null;
  const [row] = await db().select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

/** The tender as the staff tender page shows it (what staff may learn of its bids comes from the seal). */
export async function tenderForStaff(user: SignedInUser, procurement: Procurement) {
  requireRole(user, "staff");
  const tender = await findTender(procurement.id);
  if (!tender) return null;
  const [questionnaire, versions, requestedBy, openedBy] = await Promise.all([
    currentQuestionnaire(db(), tender.id),
    db()
      .select({
        number: tenderVersions.number,
        reason: tenderVersions.reason,
        publishedAt: tenderVersions.publishedAt,
        publishedBy: users.name,
      })
      .from(tenderVersions)
      .innerJoin(users, eq(users.id, tenderVersions.publishedByUserId))
      .where(eq(tenderVersions.tenderId, tender.id))
      .orderBy(desc(tenderVersions.number)),
    personName(tender.openingRequestedByUserId),
    personName(tender.openedByUserId),
  ]);
  const questions = questionnaire.sections.flatMap((s) => s.questions);
  return {
    tender,
    questionnaire,
    weights: weightSummary(questions),
    versions,
    opening: { requestedBy, openedBy },
  };
}

/** One question of the procurement's tender, for its edit page; 404 for anything else. */
export async function questionForStaff(user: SignedInUser, procurement: Procurement, questionId: string | undefined) {
  requireRole(user, "staff");
  const tender = await findTender(procurement.id);
  if (!tender) notFound();
  const question = await liveQuestion(db(), tender.id, questionId);
  const section = await liveSection(db(), tender.id, question.sectionId);
  const questionnaire = await currentQuestionnaire(db(), tender.id);
  return { tender, question, section: section.title, weights: weightSummary(allQuestions(questionnaire)) };
}

export async function liveSection(tx: Executor, tenderId: string, sectionId: string) {
  const [row] = await tx
    .select()
    .from(tenderSections)
    .where(
      and(eq(tenderSections.id, sectionId), eq(tenderSections.tenderId, tenderId), isNull(tenderSections.removedAt)),
    );
  if (!row) notFound();
  return row;
}

export async function liveQuestion(tx: Executor, tenderId: string, questionId: string | undefined) {
  if (!isUuid(questionId)) notFound();
  const [row] = await tx
    .select()
    .from(tenderQuestions)
    .where(
      and(
        eq(tenderQuestions.id, questionId),
        eq(tenderQuestions.tenderId, tenderId),
        isNull(tenderQuestions.removedAt),
      ),
    );
  if (!row) notFound();
  return row;
}
