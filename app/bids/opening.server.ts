// Opening the bids: two different members of staff, after the bid deadline and once every
// submission received before it has been recorded. One asks, another confirms (or the first
// cancels); the tender row is locked for each step (a submit request being recorded holds it FOR
// KEY SHARE, so each step sees it), and the opening is audited and anchored. Until then the seal (sealed.server.ts) lets nobody read a bid.
import { eq } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { procurements, tenders } from "../../db/schema";
import { anchorAfterStageChange } from "../audit/anchors.server";
import { recordAudit, type AuditEntry } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { notFound, refusal, requireRole, type ActionResult, type Refusal } from "../refusals.server";
import { deadlinePassed, isTenderOpened, isTenderPublished, STALE_TENDER, type Tender } from "../tenders/shared.server";
import { formatDateTime } from "../time";
import { countSubmissionsBeingRecorded, countSubmittedBids } from "./sealed.server";

/** The opening waits for every submission received before the deadline to be recorded (decision 026). */
export function beingRecordedMessage(count: number) {
  return `${count} ${count === 1 ? "submission" : "submissions"} received before the deadline ${count === 1 ? "is" : "are"} still being recorded. The bids can be opened once every submission received in time has been recorded: the portal finishes them by itself. Try again in a few minutes`;
}

async function waitForSubmissionsBeingRecorded(tx: Transaction, tender: Tender, current: Procurement) {
  const count = await countSubmissionsBeingRecorded(tender.id, current.bidDeadline, tx);
  return count > 0 ? refusal(beingRecordedMessage(count)) : null;
}

type OpeningStep = (
  tx: Transaction,
  tender: Tender,
  current: Procurement,
) => Promise<Refusal | { ok: true; set: Partial<typeof tenders.$inferInsert>; audit: AuditEntry }>;

async function openingStep(user: SignedInUser, procurement: Procurement, version: number, step: OpeningStep) {
  requireRole(user, "staff");
  return db().transaction(async (tx): Promise<ActionResult> => {
    const [current] = await tx.select().from(procurements).where(eq(procurements.id, procurement.id)).for("share");
    const [tender] = await tx.select().from(tenders).where(eq(tenders.procurementId, procurement.id)).for("update");
    if (!current || !tender) notFound();
    if (isTenderOpened(tender)) return refusal("The bids have already been opened");
    if (tender.version !== version) return STALE_TENDER;
    const result = await step(tx, tender, current);
    if (!result.ok) return result;
    await tx
      .update(tenders)
      .set({ ...result.set, version: tender.version + 1, updatedAt: clock.now() })
      .where(eq(tenders.id, tender.id));
    await recordAudit(tx, actorOf(user), {
      ...result.audit,
      subjectType: "tender",
      subjectId: tender.id,
      procurementId: procurement.id,
    });
    return { ok: true };
  });
}

export async function requestOpening(user: SignedInUser, procurement: Procurement, version: number, now = clock.now()) {
  return openingStep(user, procurement, version, async (tx, tender, current) => {
    if (!isTenderPublished(tender)) return refusal("The tender has not been published: there is nothing to open");
    if (!deadlinePassed(current, now)) {
      return refusal(
        `Bids can be opened only after the deadline, ${formatDateTime(current.bidDeadline)} (UK time), has passed`,
      );
    }
    if (tender.openingRequestedByUserId)
      return refusal("Opening has already been requested: another member of staff must confirm it");
    const waiting = await waitForSubmissionsBeingRecorded(tx, tender, current);
    if (waiting) return waiting;
    return {
      ok: true,
      set: { openingRequestedByUserId: user.id, openingRequestedAt: now },
      audit: { action: "tender.opening_requested", summary: { deadline: current.bidDeadline } },
    };
  });
}

export async function confirmOpening(user: SignedInUser, procurement: Procurement, version: number, now = clock.now()) {
  const opened = await openingStep(user, procurement, version, async (tx, tender, current) => {
    if (!tender.openingRequestedByUserId) return refusal("Nobody has asked to open the bids yet");
    if (tender.openingRequestedByUserId === user.id) {
      return refusal("You asked for the bids to be opened: a different member of staff must confirm it");
    }
    if (!deadlinePassed(current, now)) {
      return refusal(
        `Bids can be opened only after the deadline, ${formatDateTime(current.bidDeadline)} (UK time), has passed`,
      );
    }
    const waiting = await waitForSubmissionsBeingRecorded(tx, tender, current);
    if (waiting) return waiting;
    const submitted = await countSubmittedBids(tender.id, tx);
    return {
      ok: true,
      set: { openedByUserId: user.id, openedAt: now },
      audit: {
        action: "tender.opened",
        summary: { requestedBy: tender.openingRequestedByUserId, submitted, deadline: current.bidDeadline },
      },
    };
  });
  if (opened.ok) await anchorAfterStageChange("tender.opened", procurement.id);
  return opened;
}

export async function cancelOpening(user: SignedInUser, procurement: Procurement, version: number) {
  return openingStep(user, procurement, version, async (_tx, tender) => {
    if (!tender.openingRequestedByUserId) return refusal("There is no request to open the bids to cancel");
    return {
      ok: true,
      set: { openingRequestedByUserId: null, openingRequestedAt: null },
      audit: { action: "tender.opening_cancelled", summary: { requestedBy: tender.openingRequestedByUserId } },
    };
  });
}
