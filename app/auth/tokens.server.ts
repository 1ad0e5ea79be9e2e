// Single-use account tokens (email verification, invitations, password resets, sign-in links) and
// short typed codes (the mailbox proof at two-factor enrolment): only their SHA-256 is stored, they
// expire, and consuming one marks it used in the same transaction.
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Executor } from "../../db/client.server";
import { accountTokens } from "../../db/schema";
import { now } from "../clock.server";
import { config } from "../config.server";

export type TokenPurpose = (typeof accountTokens.$inferSelect)["purpose"];

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
  invitation: 7 * 24 * 60 * 60 * 1000,
  sign_in_confirmation: 15 * 60 * 1000,
  mailbox_proof: 30 * 60 * 1000,
};

export const CODE_DIGITS = 8;
/** Wrong entries a short code survives: 5 guesses in 10^8 before a new code must be sent. */
export const MAX_CODE_ATTEMPTS = 5;

function digest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

// A new token or code replaces any unused one of the same purpose.
async function retireUnused(tx: Executor, userId: string, purpose: TokenPurpose) {
  await tx
    .update(accountTokens)
    .set({ usedAt: now() })
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
}

export async function issueToken(tx: Executor, userId: string, purpose: TokenPurpose): Promise<string> {
  await retireUnused(tx, userId, purpose);
  const token = randomBytes(32).toString("base64url");
  await tx.insert(accountTokens).values({
    userId,
    purpose,
    tokenHash: digest(token),
    expiresAt: new Date(now().getTime() + TOKEN_LIFETIME_MS[purpose]),
  });
  return token;
}

/** The token's user id if it is valid now (unused, unexpired, right purpose), else null. */
export async function peekToken(tx: Executor, token: string, purpose: TokenPurpose): Promise<string | null> {
  const [row] = await tx
    .select({ userId: accountTokens.userId })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tokenHash, digest(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now()),
      ),
    );
  return row?.userId ?? null;
}

/** Marks the token used and returns its user id; a second use of the same token gets null. */
export async function consumeToken(tx: Executor, token: string, purpose: TokenPurpose): Promise<string | null> {
  const [row] = await tx
    .update(accountTokens)
    .set({ usedAt: now() })
    .where(
      and(
        eq(accountTokens.tokenHash, digest(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now()),
      ),
    )
    .returning({ userId: accountTokens.userId });
  return row?.userId ?? null;
}

/** The portal's absolute URL for a page, with the token attached when there is one. */
export function accountLink(pathname: string, token?: string): string {
  const url = new URL(pathname, config().publicUrl);
  if (token) url.searchParams.set("token", token);
  return url.toString();
}

// --- Short codes, typed rather than followed -------------------------------------------------

// Two people may hold the same digits, so a code's digest is keyed by its own row.
function codeDigest(tokenId: string, code: string) {
  return digest(`${tokenId}:${code}`);
}

/** Issues a new 8-digit code for the user (replacing any unused one) and returns it, to be emailed. */
export async function issueCode(tx: Executor, userId: string, purpose: TokenPurpose): Promise<string> {
  await retireUnused(tx, userId, purpose);
  const id = randomUUID();
  const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");
  await tx.insert(accountTokens).values({
    id,
    userId,
    purpose,
    tokenHash: codeDigest(id, code),
    expiresAt: new Date(now().getTime() + TOKEN_LIFETIME_MS[purpose]),
  });
  return code;
}

function liveCodeOf(userId: string, purpose: TokenPurpose) {
  return and(
    eq(accountTokens.userId, userId),
    eq(accountTokens.purpose, purpose),
    isNull(accountTokens.usedAt),
    gt(accountTokens.expiresAt, now()),
    lt(accountTokens.failedAttempts, MAX_CODE_ATTEMPTS),
  );
}

export type LiveCode = { id: string; sentAt: Date; enteredInSession: string | null };

/** The user's code of this purpose if one is live: unused, unexpired, not guessed at too often. */
export async function liveCode(tx: Executor, userId: string, purpose: TokenPurpose): Promise<LiveCode | null> {
  const [row] = await tx
    .select({ id: accountTokens.id, sentAt: accountTokens.createdAt, enteredInSession: accountTokens.enteredInSession })
    .from(accountTokens)
    .where(liveCodeOf(userId, purpose));
  return row ?? null;
}

export type CodeCheck = { state: "matched"; tokenId: string } | { state: "wrong" } | { state: "none" };

/**
 * Checks a typed code against the user's live one without using it up (the caller does, with
 * useCode, once everything else it needs has held). A wrong code counts towards MAX_CODE_ATTEMPTS.
 */
export async function checkCode(tx: Executor, userId: string, purpose: TokenPurpose, code: string): Promise<CodeCheck> {
  const [row] = await tx.select().from(accountTokens).where(liveCodeOf(userId, purpose)).for("update");
  if (!row) return { state: "none" };
  const given = Buffer.from(codeDigest(row.id, code.trim()), "hex");
  if (timingSafeEqual(given, Buffer.from(row.tokenHash, "hex"))) return { state: "matched", tokenId: row.id };
  await tx
    .update(accountTokens)
    .set({ failedAttempts: row.failedAttempts + 1 })
    .where(eq(accountTokens.id, row.id));
  return { state: "wrong" };
}

/** Records the session (by its digest) in which the right code was entered: it vouches for that one only. */
export async function markCodeEntered(tx: Executor, tokenId: string, sessionDigest: string): Promise<void> {
  await tx.update(accountTokens).set({ enteredInSession: sessionDigest }).where(eq(accountTokens.id, tokenId));
}

/** Marks a code used: it vouches for nothing more. */
export async function useCode(tx: Executor, tokenId: string): Promise<void> {
  await tx.update(accountTokens).set({ usedAt: now() }).where(eq(accountTokens.id, tokenId));
}
