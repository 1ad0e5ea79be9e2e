// Preliminary market engagement: sessions, registrations and the waitlist, 1:1 slots, attendance,
// calendar invitations, reminders, and materials published to every interested supplier.
import { and, asc, count, eq, inArray, isNull, lte, gt, max, ne, sql } from "drizzle-orm";
import { activeUser } from "../users/users.server";
import { db, type Executor, type Transaction } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import {
  engagementRegistrations,
  engagementSessions,
  engagementSlots,
  organisations,
  procurements,
  sessionMaterials,
  storedFiles,
  users,
} from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { engagementChangeMessage } from "../../emails/templates/engagement-change";
import { engagementRegistrationMessage } from "../../emails/templates/engagement-registration";
import { materialsPublishedMessage } from "../../emails/templates/materials-published";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { config } from "../config.server";
import {
  actorOf,
  hasRegisteredInterest,
  interestedRecipients,
  registerInterest,
} from "../procurements/procurements.server";
import { formatDateTime, formatTime, fromLondonLocal } from "../time";
import { invitationAttachment, type Invitation } from "./calendar.server";
import type { EngagementSessionInput, JoiningLinkRule } from "./schema";
import { isUuid } from "../ids";
import * as clock from "../clock.server";
import { notFound, requireRole, requireSupplier } from "../refusals.server";

export type EngagementSession = typeof engagementSessions.$inferSelect;
type Procurement = typeof procurements.$inferSelect;

const REMINDER_WINDOW_MS = 24 * 60 * 60 * 1000;

export function sessionLink(procurementSlug: string, sessionId: string) {
  return new URL(`/procurements/${procurementSlug}/sessions/${sessionId}`, config().publicUrl).toString();
}

/** Where a session happens, as the people registered for it may be told. */
/** The joining links this instance accepts: plain http as well only where it is not production (the demo). */
export function joiningLinkRule(): JoiningLinkRule {
  return { allowHttp: !config().production };
}

export function sessionPlace(session: Pick<EngagementSession, "kind" | "joiningLink" | "venueName" | "venueAddress">) {
  if (session.kind === "webinar") return session.joiningLink ? `Online: ${session.joiningLink}` : "Online";
  if (session.kind === "in_person") return [session.venueName, session.venueAddress].filter(Boolean).join(", ");
  return "Online (Microsoft Teams link sent before your slot)";
}

/** Where a session happens, as anyone may be told: no joining link, no street address. */
export function sessionPublicPlace(session: Pick<EngagementSession, "kind" | "venueName">) {
  if (session.kind === "webinar") return "Online (the joining link is shown to registered attendees)";
  if (session.kind === "in_person") return "In person (the venue is shown to registered attendees)";
  return "Online one-to-one meetings";
}

export function sessionWhen(startsAt: Date, endsAt: Date) {
  return `${formatDateTime(startsAt)} to ${formatTime(endsAt)} (UK time)`;
}

// --- Staff: creating, changing and cancelling sessions ------------------------------------------

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

type Attendee = { userId: string; name: string; email: string; invitationId: string; startsAt: Date; endsAt: Date };

/** Everyone holding a place: confirmed registrants, and the bookers of 1:1 slots (their own slot's time). */
async function confirmedAttendees(tx: Executor, session: EngagementSession): Promise<Attendee[]> {
  if (session.kind === "one_to_one") {
    const rows = await tx
      .select({ slot: engagementSlots, name: users.name, email: users.email })
      .from(engagementSlots)
      .innerJoin(users, eq(users.id, engagementSlots.bookedByUserId))
      .where(eq(engagementSlots.sessionId, session.id));
    return rows.map((r) => ({
      userId: r.slot.bookedByUserId!,
      name: r.name,
      email: r.email,
      invitationId: r.slot.id,
      startsAt: r.slot.startsAt,
      endsAt: r.slot.endsAt,
    }));
  }
  const rows = await tx
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(engagementRegistrations)
    .innerJoin(users, eq(users.id, engagementRegistrations.userId))
    .where(and(eq(engagementRegistrations.sessionId, session.id), eq(engagementRegistrations.status, "confirmed")));
  return rows.map((r) => ({ ...r, invitationId: session.id, startsAt: session.startsAt, endsAt: session.endsAt }));
}

function invitationFor(
  session: EngagementSession,
  procurement: Pick<Procurement, "title" | "slug">,
  attendee: Pick<Attendee, "name" | "email" | "invitationId" | "startsAt" | "endsAt">,
  method: Invitation["method"],
): Invitation {
  return {
    id: attendee.invitationId,
    sequence: session.sequence,
    method,
    title: `${session.title} (${procurement.title})`,
    description: `${session.agenda}\n\nDetails: ${sessionLink(procurement.slug, session.id)}`,
    startsAt: attendee.startsAt,
    endsAt: attendee.endsAt,
    location: sessionPlace(session),
    url: sessionLink(procurement.slug, session.id),
    organiser: { name: "NHS AI Lab commercial team", email: mailAddress(config().mailFrom) },
    attendee: { name: attendee.name, email: attendee.email },
  };
}

