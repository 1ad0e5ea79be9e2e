// Demo clarifications for the AI imaging platform: answers already published to every registered
// supplier (one amended), one answered privately, and a new question waiting in the staff queue.
import { eq } from "drizzle-orm";
import type { Transaction } from "../../db/client.server";
import { clarificationAnswers, clarificationCounters, clarificationQuestions, users } from "../../db/schema";
import * as clock from "../clock.server";

const DAY = 24 * 60 * 60 * 1000;

function at(days: number, hourUtc: number) {
  const date = new Date(clock.now().getTime() + days * DAY);
  date.setUTCHours(hourUtc, 0, 0, 0);
  return date;
}

type Published = {
  subject: string;
  body: string;
  question: string;
  answer: string;
  documentRef: string;
  sectionRef: string;
  askedDaysAgo: number;
  publishedDaysAgo: number;
  amendment?: { answer: string; reason: string; daysAgo: number };
};

export const DEMO_CLARIFICATIONS: Published[] = [
  {
    subject: "AI results format for PACS",
    body: "Must AI results be returned to PACS as DICOM Structured Reports following the IHE AI Results (AIR) profile, or will DICOM Secondary Capture images be accepted? Our current product only produces Secondary Capture overlays.",
    question:
      "Must AI results be returned to PACS as DICOM Structured Reports following the IHE AI Results (AIR) profile, or will DICOM Secondary Capture images be accepted?",
    answer:
      "Results must be returned as DICOM Structured Reports (TID 1500 measurement reports) conforming to the IHE AI Results (AIR) profile, so that findings can be stored, queried and displayed consistently across trusts. A Secondary Capture or Grayscale Softcopy Presentation State may be sent in addition, for PACS viewers that cannot yet render SR, but not instead of the SR. See Specification section 4.2 and the integration requirements in Annex B.",
    documentRef: "Specification",
    sectionRef: "4.2",
    askedDaysAgo: 6,
    publishedDaysAgo: 5,
  },
  {
    subject: "DSPT status at bid stage",
    body: "Is a 'Standards Met' Data Security and Protection Toolkit assessment for the current year required when we submit our bid, or only by contract award?",
    question:
      "Is a 'Standards Met' Data Security and Protection Toolkit (DSPT) assessment for the current year required at bid submission, or only by contract award?",
    answer:
      "A DSPT assessment of 'Standards Met' (or 'Standards Exceeded') for the current year is required by contract award, not at bid submission. In your bid, give your current DSPT status and, if it is not yet 'Standards Met', a dated plan to reach it. The platform supplier and any subcontractor processing patient data must each hold their own assessment.",
    documentRef: "Invitation to tender",
    sectionRef: "7.3",
    askedDaysAgo: 6,
    publishedDaysAgo: 4,
  },
  {
    subject: "Cyber Essentials Plus and subcontractors",
    body: "Our hosting is provided by a subcontractor. Does Cyber Essentials Plus certification need to cover the subcontractor's environment as well as our own?",
    question:
      "Where the platform is hosted by a subcontractor, must Cyber Essentials Plus certification cover the subcontractor's environment as well as the bidder's?",
    answer:
      "Yes. Cyber Essentials Plus certification must cover every organisation and environment in the scope of the service, including subcontractors who host or operate any part of it. Certificates must be current at contract award and renewed annually for the life of the contract (Schedule 5, Security).",
    documentRef: "Schedule 5: Security",
    sectionRef: "2.1",
    askedDaysAgo: 5,
    publishedDaysAgo: 3,
  },
  {
    subject: "On-premises inference",
    body: "Can AI inference run on premises in trust data centres, or must the whole platform be cloud-hosted?",
    question: "Can AI inference run on premises in trust data centres, or must the whole platform be cloud-hosted?",
    answer:
      "Both are in scope. The platform's central services are cloud-hosted, and inference may run either in the cloud or on edge nodes in trust data centres where latency or network capacity requires it. Patient data must be stored and processed in the UK.",
    documentRef: "Specification",
    sectionRef: "5.1",
    askedDaysAgo: 5,
    publishedDaysAgo: 3,
    amendment: {
      answer:
        "Both are in scope. The platform's central services are cloud-hosted, and inference may run either in the cloud or on edge nodes in trust data centres where latency or network capacity requires it. Patient data, including backups and disaster-recovery copies, must be stored and processed in the UK.",
      reason:
        "To make clear that the UK data residency requirement also applies to backups and disaster-recovery copies.",
      daysAgo: 1,
    },
  },
  {
    subject: "CE-marked products and UKCA",
    body: "Will AI products that hold CE marking under the EU MDR, but not yet UKCA marking, be accepted onto the platform?",
    question:
      "Will AI imaging products that hold CE marking under the EU Medical Device Regulation, but not yet UKCA marking, be accepted onto the platform?",
    answer:
      "Yes, for as long as CE-marked medical devices may lawfully be placed on the market in Great Britain under the transitional arrangements of the UK Medical Devices Regulations. Bidders must state each product's current marking, its risk class and their plan for UKCA marking, and provide the DCB0129 clinical safety case for each product.",
    documentRef: "Specification",
    sectionRef: "3.4",
    askedDaysAgo: 4,
    publishedDaysAgo: 2,
  },
  {
    subject: "Pricing per study or per trust",
    body: "Should the price schedule show a price per study analysed, or an annual licence per trust?",
    question: "Should the price schedule show a price per study analysed, or an annual licence per trust?",
    answer:
      "Complete both tabs of the price schedule: tab 2 asks for a price per 1,000 studies in bands of annual volume, and tab 3 for an annual subscription per trust. Price is evaluated on the worked example in tab 4, which combines both. Prices exclude VAT and are fixed for the first two years of the contract.",
    documentRef: "Pricing schedule",
    sectionRef: "Tab 2",
    askedDaysAgo: 3,
    publishedDaysAgo: 1,
  },
];

