// Preliminary market engagement, suppliers: registering colleagues for a session, the waitlist,
// and cancelling a place.
import { and, asc, count, eq, inArray, isNull, max, ne } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { engagementRegistrations, engagementSessions, users } from "../../db/schema";
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
  registrationDeadlinePassed,
  type EngagementSession,
  type Procurement,
  findSession,
  invitationFor,
  sessionPlace,
  sessionPublicPlace,
  sessionInEmail,
  placeCancelledBy,
} from "./shared.server";

export type RegistrationResult =
  { ok: true; confirmed: string[]; waitlisted: string[] } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Registers colleagues for a session. The session row is locked while places are counted, so two
 * organisations racing for the last place cannot both get it: one is confirmed, one waitlisted.
 */
export async function registerAttendees(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string | undefined,
  attendeeIds: string[],
): Promise<RegistrationResult> {
  requireSupplier(user);
  const organisationId = user.organisationId;
  const session = await findSession(procurement.id, sessionId);
  if (session.kind === "one_to_one")
    return { ok: false, fieldErrors: { attendees: "Book a slot for one-to-one meetings" } };
  const unique = [...new Set(attendeeIds)];
  const result = await db().transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(engagementSessions)
      .where(eq(engagementSessions.id, session.id))
      .for("update");
    if (locked.status !== "scheduled")
      return { ok: false as const, fieldErrors: { attendees: "This session has been cancelled" } };
    if (registrationDeadlinePassed(locked)) {
      return {
        ok: false as const,
        fieldErrors: { attendees: `Registration closed at ${formatDateTime(locked.registrationDeadline)}` },
      };
    }
    const people = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(inArray(users.id, unique), eq(users.organisationId, organisationId), isNull(users.deactivatedAt)));
    if (people.length !== unique.length)
      return { ok: false as const, fieldErrors: { attendees: "Select colleagues from your own organisation" } };
    const existing = await tx
      .select({ userId: engagementRegistrations.userId, status: engagementRegistrations.status })
      .from(engagementRegistrations)
      .where(
        and(
          eq(engagementRegistrations.sessionId, session.id),
          eq(engagementRegistrations.organisationId, organisationId),
          ne(engagementRegistrations.status, "cancelled"),
        ),
      );
    const already = new Set(existing.map((r) => r.userId));
    const fresh = people.filter((p) => !already.has(p.id));
    if (fresh.length === 0)
      return { ok: false as const, fieldErrors: { attendees: "Everyone you selected is already registered" } };
    if (existing.length + fresh.length > locked.maxPerOrganisation) {
      return {
        ok: false as const,
        fieldErrors: {
          attendees: `Each organisation can register up to ${locked.maxPerOrganisation} people; yours has ${existing.length} already`,
        },
      };
    }
    const [{ confirmed: taken }] = await tx
      .select({ confirmed: count() })
      .from(engagementRegistrations)
      .where(and(eq(engagementRegistrations.sessionId, session.id), eq(engagementRegistrations.status, "confirmed")));
    let free = locked.capacity - taken;
    const confirmed: string[] = [];
    const waitlisted: string[] = [];
    // The moment of writing orders the waitlist. The clock reads whole milliseconds (and a test may
    // stop it), so each registration is written at least a millisecond after the session's last
    // one: never a tie. The session row is locked, so nobody else writes to it in between.
    const [{ last }] = await tx
      .select({ last: max(engagementRegistrations.createdAt) })
      .from(engagementRegistrations)
      .where(eq(engagementRegistrations.sessionId, session.id));
    let writtenAt = last?.getTime() ?? 0;
    for (const person of fresh) {
      const status = free > 0 ? "confirmed" : "waitlisted";
      if (status === "confirmed") free -= 1;
      writtenAt = Math.max(clock.now().getTime(), writtenAt + 1);
      await tx.insert(engagementRegistrations).values({
        sessionId: session.id,
        organisationId,
        userId: person.id,
        registeredByUserId: user.id,
        status,
        createdAt: new Date(writtenAt),
      });
      (status === "confirmed" ? confirmed : waitlisted).push(person.name);
      await enqueueEmail(tx, {
        to: person.email,
        template: `engagement-${status}`,
        content: engagementRegistrationMessage({
          name: person.name,
          status,
          ...sessionInEmail(
            locked,
            procurement,
            status === "confirmed" ? sessionPlace(locked) : sessionPublicPlace(locked),
          ),
        }),
        attachments:
          status === "confirmed"
            ? [
                invitationAttachment(
                  invitationFor(
                    locked,
                    procurement,
                    { ...person, invitationId: locked.id, startsAt: locked.startsAt, endsAt: locked.endsAt },
                    "request",
                  ),
                ),
              ]
            : [],
      });
    }
    await registerInterest(user, procurement.id, tx);
    await recordAudit(tx, actorOf(user), {
      action: "engagement.registered",
      subjectType: "engagement_session",
      subjectId: session.id,
      procurementId: procurement.id,
      summary: { confirmed, waitlisted },
    });
    return { ok: true as const, confirmed, waitlisted };
  });
  return result;
}

