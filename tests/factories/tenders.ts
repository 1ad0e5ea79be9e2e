// Builds a published tender directly (sections, questions and the frozen questionnaire), as the
// staff builder would leave it, and amendments to it.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { submissionDigest, SUBMISSION_FORMAT, type SubmissionContent } from "../../app/bids/receipt.server";
import * as clock from "../../app/clock.server";
import { priceTotals, type PublishedQuestion, type PublishedQuestionnaire } from "../../app/tenders/questionnaire";
import { MIME } from "../../app/storage/storage.server";
import { simplePdf, storeFile } from "../../app/demo/seed-tender";
import { db } from "../../db/client.server";
import { bids, bidSubmissions, tenderQuestions, tenders, tenderSections, tenderVersions } from "../../db/schema";

export type TestTender = {
  tender: typeof tenders.$inferSelect;
  questionnaire: PublishedQuestionnaire;
  questions: {
    passFail: PublishedQuestion;
    text: PublishedQuestion;
    file: PublishedQuestion;
    price: PublishedQuestion;
  };
};

export async function createPublishedTender(
  procurementId: string,
  publishedByUserId: string,
  options: { wordLimit?: number; maxBytes?: number } = {},
): Promise<TestTender> {
  const [tender] = await db()
    .insert(tenders)
    .values({ procurementId, publishedVersion: 1, hasUnpublishedChanges: false })
    .returning();
  const [section] = await db()
    .insert(tenderSections)
    .values({ tenderId: tender.id, position: 1, title: "Clinical safety and interoperability" })
    .returning();
  const base = { tenderId: tender.id, sectionId: section.id };
  const rows = await db()
    .insert(tenderQuestions)
    .values([
      { ...base, position: 1, kind: "pass_fail" as const, title: "Do you hold Cyber Essentials Plus?" },
      {
        ...base,
        position: 2,
        kind: "text" as const,
        title: "Describe your clinical safety approach",
        guidance: "DCB0129 and DCB0160",
        weight: "50",
        wordLimit: options.wordLimit ?? 20,
      },
      {
        ...base,
        position: 3,
        kind: "file" as const,
        title: "Upload your clinical safety case",
        weight: "20",
        allowedTypes: [MIME.pdf],
        maxBytes: options.maxBytes ?? 64 * 1024,
      },
      {
        ...base,
        position: 4,
        kind: "price" as const,
        title: "Price schedule",
        weight: "30",
        priceItems: [
          { key: "licence", description: "Platform licence", unit: "year", quantity: 3 },
          // Units as buyers write them: a bare noun, and one that starts with "per" already.
          { key: "onboarding", description: "Trust onboarding", unit: "per trust", quantity: 10 },
        ],
      },
    ])
    .returning();
  const questions: PublishedQuestion[] = rows.map((q) => ({
    id: q.id,
    number: `1.${q.position}`,
    kind: q.kind,
    title: q.title,
    guidance: q.guidance,
    required: q.required,
    weight: q.weight === null ? null : Number(q.weight),
    wordLimit: q.wordLimit,
    allowedTypes: (q.allowedTypes as PublishedQuestion["allowedTypes"]) ?? null,
    maxBytes: q.maxBytes,
    priceItems: q.priceItems ?? null,
  }));
  const questionnaire: PublishedQuestionnaire = {
    sections: [{ id: section.id, number: 1, title: section.title, description: "", questions }],
    documents: [],
  };
  await db()
    .insert(tenderVersions)
    .values({ tenderId: tender.id, number: 1, questionnaire, publishedByUserId, publishedAt: clock.now() });
  const [passFail, text, file, price] = questions;
  return { tender, questionnaire, questions: { passFail, text, file, price } };
}

/** Publishes the same questionnaire again as an amendment with a reason. */
export async function amendTender(testTender: TestTender, publishedByUserId: string, reason: string) {
  const [current] = await db().select().from(tenders).where(eq(tenders.id, testTender.tender.id));
  const number = current.publishedVersion + 1;
  await db().insert(tenderVersions).values({
    tenderId: current.id,
    number,
    reason,
    questionnaire: testTender.questionnaire,
    publishedByUserId,
    publishedAt: clock.now(),
  });
  await db().update(tenders).set({ publishedVersion: number }).where(eq(tenders.id, current.id));
  return number;
}

export async function openTender(tenderId: string, at = clock.now()) {
  await db().update(tenders).set({ openedAt: at }).where(eq(tenders.id, tenderId));
}

