// TOTP two-factor sign-in: enrolment (for staff, evaluators and admins only after proving the
// mailbox), verification with replay protection, and recovery codes.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { db, type Executor, type Transaction } from "../../db/client.server";
import { recoveryCodes, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { mailboxProofMessage } from "../../emails/templates/mailbox-proof";
import { recordAudit, type AuditActor } from "../audit/audit.server";
import * as clock from "../clock.server";
import { config } from "../config.server";
import { requiresTwoFactor } from "./permissions";
import { digestSessionId } from "./session.server";
import { checkCode, issueCode, liveCode, markCodeEntered, TOKEN_LIFETIME_MS, useCode } from "./tokens.server";

const ISSUER = "NHS AI Imaging procurement";
export const RECOVERY_CODE_COUNT = 10;

function totpFor(secret: string, label: string) {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

function digestCode(code: string) {
  return createHash("sha256").update(code.toLowerCase()).digest("hex");
}

type UserRow = typeof users.$inferSelect;

/**
 * Whether enrolling must also prove the mailbox: a staff, evaluator or admin account's first
 * enrolment, so that a leaked password alone never yields a privileged session. Demo accounts on
 * the demo, free to skip two-factor sign-in altogether, are free to skip this too.
 */
export function mailboxProofNeeded(user: Pick<UserRow, "role" | "totpEnabledAt" | "isDemoAccount">): boolean {
  if (!requiresTwoFactor(user.role) || user.totpEnabledAt) return false;
  return !(config().demoInstance && user.isDemoAccount);
}

// Sending again within this long is refused: the code is on its way, and a person's mailbox is
// not a channel for someone holding their password to fill.
export const MAILBOX_CODE_RESEND_MS = 60_000;

export type Enrolment = { secret: string; uri: string; qrCodeSvg: string };

async function showSecret(secret: string, email: string): Promise<Enrolment> {
  const uri = totpFor(secret, email).toString();
  const qrCodeSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qrCodeSvg };
}

async function storeNewSecret(tx: Executor, userId: string): Promise<string> {
  const secret = new Secret({ size: 20 }).base32;
  await tx
    .update(users)
    .set({ totpSecret: secret, totpEnabledAt: null, totpLastCounter: null })
    .where(eq(users.id, userId));
  return secret;
}

/**
 * A new secret kept on the user, unconfirmed, until a code from it is entered. Only for an account
 * that need not prove its mailbox: for the others the secret is shown by proveMailbox alone, so
 * that someone holding just the password never sees the secret the real person will scan.
 */
export async function beginEnrolment(userId: string): Promise<Enrolment> {
  const [user] = await db().select().from(users).where(eq(users.id, userId));
  if (!user) throw new Error("No such user");
  if (mailboxProofNeeded(user)) throw new Error("This account proves its mailbox before it sees a secret");
  let secret = user.totpSecret;
  if (!secret || user.totpEnabledAt) secret = await storeNewSecret(db(), userId);
  return showSecret(secret, user.email);
}

export type MailboxProofState =
  | { step: "not-needed" }
  | { step: "send-code" | "enter-code"; email: string }
  | { step: "proved"; email: string; enrolment: Enrolment };

/**
 * Where a privileged account stands in proving its mailbox, seen from one session: no code on its
 * way, a code to enter, or the code entered here, so the secret to scan may be shown (here only).
 */
export async function mailboxProofState(userId: string, sessionId: string): Promise<MailboxProofState> {
  const [user] = await db().select().from(users).where(eq(users.id, userId));
  if (!user || !mailboxProofNeeded(user)) return { step: "not-needed" };
  const code = await liveCode(db(), userId, "mailbox_proof");
  if (!code) return { step: "send-code", email: user.email };
  if (code.enteredInSession !== digestSessionId(sessionId) || !user.totpSecret) {
    return { step: "enter-code", email: user.email };
  }
  return { step: "proved", email: user.email, enrolment: await showSecret(user.totpSecret, user.email) };
}

/** Emails a new code to the account's address (replacing any earlier one), audited. */
export async function sendMailboxCode(userId: string, actor: AuditActor): Promise<{ sent: boolean }> {
  return db().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user || !mailboxProofNeeded(user)) return { sent: false };
    const live = await liveCode(tx, userId, "mailbox_proof");
    if (live && clock.now().getTime() - live.sentAt.getTime() < MAILBOX_CODE_RESEND_MS) return { sent: false };
    const code = await issueCode(tx, userId, "mailbox_proof");
    await enqueueEmail(tx, {
      to: user.email,
      template: "mailbox-proof",
      content: mailboxProofMessage({
        name: user.name,
        code,
        expiresInMinutes: TOKEN_LIFETIME_MS.mailbox_proof / 60_000,
      }),
    });
    await recordAudit(tx, actor, { action: "two_factor.mailbox_code_sent", subjectType: "user", subjectId: userId });
    return { sent: true };
  });
}

/**
 * The emailed code, entered in this session: a fresh secret is stored (any pending one may have
 * been seen by whoever else holds the password), to be shown in this session only. A wrong code
 * is counted and audited; too many and a new one must be sent.
 */
