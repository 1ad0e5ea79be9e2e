// Preliminary market engagement: reading sessions, the list for a procurement and one session as
// its viewer may see it.
import { and, asc, count, eq, inArray, gt, ne, sql } from "drizzle-orm";
import { activeUser } from "../users/users.server";
import { db } from "../../db/client.server";
import { engagementRegistrations, engagementSessions, engagementSlots, users } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import * as clock from "../clock.server";
import { materialsForViewer } from "./materials.server";
import {
  type Procurement,
  findSession,
  registrationDeadlinePassed,
  sessionPlace,
  sessionPublicPlace,
} from "./shared.server";

export async function listSessions(
  procurementId: string,
  options: { includeCancelled?: boolean; upcomingOnly?: boolean } = {},
) {
  const conditions = [eq(engagementSessions.procurementId, procurementId)];
  if (!options.includeCancelled) conditions.push(eq(engagementSessions.status, "scheduled"));
  if (options.upcomingOnly) conditions.push(gt(engagementSessions.endsAt, clock.now()));
  const sessions = await db()
    .select()
    .from(engagementSessions)
    .where(and(...conditions))
    .orderBy(asc(engagementSessions.startsAt));
  const taken = await placesTaken(sessions.map((s) => s.id));
  return sessions.map((session) => ({ session, taken: taken.get(session.id) ?? 0 }));
}

async function placesTaken(sessionIds: string[]) {
  const taken = new Map<string, number>();
  if (sessionIds.length === 0) return taken;
  const registrations = await db()
    .select({ sessionId: engagementRegistrations.sessionId, n: count() })
    .from(engagementRegistrations)
    .where(and(inArray(engagementRegistrations.sessionId, sessionIds), eq(engagementRegistrations.status, "confirmed")))
    .groupBy(engagementRegistrations.sessionId);
  for (const row of registrations) taken.set(row.sessionId, row.n);
  const slots = await db()
    .select({ sessionId: engagementSlots.sessionId, n: count() })
    .from(engagementSlots)
    .where(
      and(inArray(engagementSlots.sessionId, sessionIds), sql`${engagementSlots.bookedByOrganisationId} is not null`),
    )
    .groupBy(engagementSlots.sessionId);
  for (const row of slots) taken.set(row.sessionId, row.n);
  return taken;
}

/**
 * A session as the viewer may see it: anyone sees the agenda and times; only people holding a place
 * (and staff) see the joining link or venue; a supplier sees only its own organisation's places.
 */
export async function sessionForViewer(
  viewer: SignedInUser | null,
  procurement: Procurement,
  sessionId: string | undefined,
) {
  const session = await findSession(procurement.id, sessionId);
  const isStaff = viewer?.role === "staff";
  const organisationId = viewer?.role === "supplier" ? viewer.organisationId : null;
  const taken = (await placesTaken([session.id])).get(session.id) ?? 0;

  const ownRegistrations = organisationId
    ? await db()
        .select({
          id: engagementRegistrations.id,
          userId: users.id,
          name: users.name,
          status: engagementRegistrations.status,
          createdAt: engagementRegistrations.createdAt,
        })
        .from(engagementRegistrations)
        .innerJoin(users, eq(users.id, engagementRegistrations.userId))
        .where(
          and(
            eq(engagementRegistrations.sessionId, session.id),
            eq(engagementRegistrations.organisationId, organisationId),
            ne(engagementRegistrations.status, "cancelled"),
          ),
        )
        .orderBy(asc(engagementRegistrations.createdAt))
    : [];
  const slots =
    session.kind === "one_to_one"
      ? await db()
          .select()
          .from(engagementSlots)
          .where(eq(engagementSlots.sessionId, session.id))
          .orderBy(asc(engagementSlots.startsAt))
      : [];
  const ownSlot = organisationId ? (slots.find((s) => s.bookedByOrganisationId === organisationId) ?? null) : null;
  const holdsPlace =
    isStaff || ownRegistrations.some((r) => r.status === "confirmed" && r.userId === viewer?.id) || ownSlot !== null;
  const colleagues = organisationId
    ? await db()
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(and(eq(users.organisationId, organisationId), activeUser()))
        .orderBy(asc(users.name))
    : [];
  const now = clock.now().getTime();
  const materials = await materialsForViewer(viewer, procurement, session);
  return {
    session: {
      id: session.id,
      kind: session.kind,
      title: session.title,
      agenda: session.agenda,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      registrationDeadline: session.registrationDeadline,
      capacity: session.capacity,
      maxPerOrganisation: session.maxPerOrganisation,
      status: session.status,
      taken,
      placesLeft: Math.max(0, session.capacity - taken),
      registrationOpen: session.status === "scheduled" && !registrationDeadlinePassed(session, new Date(now)),
      place: holdsPlace ? sessionPlace(session) : sessionPublicPlace(session),
      joiningLink: holdsPlace ? session.joiningLink : null,
      materialsPublishedAt: session.materialsPublishedAt,
    },
    ownRegistrations,
    colleagues,
    // Suppliers see which slots are free, never who booked the others.
    slots: slots.map((slot) => ({
      id: slot.id,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      free: slot.bookedByOrganisationId === null,
      ours: organisationId !== null && slot.bookedByOrganisationId === organisationId,
    })),
    materials,
  };
}
