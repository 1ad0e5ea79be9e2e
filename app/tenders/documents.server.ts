// The tender documents: staff add and remove them (each an edit of the tender), and anyone may
// download those of a published version; staff any of the tender's documents.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { storedFiles, tenderDocuments, tenderVersions } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { isUuid } from "../ids";
import type { Procurement } from "../procurements/procurements.server";
import { notFound } from "../refusals.server";
import { MIME, type AllowedMimeType } from "../storage/storage.server";
import { findTender } from "./reading.server";
import type { DocumentInput } from "./schema";
import { editTender, MB } from "./shared.server";

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
