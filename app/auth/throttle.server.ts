// The sign-in throttle: failure and email counters in the database, and how long an attempt must wait. It slows guessing down and never locks an account (decision 018).
import { and, asc, eq, lt, or, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { throttleCounters } from "../../db/schema";
import { now } from "../clock.server";

type ThrottleKind = (typeof throttleCounters.$inferSelect)["kind"];

/** What one counter counts. "" as the account (a lower-cased email address) or address means "any". */
export type CounterKey = { kind: ThrottleKind; account: string; address: string };

type Counter = CounterKey & { count: number; firstAt: Date; lastAt: Date };

/** The rule, in one place: the README and decision 018 quote these numbers. */
export const THROTTLE = {
  /** Failed sign-ins to one account from one address that need no wait; each further one doubles the wait. */
  freeFailuresPerAccountFromAddress: 5,
  /** Failed sign-ins from one address, to any accounts (a shared office network counts as one). */
  freeFailuresPerAddress: 30,
  /** Past this many failures to one account from every address together, a right password also needs an emailed link. */
  failuresBeforeEmailedLink: 20,
  /** Wrong second-factor codes for one account (its password is already known) that need no wait. */
  freeSecondFactorFailures: 5,
  firstWaitSeconds: 1,
  longestWaitSeconds: 15 * 60,
  /** A counter of failures starts again from nothing this long after its last failure. */
  forgetFailuresAfterHours: 24,
  passwordResetEmailsPerAccountPerHour: 3,
  passwordResetEmailsPerAddressPerHour: 10,
  signInLinkEmailsPerAccountPerHour: 3,
} as const;

const HOUR_MS = 60 * 60 * 1000;

/** Seconds the next attempt waits after `failures` failures, when `freeFailures` need no wait. */
export function waitSecondsAfter(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(THROTTLE.firstWaitSeconds * 2 ** (failures - freeFailures), THROTTLE.longestWaitSeconds);
}

/** "8 seconds", "3 minutes": how a wait is told to the person waiting. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

function sameKey(a: CounterKey, b: CounterKey) {
  return a.kind === b.kind && a.account === b.account && a.address === b.address;
}

function keyOrder(a: CounterKey, b: CounterKey) {
  const [x, y] = [`${a.kind}\n${a.account}\n${a.address}`, `${b.kind}\n${b.account}\n${b.address}`];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The counters under `keys`, created if new and locked until the caller's transaction ends: an
 * attempt's check and its count are one step, so simultaneous guesses queue here and each sees
 * the ones before it. Always in one order, so two transactions never wait for each other.
 */
async function lockCounters(tx: Executor, keys: CounterKey[], at: Date): Promise<Counter[]> {
  const sorted = [...keys].sort(keyOrder);
  await tx
    .insert(throttleCounters)
    .values(sorted.map((key) => ({ ...key, count: 0, firstAt: at, lastAt: at })))
    .onConflictDoNothing();
  const rows = await tx
    .select()
    .from(throttleCounters)
    .where(
      or(
        ...sorted.map((key) =>
          and(
            eq(throttleCounters.kind, key.kind),
            eq(throttleCounters.account, key.account),
            eq(throttleCounters.address, key.address),
          ),
        ),
      ),
    )
    .orderBy(asc(throttleCounters.kind), asc(throttleCounters.account), asc(throttleCounters.address))
    .for("update");
  return keys.map((key) => {
    const row = rows.find((r) => sameKey(r, key));
    if (!row) throw new Error(`Throttle counter ${key.kind} was not created`);
    return row;
  });
}

function whereKey(key: CounterKey) {
  return and(
    eq(throttleCounters.kind, key.kind),
    eq(throttleCounters.account, key.account),
    eq(throttleCounters.address, key.address),
  );
}

/** Failures still remembered at `at`. */
function liveFailures(counter: Counter, at: Date) {
  const forgotten = at.getTime() - counter.lastAt.getTime() >= THROTTLE.forgetFailuresAfterHours * HOUR_MS;
  return forgotten ? 0 : counter.count;
}

function secondsToWait(counter: Counter, freeFailures: number, at: Date) {
  const wait = waitSecondsAfter(liveFailures(counter, at), freeFailures);
  const waitEnds = counter.lastAt.getTime() + wait * 1000;
  return Math.max(0, Math.ceil((waitEnds - at.getTime()) / 1000));
}

/** An attempt counted as a failure before it is checked, so that it can be forgiven if it succeeds. */
export type Reservation = {
  at: Date;
  counted: { key: CounterKey; previousLastAt: Date }[];
};

export type FailureRule = { key: CounterKey; freeFailures: number };

export type AttemptReserved<Name extends string> =
  | { go: false; retryAfterSeconds: number }
  | {
      go: true;
      reservation: Reservation;
      /** Failures under each rule's counter before this attempt. */
      failuresBefore: Record<Name, number>;
      /** The longest wait the next attempt will have if this one fails. */
      waitIfFailed: number;
    };

/**
 * Lets an attempt go ahead or says how long it must wait, under named rules. An attempt that goes
 * ahead is counted as a failure at once (in the caller's transaction, to commit before the slow
 * password check): call forgiveAttempt if it succeeds. A refused attempt counts nothing, so
 * waiting out the wait is always enough; asking again meanwhile does not make it longer.
 */
export async function reserveAttempt<Name extends string>(
  tx: Executor,
  rules: Record<Name, FailureRule>,
): Promise<AttemptReserved<Name>> {
  const at = now();
  const named = Object.entries(rules) as [Name, FailureRule][];
  const counters = await lockCounters(
    tx,
    named.map(([, rule]) => rule.key),
    at,
  );
  const retryAfterSeconds = Math.max(...named.map(([, rule], i) => secondsToWait(counters[i], rule.freeFailures, at)));
  if (retryAfterSeconds > 0) return { go: false, retryAfterSeconds };
  const before = counters.map((c) => liveFailures(c, at));
  for (const [i, counter] of counters.entries()) {
    await tx
      .update(throttleCounters)
      .set({ count: before[i] + 1, firstAt: before[i] === 0 ? at : counter.firstAt, lastAt: at })
      .where(whereKey(counter));
  }
  return {
    go: true,
    reservation: { at, counted: counters.map((c) => ({ key: c, previousLastAt: c.lastAt })) },
    failuresBefore: Object.fromEntries(named.map(([name], i) => [name, before[i]])) as Record<Name, number>,
    waitIfFailed: Math.max(...named.map(([, rule], i) => waitSecondsAfter(before[i] + 1, rule.freeFailures))),
  };
}

/**
 * Takes back a reserved failure that turned out to be a success: one fewer failure, and the last
 * failure's time as it was unless another failure has come since. Counters in `clear` are
 * deleted instead (the pair of account and address that has just proved itself).
 */
export async function forgiveAttempt(tx: Executor, reservation: Reservation, clear: CounterKey[] = []) {
  for (const { key, previousLastAt } of reservation.counted) {
    if (clear.some((c) => sameKey(c, key))) {
      await tx.delete(throttleCounters).where(whereKey(key));
      continue;
    }
    await tx
      .update(throttleCounters)
      .set({
        count: sql`greatest(${throttleCounters.count} - 1, 0)`,
        lastAt: sql`case when ${throttleCounters.lastAt} = ${reservation.at.toISOString()}::timestamptz
          then ${previousLastAt.toISOString()}::timestamptz else ${throttleCounters.lastAt} end`,
      })
      .where(whereKey(key));
  }
}

export type EmailCap = { key: CounterKey; perHour: number };

/**
 * Counts one more email under every cap, in the caller's transaction (the one that would send
 * it), if each cap has room in its hour; false, counting nothing, if any is full. An hour starts
 * with the first email counted in it.
 */
export async function allowEmail(tx: Executor, caps: EmailCap[]): Promise<boolean> {
  const at = now();
  const counters = await lockCounters(
    tx,
    caps.map((c) => c.key),
    at,
  );
  const inHour = counters.map((c) => (at.getTime() - c.firstAt.getTime() >= HOUR_MS ? 0 : c.count));
  if (caps.some((cap, i) => inHour[i] >= cap.perHour)) return false;
  for (const [i, counter] of counters.entries()) {
    await tx
      .update(throttleCounters)
      .set({ count: inHour[i] + 1, firstAt: inHour[i] === 0 ? at : counter.firstAt, lastAt: at })
      .where(whereKey(counter));
  }
  return true;
}

/** Forgets every counter of one account: after a completed password reset old guesses are moot. */
export async function forgetAccountCounters(tx: Executor, email: string) {
  await tx.delete(throttleCounters).where(eq(throttleCounters.account, email.toLowerCase()));
}

/** Housekeeping: deletes counters with nothing left to remember (the longest memory is a day). */
export async function deleteStaleCounters() {
  const before = new Date(now().getTime() - THROTTLE.forgetFailuresAfterHours * HOUR_MS);
  await db().transaction(async (tx) => {
    await tx.delete(throttleCounters).where(lt(throttleCounters.lastAt, before));
  });
}
