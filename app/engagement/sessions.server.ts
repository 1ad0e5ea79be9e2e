// Preliminary market engagement, staff: creating, changing and cancelling sessions (with the
// updated or cancelled calendar invitations sent to everyone holding a place).
import { and, count, eq } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { engagementRegistrations, engagementSessions, engagementSlots, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { engagementChangeMessage } from "../../emails/templates/engagement-change";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf } from "../procurements/procurements.server";
import { fromLondonLocal } from "../time";
import { invitationAttachment } from "./calendar.server";
import type { EngagementSessionInput } from "./schema";
import { isUuid } from "../ids";
import * as clock from "../clock.server";
import { notFound, requireRole } from "../refusals.server";
import {
  type EngagementSession,
  type Procurement,
  confirmedAttendees,
  invitationFor,
  sessionPlace,
  sessionPublicPlace,
  sessionInEmail,
} from "./shared.server";
import { promoteFromWaitlist } from "./registration.server";

function sessionValues(input: EngagementSessionInput) {
  const startsAt = fromLondonLocal(input.startsAt);
  const endsAt = fromLondonLocal(input.endsAt);
  return {
    kind: input.kind,
    title: input.title,
    agenda: input.agenda,
    startsAt,
    endsAt,
    registrationDeadline: fromLondonLocal(input.registrationDeadline),
    maxPerOrganisation: input.maxPerOrganisation,
    joiningLink: input.kind === "webinar" ? (input.joiningLink ?? null) : null,
    venueName: input.kind === "in_person" ? (input.venueName ?? null) : null,
    venueAddress: input.kind === "in_person" ? (input.venueAddress ?? null) : null,
  };
}

function slotTimes(startsAt: Date, endsAt: Date, minutes: number) {
  const slots: { startsAt: Date; endsAt: Date }[] = [];
  for (let at = startsAt.getTime(); at + minutes * 60_000 <= endsAt.getTime(); at += minutes * 60_000) {
    slots.push({ startsAt: new Date(at), endsAt: new Date(at + minutes * 60_000) });
  }
  return slots;
}

export type SessionSaveResult = { ok: true; sessionId: string } | { ok: false; fieldErrors: Record<string, string> };

export async function createSession(
  user: SignedInUser,
  procurement: Procurement,
  input: EngagementSessionInput,
): Promise<SessionSaveResult> {
  requireRole(user, "staff");
  const values = sessionValues(input);
  const slots = input.kind === "one_to_one" ? slotTimes(values.startsAt, values.endsAt, input.slotMinutes ?? 45) : [];
  if (input.kind === "one_to_one" && slots.length === 0) {
    return {
      ok: false,
      fieldErrors: { slotMinutes: "No slot fits between the start and the end: make the slots shorter" },
    };
  }
  return db().transaction(async (tx) => {
    const [session] = await tx
      .insert(engagementSessions)
      .values({
        ...values,
        procurementId: procurement.id,
        capacity: input.kind === "one_to_one" ? slots.length : (input.capacity ?? 1),
        maxPerOrganisation: input.kind === "one_to_one" ? 1 : input.maxPerOrganisation,
      })
      .returning();
    if (slots.length)
      await tx.insert(engagementSlots).values(slots.map((slot) => ({ ...slot, sessionId: session.id })));
    await recordAudit(tx, actorOf(user), {
      action: "engagement_session.created",
      subjectType: "engagement_session",
      subjectId: session.id,
      procurementId: procurement.id,
      summary: {
        after: { kind: session.kind, title: session.title, startsAt: session.startsAt, capacity: session.capacity },
      },
    });
    return { ok: true as const, sessionId: session.id };
  });
}

async function sendChange(
  tx: Transaction,
  session: EngagementSession,
  procurement: Pick<Procurement, "title" | "slug">,
  change: "updated" | "cancelled",
  reason?: string,
) {
  const attendees = await confirmedAttendees(tx, session);
  // Waitlisted people get the news too, but hold no calendar entry to update.
  const waitlisted =
    session.kind === "one_to_one"
      ? []
      : await tx
          .select({ name: users.name, email: users.email })
          .from(engagementRegistrations)
          .innerJoin(users, eq(users.id, engagementRegistrations.userId))
          .where(
            and(eq(engagementRegistrations.sessionId, session.id), eq(engagementRegistrations.status, "waitlisted")),
          );
  for (const attendee of attendees) {
    await enqueueEmail(tx, {
      to: attendee.email,
      template: `engagement-${change}`,
      content: engagementChangeMessage({
        name: attendee.name,
        change,
        reason,
        ...sessionInEmail(session, procurement, sessionPlace(session), attendee),
      }),
      attachments: [
        invitationAttachment(
          invitationFor(session, procurement, attendee, change === "cancelled" ? "cancel" : "request"),
        ),
      ],
    });
  }
  for (const person of waitlisted) {
    await enqueueEmail(tx, {
      to: person.email,
      template: `engagement-${change}`,
      content: engagementChangeMessage({
        name: person.name,
        change,
        reason,
        ...sessionInEmail(session, procurement, sessionPublicPlace(session)),
      }),
    });
  }
  return attendees.length + waitlisted.length;
}

