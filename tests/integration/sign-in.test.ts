// Signing in: one answer for every wrong combination, and failed attempts limited per account and
// per client address, which a client cannot choose by sending X-Forwarded-For.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
  RATE_LIMIT_ERROR,
  SIGN_IN_ERROR,
  signIn,
} from "../../app/auth/sign-in.server";
import { createUser, DEFAULT_PASSWORD, uniqueEmail } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { CookieJar, startTestPortal, type TestPortal } from "../setup/portal";

const testDb = await useTestDatabase();

let nextAddress = 1;
/** A client address of its own for each test, so that per-address limits do not leak between tests. */
function freshIp() {
  nextAddress += 1;
  return `198.51.100.${nextAddress}`;
}

describe("signIn", () => {
  it("gives the same answer for a wrong password, an unknown email and a deactivated account", async () => {
    const user = await createUser();
    const deactivated = await createUser({ deactivated: true });
    const wrongPassword = await signIn({ email: user.email, password: "not the right password", ip: freshIp() });
    const unknownEmail = await signIn({ email: uniqueEmail("nobody"), password: DEFAULT_PASSWORD, ip: freshIp() });
    const inactive = await signIn({ email: deactivated.email, password: DEFAULT_PASSWORD, ip: freshIp() });
    expect(wrongPassword).toEqual({ ok: false, error: SIGN_IN_ERROR, rateLimited: false });
    expect(unknownEmail).toEqual(wrongPassword);
    expect(inactive).toEqual(wrongPassword);
  });

  it("signs in with the right password, whatever the case of the email address", async () => {
    const user = await createUser();
    const result = await signIn({ email: user.email.toUpperCase(), password: DEFAULT_PASSWORD, ip: freshIp() });
    expect(result).toMatchObject({ ok: true, userId: user.id, needsSecondFactor: false });
  });

  it("asks for the second factor from a user enrolled in two-factor sign-in", async () => {
    const user = await createUser({ role: "staff", totp: true });
    const result = await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() });
    expect(result).toMatchObject({ ok: true, needsSecondFactor: true });
  });

  it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures, even against the right password`, async () => {
    const user = await createUser();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) {
      // From a different address each time: the account's own limit is what stops this.
      const result = await signIn({ email: user.email, password: `wrong password number ${i}`, ip: freshIp() });
      expect(result).toEqual({ ok: false, error: SIGN_IN_ERROR, rateLimited: false });
    }
    const locked = await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() });
    expect(locked).toEqual({ ok: false, error: RATE_LIMIT_ERROR, rateLimited: true });
    expect(RATE_LIMIT_ERROR).toMatch(/Too many failed attempts.*Wait 15 minutes/);

    // Another account is not affected, and the lock lifts once the failures are old enough.
    const other = await createUser();
    expect(await signIn({ email: other.email, password: DEFAULT_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
    await testDb.query("update sign_in_failures set at = now() - interval '16 minutes' where key = $1", [
      `account:${user.email}`,
    ]);
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
  });

  it(`lets no more than ${MAX_FAILURES_PER_ACCOUNT} of 20 simultaneous guesses at one account have their password checked`, async () => {
    const user = await createUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn({ email: user.email, password: `guess number ${i}`, ip: freshIp() })),
    );
    const checked = results.filter((r) => !r.ok && !r.rateLimited).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    expect(results.filter((r) => !r.ok && r.rateLimited)).toHaveLength(20 - checked);
    // The right password is refused too while the account is locked.
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() })).toMatchObject({
      rateLimited: true,
    });
  });

  it("forgets an account's failures once it signs in successfully", async () => {
    const user = await createUser();
    const ip = freshIp();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i += 1) {
      await signIn({ email: user.email, password: "not the right password", ip });
    }
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip })).toMatchObject({ ok: true });
    await signIn({ email: user.email, password: "not the right password", ip });
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip })).toMatchObject({ ok: true });
  });

  it(`limits an address to ${MAX_FAILURES_PER_IP} failures across many accounts`, async () => {
    const ip = freshIp();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i += 1) {
      const result = await signIn({ email: uniqueEmail("sprayed"), password: "password spraying attempt", ip });
      expect(result.ok).toBe(false);
    }
    const user = await createUser();
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip })).toEqual({
      ok: false,
      error: RATE_LIMIT_ERROR,
      rateLimited: true,
    });
    // Someone else, from another address, still gets in.
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
  });

  it("records failed and successful sign-ins in the audit log", async () => {
    const user = await createUser();
    const ip = freshIp();
    await signIn({ email: user.email, password: "not the right password", ip });
    await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip });
    const rows = await testDb.query<{ action: string; ip: string; actor_user_id: string }>(
      "select action, ip, actor_user_id from audit_events where ip = $1 order by seq",
      [ip],
    );
    expect(rows).toEqual([
      { action: "sign_in.failed", ip, actor_user_id: user.id },
      { action: "sign_in", ip, actor_user_id: user.id },
    ]);
  });
});

describe("the sign-in form over HTTP", () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal();
  });

  afterAll(async () => {
    await portal.close();
  });

  it("signs in and sets a session cookie for the browser session only", async () => {
    const user = await createUser();
    const jar = new CookieJar();
    const response = await portal.postForm("/sign-in", { email: user.email, password: DEFAULT_PASSWORD }, { jar });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/dashboard");
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("portal_session="));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Max-Age|Expires/i);
    const dashboard = await portal.fetch("/dashboard", { jar });
    expect(dashboard.status).toBe(302);
    expect(dashboard.headers.get("location")).toBe("/supplier");
  });

  it("shows the same error for a wrong password and an unknown email", async () => {
    const user = await createUser();
    const wrong = await portal.postForm("/sign-in", { email: user.email, password: "not the right password" });
    const unknown = await portal.postForm("/sign-in", {
      email: uniqueEmail("nobody"),
      password: "not the right password",
    });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const [wrongPage, unknownPage] = [await wrong.text(), await unknown.text()];
    expect(wrongPage).toContain(SIGN_IN_ERROR);
    expect(unknownPage).toContain(SIGN_IN_ERROR);
  });

  it("still limits a client that sends a different X-Forwarded-For each time when no proxy is trusted", async () => {
    expect(updateTestConfig({}).trustProxy).toBe(false);
    let limited: Response | undefined;
    for (let i = 0; i < MAX_FAILURES_PER_IP + 2 && !limited; i += 1) {
      const response = await portal.postForm(
        "/sign-in",
        { email: uniqueEmail("spoofer"), password: "password spraying attempt" },
        { headers: { "x-forwarded-for": `203.0.113.${i + 1}`, "x-portal-client-ip": `203.0.113.${i + 1}` } },
      );
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(400);
    }
    expect(limited?.status).toBe(429);
    expect(await limited?.text()).toContain(RATE_LIMIT_ERROR);
    // The failures were counted against the socket's address, not the addresses the client sent.
    const keys = await testDb.query<{ key: string }>(
      "select distinct key from sign_in_failures where key like 'ip:%203.0.113.%'",
    );
    expect(keys).toEqual([]);
  });

  it("counts each forwarded address separately when the proxy in front is trusted", async () => {
    updateTestConfig({ trustProxy: 1 });
    const trusting = await startTestPortal();
    try {
      for (let i = 0; i < MAX_FAILURES_PER_IP + 1; i += 1) {
        const response = await trusting.postForm(
          "/sign-in",
          { email: uniqueEmail("behind-proxy"), password: "password spraying attempt" },
          { headers: { "x-forwarded-for": `192.0.2.${i + 100}` } },
        );
        expect(response.status).toBe(400);
      }
      const keys = await testDb.query<{ key: string }>("select key from sign_in_failures where key = 'ip:192.0.2.100'");
      expect(keys).toHaveLength(1);
    } finally {
      await trusting.close();
      updateTestConfig({ trustProxy: false });
    }
  });
});
