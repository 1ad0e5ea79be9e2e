// Signing in and out: password check, rate limits per account and per address, the second factor.
import { and, eq, gt, or, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { signInFailures, users } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { verifyPassword } from "./passwords.server";
import { endSession, startSession, lucia } from "./session.server";
import { verifySecondFactor } from "./two-factor.server";

export const RATE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

export const SIGN_IN_ERROR = "Enter a correct email address and password";
export const RATE_LIMIT_ERROR = `Too many failed attempts to sign in. Wait ${RATE_WINDOW_MINUTES} minutes and try again, or reset your password.`;

type SignInResult =
  | { ok: true; cookie: string; userId: string; needsSecondFactor: boolean }
  | { ok: false; error: string; rateLimited: boolean };

/** Failures under `key` in the window; with `upTo`, only those recorded no later than that attempt. */
async function recentFailures(key: string, upTo?: string) {
  const since = new Date(Date.now() - RATE_WINDOW_MINUTES * 60 * 1000);
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(
      and(
        eq(signInFailures.key, key),
        gt(signInFailures.at, since),
        upTo ? sql`${signInFailures.at} <= (select at from sign_in_failures where id = ${upTo})` : undefined,
      ),
    );
  return row?.n ?? 0;
}

/**
 * Records an attempt as a failure before it is checked (struck off if it succeeds) and says how
 * many failures came before it, itself included: concurrent guesses each see the ones recorded
 * earlier (clock_timestamp(), not the transaction's start), so no more than the limit get through.
 */
async function recordAttempt(key: string) {
  const [attempt] = await db()
    .insert(signInFailures)
    .values({ key, at: sql`clock_timestamp()` })
    .returning({ id: signInFailures.id });
  return { id: attempt.id, failures: await recentFailures(key, attempt.id) };
}

export async function signIn(input: { email: string; password: string; ip: string | null }): Promise<SignInResult> {
  const email = input.email.toLowerCase();
  const accountKey = `account:${email}`;
  const ipKey = `ip:${input.ip ?? "unknown"}`;
  const [account, address] = await Promise.all([recordAttempt(accountKey), recordAttempt(ipKey)]);
  const [accountFailures, ipFailures] = [account.failures, address.failures];
  if (accountFailures > MAX_FAILURES_PER_ACCOUNT || ipFailures > MAX_FAILURES_PER_IP) {
    await db().transaction(async (tx) => {
      await recordAudit(
        tx,
        { email, ip: input.ip },
        { action: "sign_in.rate_limited", summary: { accountFailures, ipFailures } },
      );
    });
    return { ok: false, error: RATE_LIMIT_ERROR, rateLimited: true };
  }

  const [user] = await db()
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.deactivatedAt) {
    await db().transaction(async (tx) => {
      await recordAudit(
        tx,
        { userId: user?.id ?? null, email, organisationId: user?.organisationId ?? null, ip: input.ip },
        { action: "sign_in.failed", subjectType: "user", subjectId: user?.id, summary: {} },
      );
    });
    return { ok: false, error: SIGN_IN_ERROR, rateLimited: false };
  }

  const needsSecondFactor = user.totpEnabledAt !== null;
  const cookie = await startSession(user.id, false);
  await db().transaction(async (tx) => {
    await tx.delete(signInFailures).where(or(eq(signInFailures.key, accountKey), eq(signInFailures.id, address.id)));
    await recordAudit(
      tx,
      { userId: user.id, email: user.email, organisationId: user.organisationId, ip: input.ip },
      {
        action: "sign_in",
        subjectType: "user",
        subjectId: user.id,
        summary: { secondFactorPending: needsSecondFactor },
      },
    );
  });
  return { ok: true, cookie, userId: user.id, needsSecondFactor };
}

/** The second step: a TOTP or recovery code. On success the session is replaced by a verified one. */
export async function completeSecondFactor(input: {
  userId: string;
  sessionId: string;
  code: string;
  ip: string | null;
}): Promise<{ ok: true; cookie: string } | { ok: false; error: string }> {
  const accountKey = `2fa:${input.userId}`;
  // Counted as a failure until it succeeds, as for the password.
  if ((await recordAttempt(accountKey)).failures > MAX_FAILURES_PER_ACCOUNT) {
    return { ok: false, error: RATE_LIMIT_ERROR };
  }
  const result = await verifySecondFactor(input.userId, input.code, { email: null, ip: input.ip });
  if (!result.ok) {
    await db().transaction(async (tx) => {
      await recordAudit(
        tx,
        { userId: input.userId, ip: input.ip },
        { action: "sign_in.second_factor_failed", subjectType: "user", subjectId: input.userId },
      );
    });
    return { ok: false, error: "The code is not correct. Enter the current code from your authenticator app" };
  }
  await lucia().invalidateSession(input.sessionId);
  const cookie = await startSession(input.userId, true);
  await db().transaction(async (tx) => {
    await tx.delete(signInFailures).where(eq(signInFailures.key, accountKey));
    await recordAudit(
      tx,
      { userId: input.userId, ip: input.ip },
      {
        action: "sign_in.second_factor",
        subjectType: "user",
        subjectId: input.userId,
        summary: { method: result.method },
      },
    );
  });
  return { ok: true, cookie };
}

export async function signOut(user: {
  id: string;
  email: string;
  organisationId: string | null;
  sessionId: string;
  ip: string | null;
}) {
  const cookie = await endSession(user.id);
  await db().transaction(async (tx) => {
    await recordAudit(
      tx,
      { userId: user.id, email: user.email, organisationId: user.organisationId, ip: user.ip },
      { action: "sign_out", subjectType: "user", subjectId: user.id, summary: { sessionsEnded: "all" } },
    );
  });
  return cookie;
}