/**
 * Saves staff changes. A change of time or place raises the invitation SEQUENCE and sends every
 * registrant an updated invitation; a stale edit (someone saved first) is refused.
 */
export async function updateSession(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string,
  input: EngagementSessionInput,
): Promise<SessionSaveResult> {
  requireRole(user, "staff");
  if (!isUuid(sessionId)) notFound();
  return db().transaction(async (tx): Promise<SessionSaveResult> => {
    const [before] = await tx
      .select()
      .from(engagementSessions)
      .where(and(eq(engagementSessions.id, sessionId), eq(engagementSessions.procurementId, procurement.id)))
      .for("update");
    if (!before) notFound();
    if (input.version !== undefined && input.version !== before.version) {
      return {
        ok: false as const,
        fieldErrors: {
          form: "Someone else changed this session while you were editing it. Check your changes against theirs and save again",
        },
      };
    }
    if (before.status === "cancelled") {
      return { ok: false as const, fieldErrors: { form: "This session is cancelled and can no longer be changed" } };
    }
    const values = sessionValues(input);
    if (input.kind !== before.kind) {
      return {
        ok: false as const,
        fieldErrors: { kind: "The kind of session cannot change once it is created: cancel it and create another" },
      };
    }
    const [{ confirmed }] = await tx
      .select({ confirmed: count() })
      .from(engagementRegistrations)
      .where(and(eq(engagementRegistrations.sessionId, sessionId), eq(engagementRegistrations.status, "confirmed")));
    const capacity = before.kind === "one_to_one" ? before.capacity : (input.capacity ?? before.capacity);
    if (capacity < confirmed) {
      return {
        ok: false as const,
        fieldErrors: { capacity: `${confirmed} people already hold places: the capacity cannot be lower` },
      };
    }
    const materialChange =
      values.startsAt.getTime() !== before.startsAt.getTime() ||
      values.endsAt.getTime() !== before.endsAt.getTime() ||
      values.title !== before.title ||
      sessionPlace({ ...before, ...values }) !== sessionPlace(before);
    if (
      before.kind === "one_to_one" &&
      (values.startsAt.getTime() !== before.startsAt.getTime() || values.endsAt.getTime() !== before.endsAt.getTime())
    ) {
      return {
        ok: false as const,
        fieldErrors: {
          startsAt: "The times of one-to-one slots cannot change once created: cancel and create a new set",
        },
      };
    }
    const [after] = await tx
      .update(engagementSessions)
      .set({
        ...values,
        capacity,
        maxPerOrganisation: before.kind === "one_to_one" ? 1 : values.maxPerOrganisation,
        sequence: materialChange ? before.sequence + 1 : before.sequence,
        // A moved session gets a fresh reminder.
        reminderSentAt: values.startsAt.getTime() !== before.startsAt.getTime() ? null : before.reminderSentAt,
        version: before.version + 1,
        updatedAt: clock.now(),
      })
      .where(eq(engagementSessions.id, sessionId))
      .returning();
    // More places: the waitlist moves up.
    await promoteFromWaitlist(tx, after, procurement);
    const notified = materialChange ? await sendChange(tx, after, procurement, "updated") : 0;
    await recordAudit(tx, actorOf(user), {
      action: "engagement_session.updated",
      subjectType: "engagement_session",
      subjectId: sessionId,
      procurementId: procurement.id,
      summary: {
        before: {
          title: before.title,
          startsAt: before.startsAt,
          endsAt: before.endsAt,
          capacity: before.capacity,
          place: sessionPlace(before),
        },
        after: {
          title: after.title,
          startsAt: after.startsAt,
          endsAt: after.endsAt,
          capacity: after.capacity,
          place: sessionPlace(after),
        },
        sequence: after.sequence,
        notified,
      },
    });
    return { ok: true as const, sessionId };
  });
}

export async function cancelSession(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string | undefined,
  reason: string,
) {
  requireRole(user, "staff");
  if (!isUuid(sessionId)) notFound();
  return db().transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(engagementSessions)
      .where(and(eq(engagementSessions.id, sessionId), eq(engagementSessions.procurementId, procurement.id)))
      .for("update");
    if (!before) notFound();
    if (before.status === "cancelled") return { ok: true as const, notified: 0 };
    const [after] = await tx
      .update(engagementSessions)
      .set({ status: "cancelled", sequence: before.sequence + 1, version: before.version + 1, updatedAt: clock.now() })
      .where(eq(engagementSessions.id, sessionId))
      .returning();
    const notified = await sendChange(tx, after, procurement, "cancelled", reason);
    await recordAudit(tx, actorOf(user), {
      action: "engagement_session.cancelled",
      subjectType: "engagement_session",
      subjectId: sessionId,
      procurementId: procurement.id,
      summary: { reason, notified },
    });
    return { ok: true as const, notified };
  });
}
