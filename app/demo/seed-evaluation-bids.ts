// Seeds the pilot's five bids, each submitted once before the deadline and left as submitBid would leave
// it (bid, answers, plan file, a frozen submission), and the tender's opening by two members of staff.
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/audit.server";
import { bidChecklist } from "../bids/checklist";
import {
  newReceiptReference,
  submissionDigest,
  SUBMISSION_FORMAT,
  type SubmissionContent,
} from "../bids/receipt.server";
import { countSubmittedBids } from "../bids/sealed.server";
import { MIME } from "../storage/storage.server";
import { allQuestions, priceTotals, type AnswerValue } from "../tenders/questionnaire";
import type { Transaction } from "../../db/client.server";
import { bidAnswers, bidFiles, bids, bidSubmissions, storedFiles, tenders } from "../../db/schema";
import { LUMEN_SEVERN_AND_KESTREL } from "./seed-evaluation-bids-lumen-severn-kestrel";
import { RADIANT_AND_NORTHERN } from "./seed-evaluation-bids-radiant-northern";
import type { BidderKey, DemoBid } from "./seed-evaluation-demo-bid";
import { DAY, HOUR, type Pilot } from "./seed-evaluation-tender";
import { simplePdf, storeFile } from "./seed-tender";

export const BIDS: DemoBid[] = [...RADIANT_AND_NORTHERN, ...LUMEN_SEVERN_AND_KESTREL];

/** The bids, each submitted once before the deadline; their ids by bidder. */
export async function seedPilotBids(tx: Transaction, pilot: Pilot) {
  const { bidder, deadline, procurement, tender, questionnaire, question } = pilot;
  const bidIds = new Map<BidderKey, string>();
  for (const demo of BIDS) {
    const who = bidder(demo.bidder);
    const submittedAt = new Date(deadline.getTime() - demo.hoursEarly * HOUR - 17 * 60 * 1000);
    const draftedAt = new Date(submittedAt.getTime() - 9 * DAY);
    const [bid] = await tx
      .insert(bids)
      .values({
        tenderId: tender.id,
        organisationId: who.organisationId,
        status: "submitted",
        reviewedVersion: 1,
        createdByUserId: who.userId,
        createdAt: draftedAt,
        updatedAt: submittedAt,
      })
      .returning({ id: bids.id });
    bidIds.set(demo.bidder, bid.id);
    const answers = new Map<string, AnswerValue>();
    for (const key of ["ukca", "insurance", "dtac"] as const) {
      answers.set(question(key).id, { answer: "yes", evidence: demo.passFail[key].evidence });
    }
    for (const key of ["clinical", "integration", "ig", "surveillance", "social"] as const) {
      answers.set(question(key).id, { text: demo.answers[key] });
    }
    answers.set(question("price").id, { unitPrices: demo.unitPrices });
    await tx.insert(bidAnswers).values(
      [...answers].map(([questionId, value]) => ({
        bidId: bid.id,
        questionId,
        value,
        updatedByUserId: who.userId,
        updatedAt: new Date(submittedAt.getTime() - 2 * HOUR),
      })),
    );
    const planBytes = simplePdf(demo.plan.lines);
    const plan = await storeFile(planBytes, tx);
    const [planFile] = await tx
      .insert(storedFiles)
      .values({
        ...plan,
        contentType: MIME.pdf,
        filename: demo.plan.filename,
        uploadedByUserId: who.userId,
        organisationId: who.organisationId,
        createdAt: new Date(submittedAt.getTime() - DAY),
      })
      .returning({ id: storedFiles.id });
    await tx.insert(bidFiles).values({
      bidId: bid.id,
      questionId: question("plan").id,
      fileId: planFile.id,
      addedByUserId: who.userId,
      createdAt: new Date(submittedAt.getTime() - DAY),
    });
    const values = Object.fromEntries(answers);
    const problems = bidChecklist(questionnaire, values, { [question("plan").id]: 1 });
    if (problems.length > 0) throw new Error(`Pilot bid ${demo.bidder} would be refused: ${JSON.stringify(problems)}`);
    const reference = newReceiptReference(submittedAt);
    const content: SubmissionContent = {
      format: SUBMISSION_FORMAT,
      reference,
      sequence: 1,
      receivedAt: submittedAt.toISOString(),
      procurementId: procurement.id,
      tenderId: tender.id,
      tenderVersion: 1,
      bidId: bid.id,
      organisationId: who.organisationId,
      answers: allQuestions(questionnaire)
        .filter((q) => q.kind !== "file")
        .map((q) => {
          const value = answers.get(q.id) as AnswerValue;
          const answer = { questionId: q.id, number: q.number, kind: q.kind, value };
          if (q.kind !== "price") return answer;
          return { ...answer, totalPence: priceTotals(q.priceItems ?? [], demo.unitPrices).totalPence };
        }),
      files: [
        {
          questionId: question("plan").id,
          number: question("plan").number,
          sha256: plan.sha256,
          filename: demo.plan.filename,
          size: plan.size,
          contentType: MIME.pdf,
        },
      ],
    };
    const digest = submissionDigest(content);
    const [submission] = await tx
      .insert(bidSubmissions)
      .values({
        bidId: bid.id,
        tenderId: tender.id,
        organisationId: who.organisationId,
        sequence: 1,
        reference,
        tenderVersion: 1,
        content,
        digest,
        idempotencyKey: `seed-${demo.bidder}`,
        submittedByUserId: who.userId,
        submittedAt,
        recordedAt: submittedAt,
      })
      .returning({ id: bidSubmissions.id });
    await recordAudit(
      tx,
      { userId: who.userId, email: who.email, organisationId: who.organisationId },
      {
        action: "bid.submitted",
        subjectType: "bid_submission",
        subjectId: submission.id,
        procurementId: procurement.id,
        summary: { reference, sequence: 1, digest, tenderVersion: 1 },
      },
    );
  }
  return bidIds;
}

/** Opened by two different members of staff the morning after the deadline. */
export async function openPilotTender(tx: Transaction, pilot: Pilot) {
  const { staff, staff2, openingRequestedAt, openedAt, deadline, procurement, tender } = pilot;
  await tx
    .update(tenders)
    .set({
      publishedVersion: 1,
      hasUnpublishedChanges: false,
      openingRequestedByUserId: staff.userId,
      openingRequestedAt,
      openedByUserId: staff2.userId,
      openedAt,
      updatedAt: openedAt,
      version: 4,
    })
    .where(eq(tenders.id, tender.id));
  const tenderAudit = { subjectType: "tender", subjectId: tender.id, procurementId: procurement.id };
  await recordAudit(tx, staff, { ...tenderAudit, action: "tender.opening_requested", summary: { deadline } });
  await recordAudit(tx, staff2, {
    ...tenderAudit,
    action: "tender.opened",
    summary: { requestedBy: staff.userId, submitted: await countSubmittedBids(tender.id, tx), deadline },
  });
}
