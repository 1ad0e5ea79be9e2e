// The housekeeping round every server runs on its interval, each job under its claim (decision 024).
import { database, type DatabaseHandle } from "../db/client.server";
import { anchorAuditHeadIfMoved } from "../app/audit/anchors.server";
import { linkAuditChain } from "../app/audit/linking.server";
import { lucia } from "../app/auth/session.server";
import { deleteStaleCounters } from "../app/auth/throttle.server";
import { finishReceivedSubmissions } from "../app/bids/recording.server";
import { sendDueClarificationDigests } from "../app/clarifications/digests.server";
import { sendDueReminders } from "../app/engagement/reminders.server";
import { runClaimed } from "../app/jobs/claim.server";
import { log } from "../app/log.server";

/**
 * Bids received before the deadline but not yet recorded (first: the opening waits for them;
 * decision 026), reminders 24 hours before engagement sessions, clarification digests, expired sessions (lucia
 * only deletes one when its cookie comes back), sign-in counters with nothing left to remember,
 * the audit events recorded since the last round, linked into the chain (decision 027), and the
 * chain's head, anchored if it moved (under its own claim: it also runs at start).
 * Each is idempotent on its own too: reminders and digests mark what they sent in the transaction
 * that enqueues the emails.
 */
export const housekeepingJobs: { name: string; run: (handle: DatabaseHandle) => Promise<unknown> }[] = [
  {
    name: "bids being recorded",
    run: (handle) => runClaimed("submissions-being-recorded", () => finishReceivedSubmissions(), handle),
  },
  { name: "reminders", run: (handle) => runClaimed("engagement-reminders", () => sendDueReminders(), handle) },
  {
    name: "clarification digests",
    run: (handle) => runClaimed("clarification-digests", () => sendDueClarificationDigests(), handle),
  },
  {
    name: "session clean-up",
    run: (handle) => runClaimed("session-clean-up", () => lucia().deleteExpiredSessions(), handle),
  },
  {
    name: "sign-in counter clean-up",
    run: (handle) => runClaimed("sign-in-counter-clean-up", () => deleteStaleCounters(), handle),
  },
  { name: "audit link", run: (handle) => runClaimed("audit-link", () => linkAuditChain(), handle) },
  { name: "audit anchor", run: (handle) => anchorAuditHeadIfMoved("interval", handle) },
];

/** One round: the jobs one after another (one claim connection at a time), a failure logged. */
export async function runHousekeeping(handle: DatabaseHandle = database()) {
  for (const job of housekeepingJobs) {
    try {
      await job.run(handle);
    } catch (error) {
      log.error(`${job.name} failed`, { error: String(error) });
    }
  }
}
