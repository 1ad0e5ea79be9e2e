// Two-factor sign-in: enrolment with recovery codes, TOTP codes that cannot be replayed, and
// recovery codes that work once.
import { describe, expect, it } from "vitest";
import { completeSecondFactor, signIn } from "../../app/auth/sign-in.server";
import { advanceClock, releaseClock, stopClock } from "../../app/clock.server";
import { readSession } from "../../app/auth/session.server";
import {
  beginEnrolment,
  confirmEnrolment,
  currentTotpCode,
  RECOVERY_CODE_COUNT,
  remainingRecoveryCodes,
  verifySecondFactor,
} from "../../app/auth/two-factor.server";
import { createUser, DEFAULT_PASSWORD, reloadUser } from "../factories";
import { useTestDatabase } from "../setup/database";

const testDb = await useTestDatabase();
const actor = { email: "tester@example.com", ip: "192.0.2.40" };

async function enrolled() {
  const user = await createUser({ role: "evaluator" });
  const { secret } = await beginEnrolment(user.id);
  const result = await confirmEnrolment(user.id, currentTotpCode(secret), actor);
  if (!result.ok) throw new Error("enrolment failed");
  return { user, secret, recoveryCodes: result.recoveryCodes };
}

/** A code for the next 30-second step: accepted once the current step's code has been used. */
function nextCode(secret: string) {
  return currentTotpCode(secret, Date.now() + 30_000);
}

describe("enrolment", () => {
  it("shows a QR code for a new secret and confirms it with a first code, returning 10 recovery codes", async () => {
    const user = await createUser({ role: "staff" });
    const enrolment = await beginEnrolment(user.id);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(enrolment.uri).toContain(`secret=${enrolment.secret}`);
    expect(enrolment.qrCodeSvg).toContain("<svg");
    expect((await reloadUser(user.id))?.totpEnabledAt).toBeNull();

    const result = await confirmEnrolment(user.id, currentTotpCode(enrolment.secret), actor);
    if (!result.ok) throw new Error("enrolment failed");
    expect(result.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(RECOVERY_CODE_COUNT).toBe(10);
    expect(new Set(result.recoveryCodes).size).toBe(10);
    for (const code of result.recoveryCodes) expect(code).toMatch(/^[a-z0-9]{10}$/);
    expect((await reloadUser(user.id))?.totpEnabledAt).not.toBeNull();
    // Only digests of the recovery codes are kept.
    const stored = JSON.stringify(await testDb.query("select * from recovery_codes where user_id = $1", [user.id]));
    for (const code of result.recoveryCodes) expect(stored).not.toContain(code);
  });

  it("refuses a wrong first code and leaves two-factor sign-in off", async () => {
    const user = await createUser({ role: "staff" });
    const { secret } = await beginEnrolment(user.id);
    const valid = [-30_000, 0, 30_000].map((offset) => currentTotpCode(secret, Date.now() + offset));
    const wrong = ["000000", "111111", "222222", "333333"].find((code) => !valid.includes(code)) ?? "444444";
    expect(await confirmEnrolment(user.id, wrong, actor)).toEqual({ ok: false });
    expect((await reloadUser(user.id))?.totpEnabledAt).toBeNull();
  });

  it("keeps the same secret if enrolment is started again before it is confirmed", async () => {
    const user = await createUser({ role: "staff" });
    const first = await beginEnrolment(user.id);
    const second = await beginEnrolment(user.id);
    expect(second.secret).toBe(first.secret);
  });
});

describe("signing in with a second factor", () => {
  it("refuses a TOTP code that has already been used", async () => {
    const { user, secret } = await enrolled();
    const code = nextCode(secret);
    expect(await verifySecondFactor(user.id, code, actor)).toEqual({ ok: true, method: "totp" });
    expect(await verifySecondFactor(user.id, code, actor)).toEqual({ ok: false });
  });

  it("refuses the code that confirmed enrolment", async () => {
    const user = await createUser({ role: "evaluator" });
    const { secret } = await beginEnrolment(user.id);
    const code = currentTotpCode(secret);
    expect((await confirmEnrolment(user.id, code, actor)).ok).toBe(true);
    expect(await verifySecondFactor(user.id, code, actor)).toEqual({ ok: false });
  });

  it("refuses a code from long ago", async () => {
    const { user, secret } = await enrolled();
    expect(await verifySecondFactor(user.id, currentTotpCode(secret, Date.now() - 10 * 60_000), actor)).toEqual({ ok: false });
  });

  it("accepts each recovery code once", async () => {
    const { user, recoveryCodes } = await enrolled();
    expect(await verifySecondFactor(user.id, recoveryCodes[3], actor)).toEqual({ ok: true, method: "recovery_code" });
    expect(await verifySecondFactor(user.id, recoveryCodes[3], actor)).toEqual({ ok: false });
    expect(await remainingRecoveryCodes(user.id)).toBe(9);
    // Codes are not case-sensitive, and the others still work.
    expect(await verifySecondFactor(user.id, recoveryCodes[4].toUpperCase(), actor)).toMatchObject({ ok: true });
  });

  it("does not accept another user's recovery code", async () => {
    const first = await enrolled();
    const second = await enrolled();
    expect(await verifySecondFactor(second.user.id, first.recoveryCodes[0], actor)).toEqual({ ok: false });
  });

  it("replaces a signed-in session with a new, verified one once the code is entered", async () => {
    const { user, secret } = await enrolled();
    const first = await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: "192.0.2.41" });
    if (!first.ok) throw new Error(`sign-in refused: ${first.outcome}`);
    expect(first.needsSecondFactor).toBe(true);
    const pendingCookie = first.cookie.split(";")[0];
    const pendingId = pendingCookie.split("=")[1];

    const second = await completeSecondFactor({ userId: user.id, email: user.email, sessionId: pendingId, code: nextCode(secret), ip: "192.0.2.41" });
    if (!second.ok) throw new Error(second.error);
    const verifiedCookie = second.cookie.split(";")[0];
    expect(verifiedCookie).not.toBe(pendingCookie);

    const request = (cookie: string) => new Request("http://127.0.0.1/", { headers: { cookie } });
    expect((await readSession(request(pendingCookie))).session).toBeNull();
    expect((await readSession(request(verifiedCookie))).session?.twoFactorVerified).toBe(true);
  });

  it("makes codes wait after 5 wrong ones, without using them up, and takes them again once the wait is over", async () => {
    const { user, recoveryCodes } = await enrolled();
    const sessionId = "unused-session-id";
    const attempt = (code: string) =>
      completeSecondFactor({ userId: user.id, email: user.email, sessionId, code, ip: "192.0.2.42" });
    stopClock();
    try {
      for (let i = 0; i < 5; i += 1) {
        expect(await attempt("zzzzzzzzzz")).toMatchObject({ ok: false, error: expect.stringMatching(/not correct/) });
      }
      const waiting = await attempt(recoveryCodes[0]);
      expect(waiting).toMatchObject({
        ok: false,
        error: expect.stringMatching(/Too many failed attempts.*Wait 1 second/),
        retryAfterSeconds: 1,
      });
      // The refused attempt did not use up the recovery code, nor make the wait longer.
      expect(await remainingRecoveryCodes(user.id)).toBe(10);
      expect(await attempt(recoveryCodes[0])).toMatchObject({ retryAfterSeconds: 1 });

      advanceClock(1000);
      expect(await attempt(recoveryCodes[0])).toMatchObject({ ok: true });
      expect(await remainingRecoveryCodes(user.id)).toBe(9);
    } finally {
      releaseClock();
    }
  });
});
