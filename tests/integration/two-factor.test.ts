// Two-factor sign-in: enrolment with recovery codes (for staff, evaluators and admins only once
// the emailed code proves the mailbox is theirs), TOTP codes that cannot be replayed, and
// recovery codes that work once.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeSecondFactor, signIn } from "../../app/auth/sign-in.server";
import { advanceClock, releaseClock, stopClock } from "../../app/clock.server";
import { readSession } from "../../app/auth/session.server";
import {
  beginEnrolment,
  confirmEnrolment,
  currentTotpCode,
  mailboxProofState,
  proveMailbox,
  RECOVERY_CODE_COUNT,
  remainingRecoveryCodes,
  sendMailboxCode,
  verifySecondFactor,
} from "../../app/auth/two-factor.server";
import { MAX_CODE_ATTEMPTS } from "../../app/auth/tokens.server";
import { processOutbox } from "../../emails/outbox.server";
import { createUser, DEFAULT_PASSWORD, reloadUser, type TestUser } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink";

const testDb = await useTestDatabase();
const actor = { email: "tester@example.com", ip: "192.0.2.40" };
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  updateTestConfig({ smtpUrl: sink.url });
});

afterAll(async () => {
  await sink?.close();
});

/** Sends the account's mailbox code and reads it back from the email that reached its address. */
async function emailedCode(user: TestUser): Promise<string> {
  const before = sink.messages.length;
  expect(await sendMailboxCode(user.id, actor)).toEqual({ sent: true });
  await processOutbox();
  const message = await sink.waitForMessage(
    (m) => m.to === user.email.toLowerCase() && sink.messages.indexOf(m) >= before,
  );
  expect(message.subject).toBe("Your code to set up two-factor sign-in");
  const code = /\b(\d{8})\b/.exec(message.text)?.[1];
  expect(code, "an 8-digit code in the email").toBeTruthy();
  return code ?? "";
}

/** A code the authenticator does not show now (nor a step either side). */
function wrongTotp(secret: string) {
  const valid = [-30_000, 0, 30_000].map((offset) => currentTotpCode(secret, Date.now() + offset));
  return ["000000", "111111", "222222", "333333"].find((code) => !valid.includes(code)) ?? "444444";
}

/** An evaluator enrolled the whole way: emailed code, secret, first code. */
async function enrolled() {
  const user = await createUser({ role: "evaluator" });
  const sessionId = randomUUID();
  expect(await proveMailbox(user.id, sessionId, await emailedCode(user), actor)).toEqual({ ok: true });
  const state = await mailboxProofState(user.id, sessionId);
  if (state.step !== "proved") throw new Error(`mailbox not proved: ${state.step}`);
  const secret = state.enrolment.secret;
  const result = await confirmEnrolment(user.id, currentTotpCode(secret), actor, sessionId);
  if (!result.ok) throw new Error(`enrolment failed: ${result.reason}`);
  return { user, secret, recoveryCodes: result.recoveryCodes };
}

/** A code for the next 30-second step: accepted once the current step's code has been used. */
function nextCode(secret: string) {
  return currentTotpCode(secret, Date.now() + 30_000);
}

describe("enrolment", () => {
  it("shows a QR code for a new secret and confirms it with a first code, returning 10 recovery codes", async () => {
    const user = await createUser({ role: "supplier" });
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
    const user = await createUser({ role: "supplier" });
    const { secret } = await beginEnrolment(user.id);
    expect(await confirmEnrolment(user.id, wrongTotp(secret), actor)).toEqual({ ok: false, reason: "wrong-code" });
    expect((await reloadUser(user.id))?.totpEnabledAt).toBeNull();
  });

  it("keeps the same secret if enrolment is started again before it is confirmed", async () => {
    const user = await createUser({ role: "supplier" });
    const first = await beginEnrolment(user.id);
    const second = await beginEnrolment(user.id);
    expect(second.secret).toBe(first.secret);
  });
});

