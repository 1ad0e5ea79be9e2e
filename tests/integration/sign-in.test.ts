// Signing in: one answer for every wrong combination, and a throttle that slows guessing down
// without ever keeping the account's owner out (decision 018). Failures are counted per account
// from one client address and per address, which a client cannot choose by sending
// X-Forwarded-For; guessing spread over many addresses makes signing in need an emailed link too.
// The portal's clock is stopped in these tests, so that a wait passes only when a test moves it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SIGN_IN_ERROR, signIn, waitError } from "../../app/auth/sign-in.server";
import { THROTTLE, waitSecondsAfter } from "../../app/auth/throttle.server";
import { advanceClock, releaseClock, stopClock } from "../../app/clock.server";
import { config } from "../../app/config.server";
import { requestPasswordReset, resetPassword } from "../../app/users/users.server";
import { processOutbox } from "../../emails/outbox.server";
import { createUser, DEFAULT_PASSWORD, uniqueEmail } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { CookieJar, startTestPortal, type TestPortal } from "../setup/portal";
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from "../setup/smtp-sink";

const testDb = await useTestDatabase();
const NEW_PASSWORD = "lantern orbit gravel meadow";

let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  updateTestConfig({ smtpUrl: sink.url });
});

afterAll(async () => {
  await sink.close();
});

beforeEach(() => {
  stopClock();
});

afterEach(() => {
  releaseClock();
});

let nextAddress = 1;
/** A client address of its own for each use, so that per-address counters do not leak between tests. */
function freshIp() {
  nextAddress += 1;
  return `198.51.${Math.floor(nextAddress / 250)}.${nextAddress % 250}`;
}

/** The single-use link to `pathname` in the message's text. */
function linkIn(message: ReceivedMessage, pathname: string): string {
  const escaped = `${config().publicUrl}${pathname}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}\\?token=[A-Za-z0-9_-]+`).exec(message.text);
  expect(match, `a ${pathname} link in "${message.subject}"`).not.toBeNull();
  return match?.[0] ?? "";
}

/** Sends what the outbox holds, then the messages the sink has for `to`. */
async function mailTo(to: string) {
  await processOutbox();
  return sink.messages.filter((m) => m.to === to.toLowerCase());
}

