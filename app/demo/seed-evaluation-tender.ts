// Seeds the pilot procurement (its timeline and the five bidders' registered interest) and its tender:
// the sections and questions, the specification and version 1 as published.
import { recordAudit } from "../audit/audit.server";
import { standstillEndsOn } from "../evaluation/standstill";
import { MIME } from "../storage/storage.server";
import { allQuestions, type PublishedQuestion } from "../tenders/questionnaire";
import { currentQuestionnaire } from "../tenders/reading.server";
import type { Transaction } from "../../db/client.server";
import {
  procurementInterests,
  procurements,
  storedFiles,
  tenderDocuments,
  tenderQuestions,
  tenders,
  tenderSections,
  tenderVersions,
} from "../../db/schema";
import type { People } from "./seed-evaluation-accounts";
import type { BidderKey } from "./seed-evaluation-demo-bid";
import { PRICE_ITEMS, SECTIONS, type QuestionKey } from "./seed-evaluation-questionnaire";
import { simplePdf, storeFile } from "./seed-tender";
import * as clock from "../clock.server";

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export const IMAGING_AI_PILOT = {
  slug: "imaging-ai-pilot",
  title: "AI imaging pilot: chest X-ray triage",
  summary:
    "A 12-month pilot of AI triage of chest X-rays in three NHS trusts, flagging suspected lung cancer and other urgent findings for same-day reporting.",
  description:
    "NHS England's AI Lab, on behalf of DHSC, bought a 12-month pilot of an AI chest X-ray triage tool for three acute trusts of an imaging network. The tool reads every adult chest X-ray referred from primary care and the emergency department, flags suspected lung cancer and other urgent findings, and moves those examinations to the top of the reporting worklist, so that patients on the lung cancer pathway are reported the same day. The pilot tests integration with the trusts' PACS and RIS, clinical safety (DCB0129 and DCB0160), information governance done once for the network, and post-market surveillance of the tool's performance, and its evaluation informs the national AI imaging platform.",
  estimatedValue: "350000.00",
  cpvCode: "48180000",
};

/** The moment `days` after `from` at a given hour (UTC), moved forward off a weekend. */
function weekdayAfter(from: Date, days: number, hourUtc: number) {
  const at = new Date(from.getTime() + days * DAY);
  at.setUTCHours(hourUtc, 0, 0, 0);
  while (at.getUTCDay() === 0 || at.getUTCDay() === 6) at.setTime(at.getTime() + DAY);
  return at;
}

function ukDate(at: Date) {
  return at.toISOString().slice(0, 10);
}

/** The pilot's timeline: the deadline three months ago, opening the next day, award a month after. */
export function pilotTimeline() {
  const deadline = weekdayAfter(clock.now(), -91, 12);
  const after = (days: number, hourUtc: number) => weekdayAfter(deadline, days, hourUtc);
  const publishedAt = after(-42, 9);
  const openingRequestedAt = after(1, 9);
  const openedAt = new Date(openingRequestedAt.getTime() + HOUR);
  const decidedAt = after(30, 15);
  // The award notice is published the next working morning.
  const noticeDate = ukDate(weekdayAfter(decidedAt, 1, 9));
  const standstillEnds = standstillEndsOn(noticeDate);
  const summariesSentAt = new Date(`${noticeDate}T09:30:00Z`);
  return {
    deadline,
    after,
    publishedAt,
    openingRequestedAt,
    openedAt,
    decidedAt,
    noticeDate,
    standstillEnds,
    summariesSentAt,
  };
}

export type Timeline = ReturnType<typeof pilotTimeline>;

/** The procurement, with every bidder's interest registered during engagement. */
export async function seedPilotProcurement(tx: Transaction, people: People, timeline: Timeline) {
  const { bidder, supplierEmail } = people;
  const { deadline, after, publishedAt, openedAt, noticeDate, standstillEnds } = timeline;
  const [procurement] = await tx
    .insert(procurements)
    .values({
      ...IMAGING_AI_PILOT,
      createdAt: clock.now(),
      discoveryStartsAt: after(-150, 9),
      engagementStartsAt: after(-90, 9),
      engagementClosesAt: after(-56, 17),
      tenderPublishedAt: publishedAt,
      clarificationDeadline: after(-14, 12),
      bidDeadline: deadline,
      evaluationStartsAt: openedAt,
      awardAt: new Date(`${noticeDate}T09:00:00Z`),
      standstillEndsAt: new Date(`${standstillEnds}T17:00:00Z`),
    })
    .returning();
  for (const key of Object.keys(supplierEmail) as BidderKey[]) {
    const { organisationId, userId: registeredByUserId } = bidder(key);
    await tx.insert(procurementInterests).values({
      procurementId: procurement.id,
      organisationId,
      registeredByUserId,
      createdAt: after(-80, 11),
    });
  }
  return procurement;
}

