// The frozen form of a submitted bid and its receipt: the content, its canonical JSON (RFC 8785)
// and SHA-256 digest, and the receipt reference. Anyone holding a receipt can recompute the digest
// from the same content (docs/decisions/008-bid-receipt-digest.md).
import { createHash, randomInt } from "node:crypto";
import canonicalize from "canonicalize";
import type { AnswerValue, QuestionKind } from "../tenders/questionnaire";

/**
 * The format of a submission's content. 2 (decision 026): `receivedAt` is when the portal received
 * the complete submit request, the time that counts. 1, before it: `submittedAt` was when the
 * submitting transaction held the deadline lock. Stored content of either format keeps its digest:
 * the digest is over the content as it was frozen, whatever its format.
 */
export const SUBMISSION_FORMAT = "aip-bid-submission/2";
export const SUBMISSION_FORMAT_1 = "aip-bid-submission/1";

export type SubmittedAnswer = {
  questionId: string;
  number: string;
  kind: QuestionKind;
  value: AnswerValue;
  /** Price schedules: the total in pence, computed by the server from the unit prices and quantities. */
  totalPence?: number;
};
export type SubmittedFile = {
  questionId: string;
  number: string;
  sha256: string;
  filename: string;
  size: number;
  contentType: string;
};

type ContentOfEveryFormat = {
  reference: string;
  sequence: number;
  procurementId: string;
  tenderId: string;
  tenderVersion: number;
  bidId: string;
  organisationId: string;
  answers: SubmittedAnswer[];
  files: SubmittedFile[];
};

/** Exactly what the digest covers, as submissions are frozen now; stored as bid_submissions.content. */
export type SubmissionContent = ContentOfEveryFormat & {
  format: typeof SUBMISSION_FORMAT;
  /** ISO 8601, to the millisecond: when the portal received the complete submit request. */
  receivedAt: string;
};

/** A submission frozen before decision 026 (format 1). */
export type SubmissionContentFormat1 = ContentOfEveryFormat & {
  format: typeof SUBMISSION_FORMAT_1;
  submittedAt: string;
};

/** What bid_submissions.content may hold: either format, each verifiable by its own digest. */
export type StoredSubmissionContent = SubmissionContent | SubmissionContentFormat1;

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("Nothing to canonicalise");
  return text;
}

/** SHA-256 (hex) over the canonical JSON of the content: the receipt's digest. */
export function submissionDigest(content: StoredSubmissionContent): string {
  return sha256Hex(canonicalJson(content));
}

/** The hash of one answer as the receipt lists it: SHA-256 over the canonical JSON of its entry. */
export function answerDigest(answer: SubmittedAnswer): string {
  return sha256Hex(canonicalJson(answer));
}

// Crockford's base32 without I, L, O and U: no letters to misread on a printed receipt.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** AIP-BID-2026-7K3M9QXD: the year of submission and 40 random bits. */
export function newReceiptReference(at: Date): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `AIP-BID-${at.getUTCFullYear()}-${code}`;
}

/** Reads stored content back into its type (jsonb hands back what was written). */
export function asSubmissionContent(value: unknown): StoredSubmissionContent {
  return value as StoredSubmissionContent;
}