describe("signIn", () => {
  it("gives the same answer for a wrong password, an unknown email and a deactivated account", async () => {
    const user = await createUser();
    const deactivated = await createUser({ deactivated: true });
    const wrongPassword = await signIn({ email: user.email, password: "not the right password", ip: freshIp() });
    const unknownEmail = await signIn({ email: uniqueEmail("nobody"), password: DEFAULT_PASSWORD, ip: freshIp() });
    const inactive = await signIn({ email: deactivated.email, password: DEFAULT_PASSWORD, ip: freshIp() });
    expect(wrongPassword).toEqual({ ok: false, outcome: "refused", error: SIGN_IN_ERROR });
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

  it("never locks the account: failures from one address make that address wait, and only it", async () => {
    const user = await createUser();
    const guesser = freshIp();
    const free = THROTTLE.freeFailuresPerAccountFromAddress;
    for (let i = 0; i < free; i += 1) {
      expect(await signIn({ email: user.email, password: `wrong password ${i}`, ip: guesser })).toMatchObject({
        outcome: "refused",
      });
    }
    // The guessing address waits, even with the right password; asking again does not make it longer.
    const waiting = await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: guesser });
    expect(waiting).toEqual({ ok: false, outcome: "wait", error: waitError(1), retryAfterSeconds: 1 });
    expect(waitError(1)).toMatch(/Too many failed attempts to sign in\. Wait 1 second and try again/);
    expect(await signIn({ email: user.email, password: "another guess", ip: guesser })).toMatchObject({
      retryAfterSeconds: 1,
    });
    // The owner, from anywhere else, signs in at once.
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });

    // Each further failure doubles the wait…
    advanceClock(1000);
    expect(await signIn({ email: user.email, password: "wrong again", ip: guesser })).toMatchObject({
      outcome: "refused",
    });
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: guesser })).toMatchObject({
      retryAfterSeconds: 2,
    });
    advanceClock(1999);
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: guesser })).toMatchObject({
      retryAfterSeconds: 1,
    });
    // …and once it has passed, the right password from the guessing address signs in too.
    advanceClock(1);
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: guesser })).toMatchObject({ ok: true });
  });

  it("doubles the wait up to 15 minutes, and forgets failures a day after the last", async () => {
    const free = THROTTLE.freeFailuresPerAccountFromAddress;
    expect(
      [free - 1, free, free + 1, free + 2, free + 9, free + 10, free + 100].map((n) => waitSecondsAfter(n, free)),
    ).toEqual([0, 1, 2, 4, 512, 900, 900]);
    const user = await createUser();
    const guesser = freshIp();
    for (let i = 0; i < free; i += 1) await signIn({ email: user.email, password: "wrong", ip: guesser });
    advanceClock(THROTTLE.forgetFailuresAfterHours * 60 * 60 * 1000);
    // A day on, five more failures are free again.
    for (let i = 0; i < free; i += 1) {
      expect(await signIn({ email: user.email, password: "wrong", ip: guesser })).toMatchObject({ outcome: "refused" });
    }
  });

  it(`lets only ${THROTTLE.freeFailuresPerAccountFromAddress} of 20 simultaneous guesses from one address have their password checked`, async () => {
    const user = await createUser();
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn({ email: user.email, password: `guess number ${i}`, ip })),
    );
    expect(results.filter((r) => !r.ok && r.outcome === "refused")).toHaveLength(
      THROTTLE.freeFailuresPerAccountFromAddress,
    );
    expect(results.filter((r) => !r.ok && r.outcome === "wait")).toHaveLength(
      20 - THROTTLE.freeFailuresPerAccountFromAddress,
    );
  });

  it("forgets an account's failures from an address once it signs in from there", async () => {
    const user = await createUser();
    const ip = freshIp();
    for (let i = 0; i < THROTTLE.freeFailuresPerAccountFromAddress - 1; i += 1) {
      await signIn({ email: user.email, password: "not the right password", ip });
    }
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip })).toMatchObject({ ok: true });
    for (let i = 0; i < THROTTLE.freeFailuresPerAccountFromAddress - 1; i += 1) {
      expect(await signIn({ email: user.email, password: "not the right password", ip })).toMatchObject({
        outcome: "refused",
      });
    }
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip })).toMatchObject({ ok: true });
  });

  it(`makes an address wait after ${THROTTLE.freeFailuresPerAddress} failures across many accounts, and only that address`, async () => {
    const ip = freshIp();
    for (let i = 0; i < THROTTLE.freeFailuresPerAddress; i += 1) {
      const result = await signIn({ email: uniqueEmail("sprayed"), password: "password spraying attempt", ip });
      expect(result).toMatchObject({ outcome: "refused" });
    }
    const user = await createUser();
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip })).toMatchObject({
      outcome: "wait",
      retryAfterSeconds: 1,
    });
    // Someone else, from another address, still gets in; and the sprayer's address once its wait is over.
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
    advanceClock(1000);
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip })).toMatchObject({ ok: true });
  });

  it(`past ${THROTTLE.failuresBeforeEmailedLink} failures from every address together, asks for an emailed link, saying the same whether the password was right or not`, async () => {
    const user = await createUser({ name: "Robin Targeted" });
    for (let i = 0; i < THROTTLE.failuresBeforeEmailedLink; i += 1) {
      expect(await signIn({ email: user.email, password: `botnet guess ${i}`, ip: freshIp() })).toMatchObject({
        outcome: "refused",
      });
    }
    const wrong = await signIn({ email: user.email, password: "one more guess", ip: freshIp() });
    const right = await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() });
    expect(right).toEqual({ ok: false, outcome: "check-email" });
    expect(wrong).toEqual(right);
    // Only the right password sent a link.
    const mail = await mailTo(user.email);
    expect(mail.map((m) => m.subject)).toEqual(["Finish signing in"]);
    expect(mail[0].text).toContain("Dear Robin Targeted");
  });

  it("starts the account's counters again once a password reset is completed", async () => {
    const user = await createUser();
    const guesser = freshIp();
    for (let i = 0; i < THROTTLE.failuresBeforeEmailedLink; i += 1) {
      // Some from the one address the owner uses too.
      await signIn({ email: user.email, password: `guess ${i}`, ip: i < 5 ? guesser : freshIp() });
    }
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: guesser })).toMatchObject({
      outcome: "wait",
    });
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: freshIp() })).toMatchObject({
      outcome: "check-email",
    });

    await requestPasswordReset(user.email, guesser);
    const [message] = (await mailTo(user.email)).filter((m) => m.subject === "Reset your password");
    const token = new URL(linkIn(message, "/reset-password")).searchParams.get("token") ?? "";
    expect(await resetPassword(token, NEW_PASSWORD, guesser)).toMatchObject({ ok: true });

    // From the address that had been failing, with no wait and no emailed link.
    expect(await signIn({ email: user.email, password: NEW_PASSWORD, ip: guesser })).toMatchObject({ ok: true });
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

  /** A portal behind one trusted proxy: the client address comes from X-Forwarded-For. */
  async function behindProxy<T>(run: (portal: TestPortal) => Promise<T>): Promise<T> {
    updateTestConfig({ trustProxy: 1 });
    const trusting = await startTestPortal();
    try {
      return await run(trusting);
    } finally {
      await trusting.close();
      updateTestConfig({ trustProxy: false });
    }
  }

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

  it("12 wrong passwords from one address do not keep the owner out: another address signs in, the guesser waits", async () => {
    const user = await createUser();
    await behindProxy(async (proxied) => {
      const from = (address: string) => ({ headers: { "x-forwarded-for": address } });
      const guesser = "198.18.0.66";
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        const response = await proxied.postForm(
          "/sign-in",
          { email: user.email, password: `rival's guess ${i}` },
          from(guesser),
        );
        statuses.push(response.status);
        if (response.status === 429) {
          expect(response.headers.get("retry-after")).toBe("1");
          expect(await response.text()).toContain("Wait 1 second and try again");
        } else await response.body?.cancel();
      }
      const free = THROTTLE.freeFailuresPerAccountFromAddress;
      expect(statuses).toEqual([...Array(free).fill(400), ...Array(12 - free).fill(429)]);

      // The owner, at another address, signs in with the right password.
      const owner = await proxied.postForm(
        "/sign-in",
        { email: user.email, password: DEFAULT_PASSWORD },
        from("198.18.0.200"),
      );
      expect(owner.status).toBe(302);
      expect(owner.headers.get("location")).toBe("/dashboard");

      // The guessing address is told to wait, even with the right password…
      const delayed = await proxied.postForm(
        "/sign-in",
        { email: user.email, password: DEFAULT_PASSWORD },
        from(guesser),
      );
      expect(delayed.status).toBe(429);
      const retryAfter = Number(delayed.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      // …and may try again once the wait has passed.
      advanceClock(retryAfter * 1000);
      const later = await proxied.postForm(
        "/sign-in",
        { email: user.email, password: DEFAULT_PASSWORD },
        from(guesser),
      );
      expect(later.status).toBe(302);
    });
  });

  it("past the cap of failures from many addresses, signs in through the link emailed to the owner", async () => {
    const user = await createUser();
    await behindProxy(async (proxied) => {
      for (let i = 0; i < THROTTLE.failuresBeforeEmailedLink; i += 1) {
        const response = await proxied.postForm(
          "/sign-in",
          { email: user.email, password: `distributed guess ${i}` },
          { headers: { "x-forwarded-for": `192.0.2.${i + 1}` } },
        );
        expect(response.status).toBe(400);
      }
      const owner = await proxied.postForm(
        "/sign-in",
        { email: user.email, password: DEFAULT_PASSWORD },
        { headers: { "x-forwarded-for": "198.51.100.201" } },
      );
      const guess = await proxied.postForm(
        "/sign-in",
        { email: user.email, password: "yet another guess" },
        { headers: { "x-forwarded-for": "198.51.100.202" } },
      );
      // No session, and the same page whether or not the password was right.
      expect(owner.status).toBe(200);
      expect(guess.status).toBe(200);
      expect(owner.headers.getSetCookie().some((c) => c.startsWith("portal_session="))).toBe(false);
      const [ownerPage, guessPage] = [mainOf(await owner.text()), mainOf(await guess.text())];
      expect(ownerPage).toContain("Check your email");
      expect(guessPage).toBe(ownerPage);

      const [message] = await mailTo(user.email);
      expect(message.subject).toBe("Finish signing in");
      const link = new URL(linkIn(message, "/sign-in/confirm"));
      // Opening the link (as a mail scanner would) signs nobody in and uses nothing up.
      const page = await proxied.fetch(`${link.pathname}${link.search}`);
      expect(page.status).toBe(200);
      expect(page.headers.getSetCookie().some((c) => c.startsWith("portal_session="))).toBe(false);
      expect(await page.text()).toContain("Finish signing in");

      const jar = new CookieJar();
      const token = link.searchParams.get("token") ?? "";
      const confirmed = await proxied.postForm("/sign-in/confirm", { token }, { jar });
      expect(confirmed.status).toBe(302);
      expect(confirmed.headers.get("location")).toBe("/dashboard");
      const dashboard = await proxied.fetch("/dashboard", { jar });
      expect(dashboard.headers.get("location")).toBe("/supplier");
      // The link works once.
      expect((await proxied.postForm("/sign-in/confirm", { token })).status).toBe(400);
    });
  });

  it("still limits a client that sends a different X-Forwarded-For each time when no proxy is trusted", async () => {
    expect(updateTestConfig({}).trustProxy).toBe(false);
    let limited: Response | undefined;
    for (let i = 0; i < THROTTLE.freeFailuresPerAddress + 2 && !limited; i += 1) {
      const response = await portal.postForm(
        "/sign-in",
        { email: uniqueEmail("spoofer"), password: "password spraying attempt" },
        { headers: { "x-forwarded-for": `203.0.113.${i + 1}`, "x-portal-client-ip": `203.0.113.${i + 1}` } },
      );
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(400);
    }
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get("retry-after")).toBe("1");
    expect(await limited?.text()).toContain(waitError(1));
    // The failures were counted against the socket's address, not the addresses the client sent.
    const counted = await testDb.query<{ address: string }>(
      "select distinct address from throttle_counters where address like '%203.0.113.%'",
    );
    expect(counted).toEqual([]);
  });

  it("counts each forwarded address separately when the proxy in front is trusted", async () => {
    await behindProxy(async (trusting) => {
      for (let i = 0; i < THROTTLE.freeFailuresPerAddress + 1; i += 1) {
        const response = await trusting.postForm(
          "/sign-in",
          { email: uniqueEmail("behind-proxy"), password: "password spraying attempt" },
          { headers: { "x-forwarded-for": `192.0.2.${i + 100}` } },
        );
        expect(response.status).toBe(400);
      }
      const counted = await testDb.query<{ count: number }>(
        "select count from throttle_counters where kind = 'sign_in_failure' and account = '' and address = '192.0.2.100'",
      );
      expect(counted).toEqual([{ count: 1 }]);
    });
  });
});

