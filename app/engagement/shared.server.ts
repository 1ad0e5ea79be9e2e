// Preliminary market engagement, what the workflows share: the session and procurement types,
// how a session's link, place and time are written, finding a session, who holds a place, and the
// calendar invitation sent to them.
import { and, eq } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { engagementRegistrations, engagementSessions, engagementSlots, procurements, users } from "../../db/schema";
import * as clock from "../clock.server";
import { config } from "../config.server";
import { formatDateTime, formatTime } from "../time";
import type { Invitation } from "./calendar.server";
import type { SignedInUser } from "../auth/guards.server";
import type { JoiningLinkRule } from "./schema";
import { isUuid } from "../ids";
import { notFound } from "../refusals.server";

export type EngagementSession = typeof engagementSessions.$inferSelect;
export type Procurement = typeof procurements.$inferSelect;

export function sessionLink(procurementSlug: string, sessionId: string) {
  return new URL(`/procurements/${procurementSlug}/sessions/${sessionId}`, config().publicUrl).toString();
}

/** Whether registration for a session has closed by `now` (the portal's clock): the one place it is decided. */
export function registrationDeadlinePassed(
  session: Pick<EngagementSession, "registrationDeadline">,
  now: Date = clock.now(),
): boolean {
  return now.getTime() >= session.registrationDeadline.getTime();
}

/** The joining links this instance accepts: plain http as well only where it is not production (the demo). */
export function joiningLinkRule(): JoiningLinkRule {
  return { allowHttp: !config().production };
}

/** Where a session happens, as the people registered for it may be told. */
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

/**
 * What every email about a session tells its reader: the session and procurement, when (a slot's
 * own times for a one-to-one), where (as this reader may be told) and the session's page.
 */
export function sessionInEmail(
  session: Pick<EngagementSession, "id" | "title" | "startsAt" | "endsAt">,
  procurement: Pick<Procurement, "slug" | "title">,
  where: string,
  times: { startsAt: Date; endsAt: Date } = session,
) {
  return {
    sessionTitle: session.title,
    procurementTitle: procurement.title,
    when: sessionWhen(times.startsAt, times.endsAt),
    where,
    link: sessionLink(procurement.slug, session.id),
  };
}

/** Who cancelled a person's own place, as the email to them says it. */
export function placeCancelledBy(user: Pick<SignedInUser, "id" | "name" | "role">, personId: string | null) {
  if (user.id === personId) return "You";
  if (user.role === "staff") return "The procurement team";
  return `${user.name} from your organisation`;
}

export async function findSession(procurementId: string, sessionId: string | undefined) {
  if (!isUuid(sessionId)) notFound();
  const [session] = await db()
    .select()
    .from(engagementSessions)
    .where(and(eq(engagementSessions.id, sessionId), eq(engagementSessions.procurementId, procurementId)));
  if (!session) notFound();
  return session;
}

type Attendee = { userId: string; name: string; email: string; invitationId: string; startsAt: Date; endsAt: Date };

/** Everyone holding a place: confirmed registrants, and the bookers of 1:1 slots (their own slot's time). */
export async function confirmedAttendees(tx: Executor, session: EngagementSession): Promise<Attendee[]> {
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

export function invitationFor(
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
