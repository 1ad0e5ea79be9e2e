// Clarification digests: answers published or amended are sent to registered suppliers in one email
// per procurement once publishing there has gone quiet (or the oldest has waited long enough).
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { clarificationAnswers, clarificationDigestItems, procurements } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { clarificationDigestMessage, type DigestEntry } from "../../emails/templates/clarification-digest";
import * as clock from "../clock.server";
import { config } from "../config.server";
import { interestedRecipients } from "../procurements/procurements.server";
import { clarificationNumber } from "./schema";
import { clarificationLogLink } from "./shared.server";

/**
 * Sends the waiting answers of each procurement as one email per registered supplier, once no
 * answer has been published there for the configured quiet period (two minutes by default) or the
 * oldest has waited the longest wait (ten minutes by default), whichever comes first.
 * Run by the server's housekeeping round under its claim; rows are claimed with SKIP LOCKED and
 * marked sent in the transaction that enqueues the emails, so several processes running it at
 * once still send each answer once. Returns the number of emails queued.
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
  const isDue = (oldest: Date, newest: Date) =>
    now.getTime() - newest.getTime() >= quietMs || now.getTime() - oldest.getTime() >= maxWaitMs;
  for (const group of waiting) {
    if (!isDue(group.oldest, group.newest)) continue;
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
      // Due again on the rows this run holds: another run sending this procurement's digest right
      // now holds the rest, and an answer published since must not go alone before its quiet period.
      const times = items.map((i) => i.item.createdAt.getTime());
      if (!isDue(new Date(Math.min(...times)), new Date(Math.max(...times)))) return 0;
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
