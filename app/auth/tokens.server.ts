// Single-use account tokens (email verification, invitations, password resets, sign-in links): only their
// SHA-256 is stored, they expire, and consuming one marks it used in the same transaction.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client.server";
import { accountTokens } from "../../db/schema";
import { config } from "../config.server";

export type TokenPurpose = (typeof accountTokens.$inferSelect)["purpose"];

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
  invitation: 7 * 24 * 60 * 60 * 1000,
  sign_in_confirmation: 15 * 60 * 1000,
};

function digest(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function issueToken(tx: Executor, userId: string, purpose: TokenPurpose): Promise<string> {
  // A new token replaces any unused one of the same purpose.
  await tx
    .update(accountTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
  const token = randomBytes(32).toString("base64url");
  await tx.insert(accountTokens).values({
    userId,
    purpose,
    tokenHash: digest(token),
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[purpose]),
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
        gt(accountTokens.expiresAt, new Date()),
      ),
    );
  return row?.userId ?? null;
}

/** Marks the token used and returns its user id; a second use of the same token gets null. */
export async function consumeToken(tx: Executor, token: string, purpose: TokenPurpose): Promise<string | null> {
  const [row] = await tx
    .update(accountTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(accountTokens.tokenHash, digest(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, new Date()),
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
