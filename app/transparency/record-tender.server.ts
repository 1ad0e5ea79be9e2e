// The procurement record's tender and bids parts: each published questionnaire version and the
// tender documents, then every submission, its files and receipt (through the seal, once opened).
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { storedFiles, tenderDocuments, tenderVersions } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { receiptOf, renderReceiptPdfOffThread } from "../bids/receipt-pdf.server";
import { countSubmittedBids, lateBidRegister, openedSubmissionVersions, type Tender } from "../bids/sealed.server";
import { config } from "../config.server";
import { toCsv } from "../csv.server";
import type { Procurement } from "../procurements/procurements.server";
import type { PublishedQuestionnaire } from "../tenders/questionnaire";
import { json, RecordZip, segment } from "./record-zip.server";

export async function addTender(zip: RecordZip, tender: Tender) {
  const versions = await db()
    .select()
    .from(tenderVersions)
    .where(eq(tenderVersions.tenderId, tender.id))
    .orderBy(asc(tenderVersions.number));
  for (const v of versions) zip.add(`tender/versions/version-${v.number}.json`, async () => json(v));
  const documents = await db()
    .select({ document: tenderDocuments, file: storedFiles })
    .from(tenderDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, tenderDocuments.fileId))
    .where(eq(tenderDocuments.tenderId, tender.id))
    .orderBy(asc(tenderDocuments.createdAt));
  for (const { document, file } of documents) {
    await zip.addStored(`tender/documents/${document.id.slice(0, 8)}-${segment(file.filename)}`, file.sha256);
  }
  zip.add("tender/documents.csv", async () =>
    toCsv(
      ["Document id", "Kind", "Title", "File name", "SHA-256", "Added (UTC)", "Removed (UTC)"],
      documents.map(({ document: d, file }) => [
        d.id,
        d.kind,
        d.title,
        file.filename,
        file.sha256,
        d.createdAt,
        d.removedAt,
      ]),
    ),
  );
  return new Map(versions.map((v) => [v.number, v.questionnaire as PublishedQuestionnaire]));
}

/** Every submission, its files and receipt: only through the seal, and only once opened. */
export async function addBids(
  zip: RecordZip,
  user: SignedInUser,
  procurement: Procurement,
  tender: Tender,
  questionnaires: Map<number, PublishedQuestionnaire>,
) {
  const late = await lateBidRegister(user, tender);
  if (late.attempts !== null) {
    const attempts = late.attempts;
    zip.add("bids/late-bid-attempts.csv", async () =>
      toCsv(
        ["Organisation", "Attempted (UTC)", "Deadline (UTC)"],
        attempts.map((l) => [l.organisation, l.attemptedAt, l.deadline]),
      ),
    );
  }
  if (tender.openedAt === null) {
    const submitted = await countSubmittedBids(tender.id);
    zip.add("bids/SEALED.txt", async () =>
      [
        "The bids on this procurement are sealed: the tender has not been opened.",
        `${submitted} organisation(s) have a submitted bid; ${late.count} attempt(s) to submit after the deadline`,
        "were refused. Nothing of any bid (answers, files, receipts, who bid or tried to) leaves the seal",
        "before the two-person opening; download the record again after it.",
        "",
      ].join("\n"),
    );
    return;
  }
  const submissions = await openedSubmissionVersions(user, tender);
  const verifyUrl = new URL("/receipts/verify", config().publicUrl).toString();
  const index: unknown[][] = [];
  for (const s of submissions) {
    const folder = `bids/${segment(s.organisation)}/${s.sequence}-${segment(s.reference)}`;
    const status = s.withdrawnAt ? "withdrawn" : s.supersededAt ? "superseded" : "counting";
    index.push([s.organisation, s.reference, s.sequence, status, s.submittedAt, s.submittedBy, s.digest, folder]);
    zip.add(`${folder}/submission.json`, async () =>
      json({
        reference: s.reference,
        organisation: s.organisation,
        sequence: s.sequence,
        status,
        submittedAt: s.submittedAt,
        submittedBy: s.submittedBy,
        withdrawnAt: s.withdrawnAt,
        supersededAt: s.supersededAt,
        digest: s.digest,
        content: s.content,
      }),
    );
    for (const file of s.content.files) {
      await zip.addStored(`${folder}/files/${file.sha256}/${segment(file.filename)}`, file.sha256);
    }
    const questionnaire = questionnaires.get(s.tenderVersion) ?? { sections: [], documents: [] };
    zip.add(`${folder}/receipt.pdf`, () =>
      renderReceiptPdfOffThread(receiptOf(s, questionnaire, procurement.title, s.organisation, verifyUrl)),
    );
  }
  zip.add("bids/submissions.csv", async () =>
    toCsv(
      ["Organisation", "Reference", "Sequence", "Status", "Submitted (UTC)", "Submitted by", "Digest", "Folder"],
      index,
    ),
  );
}
