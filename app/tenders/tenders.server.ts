// The tender of a procurement, staff side: building the questionnaire (sections and questions),
// the tender documents, publishing and amending (numbered versions) and changing the bid deadline.
// The evaluation method is set in evaluation/method.server.ts, the two-person opening is in
// bids/opening.server.ts, and what bidders read of a published tender in tenders/published.server.ts.
// Never reads bid content: before opening it counts submitted bids only.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor, type Transaction } from "../../db/client.server";
import {
  bids,
  procurements,
  storedFiles,
  tenderDocuments,
  tenderQuestions,
  tenders,
  tenderSections,
  tenderVersions,
  users,
} from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { tenderAmendedMessage } from "../../emails/templates/tender-amended";
import { tenderDeadlineChangedMessage } from "../../emails/templates/tender-deadline-changed";
import { tenderPublishedMessage } from "../../emails/templates/tender-published";
import { anchorAfterStageChange, type StageChange } from "../audit/anchors.server";
import { recordAudit, type AuditEntry } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { countSubmittedBids, lateBidRegister } from "../bids/sealed.server";
import { config } from "../config.server";
import { isUuid } from "../ids";
import { actorOf, interestedRecipients, type Procurement } from "../procurements/procurements.server";
import { DOCUMENT_TYPES, MIME, type AllowedMimeType } from "../storage/storage.server";
import { formatDateTime, fromLondonLocal } from "../time";
import {
  allQuestions,
  weightSummary,
  type PriceItem,
  type PublishedDocument,
  type PublishedQuestion,
  type PublishedQuestionnaire,
} from "./questionnaire";
import {
  parsePriceLines,
  type AddQuestionInput,
  type DeadlineInput,
  type DocumentInput,
  type QuestionInput,
  type SectionInput,
} from "./schema";
import * as clock from "../clock.server";
import { type ActionResult, notFound, refusal, type Refusal, requireRole } from "../refusals.server";

export type Tender = typeof tenders.$inferSelect;
type Section = typeof tenderSections.$inferSelect;
type Question = typeof tenderQuestions.$inferSelect;

/** The refusal when the tender changed since the page was read (optimistic locking). */
export const STALE_TENDER = refusal(
  "Someone else changed the tender while you were looking at it. Your changes are below: check them against the tender as it is now and save again",
);

export function tenderPageLink(slug: string) {
  return new URL(`/procurements/${slug}/tender`, config().publicUrl).toString();
}

// --- Reading the tender (also for app/bids) -------------------------------------------------------

/** The tender of a procurement, or null when staff have not started one. */
export async function findTender(procurementId: string, tx: Executor = db()): Promise<Tender | null> {
  const [row] = await tx.select().from(tenders).where(eq(tenders.procurementId, procurementId));
  return row ?? null;
}

/** Bids are readable only once two members of staff have opened them. */
export function isTenderOpened(tender: Pick<Tender, "openedAt"> | null): boolean {
  return tender?.openedAt != null;
}

