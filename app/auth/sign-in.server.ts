// Signing in and out: the password (throttled, never locked: decision 018), the emailed link past the cap, the second factor.
import { eq, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { signInConfirmationMessage } from "../../emails/templates/sign-in-confirmation";
import { recordAudit } from "../audit/audit.server";
import { verifyPassword } from "./passwords.server";
import { endSession, startSession, lucia } from "./session.server";
import {
  allowEmail,
  describeWait,
  forgiveAttempt,
  reserveAttempt,
  THROTTLE,
  type CounterKey,
  type FailureRule,
} from "./throttle.server";
import { accountLink, consumeToken, issueToken, peekToken, TOKEN_LIFETIME_MS } from "./tokens.server";
import { verifySecondFactor } from "./two-factor.server";

export const SIGN_IN_ERROR = "Enter a correct email address and password";

export function waitError(seconds: number) {
  return `Too many failed attempts to sign in. Wait ${describeWait(seconds)} and try again, or reset your password.`;
}

export type SignInResult =
  | { ok: true; cookie: string; userId: string; needsSecondFactor: boolean }
  | { ok: false; outcome: "refused"; error: string }
  /** Too many failures from this address (for this account, or for any): nothing was checked. */
  | { ok: false; outcome: "wait"; error: string; retryAfterSeconds: number }
  /**
   * Past the cap of failures from every address, the password alone does not sign in: if it was
   * right, a link went to the account's owner. Said the same way whether or not it was right, so
   * that the answer tells a guesser nothing.
   */
  | { ok: false; outcome: "check-email" };

/** The three counters of a password attempt: this account from this address, this address, this account. */
function passwordRules(email: string, address: string) {
  return {
    fromAddressToAccount: {
      key: { kind: "sign_in_failure", account: email, address },
      freeFailures: THROTTLE.freeFailuresPerAccountFromAddress,
    },
    fromAddress: {
      key: { kind: "sign_in_failure", account: "", address },
      freeFailures: THROTTLE.freeFailuresPerAddress,
    },
    // Never a wait: this one decides whether an emailed link is needed as well.
    toAccount: {
      key: { kind: "sign_in_failure", account: email, address: "" },
      freeFailures: Number.POSITIVE_INFINITY,
    },
  } satisfies Record<string, FailureRule>;
}

export async function signIn(input: { email: string; password: string; ip: string | null }): Promise<SignInResult> {
  const email = input.email.toLowerCase();
  const rules = passwordRules(email, input.ip ?? "unknown");
  // A right password from an address forgets that address's failures at this account.
  const proven = [rules.fromAddressToAccount.key];
  const attempt = await db().transaction(async (tx) => {
    const reserved = await reserveAttempt(tx, rules);
    if (!reserved.go) {
      await recordAudit(
        tx,
        { email, ip: input.ip },
        { action: "sign_in.throttled", summary: { retryAfterSeconds: reserved.retryAfterSeconds } },
      );
    }
    return reserved;
  });
  if (!attempt.go) {
    return {
      ok: false,
      outcome: "wait",
      error: waitError(attempt.retryAfterSeconds),
      retryAfterSeconds: attempt.retryAfterSeconds,
    };
  }
  const { failuresBefore } = attempt;
  const needsEmailedLink = failuresBefore.toAccount >= THROTTLE.failuresBeforeEmailedLink;

  const [user] = await db()
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.deactivatedAt) {
    // The failure stays counted.
    await db().transaction(async (tx) => {
      await recordAudit(
        tx,
        { userId: user?.id ?? null, email, organisationId: user?.organisationId ?? null, ip: input.ip },
        {
          action: "sign_in.failed",
          subjectType: "user",
          subjectId: user?.id,
          summary: {
            failuresFromAddressToAccount: failuresBefore.fromAddressToAccount + 1,
            failuresToAccount: failuresBefore.toAccount + 1,
            ...(attempt.waitIfFailed > 0 ? { nextAttemptWaitsSeconds: attempt.waitIfFailed } : {}),
          },
        },
      );
    });
    return needsEmailedLink
      ? { ok: false, outcome: "check-email" }
      : { ok: false, outcome: "refused", error: SIGN_IN_ERROR };
  }

  if (needsEmailedLink) {
    await db().transaction(async (tx) => {
      await forgiveAttempt(tx, attempt.reservation, proven);
      await emailSignInLink(tx, user, input.ip);
    });
    return { ok: false, outcome: "check-email" };
  }

  const needsSecondFactor = user.totpEnabledAt !== null;
  const cookie = await startSession(user.id, false);
  await db().transaction(async (tx) => {
    await forgiveAttempt(tx, attempt.reservation, proven);
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

type LinkRecipient = { id: string; name: string; email: string; organisationId: string | null };

/** The right password past the cap: a single-use link to the owner, a few an hour at most. */
async function emailSignInLink(tx: Executor, user: LinkRecipient, ip: string | null) {
  const actor = { userId: user.id, email: user.email, organisationId: user.organisationId, ip };
  const allowed = await allowEmail(tx, [
    {
      key: { kind: "sign_in_link_email", account: user.email.toLowerCase(), address: "" },
      perHour: THROTTLE.signInLinkEmailsPerAccountPerHour,
    },
  ]);
  if (!allowed) {
    await recordAudit(tx, actor, { action: "sign_in.link_not_sent", subjectType: "user", subjectId: user.id });
    return;
  }
  const token = await issueToken(tx, user.id, "sign_in_confirmation");
  await enqueueEmail(tx, {
    to: user.email,
    template: "sign-in-confirmation",
    content: signInConfirmationMessage({
      name: user.name,
      link: accountLink("/sign-in/confirm", token),
      resetLink: accountLink("/forgot-password"),
      expiresInMinutes: TOKEN_LIFETIME_MS.sign_in_confirmation / 60_000,
    }),
  });
  await recordAudit(tx, actor, { action: "sign_in.link_emailed", subjectType: "user", subjectId: user.id });
}

/** Whether an emailed sign-in link can still be used (the page shows a button, not a session: mail scanners open links). */
export async function isSignInLinkValid(token: string) {
  return (await peekToken(db(), token, "sign_in_confirmation")) !== null;
}

/** Completes a sign-in with the emailed link: its password was right when it was sent. */
export async function signInWithEmailedLink(
  token: string,
  ip: string | null,
): Promise<{ ok: true; cookie: string; needsSecondFactor: boolean } | { ok: false }> {
  const user = await db().transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "sign_in_confirmation");
    if (!userId) return null;
    const [row] = await tx.select().from(users).where(eq(users.id, userId));
    if (!row || row.deactivatedAt) return null;
    await recordAudit(
      tx,
      { userId: row.id, email: row.email, organisationId: row.organisationId, ip },
      {
        action: "sign_in",
        subjectType: "user",
        subjectId: row.id,
        summary: { secondFactorPending: row.totpEnabledAt !== null, by: "emailed_link" },
      },
    );
    return row;
  });
  if (!user) return { ok: false };
  const needsSecondFactor = user.totpEnabledAt !== null;
  return { ok: true, cookie: await startSession(user.id, false), needsSecondFactor };
}

/** The second step: a TOTP or recovery code. On success the session is replaced by a verified one. */
export async function completeSecondFactor(input: {
  userId: string;
  email: string;
  sessionId: string;
  code: string;
  ip: string | null;
}): Promise<{ ok: true; cookie: string } | { ok: false; error: string; retryAfterSeconds?: number }> {
  // Whoever is here knows the password, from any address: wrong codes are counted per account.
  const key: CounterKey = { kind: "second_factor_failure", account: input.email.toLowerCase(), address: "" };
  const attempt = await db().transaction((tx) =>
    reserveAttempt(tx, { codes: { key, freeFailures: THROTTLE.freeSecondFactorFailures } }),
  );
  if (!attempt.go) {
    return { ok: false, error: waitError(attempt.retryAfterSeconds), retryAfterSeconds: attempt.retryAfterSeconds };
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
    await forgiveAttempt(tx, attempt.reservation, [key]);
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
