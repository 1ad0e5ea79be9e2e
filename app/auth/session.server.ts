// Lucia v3 sessions behind an adapter that stores only SHA-256 digests of session ids and caps
// every session at an absolute lifetime, the two gaps lucia v3 leaves open; both timeouts run on
// the portal's clock.
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import { Cookie, Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { db } from "../../db/client.server";
import { sessions, users } from "../../db/schema";
import { now } from "../clock.server";
import { config } from "../config.server";
import type { Role } from "./permissions";

export const IDLE_TIMEOUT_MINUTES = 30;
export const ABSOLUTE_TIMEOUT_HOURS = 12;
const ABSOLUTE_MS = ABSOLUTE_TIMEOUT_HOURS * 60 * 60 * 1000;

export function digestSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

type SessionRow = typeof sessions.$inferSelect;
type UserRow = typeof users.$inferSelect;

// lucia decides the idle timeout (and when to extend it) against Date.now(), which a test cannot
// move. So the adapter stores times on the portal's clock and hands lucia each expiry shifted by
// the clock's distance from real time: lucia's comparison with the real time then gives the
// clock's answer. Outside tests the distance is 0.
function clockAhead(): number {
  return now().getTime() - Date.now();
}

function toDatabaseSession(sessionId: string, row: SessionRow): DatabaseSession {
  return {
    id: sessionId,
    userId: row.userId,
    expiresAt: new Date(row.expiresAt.getTime() - clockAhead()),
    attributes: { createdAt: row.createdAt, twoFactorVerified: row.twoFactorVerified },
  };
}

function toDatabaseUser(row: UserRow): DatabaseUser {
  return {
    id: row.id,
    attributes: {
      email: row.email,
      name: row.name,
      role: row.role,
      organisationId: row.organisationId,
      isOrganisationAdmin: row.isOrganisationAdmin,
      emailVerified: row.emailVerifiedAt !== null,
      twoFactorEnabled: row.totpEnabledAt !== null,
      isDemoAccount: row.isDemoAccount,
    },
  };
}

export class HashedSessionAdapter implements Adapter {
  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const id = digestSessionId(sessionId);
    const [row] = await db()
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, id));
    if (!row) return [null, null];
    const absoluteEnd = row.session.createdAt.getTime() + ABSOLUTE_MS;
    if (now().getTime() >= absoluteEnd || row.user.deactivatedAt) {
      await db().delete(sessions).where(eq(sessions.id, id));
      return [null, null];
    }
    return [toDatabaseSession(sessionId, row.session), toDatabaseUser(row.user)];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    // Only digests are stored, so the sessions come back identified by their digest.
    const rows = await db().select().from(sessions).where(eq(sessions.userId, userId));
    return rows.map((row) => toDatabaseSession(row.id, row));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    const createdAt = session.attributes.createdAt ?? now();
    await db()
      .insert(sessions)
      .values({
        id: digestSessionId(session.id),
        userId: session.userId,
        createdAt,
        expiresAt: capExpiry(new Date(session.expiresAt.getTime() + clockAhead()), createdAt),
        twoFactorVerified: session.attributes.twoFactorVerified ?? false,
      });
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await db()
      .update(sessions)
      .set({
        expiresAt: sql`least(${new Date(expiresAt.getTime() + clockAhead()).toISOString()}::timestamptz, ${sessions.createdAt} + interval '${sql.raw(String(ABSOLUTE_TIMEOUT_HOURS))} hours')`,
      })
      .where(eq(sessions.id, digestSessionId(sessionId)));
  }

  async deleteSession(sessionId: string): Promise<void> {
    await db()
      .delete(sessions)
      .where(eq(sessions.id, digestSessionId(sessionId)));
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await db().delete(sessions).where(eq(sessions.userId, userId));
  }

  async deleteExpiredSessions(): Promise<void> {
    await db()
      .delete(sessions)
      .where(
        sql`${lt(sessions.expiresAt, now())} or ${and(lt(sessions.createdAt, new Date(now().getTime() - ABSOLUTE_MS)))}`,
      );
  }
}

function capExpiry(expiresAt: Date, createdAt: Date): Date {
  return new Date(Math.min(expiresAt.getTime(), createdAt.getTime() + ABSOLUTE_MS));
}

function createLucia() {
  return new Lucia(new HashedSessionAdapter(), {
    sessionExpiresIn: new TimeSpan(IDLE_TIMEOUT_MINUTES, "m"),
    sessionCookie: {
      name: "portal_session",
      // A session cookie (no Max-Age): closing the browser ends it too.
      expires: false,
      attributes: { secure: config().production, sameSite: "lax" },
    },
    getSessionAttributes: (attributes) => ({
      createdAt: attributes.createdAt,
      twoFactorVerified: attributes.twoFactorVerified,
    }),
    getUserAttributes: (attributes) => attributes,
  });
}

let instance: ReturnType<typeof createLucia> | undefined;

export function lucia() {
  instance ??= createLucia();
  return instance;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: string;
    DatabaseSessionAttributes: { createdAt: Date; twoFactorVerified: boolean };
    DatabaseUserAttributes: {
      email: string;
      name: string;
      role: Role;
      organisationId: string | null;
      isOrganisationAdmin: boolean;
      emailVerified: boolean;
      twoFactorEnabled: boolean;
      isDemoAccount: boolean;
    };
  }
}

// lucia's `expires: false` still sends a 400-day Max-Age; a browser-session cookie has none.
function sessionCookie(sessionId: string): string {
  const { name, value, attributes } = lucia().createSessionCookie(sessionId);
  return new Cookie(name, value, { ...attributes, maxAge: undefined, expires: undefined }).serialize();
}

/** Starts a brand-new session (a new id at every sign-in) and returns its Set-Cookie header. */
export async function startSession(userId: string, twoFactorVerified: boolean): Promise<string> {
  const session = await lucia().createSession(userId, { createdAt: now(), twoFactorVerified });
  return sessionCookie(session.id);
}

/**
 * Marks this session as past the second factor, keeping its id: used where the code was entered on
 * a page that must then show something (the recovery codes at enrolment). A new id there would
 * leave a browser without JavaScript, whose page loaders still send the old cookie, signed out.
 */
export async function markSessionTwoFactorVerified(sessionId: string): Promise<void> {
  await db()
    .update(sessions)
    .set({ twoFactorVerified: true })
    .where(eq(sessions.id, digestSessionId(sessionId)));
}

/** Signing out ends every session of the user, on every device, and blanks this browser's cookie. */
export async function endSession(userId: string): Promise<string> {
  await lucia().invalidateUserSessions(userId);
  return lucia().createBlankSessionCookie().serialize();
}

/** Ends every session of a user: sign-out everywhere, password change, deactivation. */
export async function endAllSessionsOf(userId: string): Promise<void> {
  await lucia().invalidateUserSessions(userId);
}

export async function readSession(request: Request) {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return { session: null, user: null, setCookie: null };
  const { session, user } = await lucia().validateSession(sessionId);
  let setCookie: string | null = null;
  if (!session) setCookie = lucia().createBlankSessionCookie().serialize();
  else if (session.fresh) setCookie = sessionCookie(session.id);
  return { session, user, setCookie };
}
