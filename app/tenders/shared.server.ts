// What the tender's workflows share: the Tender row type, whether a tender is published or
// opened, whether the bid deadline has passed, the stale-page refusal, the link to the public
// tender page, and editTender, the one transaction every staff edit of the tender goes through.
import { eq } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { tenderQuestions, tenders, tenderSections } from "../../db/schema";
import { recordAudit, type AuditEntry } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { config } from "../config.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { type ActionResult, notFound, refusal, type Refusal, requireRole } from "../refusals.server";

export type Tender = typeof tenders.$inferSelect;
export type Section = typeof tenderSections.$inferSelect;
export type Question = typeof tenderQuestions.$inferSelect;

export const MB = 1024 * 1024;

/** The refusal when the tender changed since the page was read (optimistic locking). */
export const STALE_TENDER = refusal(
  "Someone else changed the tender while you were looking at it. Your changes are below: check them against the tender as it is now and save again",
);

export function tenderPageLink(slug: string) {
  return new URL(`/procurements/${slug}/tender`, config().publicUrl).toString();
}

/** Bids are readable only once two members of staff have opened them. */
export function isTenderOpened(tender: Pick<Tender, "openedAt"> | null): boolean {
  return tender?.openedAt != null;
}

export function isTenderPublished(tender: Pick<Tender, "publishedVersion"> | null): boolean {
  return (tender?.publishedVersion ?? 0) > 0;
}

/** Whether the bid deadline has passed by `now` (the portal's clock). */
export function deadlinePassed(procurement: Pick<Procurement, "bidDeadline">, now: Date) {
  return procurement.bidDeadline !== null && now.getTime() >= procurement.bidDeadline.getTime();
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