function mailAddress(from: string) {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
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
        sessionTitle: session.title,
        procurementTitle: procurement.title,
        when: sessionWhen(attendee.startsAt, attendee.endsAt),
        where: sessionPlace(session),
        link: sessionLink(procurement.slug, session.id),
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
        sessionTitle: session.title,
        procurementTitle: procurement.title,
        when: sessionWhen(session.startsAt, session.endsAt),
        where: sessionPublicPlace(session),
        link: sessionLink(procurement.slug, session.id),
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

// --- Reading sessions ---------------------------------------------------------------------------

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

async function findSession(procurementId: string, sessionId: string | undefined) {
  if (!isUuid(sessionId)) notFound();
  const [session] = await db()
    .select()
    .from(engagementSessions)
    .where(and(eq(engagementSessions.id, sessionId), eq(engagementSessions.procurementId, procurementId)));
  if (!session) notFound();
  return session;
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
      registrationOpen: session.status === "scheduled" && now < session.registrationDeadline.getTime(),
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

// --- Suppliers: registering, the waitlist, booking slots -----------------------------------------

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
    if (clock.now().getTime() >= locked.registrationDeadline.getTime()) {
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
          sessionTitle: locked.title,
          procurementTitle: procurement.title,
          when: sessionWhen(locked.startsAt, locked.endsAt),
          where: status === "confirmed" ? sessionPlace(locked) : sessionPublicPlace(locked),
          link: sessionLink(procurement.slug, locked.id),
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
async function promoteFromWaitlist(
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
        sessionTitle: session.title,
        procurementTitle: procurement.title,
        when: sessionWhen(session.startsAt, session.endsAt),
        where: sessionPlace(session),
        link: sessionLink(procurement.slug, session.id),
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
          change: "cancelled",
          reason: "Your place was cancelled.",
          sessionTitle: locked.title,
          procurementTitle: procurement.title,
          when: sessionWhen(locked.startsAt, locked.endsAt),
          where: sessionPublicPlace(locked),
          link: sessionLink(procurement.slug, locked.id),
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
      if (clock.now().getTime() >= locked.registrationDeadline.getTime()) {
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
          sessionTitle: locked.title,
          procurementTitle: procurement.title,
          when: sessionWhen(slot.startsAt, slot.endsAt),
          where: sessionPlace(locked),
          link: sessionLink(procurement.slug, locked.id),
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
          change: "cancelled",
          reason: "The booking of your one-to-one slot was cancelled.",
          sessionTitle: session.title,
          procurementTitle: procurement.title,
          when: sessionWhen(slot.slot.startsAt, slot.slot.endsAt),
          where: sessionPlace(session),
          link: sessionLink(procurement.slug, session.id),
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

// --- Staff: who came, and the record of who saw what ---------------------------------------------

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

// --- Materials: published to every supplier on the procurement -----------------------------------

async function materialsForViewer(viewer: SignedInUser | null, procurement: Procurement, session: EngagementSession) {
  const isStaff = viewer?.role === "staff";
  const mayRead =
    isStaff ||
    (session.materialsPublishedAt !== null &&
      viewer?.role !== undefined &&
      (viewer.role !== "supplier" || (await hasRegisteredInterest(viewer, procurement.id))));
  if (!mayRead) return { visible: false as const, published: session.materialsPublishedAt !== null, items: [] };
  const items = await db()
    .select({
      id: sessionMaterials.id,
      kind: sessionMaterials.kind,
      title: sessionMaterials.title,
      body: sessionMaterials.body,
      slotStartsAt: engagementSlots.startsAt,
      filename: storedFiles.filename,
      size: storedFiles.size,
      contentType: storedFiles.contentType,
    })
    .from(sessionMaterials)
    .leftJoin(storedFiles, eq(storedFiles.id, sessionMaterials.fileId))
    .leftJoin(engagementSlots, eq(engagementSlots.id, sessionMaterials.slotId))
    .where(eq(sessionMaterials.sessionId, session.id))
    .orderBy(asc(sessionMaterials.position), asc(sessionMaterials.createdAt));
  return { visible: true as const, published: session.materialsPublishedAt !== null, items };
}

export type MaterialInput = {
  kind: "notes" | "question_answer" | "summary" | "file";
  title: string;
  body: string;
  slotId?: string;
  file?: { sha256: string; size: number; contentType: string; filename: string };
};

export async function addMaterial(
  user: SignedInUser,
  procurement: Procurement,
  sessionId: string | undefined,
  input: MaterialInput,
) {
  requireRole(user, "staff");
  const session = await findSession(procurement.id, sessionId);
  return db().transaction(async (tx) => {
    let fileId: string | null = null;
    if (input.file) {
      const [file] = await tx
        .insert(storedFiles)
        .values({ ...input.file, uploadedByUserId: user.id })
        .returning({ id: storedFiles.id });
      fileId = file.id;
    }
    if (input.slotId) {
      const [slot] = await tx
        .select({ id: engagementSlots.id })
        .from(engagementSlots)
        .where(and(eq(engagementSlots.id, input.slotId), eq(engagementSlots.sessionId, session.id)));
      if (!slot) notFound();
    }
    const [{ position }] = await tx
      .select({ position: sql<number>`coalesce(max(${sessionMaterials.position}), 0)::int + 1` })
      .from(sessionMaterials)
      .where(eq(sessionMaterials.sessionId, session.id));
    const [material] = await tx
      .insert(sessionMaterials)
      .values({
        sessionId: session.id,
        slotId: input.slotId ?? null,
        kind: input.kind,
        title: input.title,
        body: input.body,
        fileId,
        position,
        createdByUserId: user.id,
      })
      .returning({ id: sessionMaterials.id });
    await recordAudit(tx, actorOf(user), {
      action: "engagement.material_added",
      subjectType: "session_material",
      subjectId: material.id,
      procurementId: procurement.id,
      summary: {
        kind: input.kind,
        title: input.title,
        file: input.file?.filename ?? null,
        sha256: input.file?.sha256 ?? null,
      },
    });
    // Adding to materials already published tells everyone again: nobody learns it first.
    if (session.materialsPublishedAt) await notifyMaterials(tx, session, procurement);
    return material.id;
  });
}

async function notifyMaterials(tx: Transaction, session: EngagementSession, procurement: Procurement) {
  const recipients = await interestedRecipients(tx, procurement.id);
  for (const person of recipients) {
    await enqueueEmail(tx, {
      to: person.email,
      template: "materials-published",
      content: materialsPublishedMessage({
        name: person.name,
        sessionTitle: session.title,
        procurementTitle: procurement.title,
        link: sessionLink(procurement.slug, session.id),
      }),
    });
  }
  return recipients.length;
}

/**
 * Publishes a session's materials to every supplier registered on the procurement, attendees or
 * not, and emails them all (equal treatment). Publishing twice is harmless.
 */
export async function publishMaterials(user: SignedInUser, procurement: Procurement, sessionId: string | undefined) {
  requireRole(user, "staff");
  const session = await findSession(procurement.id, sessionId);
  return db().transaction(async (tx) => {
    const [locked] = await tx
      .select()
      .from(engagementSessions)
      .where(eq(engagementSessions.id, session.id))
      .for("update");
    if (locked.materialsPublishedAt) return { ok: true as const, notified: 0 };
    const [{ items }] = await tx
      .select({ items: count() })
      .from(sessionMaterials)
      .where(eq(sessionMaterials.sessionId, session.id));
    if (items === 0) return { ok: false as const, error: "Add at least one item before publishing" };
    const [published] = await tx
      .update(engagementSessions)
      .set({ materialsPublishedAt: clock.now(), version: locked.version + 1 })
      .where(eq(engagementSessions.id, session.id))
      .returning();
    const notified = await notifyMaterials(tx, published, procurement);
    await recordAudit(tx, actorOf(user), {
      action: "engagement.materials_published",
      subjectType: "engagement_session",
      subjectId: session.id,
      procurementId: procurement.id,
      summary: { items, notified },
    });
    return { ok: true as const, notified };
  });
}

/** A material's file, if the viewer may read it (the same rule as the materials themselves). */
export async function materialFile(
  viewer: SignedInUser | null,
  procurement: Procurement,
  sessionId: string | undefined,
  materialId: string | undefined,
) {
  const session = await findSession(procurement.id, sessionId);
  if (!isUuid(materialId)) notFound();
  const materials = await materialsForViewer(viewer, procurement, session);
  if (!materials.visible) notFound();
  const [row] = await db()
    .select({ file: storedFiles })
    .from(sessionMaterials)
    .innerJoin(storedFiles, eq(storedFiles.id, sessionMaterials.fileId))
    .where(and(eq(sessionMaterials.id, materialId), eq(sessionMaterials.sessionId, session.id)));
  if (!row) notFound();
  return row.file;
}

// --- Reminders -----------------------------------------------------------------------------------

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
            sessionTitle: session.title,
            procurementTitle: procurement.title,
            when: sessionWhen(attendee.startsAt, attendee.endsAt),
            where: sessionPlace(session),
            link: sessionLink(procurement.slug, session.id),
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
