// Claims for the jobs every server schedules (outbox, reminders, digests, clean-ups, linking and
// anchoring the audit chain, finishing bids received in time): with several servers on one
// database, one runs a job at a time and the others skip it (decision 024).
import { sql } from "drizzle-orm";
import { database, type DatabaseHandle } from "../../db/client.server";

export type JobName =
  | "outbox"
  | "engagement-reminders"
  | "clarification-digests"
  | "session-clean-up"
  | "sign-in-counter-clean-up"
  | "audit-link"
  | "audit-anchor"
  | "submissions-being-recorded";

export type JobRun<T> = { ran: true; result: T } | { ran: false };

// The first key of every job's advisory lock (the two-integer form, a key space apart from the
// audit log's one-bigint lock); the second is hashtext of the job's name.
const JOB_LOCK_SPACE = 7_302_024;

// Jobs running in this process, per database: a tick that comes round while the last one still
// runs skips without asking the database (and PGlite, one process, needs nothing more).
const running = new WeakMap<DatabaseHandle, Set<JobName>>();

/**
 * Runs `work` if this server holds the job's claim, else skips it ({ ran: false }). On PostgreSQL
 * the claim is a transaction-scoped advisory lock, held by an otherwise idle transaction on one of
 * this server's connections while `work` runs on others: it lapses by itself when the work ends,
 * fails, or the connection or the process dies, and the next server whose tick comes round takes
 * it. Each job is idempotent as well, so the claim spares the database work; it is not what keeps
 * anyone from getting an email twice.
 */
export async function runClaimed<T>(
  name: JobName,
  work: () => Promise<T>,
  handle: DatabaseHandle = database(),
): Promise<JobRun<T>> {
  const here = running.get(handle) ?? new Set<JobName>();
  running.set(handle, here);
  if (here.has(name)) return { ran: false };
  here.add(name);
  try {
    if (handle.driver === "pglite") return { ran: true, result: await work() };
    return await handle.db.transaction(async (tx) => {
      const result = await tx.execute(
        sql`select pg_try_advisory_xact_lock(${JOB_LOCK_SPACE}, hashtext(${name})) as claimed`,
      );
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { claimed: boolean }[];
      if (!rows[0]?.claimed) return { ran: false } as const;
      return { ran: true, result: await work() } as const;
    });
  } finally {
    here.delete(name);
  }
}
