// Preliminary market engagement, suppliers: booking and cancelling 1:1 slots.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { engagementSessions, engagementSlots, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { engagementChangeMessage } from "../../emails/templates/engagement-change";
import { engagementRegistrationMessage } from "../../emails/templates/engagement-registration";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf, registerInterest } from "../procurements/procurements.server";
import { formatDateTime } from "../time";
import { invitationAttachment } from "./calendar.server";
import { isUuid } from "../ids";
import * as clock from "../clock.server";
import { notFound, requireSupplier } from "../refusals.server";
import {
  type Procurement,
  findSession,
  invitationFor,
  registrationDeadlinePassed,
  sessionPlace,
  sessionInEmail,
  placeCancelledBy,
} from "./shared.server";

export type BookingResult = { ok: true } | { ok: false; fieldErrors: Record<string, string> };

/** Books a 1:1 slot for the caller's organisation: one slot per organisation, one organisation per slot. */
export async function bookSlot(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string | undefined,
  slotId: string,
): Promise<BookingResult> {
  requireSupplier(user);
  const organisationId = user.organisationId;
  const session = await findSession(procurement.id, sessionId);
  if (!isUuid(slotId)) return { ok: false, fieldErrors: { slotId: "Select a slot" } };
  try {
    return await db().transaction(async (tx) => {
      const [locked] = await tx
        .select()
        .from(engagementSessions)
        .where(eq(engagementSessions.id, session.id))
        .for("update");
      if (locked.status !== "scheduled")
        return { ok: false as const, fieldErrors: { slotId: "This session has been cancelled" } };
      if (registrationDeadlinePassed(locked)) {
        return {
          ok: false as const,
          fieldErrors: { slotId: `Booking closed at ${formatDateTime(locked.registrationDeadline)}` },
        };
      }
      const [slot] = await tx
        .update(engagementSlots)
        .set({ bookedByOrganisationId: organisationId, bookedByUserId: user.id, bookedAt: clock.now() })
        .where(
          and(
            eq(engagementSlots.id, slotId),
            eq(engagementSlots.sessionId, session.id),
            isNull(engagementSlots.bookedByOrganisationId),
          ),
        )
        .returning();
      if (!slot)
        return {
          ok: false as const,
          fieldErrors: { slotId: "That slot has just been booked by someone else. Choose another" },
        };
      await enqueueEmail(tx, {
        to: user.email,
        template: "engagement-booked",
        content: engagementRegistrationMessage({
          name: user.name,
          status: "booked",
          ...sessionInEmail(locked, procurement, sessionPlace(locked), slot),
        }),
        attachments: [
          invitationAttachment(
            invitationFor(
              locked,
              procurement,
              {
                name: user.name,
                email: user.email,
                invitationId: slot.id,
                startsAt: slot.startsAt,
                endsAt: slot.endsAt,
              },
              "request",
            ),
          ),
        ],
      });
      await registerInterest(user, procurement.id, tx);
      await recordAudit(tx, actorOf(user), {
        action: "engagement.slot_booked",
        subjectType: "engagement_slot",
        subjectId: slot.id,
        procurementId: procurement.id,
        summary: { startsAt: slot.startsAt },
      });
      return { ok: true as const };
    });
  } catch (error) {
    // The partial unique index: this organisation already holds a slot in this session.
    if (isUniqueViolation(error)) {
      return { ok: false, fieldErrors: { slotId: "Your organisation has already booked a slot in this session" } };
    }
    throw error;
  }
}

export async function cancelSlotBooking(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string | undefined,
  slotId: string,
) {
  const session = await findSession(procurement.id, sessionId);
  if (!isUuid(slotId)) notFound();
  const isStaff = user.role === "staff";
  return db().transaction(async (tx) => {
    const [slot] = await tx
      .select({ slot: engagementSlots, name: users.name, email: users.email })
      .from(engagementSlots)
      .leftJoin(users, eq(users.id, engagementSlots.bookedByUserId))
      .where(and(eq(engagementSlots.id, slotId), eq(engagementSlots.sessionId, session.id)))
      .for("update", { of: engagementSlots });
    if (
      !slot ||
      !slot.slot.bookedByOrganisationId ||
      (!isStaff && slot.slot.bookedByOrganisationId !== user.organisationId)
    )
      notFound();
    await tx
      .update(engagementSlots)
      .set({ bookedByOrganisationId: null, bookedByUserId: null, bookedAt: null, attended: null })
      .where(eq(engagementSlots.id, slotId));
    // The CANCEL carries SEQUENCE n+1; the session moves past it, so that a later booking of this
    // slot (the same UID) is newer and calendars do not ignore it.
    const [bumped] = await tx
      .update(engagementSessions)
      .set({ sequence: sql`${engagementSessions.sequence} + 2` })
      .where(eq(engagementSessions.id, session.id))
      .returning();
    if (slot.email && slot.name) {
      await enqueueEmail(tx, {
        to: slot.email,
        template: "engagement-cancelled",
        content: engagementChangeMessage({
          name: slot.name,
          change: "place_cancelled",
          cancelledBy: placeCancelledBy(user, slot.slot.bookedByUserId),
          registrationCloses: formatDateTime(session.registrationDeadline),
          ...sessionInEmail(session, procurement, sessionPlace(session), slot.slot),
        }),
        attachments: [
          invitationAttachment(
            invitationFor(
              { ...bumped, sequence: bumped.sequence - 1 },
              procurement,
              {
                name: slot.name,
                email: slot.email,
                invitationId: slot.slot.id,
                startsAt: slot.slot.startsAt,
                endsAt: slot.slot.endsAt,
              },
              "cancel",
            ),
          ),
        ],
      });
    }
    await recordAudit(tx, actorOf(user), {
      action: "engagement.slot_cancelled",
      subjectType: "engagement_slot",
      subjectId: slotId,
      procurementId: procurement.id,
    });
    return { ok: true as const };
  });
}