describe("a staff, evaluator or admin account's first enrolment proves the mailbox", () => {
  it("never turns two-factor sign-in on, nor shows a secret, for someone holding only the password", async () => {
    for (const role of ["staff", "evaluator", "admin"] as const) {
      const user = await createUser({ role });
      const session = randomUUID();
      expect(await mailboxProofState(user.id, session)).toEqual({ step: "send-code", email: user.email });
      await expect(beginEnrolment(user.id)).rejects.toThrow(/mailbox/);
      // Even knowing a pending secret (stored by some earlier attempt) is not enough.
      const known = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
      await testDb.query("update users set totp_secret = $1 where id = $2", [known, user.id]);
      expect(await confirmEnrolment(user.id, currentTotpCode(known), actor, session)).toEqual({
        ok: false,
        reason: "mailbox-not-proved",
      });
      expect((await reloadUser(user.id))?.totpEnabledAt, role).toBeNull();
    }
  });

  it("turns it on with the code emailed to the account's address, entered in the same session", async () => {
    const user = await createUser({ role: "admin" });
    const [mine, another] = [randomUUID(), randomUUID()];
    const pendingSeenBefore = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    await testDb.query("update users set totp_secret = $1 where id = $2", [pendingSeenBefore, user.id]);
    const code = await emailedCode(user);
    expect(await mailboxProofState(user.id, mine)).toEqual({ step: "enter-code", email: user.email });
    const wrong = code === "12345678" ? "87654321" : "12345678";
    expect(await proveMailbox(user.id, mine, wrong, actor)).toEqual({ ok: false, reason: "wrong" });
    expect(await proveMailbox(user.id, mine, code, actor)).toEqual({ ok: true });

    // The secret is new (a pending one may have been seen), and shown in this session alone.
    const state = await mailboxProofState(user.id, mine);
    if (state.step !== "proved") throw new Error(`not proved: ${state.step}`);
    expect(state.enrolment.secret).not.toBe(pendingSeenBefore);
    expect(await mailboxProofState(user.id, another)).toEqual({ step: "enter-code", email: user.email });
    const secret = state.enrolment.secret;
    expect(await confirmEnrolment(user.id, currentTotpCode(secret), actor, another)).toEqual({
      ok: false,
      reason: "mailbox-not-proved",
    });
    expect(await confirmEnrolment(user.id, currentTotpCode(secret), actor, mine)).toMatchObject({ ok: true });
    expect((await reloadUser(user.id))?.totpEnabledAt).not.toBeNull();
    // The code is used up with the enrolment.
    expect(await proveMailbox(user.id, another, code, actor)).toEqual({ ok: false, reason: "ended" });
    const audit = await testDb.query<{ action: string }>(
      "select action from audit_events where subject_id = $1 order by seq",
      [user.id],
    );
    expect(audit.map((row) => row.action)).toEqual([
      "two_factor.mailbox_code_sent",
      "two_factor.mailbox_code_refused",
      "two_factor.mailbox_proved",
      "two_factor.enabled",
    ]);
  });

  it(`ends an emailed code after ${MAX_CODE_ATTEMPTS} wrong entries`, async () => {
    const user = await createUser({ role: "staff" });
    const session = randomUUID();
    const code = await emailedCode(user);
    const wrong = code === "00000000" ? "99999999" : "00000000";
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i += 1) {
      expect(await proveMailbox(user.id, session, wrong, actor)).toEqual({ ok: false, reason: "wrong" });
    }
    expect(await proveMailbox(user.id, session, code, actor)).toEqual({ ok: false, reason: "ended" });
    expect(await mailboxProofState(user.id, session)).toEqual({ step: "send-code", email: user.email });
    // Only a digest of the code is kept.
    const stored = JSON.stringify(await testDb.query("select * from account_tokens where user_id = $1", [user.id]));
    expect(stored).not.toContain(code);
  });

  it("sends no second code within a minute of the first", async () => {
    const user = await createUser({ role: "staff" });
    await emailedCode(user);
    expect(await sendMailboxCode(user.id, actor)).toEqual({ sent: false });
  });

  it("asks no emailed code of suppliers, nor of the demo's own accounts on the demo", async () => {
    const supplier = await createUser({ role: "supplier" });
    expect(await mailboxProofState(supplier.id, randomUUID())).toEqual({ step: "not-needed" });
    const demoAccount = await createUser({ role: "evaluator", isDemoAccount: true });
    expect((await mailboxProofState(demoAccount.id, randomUUID())).step).toBe("send-code");
    updateTestConfig({ demoInstance: true });
    try {
      expect(await mailboxProofState(demoAccount.id, randomUUID())).toEqual({ step: "not-needed" });
    } finally {
      updateTestConfig({ demoInstance: false });
    }
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
    const user = await createUser({ role: "supplier" });
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
