// Repeated form posts on findings (a double click, a resent request): answered with the first
// post's result, not written twice.
import { eq } from "drizzle-orm";
import { db, type Transaction } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { idempotencyKeys } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";

// A repeated form post (a double click, a resent request) carries the same key as the first; the
// first to commit records the key with its result, and the repeat is answered with that result.
export function idempotencyKeyFor(scope: string, user: SignedInUser, key: string | undefined) {
  return key ? `${scope}:${user.id}:${key}` : null;
}

export async function claimIdempotencyKey(tx: Transaction, user: SignedInUser, key: string | null, result: string) {
  if (key) await tx.insert(idempotencyKeys).values({ key, userId: user.id, resultLocation: result });
}

export async function onceFor<T>(
  key: string | null,
  write: () => Promise<T>,
  replay: (result: string) => T,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!key || !isUniqueViolation(error)) throw error;
    const [earlier] = await db()
      .select({ result: idempotencyKeys.resultLocation })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, key));
    if (!earlier?.result) throw error;
    return replay(earlier.result);
  }
}
