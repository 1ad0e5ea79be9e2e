// Anchors the audit chain's head outside the database: a line signed with the chain key, appended
// to the anchor file and emailed to the audit mailbox, at intervals and after every stage change.
import { appendFile, mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { desc } from "drizzle-orm";
import { db, type DatabaseHandle } from "../../db/client.server";
import { auditLinks } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { auditAnchorMessage } from "../../emails/templates/audit-anchor";
import { config } from "../config.server";
import { log } from "../log.server";
import { parseAnchors, signAnchor, type ParsedAnchors, type SignedAnchor } from "./chain.server";
import * as clock from "../clock.server";
import { runClaimed } from "../jobs/claim.server";
import { linkAuditChain } from "./linking.server";

/**
 * The audit actions that move a procurement into another stage. The head is anchored after the
 * transaction that records one commits, so a later rewrite of that decision shows.
 */
export type StageChange =
  | "tender.published"
  | "tender.amended"
  | "tender.deadline_extended"
  | "tender.deadline_brought_forward"
  | "tender.opened"
  | "award.decided"
  | "award.summaries_sent";

/** Reads the anchor file; a missing file has no anchors yet. */
export async function readAnchorFile(file: string, key: string): Promise<ParsedAnchors> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { anchors: [], problem: null };
    throw error;
  }
  return parseAnchors(text, key);
}

/** The chain's newest link. */
async function chainHead() {
  const [head] = await db()
    .select({ seq: auditLinks.seq, hash: auditLinks.hash })
    .from(auditLinks)
    .orderBy(desc(auditLinks.seq))
    .limit(1);
  return head;
}

/** The anchor file's last line (read from its end: the file only grows), or null. */
async function lastAnchorIn(file: string): Promise<{ seq?: unknown; hash?: unknown } | null> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 4096);
    const { buffer } = await handle.read(Buffer.alloc(length), 0, length, size - length);
    const line = buffer.toString("utf8").trimEnd().split("\n").at(-1) ?? "";
    return JSON.parse(line) as { seq?: unknown; hash?: unknown };
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Links every event that can be linked, then appends the chain's head (its newest link) to the
 * anchor file and emails it; null when nothing is linked, or with `onlyIfMoved`, when the file's
 * last line already anchors that very row. An event committed before the call is linked, so the
 * anchor covers it.
 */
export async function anchorAuditHead(reason: string, options: { onlyIfMoved?: boolean } = {}) {
  const { auditChainKey, auditAnchorFile, auditMailbox } = config();
  await linkAuditChain();
  const head = await chainHead();
  if (!head) return null;
  if (options.onlyIfMoved) {
    const last = await lastAnchorIn(auditAnchorFile);
    if (last?.seq === head.seq && last.hash === head.hash) return null;
  }
  const anchor = signAnchor({ seq: head.seq, hash: head.hash, at: clock.now().toISOString(), reason }, auditChainKey);
  const line = JSON.stringify(anchor);
  await mkdir(path.dirname(auditAnchorFile), { recursive: true });
  // One short write in append mode: lines from several processes do not interleave.
  await appendFile(auditAnchorFile, `${line}\n`, { mode: 0o600 });
  if (auditMailbox) {
    await enqueueEmail(db(), {
      to: auditMailbox,
      template: "audit-anchor",
      content: auditAnchorMessage({ line, seq: anchor.seq, at: anchor.at, reason }),
    });
  }
  return anchor;
}

/**
 * Call after the transaction that recorded a stage change has committed. A failure is logged,
 * never thrown: the decision stands, and the next interval anchors it.
 */
export async function anchorAfterStageChange(action: StageChange, procurementId: string) {
  try {
    await anchorAuditHead(`${action} ${procurementId}`);
  } catch (error) {
    log.error("audit anchor failed", { action, procurementId, error: String(error) });
  }
}

/**
 * At start and in housekeeping: anchors the head unless the newest anchor already holds it. Under
 * the job's claim, so servers starting or ticking together do not both append the same head (and
 * email it twice); a server that finds the claim held leaves it to the holder.
 */
export async function anchorAuditHeadIfMoved(
  reason: "start" | "interval" = "interval",
  handle?: DatabaseHandle,
): Promise<SignedAnchor | null> {
  try {
    const run = await runClaimed("audit-anchor", () => anchorAuditHead(reason, { onlyIfMoved: true }), handle);
    return run.ran ? run.result : null;
  } catch (error) {
    log.error("audit anchor failed", { action: reason, error: String(error) });
    return null;
  }
}
