// The procurement record's audit part: every audit event of the procurement as CSV, and whether
// the whole hash chain verifies.
import { and, eq, or } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import { auditEventsWithLinks, verifyAuditChain, type ChainVerification } from "../audit/audit.server";
import { linkAuditChain } from "../audit/linking.server";
import { auditEventsAsShown } from "../bids/seal-redaction.server";
import { toCsv } from "../csv.server";
import type { Procurement } from "../procurements/procurements.server";
import * as clock from "../clock.server";
import { json, RecordZip } from "./record-zip.server";

export async function addAudit(zip: RecordZip, procurement: Procurement) {
  // Linked first, so that events committed before the download (its own included) come with their links.
  await linkAuditChain();
  const stored = await auditEventsWithLinks(
    or(
      eq(auditEvents.procurementId, procurement.id),
      and(eq(auditEvents.subjectType, "procurement"), eq(auditEvents.subjectId, procurement.id)),
    ),
  );
  // Through the seal: before the opening, events about bids are written without who or what.
  const rows = await auditEventsAsShown(stored);
  zip.add("audit/events.csv", async () =>
    toCsv(
      [
        "seq",
        "at",
        "actor_user_id",
        "actor_email",
        "organisation_id",
        "action",
        "subject_type",
        "subject_id",
        "procurement_id",
        "ip",
        "summary",
        "prev_hash",
        "hash",
        "sealed",
      ],
      rows.map((r) => [
        r.seq,
        r.at,
        r.actorUserId,
        r.actorEmail,
        r.organisationId,
        r.action,
        r.subjectType,
        r.subjectId,
        r.procurementId,
        r.ip,
        JSON.stringify(r.summary),
        r.prevHash ?? "",
        r.hash ?? "",
        r.sealed ? "yes" : "",
      ]),
    ),
  );
  const chain = await verifyAuditChain();
  const sealed = rows.filter((r) => r.sealed).length;
  zip.add("audit/chain-verification.json", async () => json(chainStatement(chain, rows, sealed)));
}

function chainStatement(chain: ChainVerification, rows: { seq: number; hash: string | null }[], sealed: number) {
  const lastSeq = rows.length ? rows[rows.length - 1].seq : null;
  // Events committed while the record was made may not be linked yet (empty hashes in the CSV).
  const unlinked = rows.filter((r) => r.hash === null).length;
  const unlinkedNote =
    unlinked > 0
      ? ` ${unlinked} events of this procurement were not yet linked into the chain when this record was made (their prev_hash and hash are empty): the chain does not vouch for them in this file.`
      : "";
  // A fault in the anchor file (brokenAt null) leaves no row of the chain vouched for.
  const coversAll =
    unlinked === 0 && (chain.ok || lastSeq === null || (chain.brokenAt !== null && lastSeq < chain.brokenAt));
  const sealedNote =
    sealed > 0
      ? ` ${sealed} events about the sealed bids are written without who made them, their subject, address or details (sealed = yes): their hashes are as stored, so they cannot be recomputed from this file; the record downloaded after the opening holds them in full.`
      : "";
  return {
    verifiedAt: clock.now().toISOString(),
    wholeChain: chain.ok
      ? {
          verifies: true,
          rows: chain.rows,
          lastHash: chain.lastHash,
          keyedFrom: chain.keyedFrom,
          anchoredUpTo: chain.anchors.newestSeq,
          waitingToBeLinked: chain.waiting,
        }
      : { verifies: false, verifiedRows: chain.rows, brokenAt: chain.brokenAt, reason: chain.reason },
    procurementEvents: { rows: rows.length, firstSeq: rows[0]?.seq ?? null, lastSeq, sealed, unlinked },
    procurementEventsVerified: coversAll,
    statement:
      (chain.ok
        ? `The whole audit chain verifies: all ${chain.rows} linked events link to the one before them and match their hashes, including the ${rows.length - unlinked} linked events of this procurement in audit/events.csv.` +
          (chain.anchors.newestSeq === null
            ? ""
            : ` Its head was last anchored outside the database at ${chain.anchors.newestAt}, at event ${chain.anchors.newestSeq}.`)
        : chain.brokenAt === null
          ? `The audit chain cannot be relied upon: the ${chain.reason}.`
          : `The audit chain verifies up to event ${chain.brokenAt - 1} only: event ${chain.brokenAt}: ${chain.reason}. ` +
            (coversAll
              ? "Every event of this procurement comes before the break."
              : "Events of this procurement from that point on cannot be relied upon.")) +
      unlinkedNote +
      sealedNote,
  };
}
