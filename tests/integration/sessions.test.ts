// Sessions: only a digest of the session id is stored, a session ends after 30 minutes idle and
// 12 hours at most, and signing in, changing or resetting a password and deactivation behave.
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { sessionState } from "../../app/auth/guards.server";
import { readSession } from "../../app/auth/session.server";
import { signIn, signOut } from "../../app/auth/sign-in.server";
import { issueToken } from "../../app/auth/tokens.server";
import { changePassword, changeRole, resetPassword, setActive } from "../../app/users/users.server";
import { db } from "../../db/client.server";
import { asSignedIn, createUser, DEFAULT_PASSWORD, sessionCookieFor } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";

const testDb = await useTestDatabase();

const NEW_PASSWORD = "a brand new passphrase for tests";

function requestWith(cookie: string) {
  return new Request("http://127.0.0.1/dashboard", { headers: { cookie } });
}

function sessionIdOf(cookie: string) {
  return cookie.slice(cookie.indexOf("=") + 1);
}

async function sessionRowsOf(userId: string) {
  return testDb.query<{ id: string; expires_at: Date | string; created_at: Date | string }>(
    "select id, expires_at, created_at from sessions where user_id = $1",
    [userId],
  );
}

async function isSignedIn(cookie: string) {
  const { session } = await readSession(requestWith(cookie));
  return session !== null;
}

/** Moves a session back in time, as if it had been created and last used that long ago. */
async function age(cookie: string, options: { createdAgo: string; expiresIn: string }) {
  const digest = createHash("sha256").update(sessionIdOf(cookie)).digest("hex");
  await testDb.query(
    `update sessions set created_at = now() - $1::interval, expires_at = now() + $2::interval where id = $3`,
    [options.createdAgo, options.expiresIn, digest],
  );
}

describe("session storage", () => {
  it("keeps only the SHA-256 of the cookie's session id in the database", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    const id = sessionIdOf(cookie);
    expect(id.length).toBeGreaterThanOrEqual(24);

    const rows = await sessionRowsOf(user.id);
    expect(rows.map((r) => r.id)).toEqual([createHash("sha256").update(id).digest("hex")]);
    const [{ n }] = await testDb.query<{ n: number }>(
      "select count(*)::int as n from sessions where id = $1 or position($1 in id) > 0",
      [id],
    );
    expect(n).toBe(0);
    expect(await isSignedIn(cookie)).toBe(true);
  });

  it("refuses a cookie holding the stored digest instead of the id", async () => {
    const user = await createUser();
    await sessionCookieFor(user);
    const [row] = await sessionRowsOf(user.id);
    expect(await isSignedIn(`portal_session=${row.id}`)).toBe(false);
  });

  it("sets an httpOnly, SameSite=Lax session cookie with no lifetime of its own", async () => {
    const user = await createUser();
    const result = await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: "192.0.2.20" });
    if (!result.ok) throw new Error(`sign-in refused: ${result.outcome}`);
    expect(result.cookie).toMatch(/^portal_session=[^;]+;/);
    expect(result.cookie).toMatch(/HttpOnly/i);
    expect(result.cookie).toMatch(/SameSite=Lax/i);
    expect(result.cookie).not.toMatch(/Max-Age|Expires/i);
    expect(result.cookie).not.toMatch(/Secure/i);
  });

  it("marks the session cookie Secure in production", async () => {
    updateTestConfig({ production: true });
    try {
      vi.resetModules();
      const fresh = await import("../../app/auth/session.server");
      const user = await createUser();
      expect(await fresh.startSession(user.id, true)).toMatch(/;\s*Secure/i);
    } finally {
      updateTestConfig({ production: false });
      vi.resetModules();
    }
  });
});

describe("session lifetime", () => {
  it("keeps a session used within the last 30 minutes, and extends it", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    await age(cookie, { createdAgo: "29 minutes", expiresIn: "1 minute" });
    const { session, setCookie } = await readSession(requestWith(cookie));
    expect(session).not.toBeNull();
    expect(setCookie).toContain(sessionIdOf(cookie));
    const [row] = await sessionRowsOf(user.id);
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 60 * 1000);
  });

  it("ends a session after 30 minutes without use", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    await age(cookie, { createdAgo: "31 minutes", expiresIn: "-1 minute" });
    const { session, setCookie } = await readSession(requestWith(cookie));
    expect(session).toBeNull();
    // The browser is told to forget the cookie.
    expect(setCookie).toMatch(/^portal_session=;/);
    expect(setCookie).toMatch(/Max-Age=0/i);
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
  });

  it("ends a session 12 hours after sign-in even while it is in use", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    await age(cookie, { createdAgo: "12 hours 1 minute", expiresIn: "25 minutes" });
    expect(await isSignedIn(cookie)).toBe(false);
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
  });

  it("never extends a session past 12 hours after sign-in", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    await age(cookie, { createdAgo: "11 hours 55 minutes", expiresIn: "5 minutes" });
    expect(await isSignedIn(cookie)).toBe(true);
    const [row] = await sessionRowsOf(user.id);
    const cap = new Date(row.created_at).getTime() + 12 * 60 * 60 * 1000;
    expect(new Date(row.expires_at).getTime()).toBeLessThanOrEqual(cap);
  });
});

