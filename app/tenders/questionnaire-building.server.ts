// Building the questionnaire, staff side: starting the tender, then adding, editing, moving and
// removing its sections and questions. Each edit goes through editTender (shared.server.ts).
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { tenderQuestions, tenders, tenderSections } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { refusal, requireRole } from "../refusals.server";
import { DOCUMENT_TYPES, type AllowedMimeType } from "../storage/storage.server";
import type { PriceItem } from "./questionnaire";
import { findTender, liveQuestion, liveQuestions, liveSection, liveSections } from "./reading.server";
import { parsePriceLines, type AddQuestionInput, type QuestionInput, type SectionInput } from "./schema";
import { editTender, MB, STALE_TENDER, type Tender } from "./shared.server";

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
