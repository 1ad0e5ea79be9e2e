// Preliminary market engagement: the 24-hour reminders, and a supplier's upcoming places.
import { and, asc, eq, isNull, lte, gt, ne } from "drizzle-orm";
import { db } from "../../db/client.server";
import { engagementRegistrations, engagementSessions, engagementSlots, procurements, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { engagementChangeMessage } from "../../emails/templates/engagement-change";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { confirmedAttendees, sessionPlace, sessionInEmail } from "./shared.server";

const REMINDER_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Sends the 24-hour reminder for every session starting within a day that has not had one. */
export async function sendDueReminders(now = clock.now()) {
  return db().transaction(async (tx) => {
    const due = await tx
      .select({ session: engagementSessions, procurement: procurements })
      .from(engagementSessions)
      .innerJoin(procurements, eq(procurements.id, engagementSessions.procurementId))
      .where(
        and(
          eq(engagementSessions.status, "scheduled"),
          isNull(engagementSessions.reminderSentAt),
          gt(engagementSessions.startsAt, now),
          lte(engagementSessions.startsAt, new Date(now.getTime() + REMINDER_WINDOW_MS)),
        ),
      )
      .for("update", { of: engagementSessions, skipLocked: true });
    let sent = 0;
    for (const { session, procurement } of due) {
      for (const attendee of await confirmedAttendees(tx, session)) {
        await enqueueEmail(tx, {
          to: attendee.email,
          template: "engagement-reminder",
          content: engagementChangeMessage({
            name: attendee.name,
            change: "reminder",
            ...sessionInEmail(session, procurement, sessionPlace(session), attendee),
          }),
        });
        sent += 1;
      }
      await tx.update(engagementSessions).set({ reminderSentAt: now }).where(eq(engagementSessions.id, session.id));
    }
    return sent;
  });
}

/** The caller's own organisation's upcoming places and slots, for the supplier dashboard. */
export async function upcomingPlacesFor(user: SignedInUser) {
  if (user.role !== "supplier" || !user.organisationId) return [];
  const now = clock.now();
  const registrations = await db()
    .select({
      sessionId: engagementSessions.id,
      title: engagementSessions.title,
      startsAt: engagementSessions.startsAt,
      endsAt: engagementSessions.endsAt,
      slug: procurements.slug,
      person: users.name,
      status: engagementRegistrations.status,
    })
    .from(engagementRegistrations)
    .innerJoin(engagementSessions, eq(engagementSessions.id, engagementRegistrations.sessionId))
    .innerJoin(procurements, eq(procurements.id, engagementSessions.procurementId))
    .innerJoin(users, eq(users.id, engagementRegistrations.userId))
    .where(
      and(
        eq(engagementRegistrations.organisationId, user.organisationId),
        ne(engagementRegistrations.status, "cancelled"),
        eq(engagementSessions.status, "scheduled"),
        gt(engagementSessions.endsAt, now),
      ),
    )
    .orderBy(asc(engagementSessions.startsAt));
  const slots = await db()
    .select({
      sessionId: engagementSessions.id,
      title: engagementSessions.title,
      startsAt: engagementSlots.startsAt,
      endsAt: engagementSlots.endsAt,
      slug: procurements.slug,
      person: users.name,
    })
    .from(engagementSlots)
    .innerJoin(engagementSessions, eq(engagementSessions.id, engagementSlots.sessionId))
    .innerJoin(procurements, eq(procurements.id, engagementSessions.procurementId))
    .leftJoin(users, eq(users.id, engagementSlots.bookedByUserId))
    .where(
      and(
        eq(engagementSlots.bookedByOrganisationId, user.organisationId),
        eq(engagementSessions.status, "scheduled"),
        gt(engagementSlots.endsAt, now),
      ),
    );
  return [
    ...registrations.map((r) => ({ ...r, status: r.status as string })),
    ...slots.map((s) => ({ ...s, person: s.person ?? "", status: "booked" })),
  ].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