export function isTenderPublished(tender: Pick<Tender, "publishedVersion"> | null): boolean {
  return (tender?.publishedVersion ?? 0) > 0;
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

// --- Staff: the editable questionnaire ------------------------------------------------------------

async function liveSections(tx: Executor, tenderId: string): Promise<Section[]> {
  return tx
    .select()
    .from(tenderSections)
    .where(and(eq(tenderSections.tenderId, tenderId), isNull(tenderSections.removedAt)))
    .orderBy(asc(tenderSections.position));
}

async function liveQuestions(tx: Executor, tenderId: string): Promise<Question[]> {
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

/** Everything the staff tender page shows: never any bid's content, only how many were submitted. */
export async function tenderForStaff(user: SignedInUser, procurement: Procurement) {
  requireRole(user, "staff");
  const tender = await findTender(procurement.id);
  if (!tender) return null;
  const [questionnaire, versions, submitted, lateBids, requestedBy, openedBy] = await Promise.all([
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
    countSubmittedBids(tender.id),
    lateBidRegister(user, tender),
    personName(tender.openingRequestedByUserId),
    personName(tender.openedByUserId),
  ]);
  const questions = questionnaire.sections.flatMap((s) => s.questions);
  return {
    tender,
    questionnaire,
    weights: weightSummary(questions),
    versions,
    submitted,
    lateBids,
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

export async function createTender(user: SignedInUser, procurement: Procurement): Promise<Tender> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const [row] = await tx.insert(tenders).values({ procurementId: procurement.id }).onConflictDoNothing().returning();
    if (!row) {
      const existing = await findTender(procurement.id, tx);
      if (!existing) throw new Error("The tender vanished as it was created");
      return existing;
    }
    await recordAudit(tx, actorOf(user), {
      action: "tender.created",
      subjectType: "tender",
      subjectId: row.id,
      procurementId: procurement.id,
    });
    return row;
  });
}

type Edit<T> = (tx: Transaction, tender: Tender) => Promise<Refusal | { ok: true; audit: AuditEntry; value: T }>;

/**
 * One staff edit of the tender: the tender row is locked, an edit made on a stale page is refused,
 * and the edit, the tender's new version and its audit row commit together. An edit checks what it
 * may do before it writes anything.
 */
export async function editTender<T>(
  user: SignedInUser,
  procurement: Procurement,
  expectedVersion: number,
  edit: Edit<T>,
): Promise<ActionResult<{ value: T }>> {
  requireRole(user, "staff");
  return db().transaction(async (tx) => {
    const [tender] = await tx.select().from(tenders).where(eq(tenders.procurementId, procurement.id)).for("update");
    if (!tender) notFound();
    if (isTenderOpened(tender)) return refusal("The bids have been opened: the tender can no longer be changed");
    if (isTenderPublished(tender) && deadlinePassed(procurement, clock.now())) {
      return refusal("The bid deadline has passed: the tender stands as bidders answered it");
    }
    if (tender.version !== expectedVersion) return STALE_TENDER;
    const result = await edit(tx, tender);
    if (!result.ok) return result;
    await tx
      .update(tenders)
      .set({ version: tender.version + 1, hasUnpublishedChanges: true, updatedAt: clock.now() })
      .where(eq(tenders.id, tender.id));
    await recordAudit(tx, actorOf(user), { ...result.audit, procurementId: procurement.id });
    return { ok: true as const, value: result.value };
  });
}

async function nextPosition(
  tx: Transaction,
  table: typeof tenderSections | typeof tenderQuestions,
  where: ReturnType<typeof eq>,
) {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${table.position}), 0)::int + 1` })
    .from(table)
    .where(where);
  return row.n;
}

export async function addSection(user: SignedInUser, procurement: Procurement, input: SectionInput) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const position = await nextPosition(tx, tenderSections, eq(tenderSections.tenderId, tender.id));
    const [row] = await tx
      .insert(tenderSections)
      .values({ tenderId: tender.id, position, title: input.title, description: input.description })
      .returning({ id: tenderSections.id });
    return {
      ok: true,
      value: row.id,
      audit: {
        action: "tender.section_added",
        subjectType: "tender_section",
        subjectId: row.id,
        summary: { title: input.title },
      },
    };
  });
}

async function liveSection(tx: Executor, tenderId: string, sectionId: string) {
  const [row] = await tx
    .select()
    .from(tenderSections)
    .where(
      and(eq(tenderSections.id, sectionId), eq(tenderSections.tenderId, tenderId), isNull(tenderSections.removedAt)),
    );
  if (!row) notFound();
  return row;
}

async function liveQuestion(tx: Executor, tenderId: string, questionId: string | undefined) {
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

export async function saveSection(
  user: SignedInUser,
  procurement: Procurement,
  sectionId: string,
  input: SectionInput,
) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const before = await liveSection(tx, tender.id, sectionId);
    await tx
      .update(tenderSections)
      .set({ title: input.title, description: input.description })
      .where(eq(tenderSections.id, before.id));
    return {
      ok: true,
      value: before.id,
      audit: {
        action: "tender.section_updated",
        subjectType: "tender_section",
        subjectId: before.id,
        summary: { before: { title: before.title }, after: { title: input.title } },
      },
    };
  });
}

/** Swaps an item with its live neighbour above or below; at either end nothing moves. */
async function swapWithNeighbour<R extends { id: string; position: number }>(
  rows: R[],
  id: string,
  direction: "up" | "down",
  setPosition: (rowId: string, position: number) => Promise<unknown>,
) {
  const index = rows.findIndex((r) => r.id === id);
  const other = rows[direction === "up" ? index - 1 : index + 1];
  if (index < 0 || !other) return false;
  await setPosition(rows[index].id, other.position);
  await setPosition(other.id, rows[index].position);
  return true;
}

export async function moveSection(
  user: SignedInUser,
  procurement: Procurement,
  input: { version: number; itemId: string; direction: "up" | "down" },
) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const section = await liveSection(tx, tender.id, input.itemId);
    const moved = await swapWithNeighbour(
      await liveSections(tx, tender.id),
      section.id,
      input.direction,
      (id, position) => tx.update(tenderSections).set({ position }).where(eq(tenderSections.id, id)),
    );
    if (!moved) return refusal(`"${section.title}" is already ${input.direction === "up" ? "first" : "last"}`);
    return {
      ok: true,
      value: section.id,
      audit: {
        action: "tender.section_moved",
        subjectType: "tender_section",
        subjectId: section.id,
        summary: { title: section.title, direction: input.direction },
      },
    };
  });
}

export async function removeSection(
  user: SignedInUser,
  procurement: Procurement,
  input: { version: number; itemId: string },
) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const section = await liveSection(tx, tender.id, input.itemId);
    const now = clock.now();
    await tx.update(tenderSections).set({ removedAt: now }).where(eq(tenderSections.id, section.id));
    await tx
      .update(tenderQuestions)
      .set({ removedAt: now })
      .where(and(eq(tenderQuestions.sectionId, section.id), isNull(tenderQuestions.removedAt)));
    return {
      ok: true,
      value: section.id,
      audit: {
        action: "tender.section_removed",
        subjectType: "tender_section",
        subjectId: section.id,
        summary: { title: section.title },
      },
    };
  });
}

const MB = 1024 * 1024;

export async function addQuestion(user: SignedInUser, procurement: Procurement, input: AddQuestionInput) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const section = await liveSection(tx, tender.id, input.sectionId);
    const position = await nextPosition(tx, tenderQuestions, eq(tenderQuestions.sectionId, section.id));
    // Sensible starting values; staff set the real ones on the question's page.
    const [row] = await tx
      .insert(tenderQuestions)
      .values({
        tenderId: tender.id,
        sectionId: section.id,
        position,
        kind: input.kind,
        title: input.questionTitle,
        weight: input.kind === "pass_fail" ? null : "0",
        wordLimit: input.kind === "text" ? 500 : null,
        allowedTypes: input.kind === "file" ? [DOCUMENT_TYPES[0]] : null,
        maxBytes: input.kind === "file" ? 10 * MB : null,
        priceItems: input.kind === "price" ? [] : null,
      })
      .returning({ id: tenderQuestions.id });
    return {
      ok: true,
      value: row.id,
      audit: {
        action: "tender.question_added",
        subjectType: "tender_question",
        subjectId: row.id,
        summary: { section: section.title, kind: input.kind, title: input.questionTitle },
      },
    };
  });
}

/** Price lines keep their keys when their description stays, so bidders' unit prices carry over. */
function priceItemsFrom(lines: string, before: PriceItem[] | null): PriceItem[] {
  const previous = new Map((before ?? []).map((item) => [item.description, item.key]));
  const used = new Set<string>();
  return parsePriceLines(lines).items.map((item) => {
    let key = previous.get(item.description);
    if (!key || used.has(key)) key = randomUUID().slice(0, 8);
    used.add(key);
    return { key, ...item };
  });
}

export async function saveQuestion(
  user: SignedInUser,
  procurement: Procurement,
  questionId: string | undefined,
  input: QuestionInput,
) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const before = await liveQuestion(tx, tender.id, questionId);
    if (input.kind !== before.kind) return STALE_TENDER;
    const unknownTypes = input.allowedTypes.filter((t) => !DOCUMENT_TYPES.includes(t as AllowedMimeType));
    if (before.kind === "file" && unknownTypes.length > 0) {
      return { ok: false, fieldErrors: { allowedTypes: "Choose from the types of file listed" } };
    }
    const scored = before.kind !== "pass_fail";
    const next = {
      title: input.title,
      guidance: input.guidance,
      required: input.required,
      weight: scored ? String(input.weight ?? 0) : null,
      wordLimit: before.kind === "text" ? (input.wordLimit ?? null) : null,
      allowedTypes: before.kind === "file" ? input.allowedTypes : null,
      maxBytes: before.kind === "file" ? (input.maxMegabytes ?? 10) * MB : null,
      priceItems: before.kind === "price" ? priceItemsFrom(input.priceLines, before.priceItems) : null,
    };
    await tx.update(tenderQuestions).set(next).where(eq(tenderQuestions.id, before.id));
    return {
      ok: true,
      value: before.id,
      audit: {
        action: "tender.question_updated",
        subjectType: "tender_question",
        subjectId: before.id,
        summary: {
          before: {
            title: before.title,
            weight: before.weight,
            wordLimit: before.wordLimit,
            maxBytes: before.maxBytes,
          },
          after: { title: next.title, weight: next.weight, wordLimit: next.wordLimit, maxBytes: next.maxBytes },
        },
      },
    };
  });
}

export async function moveQuestion(
  user: SignedInUser,
  procurement: Procurement,
  input: { version: number; itemId: string; direction: "up" | "down" },
) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const question = await liveQuestion(tx, tender.id, input.itemId);
    const siblings = (await liveQuestions(tx, tender.id)).filter((q) => q.sectionId === question.sectionId);
    const moved = await swapWithNeighbour(siblings, question.id, input.direction, (id, position) =>
      tx.update(tenderQuestions).set({ position }).where(eq(tenderQuestions.id, id)),
    );
    if (!moved) {
      return refusal(`That question is already ${input.direction === "up" ? "first" : "last"} in its section`);
    }
    return {
      ok: true,
      value: question.id,
      audit: {
        action: "tender.question_moved",
        subjectType: "tender_question",
        subjectId: question.id,
        summary: { title: question.title, direction: input.direction },
      },
    };
  });
}

export async function removeQuestion(
  user: SignedInUser,
  procurement: Procurement,
  input: { version: number; itemId: string },
) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const question = await liveQuestion(tx, tender.id, input.itemId);
    await tx.update(tenderQuestions).set({ removedAt: clock.now() }).where(eq(tenderQuestions.id, question.id));
    return {
      ok: true,
      value: question.id,
      audit: {
        action: "tender.question_removed",
        subjectType: "tender_question",
        subjectId: question.id,
        summary: { title: question.title },
      },
    };
  });
}

// --- Documents -------------------------------------------------------------------------------------

/** The buyer's documents are PDFs, Word documents or spreadsheets. */
export const TENDER_DOCUMENT_TYPES: readonly AllowedMimeType[] = [MIME.pdf, MIME.docx, MIME.xlsx];
export const MAX_TENDER_DOCUMENT_BYTES = 50 * MB;

export type ReceivedDocument = { sha256: string; size: number; contentType: string; filename: string };

export async function addDocument(
  user: SignedInUser,
  procurement: Procurement,
  input: DocumentInput & { file: ReceivedDocument },
) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const [file] = await tx
      .insert(storedFiles)
      .values({ ...input.file, uploadedByUserId: user.id })
      .returning({ id: storedFiles.id });
    const [row] = await tx
      .insert(tenderDocuments)
      .values({
        tenderId: tender.id,
        kind: input.documentKind,
        title: input.documentTitle,
        fileId: file.id,
        addedByUserId: user.id,
      })
      .returning({ id: tenderDocuments.id });
    return {
      ok: true,
      value: row.id,
      audit: {
        action: "tender.document_added",
        subjectType: "tender_document",
        subjectId: row.id,
        summary: {
          kind: input.documentKind,
          title: input.documentTitle,
          file: input.file.filename,
          sha256: input.file.sha256,
        },
      },
    };
  });
}

export async function removeDocument(
  user: SignedInUser,
  procurement: Procurement,
  input: { version: number; itemId: string },
) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    const [document] = await tx
      .select()
      .from(tenderDocuments)
      .where(
        and(
          eq(tenderDocuments.id, input.itemId),
          eq(tenderDocuments.tenderId, tender.id),
          isNull(tenderDocuments.removedAt),
        ),
      );
    if (!document) notFound();
    await tx.update(tenderDocuments).set({ removedAt: clock.now() }).where(eq(tenderDocuments.id, document.id));
    return {
      ok: true,
      value: document.id,
      audit: {
        action: "tender.document_removed",
        subjectType: "tender_document",
        subjectId: document.id,
        summary: { kind: document.kind, title: document.title },
      },
    };
  });
}

/**
 * A tender document's file: staff may download any of the tender's documents; anyone else only
 * documents of a published version (tender documents are public once published).
 */
export async function tenderDocumentFile(
  user: SignedInUser | null,
  procurement: Procurement,
  documentId: string | undefined,
) {
  if (!isUuid(documentId)) notFound();
  const tender = await findTender(procurement.id);
  if (!tender) notFound();
  const [row] = await db()
    .select({
      sha256: storedFiles.sha256,
      size: storedFiles.size,
      contentType: storedFiles.contentType,
      filename: storedFiles.filename,
    })
    .from(tenderDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, tenderDocuments.fileId))
    .where(and(eq(tenderDocuments.id, documentId), eq(tenderDocuments.tenderId, tender.id)));
  if (!row) notFound();
  if (user?.role !== "staff") {
    const [published] = await db()
      .select({ number: tenderVersions.number })
      .from(tenderVersions)
      .where(
        and(
          eq(tenderVersions.tenderId, tender.id),
          sql`${tenderVersions.questionnaire} -> 'documents' @> ${JSON.stringify([{ id: documentId }])}::jsonb`,
        ),
      )
      .limit(1);
    if (!published) notFound();
  }
  return row;
}

// --- Publishing and amending ------------------------------------------------------------------------

/** Whether the bid deadline has passed by `now` (the portal's clock). */
export function deadlinePassed(procurement: Pick<Procurement, "bidDeadline">, now: Date) {
  return procurement.bidDeadline !== null && now.getTime() >= procurement.bidDeadline.getTime();
}

/**
 * Publishes the questionnaire and documents as they stand: version 1 the first time, then each
 * amendment (with its reason) as the next version, emailed to every interested supplier's users.
 */
export async function publishTender(
  user: SignedInUser,
  procurement: Procurement,
  input: { version: number; reason: string },
  now: Date = clock.now(),
): Promise<ActionResult<{ number: number; notified: number }>> {
  requireRole(user, "staff");
  const published = await db().transaction(async (tx) => {
    const [current] = await tx.select().from(procurements).where(eq(procurements.id, procurement.id)).for("update");
    const [tender] = await tx.select().from(tenders).where(eq(tenders.procurementId, procurement.id)).for("update");
    if (!current || !tender) notFound();
    if (isTenderOpened(tender)) return refusal("The bids have been opened: the tender can no longer be changed");
    if (tender.version !== input.version) return STALE_TENDER;
    const amendment = isTenderPublished(tender);
    if (!current.bidDeadline) {
      return refusal("Set the bid deadline (on the procurement's stage dates) before you publish the tender");
    }
    if (deadlinePassed(current, now)) {
      return refusal(
        `The bid deadline (${formatDateTime(current.bidDeadline)}) has passed: the tender can no longer be ${amendment ? "amended" : "published"}`,
      );
    }
    if (amendment && !tender.hasUnpublishedChanges) {
      return refusal(`Nothing has changed since version ${tender.publishedVersion} was published`);
    }
    if (amendment && !input.reason) {
      return {
        ok: false as const,
        fieldErrors: { reason: "Enter the reason for the amendment: suppliers are told it" },
      };
    }
    const questionnaire = await currentQuestionnaire(tx, tender.id);
    const questions = questionnaire.sections.flatMap((s) => s.questions);
    if (questions.length === 0) return refusal("Add at least one question before you publish the tender");
    const empty = questionnaire.sections.find((s) => s.questions.length === 0);
    if (empty) return refusal(`Section ${empty.number}, "${empty.title}", has no questions: add some or remove it`);
    const emptyPrice = questions.find((q) => q.kind === "price" && (q.priceItems ?? []).length === 0);
    if (emptyPrice) return refusal(`Question ${emptyPrice.number} is a price schedule without any price lines`);
    const weights = weightSummary(questions);
    if (weights.total !== 100) {
      return {
        ok: false as const,
        fieldErrors: {
          weights: `The weights add up to ${weights.total}% (quality ${weights.quality}%, price ${weights.price}%): they must add up to 100% before you publish`,
        },
      };
    }
    const number = tender.publishedVersion + 1;
    await tx.insert(tenderVersions).values({
      tenderId: tender.id,
      number,
      reason: amendment ? input.reason : null,
      questionnaire,
      publishedByUserId: user.id,
      publishedAt: now,
    });
    await tx
      .update(tenders)
      .set({ publishedVersion: number, hasUnpublishedChanges: false, version: tender.version + 1, updatedAt: now })
      .where(eq(tenders.id, tender.id));
    if (!current.tenderPublishedAt) {
      await tx
        .update(procurements)
        .set({ tenderPublishedAt: now, version: current.version + 1, updatedAt: now })
        .where(eq(procurements.id, current.id));
    }
    await recordAudit(tx, actorOf(user), {
      action: amendment ? "tender.amended" : "tender.published",
      subjectType: "tender",
      subjectId: tender.id,
      procurementId: procurement.id,
      summary: {
        number,
        reason: amendment ? input.reason : null,
        sections: questionnaire.sections.length,
        questions: questions.length,
        documents: questionnaire.documents.map((d) => ({ title: d.title, sha256: d.sha256 })),
        weights,
      },
    });
    // Every interested supplier's users learn at once: of the tender on its first publication, of
    // each amendment with its reason after that.
    let notified = 0;
    for (const recipient of await interestedRecipients(tx, procurement.id)) {
      await enqueueEmail(
        tx,
        amendment
          ? {
              to: recipient.email,
              template: "tender-amended",
              content: tenderAmendedMessage({
                name: recipient.name,
                procurementTitle: current.title,
                version: number,
                reason: input.reason,
                link: tenderPageLink(current.slug),
              }),
            }
          : {
              to: recipient.email,
              template: "tender-published",
              content: tenderPublishedMessage({
                name: recipient.name,
                procurementTitle: current.title,
                bidDeadline: formatDateTime(current.bidDeadline),
                clarificationDeadline: current.clarificationDeadline
                  ? formatDateTime(current.clarificationDeadline)
                  : null,
                link: tenderPageLink(current.slug),
              }),
            },
      );
      notified++;
    }
    return { ok: true as const, number, notified };
  });
  if (published.ok) {
    await anchorAfterStageChange(published.number > 1 ? "tender.amended" : "tender.published", procurement.id);
  }
  return published;
}

// --- The bid deadline -------------------------------------------------------------------------------

/**
 * Moves the bid deadline, with a reason told to every interested supplier's users. Once any bid
 * exists it may only move later. The procurement row is locked FOR UPDATE: a submission (which
 * holds it FOR SHARE) either commits before the change or sees the new deadline.
 */
export async function changeBidDeadline(
  user: SignedInUser,
  procurement: Procurement,
  input: DeadlineInput,
  now: Date = clock.now(),
): Promise<ActionResult<{ notified: number; deadline: Date }>> {
  requireRole(user, "staff");
  const deadline = fromLondonLocal(input.deadline);
  let moved: StageChange = "tender.deadline_extended";
  const changed = await db().transaction(async (tx) => {
    const [current] = await tx.select().from(procurements).where(eq(procurements.id, procurement.id)).for("update");
    if (!current) notFound();
    if (current.version !== input.procurementVersion) {
      return refusal(
        "Someone else changed this procurement while you were looking at it. Your new deadline and reason are below: check the current deadline and try again",
      );
    }
    const tender = await findTender(procurement.id, tx);
    if (isTenderOpened(tender)) return refusal("The bids have been opened: the deadline can no longer change");
    if (tender?.openingRequestedAt) {
      return refusal("Opening the bids has been requested: cancel the request before you change the deadline");
    }
    if (deadline.getTime() <= now.getTime()) {
      return { ok: false as const, fieldErrors: { deadline: "The new deadline must be in the future" } };
    }
    if (current.clarificationDeadline && deadline < current.clarificationDeadline) {
      return {
        ok: false as const,
        fieldErrors: {
          deadline: `The deadline must be after clarification questions close (${formatDateTime(current.clarificationDeadline)})`,
        },
      };
    }
    const previous = current.bidDeadline;
    if (previous && previous.getTime() === deadline.getTime()) {
      return { ok: false as const, fieldErrors: { deadline: "That is the deadline already: enter a different one" } };
    }
    if (previous && deadline < previous && tender) {
      const [started] = await tx.select({ id: bids.id }).from(bids).where(eq(bids.tenderId, tender.id)).limit(1);
      if (started) {
        return {
          ok: false as const,
          fieldErrors: {
            deadline: `Suppliers have started bids, so the deadline cannot be brought forward: it can only move later than ${formatDateTime(previous)}`,
          },
        };
      }
    }
    await tx
      .update(procurements)
      .set({ bidDeadline: deadline, version: current.version + 1, updatedAt: now })
      .where(eq(procurements.id, current.id));
    moved = previous && deadline < previous ? "tender.deadline_brought_forward" : "tender.deadline_extended";
    await recordAudit(tx, actorOf(user), {
      action: moved,
      subjectType: "procurement",
      subjectId: current.id,
      procurementId: current.id,
      summary: { before: previous, after: deadline, reason: input.deadlineReason },
    });
    let notified = 0;
    for (const recipient of await interestedRecipients(tx, current.id)) {
      await enqueueEmail(tx, {
        to: recipient.email,
        template: "tender-deadline-changed",
        content: tenderDeadlineChangedMessage({
          name: recipient.name,
          procurementTitle: current.title,
          previous: previous ? formatDateTime(previous) : null,
          deadline: formatDateTime(deadline),
          reason: input.deadlineReason,
          link: tenderPageLink(current.slug),
        }),
      });
      notified++;
    }
    return { ok: true as const, notified, deadline };
  });
  if (changed.ok) await anchorAfterStageChange(moved, procurement.id);
  return changed;
}