/** Gives free places to the waitlist in the order people joined it, with an email and invitation each. */
export async function promoteFromWaitlist(
  tx: Transaction,
  session: EngagementSession,
  procurement: Pick<Procurement, "id" | "title" | "slug">,
) {
  if (session.kind === "one_to_one" || session.status !== "scheduled") return [];
  const [{ confirmed }] = await tx
    .select({ confirmed: count() })
    .from(engagementRegistrations)
    .where(and(eq(engagementRegistrations.sessionId, session.id), eq(engagementRegistrations.status, "confirmed")));
  const free = session.capacity - confirmed;
  if (free <= 0) return [];
  const next = await tx
    .select({ id: engagementRegistrations.id, name: users.name, email: users.email })
    .from(engagementRegistrations)
    .innerJoin(users, eq(users.id, engagementRegistrations.userId))
    .where(and(eq(engagementRegistrations.sessionId, session.id), eq(engagementRegistrations.status, "waitlisted")))
    .orderBy(asc(engagementRegistrations.createdAt), asc(engagementRegistrations.id))
    .limit(free);
  for (const person of next) {
    await tx
      .update(engagementRegistrations)
      .set({ status: "confirmed", promotedAt: clock.now() })
      .where(eq(engagementRegistrations.id, person.id));
    await enqueueEmail(tx, {
      to: person.email,
      template: "engagement-promoted",
      content: engagementRegistrationMessage({
        name: person.name,
        status: "promoted",
        ...sessionInEmail(session, procurement, sessionPlace(session)),
      }),
      attachments: [
        invitationAttachment(
          invitationFor(
            session,
            procurement,
            { ...person, invitationId: session.id, startsAt: session.startsAt, endsAt: session.endsAt },
            "request",
          ),
        ),
      ],
    });
    await recordAudit(
      tx,
      { email: "system" },
      {
        action: "engagement.promoted_from_waitlist",
        subjectType: "engagement_registration",
        subjectId: person.id,
        procurementId: procurement.id,
      },
    );
  }
  return next.map((p) => p.name);
}

/** A supplier cancels one of its own organisation's places; staff may cancel any. The waitlist moves up. */
export async function cancelRegistration(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string | undefined,
  registrationId: string,
) {
  const session = await findSession(procurement.id, sessionId);
  if (!isUuid(registrationId)) notFound();
  const isStaff = user.role === "staff";
  return db().transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(engagementSessions)
      .where(eq(engagementSessions.id, session.id))
      .for("update");
    const [registration] = await tx
      .select({ registration: engagementRegistrations, name: users.name, email: users.email })
      .from(engagementRegistrations)
      .innerJoin(users, eq(users.id, engagementRegistrations.userId))
      .where(and(eq(engagementRegistrations.id, registrationId), eq(engagementRegistrations.sessionId, session.id)));
    if (!registration || (!isStaff && registration.registration.organisationId !== user.organisationId)) notFound();
    if (registration.registration.status === "cancelled") return { ok: true as const, promoted: [] as string[] };
    await tx
      .update(engagementRegistrations)
      .set({ status: "cancelled", cancelledAt: clock.now() })
      .where(eq(engagementRegistrations.id, registrationId));
    if (registration.registration.status === "confirmed") {
      // The CANCEL below carries SEQUENCE n+1; the session moves past it, so that an invitation sent
      // later for this UID (the person registering again) is newer and calendars do not ignore it.
      await tx
        .update(engagementSessions)
        .set({ sequence: locked.sequence + 2 })
        .where(eq(engagementSessions.id, locked.id));
      await enqueueEmail(tx, {
        to: registration.email,
        template: "engagement-cancelled",
        content: engagementChangeMessage({
          name: registration.name,
          change: "place_cancelled",
          cancelledBy: placeCancelledBy(user, registration.registration.userId),
          registrationCloses: formatDateTime(locked.registrationDeadline),
          ...sessionInEmail(locked, procurement, sessionPublicPlace(locked)),
        }),
        attachments: [
          invitationAttachment(
            invitationFor(
              { ...locked, sequence: locked.sequence + 1 },
              procurement,
              {
                name: registration.name,
                email: registration.email,
                invitationId: locked.id,
                startsAt: locked.startsAt,
                endsAt: locked.endsAt,
              },
              "cancel",
            ),
          ),
        ],
      });
    }
    const promoted = await promoteFromWaitlist(tx, locked, procurement);
    await recordAudit(tx, actorOf(user), {
      action: "engagement.registration_cancelled",
      subjectType: "engagement_registration",
      subjectId: registrationId,
      procurementId: procurement.id,
      summary: { before: { status: registration.registration.status }, promoted },
    });
    return { ok: true as const, promoted };
  });
}
