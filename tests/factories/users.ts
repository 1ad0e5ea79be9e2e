// Builds people of every role, and signs them in directly (a session row and its cookie) so that
// tests other than those of the sign-in form itself need not drive it.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { Secret } from "otpauth";
import type { SignedInUser } from "../../app/auth/guards.server";
import { hashPassword } from "../../app/auth/passwords.server";
import type { Role } from "../../app/auth/permissions";
import { startSession } from "../../app/auth/session.server";
import { currentTotpCode } from "../../app/auth/two-factor.server";
import { db } from "../../db/client.server";
import { users } from "../../db/schema";
import { createOrganisation } from "./organisations";

export const DEFAULT_PASSWORD = "correct horse battery staple 42";

export type CreateUserOptions = {
  role?: Role;
  /** Suppliers without one get a new organisation of their own. */
  organisationId?: string | null;
  isOrganisationAdmin?: boolean;
  /** null leaves the password unset, as for someone invited who has not yet accepted. */
  password?: string | null;
  emailVerified?: boolean;
  /** Enrols the user in two-factor sign-in with a fresh TOTP secret. */
  totp?: boolean;
  isDemoAccount?: boolean;
  deactivated?: boolean;
  email?: string;
  name?: string;
};

export type TestUser = typeof users.$inferSelect & {
  /** The password in clear, or null when none is set. */
  password: string | null;
  /** The current TOTP code for a user enrolled in two-factor sign-in. */
  totpCode: (timestamp?: number) => string;
};

// argon2 costs ~80 ms a hash: the default password is hashed once per test file.
let defaultHash: Promise<string> | undefined;

function passwordHashFor(password: string | null): Promise<string | null> {
  if (password === null) return Promise.resolve(null);
  if (password === DEFAULT_PASSWORD) {
    defaultHash ??= hashPassword(DEFAULT_PASSWORD);
    return defaultHash;
  }
  return hashPassword(password);
}

export function uniqueEmail(label = "person"): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.com`;
}

export async function createUser(options: CreateUserOptions = {}): Promise<TestUser> {
  const role = options.role ?? "supplier";
  let organisationId = options.organisationId ?? null;
  if (role === "supplier" && options.organisationId === undefined) {
    organisationId = (await createOrganisation()).id;
  }
  const password = options.password === undefined ? DEFAULT_PASSWORD : options.password;
  const totpSecret = options.totp ? new Secret({ size: 20 }).base32 : null;
  const [row] = await db()
    .insert(users)
    .values({
      email: options.email ?? uniqueEmail(role),
      name: options.name ?? `Test ${role[0].toUpperCase()}${role.slice(1)}`,
      role,
      organisationId,
      isOrganisationAdmin: options.isOrganisationAdmin ?? false,
      passwordHash: await passwordHashFor(password),
      emailVerifiedAt: options.emailVerified === false ? null : new Date(),
      deactivatedAt: options.deactivated ? new Date() : null,
      totpSecret,
      totpEnabledAt: totpSecret ? new Date() : null,
      isDemoAccount: options.isDemoAccount ?? false,
    })
    .returning();
  return {
    ...row,
    password,
    totpCode: (timestamp = Date.now()) => {
      if (!totpSecret) throw new Error(`${row.email} is not enrolled in two-factor sign-in`);
      return currentTotpCode(totpSecret, timestamp);
    },
  };
}

/** The user as it is now in the database. */
export async function reloadUser(userId: string) {
  const [row] = await db().select().from(users).where(eq(users.id, userId));
  return row ?? null;
}

/**
 * Signs the user in without the form: a new session and the Cookie header value that carries it
 * (`portal_session=…`). By default the session has passed the second factor.
 */
export async function sessionCookieFor(
  user: { id: string },
  options: { twoFactorVerified?: boolean } = {},
): Promise<string> {
  const setCookie = await startSession(user.id, options.twoFactorVerified ?? true);
  return setCookie.split(";")[0];
}

/** The user as a domain operation sees its caller (what requireUser returns). */
export function asSignedIn(
  user: typeof users.$inferSelect,
  extra: { ip?: string | null; sessionId?: string } = {},
): SignedInUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    isOrganisationAdmin: user.isOrganisationAdmin,
    emailVerified: user.emailVerifiedAt !== null,
    twoFactorEnabled: user.totpEnabledAt !== null,
    sessionId: extra.sessionId ?? "test-session",
    ip: extra.ip ?? "192.0.2.1",
  };
}
