// The bid deadline: staff move it with a reason told to every interested supplier's users; once a
// bid exists it may only move later. The change is audited and anchored.
import { eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { bids, procurements } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { tenderDeadlineChangedMessage } from "../../emails/templates/tender-deadline-changed";
import { anchorAfterStageChange, type StageChange } from "../audit/anchors.server";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { actorOf, interestedRecipients, type Procurement } from "../procurements/procurements.server";
import { type ActionResult, notFound, refusal, requireRole } from "../refusals.server";
import { formatDateTime, fromLondonLocal } from "../time";
import { findTender } from "./reading.server";
import type { DeadlineInput } from "./schema";
import { isTenderOpened, tenderPageLink } from "./shared.server";

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