export async function proveMailbox(
  userId: string,
  sessionId: string,
  mailboxCode: string,
  actor: AuditActor,
): Promise<{ ok: true } | { ok: false; reason: "wrong" | "ended" }> {
  return db().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user || !mailboxProofNeeded(user)) return { ok: false as const, reason: "ended" as const };
    const check = await checkCode(tx, userId, "mailbox_proof", mailboxCode);
    if (check.state === "none") return { ok: false as const, reason: "ended" as const };
    if (check.state === "wrong") {
      await recordAudit(tx, actor, {
        action: "two_factor.mailbox_code_refused",
        subjectType: "user",
        subjectId: userId,
      });
      return { ok: false as const, reason: "wrong" as const };
    }
    await markCodeEntered(tx, check.tokenId, digestSessionId(sessionId));
    await storeNewSecret(tx, userId);
    await recordAudit(tx, actor, { action: "two_factor.mailbox_proved", subjectType: "user", subjectId: userId });
    return { ok: true as const };
  });
}

/** The counter step a code matches, allowing one step of clock drift either way. */
function matchCounter(secret: string, code: string, label: string): number | null {
  const totp = totpFor(secret, label);
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) return null;
  return totp.counter() + delta;
}

export type EnrolmentResult =
  { ok: true; recoveryCodes: string[] } | { ok: false; reason: "wrong-code" | "mailbox-not-proved" };

/**
 * Confirms enrolment with a first code from the authenticator and returns the recovery codes,
 * shown once. An account that proves its mailbox must have entered the emailed code in this same
 * session (`sessionId`); the code is used up here.
 */
export async function confirmEnrolment(
  userId: string,
  code: string,
  actor: AuditActor,
  sessionId?: string,
): Promise<EnrolmentResult> {
  return db().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user?.totpSecret) return { ok: false as const, reason: "wrong-code" as const };
    const proof = mailboxProofNeeded(user) ? await liveCode(tx, userId, "mailbox_proof") : null;
    if (mailboxProofNeeded(user)) {
      const provedHere = proof && sessionId && proof.enteredInSession === digestSessionId(sessionId);
      if (!provedHere) return { ok: false as const, reason: "mailbox-not-proved" as const };
    }
    const counter = matchCounter(user.totpSecret, code, user.email);
    if (counter === null) return { ok: false as const, reason: "wrong-code" as const };
    if (proof) await useCode(tx, proof.id);
    await tx
      .update(users)
      .set({ totpEnabledAt: clock.now(), totpLastCounter: counter, version: user.version + 1 })
      .where(eq(users.id, userId));
    const codes = await replaceRecoveryCodes(tx, userId);
    await recordAudit(tx, actor, {
      action: "two_factor.enabled",
      subjectType: "user",
      subjectId: userId,
      summary: { after: { mailboxProved: proof !== null } },
    });
    return { ok: true as const, recoveryCodes: codes };
  });
}

async function replaceRecoveryCodes(tx: Transaction, userId: string) {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    randomBytes(8)
      .toString("base64url")
      .replace(/[^a-z0-9]/gi, "")
      .toLowerCase()
      .padEnd(10, "x")
      .slice(0, 10),
  );
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: digestCode(c) })));
  return codes;
}

export async function regenerateRecoveryCodes(userId: string, actor: AuditActor) {
  return db().transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, userId);
    await recordAudit(tx, actor, {
      action: "two_factor.recovery_codes_regenerated",
      subjectType: "user",
      subjectId: userId,
    });
    return codes;
  });
}

/** Checks a sign-in code: a TOTP code not used before, or an unused recovery code (used up). */
export async function verifySecondFactor(
  userId: string,
  code: string,
  actor: AuditActor,
): Promise<{ ok: true; method: "totp" | "recovery_code" } | { ok: false }> {
  return db().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user?.totpSecret || !user.totpEnabledAt) return { ok: false as const };
    if (/^\d{6}$/.test(code)) {
      const counter = matchCounter(user.totpSecret, code, user.email);
      // A code, once used, cannot be replayed within its 30-second window.
      if (counter === null || (user.totpLastCounter !== null && counter <= user.totpLastCounter)) {
        return { ok: false as const };
      }
      await tx.update(users).set({ totpLastCounter: counter }).where(eq(users.id, userId));
      return { ok: true as const, method: "totp" as const };
    }
    const [used] = await tx
      .update(recoveryCodes)
      .set({ usedAt: clock.now() })
      .where(
        and(
          eq(recoveryCodes.userId, userId),
          eq(recoveryCodes.codeHash, digestCode(code)),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ id: recoveryCodes.id });
    if (!used) return { ok: false as const };
    await recordAudit(
      tx,
      { ...actor, userId },
      { action: "two_factor.recovery_code_used", subjectType: "user", subjectId: userId },
    );
    return { ok: true as const, method: "recovery_code" as const };
  });
}

export async function remainingRecoveryCodes(userId: string) {
  const rows = await db()
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return rows.length;
}

/**
 * For tests and the demo: the code an authenticator app would show now. Codes, like their check
 * above, follow the real time, not the portal's clock: they must match the time on someone's phone.
 */
export function currentTotpCode(secret: string, timestamp = Date.now()) {
  return totpFor(secret, "code").generate({ timestamp });
}