describe("the forgotten-password form over HTTP", () => {
  let portal: TestPortal;

  beforeAll(async () => {
    updateTestConfig({ trustProxy: 1 });
    portal = await startTestPortal();
  });

  afterAll(async () => {
    await portal.close();
    updateTestConfig({ trustProxy: false });
  });

  const ask = (email: string, address: string) =>
    portal.postForm("/forgot-password", { email }, { headers: { "x-forwarded-for": address } });

  it(`sends one account at most ${THROTTLE.passwordResetEmailsPerAccountPerHour} messages an hour, showing the same page every time`, async () => {
    const user = await createUser();
    const pages = new Set<string>();
    for (let i = 0; i < 8; i += 1) {
      const response = await ask(user.email, `198.51.100.${10 + i}`);
      expect(response.status).toBe(200);
      pages.add(mainOf(await response.text()));
    }
    expect(pages.size).toBe(1);
    expect([...pages][0]).toContain("Check your email");
    expect(await mailTo(user.email)).toHaveLength(THROTTLE.passwordResetEmailsPerAccountPerHour);
    // An unknown address gets that page too.
    expect(mainOf(await (await ask(user.email.replace("supplier", "nobody"), "198.51.100.30")).text())).toBe(
      [...pages][0].replace(user.email, user.email.replace("supplier", "nobody")),
    );

    advanceClock(60 * 60 * 1000);
    await ask(user.email, "198.51.100.31");
    expect(await mailTo(user.email)).toHaveLength(THROTTLE.passwordResetEmailsPerAccountPerHour + 1);
  });

  it(`sends at most ${THROTTLE.passwordResetEmailsPerAddressPerHour} messages an hour at the asking of one client address`, async () => {
    const people = await Promise.all(
      Array.from({ length: THROTTLE.passwordResetEmailsPerAddressPerHour + 2 }, () => createUser()),
    );
    for (const person of people) expect((await ask(person.email, "203.0.113.77")).status).toBe(200);
    await processOutbox();
    const sent = sink.messages.filter((m) => people.some((p) => p.email === m.to));
    expect(sent).toHaveLength(THROTTLE.passwordResetEmailsPerAddressPerHour);
    // From another address, the last of them still gets one.
    const last = people[people.length - 1];
    await ask(last.email, "203.0.113.78");
    expect(await mailTo(last.email)).toHaveLength(1);
  });
});

/** The page's main content, without the per-request nonce: what a person reads. */
function mainOf(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
  return main.replace(/ nonce="[^"]*"/g, "");
}
