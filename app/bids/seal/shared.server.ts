// Inside the seal (see ../sealed.server.ts, the only module callers import): what its readers share.
// Only the files of app/bids/seal/ import this.
import { and, eq, isNull } from "drizzle-orm";
import { bids, bidSubmissions, tenders, users } from "../../../db/schema";

export type Tender = typeof tenders.$inferSelect;
export type Bid = typeof bids.$inferSelect;

/** The submissions that count on a tender: each bid's latest, unless withdrawn. */
export function countingOn(tenderId: string) {
  return and(
    eq(bidSubmissions.tenderId, tenderId),
    isNull(bidSubmissions.withdrawnAt),
    isNull(bidSubmissions.supersededAt),
  );
}

/** The columns of a submission that say what it is, never what it holds. */
export const submissionSummary = {
  id: bidSubmissions.id,
  bidId: bidSubmissions.bidId,
  sequence: bidSubmissions.sequence,
  reference: bidSubmissions.reference,
  tenderVersion: bidSubmissions.tenderVersion,
  digest: bidSubmissions.digest,
  submittedAt: bidSubmissions.submittedAt,
  submittedBy: users.name,
  withdrawnAt: bidSubmissions.withdrawnAt,
  supersededAt: bidSubmissions.supersededAt,
};

export type SubmissionSummary = {
  id: string;
  bidId: string;
  sequence: number;
  reference: string;
  tenderVersion: number;
  digest: string;
  submittedAt: Date;
  submittedBy: string;
  withdrawnAt: Date | null;
  supersededAt: Date | null;
};