/**
 * A published tender with a second section (one written question), opened, with a counting
 * submission from each organisation given: written straight to the tables, as the bid workspace
 * would have left them. Each answer text names its organisation, for leak checks.
 */
export async function createOpenedTenderWithBids(
  procurementId: string,
  staffUserId: string,
  bidders: {
    organisationId: string;
    userId: string;
    text: string;
    /** The files of the file question (1.3); by default one PDF holding the text. */
    files?: { bytes: Buffer; filename: string; contentType: string }[];
    /** The price schedule's unit prices (1.4); by default £1,000.00 a year and £100.00 a trust. */
    unitPrices?: { licence: string; onboarding: string };
  }[],
) {
  const testTender = await createPublishedTender(procurementId, staffUserId);
  const { tender, questionnaire, questions } = testTender;
  const [section] = await db()
    .insert(tenderSections)
    .values({ tenderId: tender.id, position: 2, title: "Social value" })
    .returning();
  const [row] = await db()
    .insert(tenderQuestions)
    .values({
      tenderId: tender.id,
      sectionId: section.id,
      position: 1,
      kind: "text",
      title: "Describe your social value",
    })
    .returning();
  const socialValue: PublishedQuestion = {
    ...questions.text,
    id: row.id,
    number: "2.1",
    title: row.title,
    guidance: "",
    weight: null,
  };
  questionnaire.sections.push({
    id: section.id,
    number: 2,
    title: section.title,
    description: "",
    questions: [socialValue],
  });
  await db().update(tenderVersions).set({ questionnaire }).where(eq(tenderVersions.tenderId, tender.id));
  const submitted = [];
  for (const [index, bidder] of bidders.entries()) {
    const unitPrices = bidder.unitPrices ?? { licence: "1000.00", onboarding: "100.00" };
    const [bid] = await db()
      .insert(bids)
      .values({
        tenderId: tender.id,
        organisationId: bidder.organisationId,
        status: "submitted",
        reviewedVersion: 1,
        createdByUserId: bidder.userId,
      })
      .returning();
    const submittedAt = clock.now();
    const reference = `AIP-BID-TEST-${index}${bid.id.slice(0, 6).toUpperCase()}`;
    // Real files in file storage, so that they can be downloaded (and copied without their metadata).
    const given = bidder.files ?? [
      { bytes: simplePdf([bidder.text]), filename: "safety-case.pdf", contentType: MIME.pdf },
    ];
    const files = [];
    for (const f of given) files.push({ ...f, ...(await storeFile(f.bytes)) });
    const content: SubmissionContent = {
      format: SUBMISSION_FORMAT,
      reference,
      sequence: 1,
      receivedAt: submittedAt.toISOString(),
      procurementId,
      tenderId: tender.id,
      tenderVersion: 1,
      bidId: bid.id,
      organisationId: bidder.organisationId,
      answers: [
        {
          questionId: questions.passFail.id,
          number: "1.1",
          kind: "pass_fail",
          value: { answer: "yes", evidence: "CE+ 1" },
        },
        { questionId: questions.text.id, number: "1.2", kind: "text", value: { text: bidder.text } },
        {
          questionId: questions.price.id,
          number: "1.4",
          kind: "price",
          value: { unitPrices },
          totalPence: priceTotals(questions.price.priceItems ?? [], unitPrices).totalPence,
        },
        { questionId: socialValue.id, number: "2.1", kind: "text", value: { text: `Social value of ${bidder.text}` } },
      ],
      files: files.map((f) => ({
        questionId: questions.file.id,
        number: "1.3",
        sha256: f.sha256,
        filename: f.filename,
        size: f.size,
        contentType: f.contentType,
      })),
    };
    await db()
      .insert(bidSubmissions)
      .values({
        bidId: bid.id,
        tenderId: tender.id,
        organisationId: bidder.organisationId,
        sequence: 1,
        reference,
        tenderVersion: 1,
        content,
        digest: submissionDigest(content),
        idempotencyKey: randomUUID(),
        submittedByUserId: bidder.userId,
        submittedAt,
        recordedAt: submittedAt,
      });
    submitted.push({ bidId: bid.id, reference, organisationId: bidder.organisationId, fileSha256: files[0].sha256 });
  }
  await openTender(tender.id);
  const [opened] = await db().select().from(tenders).where(eq(tenders.id, tender.id));
  return {
    ...testTender,
    tender: opened,
    sections: { first: questionnaire.sections[0].id, second: section.id },
    socialValue,
    bids: submitted,
  };
}
