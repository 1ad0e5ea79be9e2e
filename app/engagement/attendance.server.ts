// Preliminary market engagement, staff: who came, and the record of who registered, attended and
// booked what.
import { and, asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { engagementRegistrations, engagementSessions, engagementSlots, organisations, users } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf } from "../procurements/procurements.server";
import { isUuid } from "../ids";
import { requireRole } from "../refusals.server";
import { type Procurement, findSession } from "./shared.server";

export async function sessionAttendance(user: SignedInUser, procurement: Procurement, sessionId: string | undefined) {
  requireRole(user, "staff");
  const session = await findSession(procurement.id, sessionId);
  const registrations = await db()
    .select({
      id: engagementRegistrations.id,
      name: users.name,
      email: users.email,
      organisation: organisations.legalName,
      status: engagementRegistrations.status,
      attended: engagementRegistrations.attended,
      createdAt: engagementRegistrations.createdAt,
    })
    .from(engagementRegistrations)
    .innerJoin(users, eq(users.id, engagementRegistrations.userId))
    .innerJoin(organisations, eq(organisations.id, engagementRegistrations.organisationId))
    .where(eq(engagementRegistrations.sessionId, session.id))
    .orderBy(asc(engagementRegistrations.createdAt));
  const slots = await db()
    .select({ slot: engagementSlots, organisation: organisations.legalName, bookedBy: users.name })
    .from(engagementSlots)
    .leftJoin(organisations, eq(organisations.id, engagementSlots.bookedByOrganisationId))
    .leftJoin(users, eq(users.id, engagementSlots.bookedByUserId))
    .where(eq(engagementSlots.sessionId, session.id))
    .orderBy(asc(engagementSlots.startsAt));
  return { session, registrations, slots };
}

/** Staff record who attended: `attended` maps registration (or slot) ids to yes/no. */
export async function markAttendance(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string | undefined,
  attended: Map<string, boolean>,
) {
  requireRole(user, "staff");
  const session = await findSession(procurement.id, sessionId);
  await db().transaction(async (tx) => {
    for (const [id, value] of attended) {
      if (!isUuid(id)) continue;
      if (session.kind === "one_to_one") {
        await tx
          .update(engagementSlots)
          .set({ attended: value })
          .where(and(eq(engagementSlots.id, id), eq(engagementSlots.sessionId, session.id)));
      } else {
        await tx
          .update(engagementRegistrations)
          .set({ attended: value })
          .where(
            and(
              eq(engagementRegistrations.id, id),
              eq(engagementRegistrations.sessionId, session.id),
              eq(engagementRegistrations.status, "confirmed"),
            ),
          );
      }
    }
    await recordAudit(tx, actorOf(user), {
      action: "engagement.attendance_recorded",
      subjectType: "engagement_session",
      subjectId: session.id,
      procurementId: procurement.id,
      summary: {
        attended: [...attended.values()].filter(Boolean).length,
        absent: [...attended.values()].filter((v) => !v).length,
      },
    });
  });
}

/** Every registration and booking on a procurement: who registered, attended and booked what. */
export async function engagementRecord(user: SignedInUser, procurement: Procurement) {
  requireRole(user, "staff");
  return registrationsAndBookings(procurement.id);
}

/** The rows behind the engagement record; the caller has checked who asks (staff, or the s.98 record). */
export async function registrationsAndBookings(procurementId: string) {
  const registrations = await db()
    .select({
      sessionId: engagementSessions.id,
      session: engagementSessions.title,
      kind: engagementSessions.kind,
      startsAt: engagementSessions.startsAt,
      organisation: organisations.legalName,
      person: users.name,
      email: users.email,
      status: engagementRegistrations.status,
      attended: engagementRegistrations.attended,
      registeredAt: engagementRegistrations.createdAt,
      cancelledAt: engagementRegistrations.cancelledAt,
    })
    .from(engagementRegistrations)
    .innerJoin(engagementSessions, eq(engagementSessions.id, engagementRegistrations.sessionId))
    .innerJoin(users, eq(users.id, engagementRegistrations.userId))
    .innerJoin(organisations, eq(organisations.id, engagementRegistrations.organisationId))
    .where(eq(engagementSessions.procurementId, procurementId))
    .orderBy(asc(engagementSessions.startsAt), asc(organisations.legalName), asc(users.name));
  const bookings = await db()
    .select({
      sessionId: engagementSessions.id,
      session: engagementSessions.title,
      kind: engagementSessions.kind,
      startsAt: engagementSlots.startsAt,
      organisation: organisations.legalName,
      person: users.name,
      email: users.email,
      attended: engagementSlots.attended,
      registeredAt: engagementSlots.bookedAt,
    })
    .from(engagementSlots)
    .innerJoin(engagementSessions, eq(engagementSessions.id, engagementSlots.sessionId))
    .innerJoin(organisations, eq(organisations.id, engagementSlots.bookedByOrganisationId))
    .leftJoin(users, eq(users.id, engagementSlots.bookedByUserId))
    .where(eq(engagementSessions.procurementId, procurementId))
    .orderBy(asc(engagementSlots.startsAt));
  return [
    ...registrations.map((r) => ({ ...r, status: r.status as string, slot: false })),
    ...bookings.map((b) => ({
      ...b,
      person: b.person ?? "",
      email: b.email ?? "",
      status: "booked",
      cancelledAt: null,
      slot: true,
    })),
  ];
}