export async function seedClarifications(
  tx: Transaction,
  ids: { procurementId: string; staffId: string; suppliers: { organisationId: string; userId: string }[] },
) {
  const [approver] = await tx.select({ id: users.id }).from(users).where(eq(users.email, "staff2@example.com"));
  const approverId = approver?.id ?? null;
  const [radiant, northern] = ids.suppliers;
  if (!radiant || !northern) return;

  let number = 0;
  for (const [index, item] of DEMO_CLARIFICATIONS.entries()) {
    const asker = index % 2 === 0 ? radiant : northern;
    const publishedAt = at(-item.publishedDaysAgo, 11);
    const amendedAt = item.amendment ? at(-item.amendment.daysAgo, 15) : null;
    number += 1;
    const [question] = await tx
      .insert(clarificationQuestions)
      .values({
        procurementId: ids.procurementId,
        organisationId: asker.organisationId,
        askedByUserId: asker.userId,
        subject: item.subject,
        body: item.body,
        documentRef: item.documentRef,
        sectionRef: item.sectionRef,
        status: "published",
        assigneeUserId: ids.staffId,
        anonymisedQuestion: item.question,
        answer: item.amendment?.answer ?? item.answer,
        draftedByUserId: ids.staffId,
        draftedAt: at(-item.publishedDaysAgo, 9),
        approvedByUserId: approverId,
        approvedAt: at(-item.publishedDaysAgo, 10),
        version: 5,
        createdAt: at(-item.askedDaysAgo, 14),
        updatedAt: amendedAt ?? publishedAt,
        closedAt: publishedAt,
      })
      .returning({ id: clarificationQuestions.id });
    const base = {
      procurementId: ids.procurementId,
      questionId: question.id,
      audience: "all" as const,
      number,
      question: item.question,
      documentRef: item.documentRef,
      sectionRef: item.sectionRef,
      firstPublishedAt: publishedAt,
      publishedByUserId: approverId,
    };
    await tx.insert(clarificationAnswers).values({
      ...base,
      version: 1,
      current: !item.amendment,
      answer: item.answer,
      publishedAt,
    });
    if (item.amendment && amendedAt) {
      await tx.insert(clarificationAnswers).values({
        ...base,
        version: 2,
        current: true,
        answer: item.amendment.answer,
        publishedAt: amendedAt,
        amendmentReason: item.amendment.reason,
      });
    }
  }
  await tx.insert(clarificationCounters).values({ procurementId: ids.procurementId, lastNumber: number });

  // Accepted as commercially confidential: answered to Northern Imaging Analytics only, no number.
  const privateAt = at(-2, 16);
  const privateQuestion =
    "Our pricing for the stroke CT product depends on an exclusive reseller agreement. May we price that product through the reseller rather than directly?";
  const privateAnswer =
    "Yes. You may price a product supplied through a reseller, provided you remain the prime contractor and responsible for the whole service, and you name the reseller as a subcontractor in your bid.";
  const [confidential] = await tx
    .insert(clarificationQuestions)
    .values({
      procurementId: ids.procurementId,
      organisationId: northern.organisationId,
      askedByUserId: northern.userId,
      subject: "Pricing through a reseller",
      body: privateQuestion,
      documentRef: "Pricing schedule",
      confidentialRequested: true,
      confidentialReason: "The reseller agreement and its terms are commercially sensitive and not public.",
      confidentialDecision: "accepted",
      confidentialDecisionNote:
        "The question reveals the terms of a named commercial agreement; the answer changes nothing for other bidders.",
      status: "answered_privately",
      assigneeUserId: ids.staffId,
      anonymisedQuestion: privateQuestion,
      answer: privateAnswer,
      draftedByUserId: ids.staffId,
      draftedAt: at(-2, 12),
      approvedByUserId: approverId,
      approvedAt: at(-2, 14),
      version: 5,
      createdAt: at(-3, 10),
      updatedAt: privateAt,
      closedAt: privateAt,
    })
    .returning({ id: clarificationQuestions.id });
  await tx.insert(clarificationAnswers).values({
    procurementId: ids.procurementId,
    questionId: confidential.id,
    audience: "organisation",
    organisationId: northern.organisationId,
    number: null,
    version: 1,
    question: privateQuestion,
    answer: privateAnswer,
    documentRef: "Pricing schedule",
    firstPublishedAt: privateAt,
    publishedAt: privateAt,
    publishedByUserId: approverId,
  });

  // Waiting in the staff queue; it names the asker, so drafting it shows the identifying-text flags.
  await tx.insert(clarificationQuestions).values({
    procurementId: ids.procurementId,
    organisationId: radiant.organisationId,
    askedByUserId: radiant.userId,
    subject: "Ground truth for monitoring model drift",
    body: "Radiant Diagnostics AI Ltd monitors model drift by comparing our chest X-ray triage results with the final radiologist reports. Will the platform return radiologist reports (as ground truth) to suppliers for post-market surveillance, or must each supplier collect them from trusts? Alex Morgan can explain our current approach on 0113 496 0000.",
    documentRef: "Specification",
    sectionRef: "6.3",
    createdAt: at(0, 8),
    updatedAt: at(0, 8),
  });
}
