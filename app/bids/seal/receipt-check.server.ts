// Inside the seal (see ../sealed.server.ts): anyone holding a receipt may check it, and learn no
// more than the receipt already says.
import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client.server";
import { bidSubmissions, procurements, tenders } from "../../../db/schema";
import { asSubmissionContent, submissionDigest, type StoredSubmissionContent } from "../receipt.server";

export type ReceiptCheck =
  | { found: false }
  | {
      found: true;
      procurementTitle: string;
      submittedAt: Date;
      status: "counting" | "superseded" | "withdrawn";
      opened: boolean;
      /** After opening: the digest recomputed from the stored content equals the receipt's. */
      recomputedMatches: boolean | null;
    };

/**
 * Whether the portal holds a submission with this reference AND this digest. Either alone finds
 * nothing, so the answer proves no more than the receipt already does; it never names the bidder
 * or shows content.
 */
export async function verifyReceipt(reference: string, digest: string): Promise<ReceiptCheck> {
  const [row] = await db()
    .select({
      content: bidSubmissions.content,
      digest: bidSubmissions.digest,
      submittedAt: bidSubmissions.submittedAt,
      withdrawnAt: bidSubmissions.withdrawnAt,
      supersededAt: bidSubmissions.supersededAt,
      openedAt: tenders.openedAt,
      procurementTitle: procurements.title,
    })
    .from(bidSubmissions)
    .innerJoin(tenders, eq(tenders.id, bidSubmissions.tenderId))
    .innerJoin(procurements, eq(procurements.id, tenders.procurementId))
    .where(and(eq(bidSubmissions.reference, reference), eq(bidSubmissions.digest, digest)));
  if (!row) return { found: false };
  const opened = row.openedAt !== null;
  return {
    found: true,
    procurementTitle: row.procurementTitle,
    submittedAt: row.submittedAt,
    status: row.withdrawnAt ? "withdrawn" : row.supersededAt ? "superseded" : "counting",
    opened,
    recomputedMatches: opened ? recomputeDigest(asSubmissionContent(row.content)) === row.digest : null,
  };
}

/** The digest of stored content, computed afresh: what a holder of the content can check for themselves. */
export function recomputeDigest(content: StoredSubmissionContent): string {
  return submissionDigest(content);
}
