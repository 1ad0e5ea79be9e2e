// Anchors the audit chain's head outside the database: a line signed with the chain key, appended
// to the anchor file and emailed to the audit mailbox, at intervals and after every stage change.
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { desc } from "drizzle-orm";
import { db } from "../../db/client.server";
import { auditEvents } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { auditAnchorMessage } from "../../emails/templates/audit-anchor";
import { config } from "../config.server";
import { log } from "../log.server";
import { parseAnchors, signAnchor, type ParsedAnchors, type SignedAnchor } from "./chain.server";

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

// On globalThis: the server entry (intervals) and the Remix bundle (stage changes) share it.
const holder = globalThis as { __portalLastAnchor?: { file: string; seq: number; hash: string } };

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

async function chainHead() {
  const [head] = await db()
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return head;
}

/**
 * Appends the chain's current head to the anchor file and emails it; null when the log is empty,
 * or with `onlyIfMoved`, when this process anchored that very row last.
 */
export async function anchorAuditHead(reason: string, options: { onlyIfMoved?: boolean } = {}) {
  const { auditChainKey, auditAnchorFile, auditMailbox } = config();
  const head = await chainHead();
  if (!head) return null;
  const last = holder.__portalLastAnchor;
  const unmoved = last?.file === auditAnchorFile && last.seq === head.seq && last.hash === head.hash;
  if (options.onlyIfMoved && unmoved) return null;
  const anchor = signAnchor({ seq: head.seq, hash: head.hash, at: new Date().toISOString(), reason }, auditChainKey);
  const line = JSON.stringify(anchor);
  await mkdir(path.dirname(auditAnchorFile), { recursive: true });
  // One short write in append mode: lines from several processes do not interleave.
  await appendFile(auditAnchorFile, `${line}\n`, { mode: 0o600 });
  holder.__portalLastAnchor = { file: auditAnchorFile, seq: head.seq, hash: head.hash };
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

/** Housekeeping: anchors the head unless this process anchored that very row last. */
export async function anchorAuditHeadIfMoved(): Promise<SignedAnchor | null> {
  try {
    return await anchorAuditHead("interval", { onlyIfMoved: true });
  } catch (error) {
    log.error("audit anchor failed", { action: "interval", error: String(error) });
    return null;
  }
}