describe("ending sessions", () => {
  it("starts a new session with a new id at every sign-in", async () => {
    const user = await createUser();
    const cookies = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      const result = await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: "192.0.2.21" });
      if (!result.ok) throw new Error(`sign-in refused: ${result.outcome}`);
      cookies.add(result.cookie.split(";")[0]);
    }
    expect(cookies.size).toBe(3);
    expect(await sessionRowsOf(user.id)).toHaveLength(3);
  });

  it("ends every session of the user on sign-out, on every device", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    const other = await sessionCookieFor(user);
    const cleared = await signOut({ ...user, sessionId: sessionIdOf(cookie), ip: "192.0.2.22" });
    expect(cleared).toMatch(/^portal_session=;/);
    expect(await isSignedIn(cookie)).toBe(false);
    // The issue asks sign-out to end every session of that user, as a password change does.
    expect(await isSignedIn(other)).toBe(false);
  });

  it("ends every session of a user who changes their password", async () => {
    const user = await createUser();
    const cookies = [await sessionCookieFor(user), await sessionCookieFor(user)];
    const result = await changePassword(asSignedIn(user, { sessionId: sessionIdOf(cookies[0]) }), {
      currentPassword: DEFAULT_PASSWORD,
      password: NEW_PASSWORD,
    });
    expect(result).toEqual({ ok: true, userId: user.id });
    for (const cookie of cookies) expect(await isSignedIn(cookie)).toBe(false);
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
  });

  it("keeps the sessions when a password change is refused", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    const result = await changePassword(asSignedIn(user), { currentPassword: "not the password at all", password: NEW_PASSWORD });
    expect(result).toMatchObject({ ok: false, fieldErrors: { currentPassword: "Your current password is not correct" } });
    expect(await isSignedIn(cookie)).toBe(true);
  });

  it("ends every session of a user whose password is reset", async () => {
    const user = await createUser();
    const cookies = [await sessionCookieFor(user), await sessionCookieFor(user)];
    const token = await issueToken(db(), user.id, "reset_password");
    expect(await resetPassword(token, NEW_PASSWORD, "192.0.2.23")).toEqual({ ok: true, userId: user.id });
    for (const cookie of cookies) expect(await isSignedIn(cookie)).toBe(false);
  });

  it("ends every session of a deactivated user at once", async () => {
    const admin = await createUser({ role: "admin", totp: true });
    const user = await createUser({ role: "staff", totp: true });
    const cookies = [await sessionCookieFor(user), await sessionCookieFor(user)];
    expect(await setActive(asSignedIn(admin), user.id, false)).toEqual({ ok: true, userId: user.id });
    for (const cookie of cookies) expect(await isSignedIn(cookie)).toBe(false);
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
    const again = await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: "192.0.2.24" });
    expect(again).toMatchObject({ ok: false });
  });

  it("refuses the session of a user marked deactivated even before the sessions are deleted", async () => {
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    await testDb.query("update users set deactivated_at = now() where id = $1", [user.id]);
    expect(await isSignedIn(cookie)).toBe(false);
  });

  it("ends every session of a user whose role changes", async () => {
    const admin = await createUser({ role: "admin", totp: true });
    const user = await createUser({ role: "staff", totp: true });
    const cookie = await sessionCookieFor(user);
    expect(await changeRole(asSignedIn(admin), user.id, "evaluator")).toEqual({ ok: true, userId: user.id });
    expect(await isSignedIn(cookie)).toBe(false);
  });
});

describe("how far a session has got", () => {
  it("holds a user with two-factor sign-in at the second step until the code is entered", async () => {
    const user = await createUser({ role: "staff", totp: true });
    const pending = await sessionCookieFor(user, { twoFactorVerified: false });
    expect((await sessionState(requestWith(pending))).state).toBe("two-factor-pending");
    const verified = await sessionCookieFor(user, { twoFactorVerified: true });
    expect((await sessionState(requestWith(verified))).state).toBe("signed-in");
  });

  it("sends staff, evaluators and admins without two-factor sign-in to enrol first", async () => {
    for (const role of ["staff", "evaluator", "admin"] as const) {
      const user = await createUser({ role });
      const cookie = await sessionCookieFor(user, { twoFactorVerified: false });
      expect((await sessionState(requestWith(cookie))).state).toBe("two-factor-enrolment-required");
    }
    const supplier = await createUser({ role: "supplier" });
    expect((await sessionState(requestWith(await sessionCookieFor(supplier)))).state).toBe("signed-in");
  });

  it("lets seeded demo accounts skip two-factor sign-in only on the demo instance", async () => {
    const user = await createUser({ role: "evaluator", isDemoAccount: true });
    const cookie = await sessionCookieFor(user, { twoFactorVerified: false });
    expect((await sessionState(requestWith(cookie))).state).toBe("two-factor-enrolment-required");
    updateTestConfig({ demoInstance: true });
    try {
      expect((await sessionState(requestWith(cookie))).state).toBe("signed-in");
    } finally {
      updateTestConfig({ demoInstance: false });
    }
  });

  it("holds an unverified email address at the verification step", async () => {
    const user = await createUser({ emailVerified: false });
    const cookie = await sessionCookieFor(user);
    expect((await sessionState(requestWith(cookie))).state).toBe("email-unverified");
  });
});
