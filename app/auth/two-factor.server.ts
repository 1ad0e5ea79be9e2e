// TOTP two-factor sign-in: enrolment, verification with replay protection, and recovery codes.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { db, type Transaction } from "../../db/client.server";
import { recoveryCodes, users } from "../../db/schema";
import { recordAudit, type AuditActor } from "../audit/audit.server";

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

/** A new secret kept on the user, unconfirmed, until a code from it is entered. */
export async function beginEnrolment(userId: string) {
  const [user] = await db().select().from(users).where(eq(users.id, userId));
  if (!user) throw new Error("No such user");
  let secret = user.totpSecret;
  if (!secret || user.totpEnabledAt) {
    secret = new Secret({ size: 20 }).base32;
    await db()
      .update(users)
      .set({ totpSecret: secret, totpEnabledAt: null, totpLastCounter: null })
      .where(eq(users.id, userId));
  }
  const uri = totpFor(secret, user.email).toString();
  const qrCodeSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qrCodeSvg };
}

/** The counter step a code matches, allowing one step of clock drift either way. */
function matchCounter(secret: string, code: string, label: string): number | null {
  const totp = totpFor(secret, label);
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) return null;
  return totp.counter() + delta;
}

/** Confirms enrolment with a first code and returns the recovery codes, shown once. */
export async function confirmEnrolment(userId: string, code: string, actor: AuditActor) {
  return db().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user?.totpSecret) return { ok: false as const };
    const counter = matchCounter(user.totpSecret, code, user.email);
    if (counter === null) return { ok: false as const };
    await tx
      .update(users)
      .set({ totpEnabledAt: new Date(), totpLastCounter: counter, version: user.version + 1 })
      .where(eq(users.id, userId));
    const codes = await replaceRecoveryCodes(tx, userId);
    await recordAudit(tx, actor, { action: "two_factor.enabled", subjectType: "user", subjectId: userId });
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
      .set({ usedAt: new Date() })
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

/** For tests and the demo: the code an authenticator app would show now. */
export function currentTotpCode(secret: string, timestamp = Date.now()) {
  return totpFor(secret, "code").generate({ timestamp });
}
