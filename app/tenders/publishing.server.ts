// Publishing and amending the tender: the questionnaire and documents as they stand become a
// numbered version (1 on first publication, then each amendment with its reason), emailed to every
// interested supplier's users and anchored in the audit trail.
import { eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { procurements, tenders, tenderVersions } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { tenderAmendedMessage } from "../../emails/templates/tender-amended";
import { tenderPublishedMessage } from "../../emails/templates/tender-published";
import { anchorAfterStageChange } from "../audit/anchors.server";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { actorOf, interestedRecipients, type Procurement } from "../procurements/procurements.server";
import { type ActionResult, notFound, refusal, requireRole } from "../refusals.server";
import { formatDateTime } from "../time";
import { weightSummary } from "./questionnaire";
import { currentQuestionnaire } from "./reading.server";
import { deadlinePassed, isTenderOpened, isTenderPublished, STALE_TENDER, tenderPageLink } from "./shared.server";

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
