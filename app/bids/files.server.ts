// Files: uploading files for a file question of the caller's bid (streamed, capped, typed by
// content, stored once per SHA-256) and taking one off the draft.
// Reading bid content goes through ./sealed.server.ts.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { bidFiles, bids, storedFiles } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import type { Procurement } from "../procurements/procurements.server";
import { parseUploadForm } from "../storage/multipart.server";
import { DOCUMENT_TYPES } from "../storage/storage.server";
import type { PublishedTender } from "../tenders/published.server";
import { auditBid, biddingOpen, closedMessage, editableAnswer, questionOf, requireOwnBid } from "./shared.server";
import * as clock from "../clock.server";
import { type ActionResult, notFound, refusal, requireSupplier } from "../refusals.server";

/** Files per file question: enough for appendices, few enough to bound a bid. */
export const MAX_FILES_PER_QUESTION = 10;
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/**
 * Receives files for a file question of the caller's bid: streamed, capped at the question's size
 * limit while the bytes arrive, typed by content and stored once per SHA-256. Who is asking is
 * checked before a byte is read.
 */
export async function uploadBidFiles(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  questionId: string | undefined,
  request: Request,
): Promise<ActionResult<{ filenames: string[] }>> {
  requireSupplier(user);
  const question = questionOf(published, questionId);
  if (question.kind !== "file") notFound();
  const bid = await requireOwnBid(user, published.tender);
  // Unread: the route answers with Connection: close, so the refusal reaches the browser before
  // the rest of the file has to (cancelling the body would reset the connection instead).
  if (!biddingOpen(procurement, published.tender)) return refusal(closedMessage(procurement));
  const form = await parseUploadForm(request, {
    files: {
      file: {
        maxBytes: question.maxBytes ?? DEFAULT_MAX_BYTES,
        allowedTypes: question.allowedTypes ?? DOCUMENT_TYPES,
      },
    },
  });
  const refused = form.refusals[0];
  if (refused) return { ok: false, fieldErrors: { file: refused.message } };
  const received = form.files.file ?? [];
  if (received.length === 0) return { ok: false, fieldErrors: { file: "Choose a file to upload" } };
  return db().transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(bidFiles)
      .where(and(eq(bidFiles.bidId, bid.id), eq(bidFiles.questionId, question.id), isNull(bidFiles.removedAt)));
    if (n + received.length > MAX_FILES_PER_QUESTION) {
      return {
        ok: false as const,
        fieldErrors: {
          file: `You can upload up to ${MAX_FILES_PER_QUESTION} files for one question. Remove one first`,
        },
      };
    }
    for (const file of received) {
      const [stored] = await tx
        .insert(storedFiles)
        .values({ ...file, uploadedByUserId: user.id, organisationId: user.organisationId })
        .returning({ id: storedFiles.id });
      await tx
        .insert(bidFiles)
        .values({ bidId: bid.id, questionId: question.id, fileId: stored.id, addedByUserId: user.id });
      await auditBid(tx, user, procurement, "bid.file_added", bid.id, {
        questionId: question.id,
        number: question.number,
        sha256: file.sha256,
        size: file.size,
      });
    }
    await tx.update(bids).set({ updatedAt: clock.now() }).where(eq(bids.id, bid.id));
    return { ok: true as const, filenames: received.map((f) => f.filename) };
  });
}

/** Takes a file off the caller's draft bid (submissions keep what they froze). */
export async function removeBidFile(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  questionId: string | undefined,
  bidFileId: string,
): Promise<ActionResult> {
  const { supplier, question, bid, closed } = await editableAnswer(user, procurement, published, questionId);
  if (closed) return closed;
  return db().transaction(async (tx) => {
    const [row] = await tx
      .update(bidFiles)
      .set({ removedAt: clock.now() })
      .where(
        and(
          eq(bidFiles.id, bidFileId),
          eq(bidFiles.bidId, bid.id),
          eq(bidFiles.questionId, question.id),
          isNull(bidFiles.removedAt),
        ),
      )
      .returning({ id: bidFiles.id });
    if (!row) notFound();
    await auditBid(tx, supplier, procurement, "bid.file_removed", bid.id, { questionId: question.id, bidFileId });
    return { ok: true as const };
  });
}
