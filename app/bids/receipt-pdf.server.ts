// What a receipt shows (page, PDF) and the PDF rendered off the request thread.
import type { SignedInUser } from "../auth/guards.server";
import { config } from "../config.server";
import { findOrganisation } from "../organisations/organisations.server";
import { renderPdfInWorker } from "../pdf/render-in-worker.server";
import type { Procurement } from "../procurements/procurements.server";
import { formatBytes } from "../storage/sizes";
import { allQuestions, type PublishedQuestionnaire } from "../tenders/questionnaire";
import { formatDateTime, formatDateTimeToSecond } from "../time";
import { answerDigest, type StoredSubmissionContent } from "./receipt.server";
import type { ReceiptPdf } from "./receipt.pdf";
import { ownSubmission, type Tender } from "./sealed.server";

const RENDER_TIMEOUT_MS = 60_000;

type Submission = {
  reference: string;
  submittedAt: Date;
  submittedBy: string;
  tenderVersion: number;
  digest: string;
  withdrawnAt: Date | null;
  supersededAt: Date | null;
  content: StoredSubmissionContent;
};

export function submissionStatus(s: Pick<Submission, "withdrawnAt" | "supersededAt">): string {
  if (s.withdrawnAt) return `Withdrawn ${formatDateTime(s.withdrawnAt)}`;
  if (s.supersededAt) return `Replaced by a later submission ${formatDateTime(s.supersededAt)}`;
  return "Counts (the latest submission)";
}

/** The receipt of one submission, with each answer's and file's hash. */
export function receiptOf(
  submission: Submission,
  questionnaire: PublishedQuestionnaire,
  procurementTitle: string,
  organisation: string,
  verifyUrl: string,
): ReceiptPdf {
  const titles = new Map(allQuestions(questionnaire).map((q) => [q.id, q.title]));
  return {
    procurementTitle,
    organisation,
    reference: submission.reference,
    receivedAtText: formatDateTimeToSecond(submission.submittedAt),
    submittedBy: submission.submittedBy,
    tenderVersion: submission.tenderVersion,
    digest: submission.digest,
    status: submissionStatus(submission),
    answers: submission.content.answers.map((a) => ({
      number: a.number,
      title: titles.get(a.questionId) ?? "",
      sha256: answerDigest(a),
    })),
    files: submission.content.files.map((f) => ({
      number: f.number,
      filename: f.filename,
      size: formatBytes(f.size),
      sha256: f.sha256,
    })),
    verifyUrl,
  };
}

/** The receipt of one of the caller's own organisation's submissions (404 for anyone else's). */
export async function ownReceipt(
  user: SignedInUser,
  procurement: Procurement,
  published: { tender: Tender; questionnaire: PublishedQuestionnaire },
  reference: string | undefined,
): Promise<ReceiptPdf> {
  const submission = await ownSubmission(user, published.tender, reference);
  const organisation = await findOrganisation(submission.content.organisationId);
  return receiptOf(
    submission,
    published.questionnaire,
    procurement.title,
    organisation?.legalName ?? "",
    new URL("/receipts/verify", config().publicUrl).toString(),
  );
}

// A receipt changes only when its submission is withdrawn or replaced: the same receipt asked for
// again (the bidder and their colleagues after a submission) is rendered once.
const MAX_CACHED = 32;
const rendered = new Map<string, Promise<Buffer>>();

export function renderReceiptPdfOffThread(receipt: ReceiptPdf): Promise<Buffer> {
  const key = JSON.stringify(receipt);
  const hit = rendered.get(key);
  if (hit) return hit;
  const run = renderPdfInWorker(["app", "bids", "receipt-pdf.worker.mjs"], receipt, RENDER_TIMEOUT_MS, "bid receipt");
  rendered.set(key, run);
  run.catch(() => rendered.delete(key));
  while (rendered.size > MAX_CACHED) rendered.delete(rendered.keys().next().value as string);
  return run;
}
