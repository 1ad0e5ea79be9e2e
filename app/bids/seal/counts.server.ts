// Inside the seal (see ../sealed.server.ts): what staff learn before the opening, how many
// organisations bid and how many late attempts were refused; who tried only once it is opened.
import { and, asc, eq, lt, sql } from "drizzle-orm";
import { db, type Executor } from "../../../db/client.server";
import { bidSubmissionRequests, bidSubmissions, lateBidAttempts, organisations, users } from "../../../db/schema";
import type { SignedInUser } from "../../auth/guards.server";
import { requireRole } from "../../refusals.server";
import { canReadOpenedBids } from "../sealed.server";
import { countingOn, type Tender } from "./shared.server";

/** Before and after opening: how many organisations have a submitted (not withdrawn) bid. Nothing else. */
export async function countSubmittedBids(tenderId: string, executor: Executor = db()): Promise<number> {
  const [row] = await executor
    .select({ n: sql<number>`count(distinct ${bidSubmissions.organisationId})::int` })
    .from(bidSubmissions)
    .where(countingOn(tenderId));
  return row?.n ?? 0;
}

/**
 * How many submit requests received before the deadline are still being recorded (decision 026):
 * the opening waits for them. A count of requests, never whose.
 */
export async function countSubmissionsBeingRecorded(
  tenderId: string,
  deadline: Date | null,
  executor: Executor = db(),
): Promise<number> {
  if (deadline === null) return 0;
  const [row] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(bidSubmissionRequests)
    .where(
      and(
        eq(bidSubmissionRequests.tenderId, tenderId),
        eq(bidSubmissionRequests.status, "received"),
        lt(bidSubmissionRequests.receivedAt, deadline),
      ),
    );
  return row?.n ?? 0;
}

export type LateBidAttempt = {
  id: string;
  organisation: string;
  user: string;
  email: string;
  attemptedAt: Date;
  deadline: Date;
};

/**
 * The late-bids register: how many attempts to submit after the deadline were refused, to staff
 * and admins always; who made them only once the tender is opened (null before), because only an
 * organisation with a bid can try, so the names would say who bid.
 */
export async function lateBidRegister(
  user: SignedInUser,
  tender: Tender,
): Promise<{ count: number; attempts: LateBidAttempt[] | null }> {
  requireRole(user, ["staff", "admin"]);
  if (!canReadOpenedBids(user, tender)) {
    const [row] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(lateBidAttempts)
      .where(eq(lateBidAttempts.tenderId, tender.id));
    return { count: row?.n ?? 0, attempts: null };
  }
  const attempts = await db()
    .select({
      id: lateBidAttempts.id,
      organisation: organisations.legalName,
      user: users.name,
      email: users.email,
      attemptedAt: lateBidAttempts.attemptedAt,
      deadline: lateBidAttempts.deadline,
    })
    .from(lateBidAttempts)
    .innerJoin(organisations, eq(organisations.id, lateBidAttempts.organisationId))
    .innerJoin(users, eq(users.id, lateBidAttempts.userId))
    .where(eq(lateBidAttempts.tenderId, tender.id))
    .orderBy(asc(lateBidAttempts.attemptedAt));
  return { count: attempts.length, attempts };
}
