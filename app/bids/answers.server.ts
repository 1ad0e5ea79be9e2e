// Answers: the caller's organisation's people answer each question of its bid, with optimistic
// locking per answer (a colleague's save in between is shown, not overwritten).
// Reading bid content goes through ./sealed.server.ts.
import { and, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { bidAnswers, bids } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import type { Procurement } from "../procurements/procurements.server";
import { toPence, type AnswerValue, type PublishedQuestion } from "../tenders/questionnaire";
import type { PublishedTender } from "../tenders/published.server";
import type { SaveAnswerInput } from "./schema";
import { ownAnswer, type DraftAnswer } from "./sealed.server";
import { auditBid, editableAnswer } from "./shared.server";
import * as clock from "../clock.server";

export type SaveResult =
  | { ok: true; version: number; updatedAt: Date }
  | { ok: false; fieldErrors: Record<string, string>; current?: DraftAnswer | null };

export const STALE_ANSWER =
  "Someone else changed this answer while you were editing it. Their version is shown below; your text is still in the box. Save again to replace theirs with yours";

/** The answer a form describes, or field errors; unit prices come as `unitPrice.<key>` fields. */
export function answerFromForm(
  question: PublishedQuestion,
  input: SaveAnswerInput,
  fields: URLSearchParams,
): { ok: true; value: AnswerValue } | { ok: false; fieldErrors: Record<string, string> } {
  switch (question.kind) {
    case "pass_fail":
      return { ok: true, value: { answer: input.answer ?? null, evidence: input.evidence ?? "" } };
    case "text":
      return { ok: true, value: { text: input.text ?? "" } };
    case "price": {
      const unitPrices: Record<string, string> = {};
      const fieldErrors: Record<string, string> = {};
      for (const item of question.priceItems ?? []) {
        const given = (fields.get(`unitPrice.${item.key}`) ?? "").trim().slice(0, 40);
        unitPrices[item.key] = given;
        if (given !== "" && toPence(given) === null) {
          fieldErrors[`unitPrice.${item.key}`] =
            `Enter the unit price for ${item.description} in pounds and pence, like 1250.00`;
        }
      }
      return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, value: { unitPrices } };
    }
    case "file":
      return { ok: false, fieldErrors: { form: "Upload files for this question with the upload button" } };
  }
}

/**
 * Saves one answer of the caller's organisation's bid. `input.version` is the version the form
 * showed (0: no answer yet); if a colleague saved in between, nothing is written and the current
 * answer comes back so the page can show it beside the caller's own text.
 */
export async function saveAnswer(
  user: SignedInUser,
  procurement: Procurement,
  published: PublishedTender,
  questionId: string | undefined,
  input: SaveAnswerInput,
  fields: URLSearchParams,
): Promise<SaveResult> {
  const { supplier, question, bid, closed } = await editableAnswer(user, procurement, published, questionId);
  if (closed) return closed;
  const parsed = answerFromForm(question, input, fields);
  if (!parsed.ok) return parsed;
  const saved = await db().transaction(async (tx) => {
    const now = clock.now();
    const [row] =
      input.version === 0
        ? await tx
            .insert(bidAnswers)
            .values({
              bidId: bid.id,
              questionId: question.id,
              value: parsed.value,
              updatedByUserId: user.id,
              updatedAt: now,
            })
            .onConflictDoNothing()
            .returning({ version: bidAnswers.version, updatedAt: bidAnswers.updatedAt })
        : await tx
            .update(bidAnswers)
            .set({ value: parsed.value, updatedByUserId: user.id, updatedAt: now, version: input.version + 1 })
            .where(
              and(
                eq(bidAnswers.bidId, bid.id),
                eq(bidAnswers.questionId, question.id),
                eq(bidAnswers.version, input.version),
              ),
            )
            .returning({ version: bidAnswers.version, updatedAt: bidAnswers.updatedAt });
    if (!row) return null;
    await tx.update(bids).set({ updatedAt: now }).where(eq(bids.id, bid.id));
    await auditBid(tx, supplier, procurement, "bid.answer_saved", bid.id, {
      questionId: question.id,
      number: question.number,
      version: row.version,
    });
    return row;
  });
  if (saved) return { ok: true, version: saved.version, updatedAt: saved.updatedAt };
  return { ok: false, fieldErrors: { form: STALE_ANSWER }, current: await ownAnswer(user, bid, question.id) };
}