/** Everything the later stages work from: the people, the timeline, the procurement and its tender. */
export type Pilot = Awaited<ReturnType<typeof seedPilotTender>>;

/** The tender, published as version 1. */
export async function seedPilotTender(
  tx: Transaction,
  people: People,
  timeline: Timeline,
  procurement: { id: string },
) {
  const { staff } = people;
  const { after, publishedAt } = timeline;
  const [tender] = await tx
    .insert(tenders)
    .values({ procurementId: procurement.id, createdAt: after(-60, 9) })
    .returning();
  const questionIds = new Map<QuestionKey, string>();
  for (const [s, section] of SECTIONS.entries()) {
    const [row] = await tx
      .insert(tenderSections)
      .values({ tenderId: tender.id, position: s + 1, title: section.title, description: section.description })
      .returning({ id: tenderSections.id });
    const rows = await tx
      .insert(tenderQuestions)
      .values(
        section.questions.map((q, i) => ({
          tenderId: tender.id,
          sectionId: row.id,
          position: i + 1,
          kind: q.kind,
          title: q.title,
          guidance: q.guidance,
          weight: q.weight === undefined ? null : String(q.weight),
          wordLimit: q.wordLimit ?? null,
          allowedTypes: q.kind === "file" ? [MIME.pdf, MIME.xlsx] : null,
          maxBytes: q.kind === "file" ? 20 * 1024 * 1024 : null,
          priceItems: q.kind === "price" ? PRICE_ITEMS : null,
        })),
      )
      .returning({ id: tenderQuestions.id, position: tenderQuestions.position });
    for (const q of rows) questionIds.set(section.questions[q.position - 1].key, q.id);
  }
  const specification = await storeFile(
    simplePdf([
      "AI imaging pilot: chest X-ray triage - specification",
      "1. Scope: AI triage of adult chest X-rays from primary care and the emergency department.",
      "2. Sites: three acute trusts of one imaging network, for 12 months.",
      "3. Results: DICOM Structured Reports (IHE AI Results); RIS worklist prioritisation.",
      "4. Assurance: UKCA Class IIa, DTAC, DCB0129 / DCB0160, DSPT standards met.",
      "5. Surveillance: monthly performance by site and patient group; drift detection.",
    ]),
    tx,
  );
  const [specificationFile] = await tx
    .insert(storedFiles)
    .values({
      ...specification,
      contentType: MIME.pdf,
      filename: "pilot-specification.pdf",
      uploadedByUserId: staff.userId,
    })
    .returning({ id: storedFiles.id });
  await tx.insert(tenderDocuments).values({
    tenderId: tender.id,
    kind: "specification",
    title: "Specification: AI chest X-ray triage pilot",
    fileId: specificationFile.id,
    addedByUserId: staff.userId,
  });
  const questionnaire = await currentQuestionnaire(tx, tender.id);
  await tx.insert(tenderVersions).values({
    tenderId: tender.id,
    number: 1,
    questionnaire,
    publishedByUserId: staff.userId,
    publishedAt,
  });
  const question = (key: QuestionKey): PublishedQuestion => {
    const found = allQuestions(questionnaire).find((q) => q.id === questionIds.get(key));
    if (!found) throw new Error(`Pilot question ${key} is missing`);
    return found;
  };
  await recordAudit(
    tx,
    { ...staff },
    {
      action: "tender.published",
      subjectType: "tender",
      subjectId: tender.id,
      procurementId: procurement.id,
      summary: { number: 1, sections: questionnaire.sections.length },
    },
  );
  return { ...people, ...timeline, procurement, tender, questionnaire, question };
}
