// Demo discovery findings for the AI imaging platform, from the kinds of things trusts,
// clinicians and suppliers told the NHS AI Lab in discovery.
import type { Transaction } from "../../db/client.server";
import { findingResponses, findings } from "../../db/schema";
import * as clock from "../clock.server";

type Seed = Omit<typeof findings.$inferInsert, "procurementId" | "createdByUserId">;

const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(clock.now().getTime() - days * DAY);

export const DEMO_FINDINGS: Seed[] = [
  {
    title: "PACS and RIS integration differs from trust to trust",
    kind: "blocker",
    theme: "Interoperability",
    impact: "high",
    description:
      "Each trust runs a different combination of PACS, RIS and reporting systems, often heavily configured. Suppliers told us that integrating one AI product into one trust takes 3 to 9 months, and most of that work is repeated at the next trust.",
    evidenceSource: "Interviews with radiology IT leads and 9 AI suppliers",
    evidenceCount: 23,
    status: "published",
    publishedAt: ago(40),
  },
  {
    title: "DICOM and HL7 FHIR make a common integration layer possible",
    kind: "opportunity",
    theme: "Interoperability",
    impact: "high",
    description:
      "Most PACS already accept DICOM Structured Reports and secondary captures, and IHE AI Results (AIR) describes how AI findings return to the radiologist. A national integration layer speaking DICOM, HL7 FHIR ImagingStudy and IHE AIR could connect once per PACS rather than once per product per trust.",
    evidenceSource: "Technical workshops with PACS vendors and NHS imaging networks",
    evidenceCount: 11,
    status: "published",
    publishedAt: ago(40),
  },
  {
    title: "Information governance approvals are repeated for every trust",
    kind: "blocker",
    theme: "Information governance",
    impact: "high",
    description:
      "Each trust asks for its own data protection impact assessment, data processing agreement and DSPT evidence for the same product. Suppliers described the same questions answered dozens of times.",
    evidenceSource: "Survey of information governance leads and supplier interviews",
    evidenceCount: 31,
    status: "published",
    publishedAt: ago(38),
  },
  {
    title: "Medical device and clinical safety assurance is slow and duplicated",
    kind: "blocker",
    theme: "Clinical safety and regulation",
    impact: "high",
    description:
      "AI imaging products must carry UKCA (or CE) marking as medical devices, with a DCB0129 clinical safety case from the manufacturer and a DCB0160 case from every deploying trust. Trusts lack clinical safety officers with AI experience.",
    evidenceSource: "Clinical safety officers' network and MHRA guidance",
    evidenceCount: 14,
    status: "published",
    publishedAt: ago(35),
  },
  {
    title: "One DTAC assessment could be reused nationally",
    kind: "opportunity",
    theme: "Clinical safety and regulation",
    impact: "medium",
    description:
      "The Digital Technology Assessment Criteria (DTAC) are national, but each trust runs its own assessment. A platform that assesses a product once and shares the result would save trusts and suppliers months.",
    evidenceSource: "Interviews with digital leads in 8 integrated care systems",
    evidenceCount: 8,
    status: "published",
    publishedAt: ago(35),
  },
  {
    title: "Radiology workforce shortages make triage valuable",
    kind: "opportunity",
    theme: "Workforce",
    impact: "high",
    description:
      "Reporting backlogs for chest X-ray and CT are long, and radiologist vacancies high. Clinicians valued AI that prioritises urgent studies (suspected lung cancer, stroke, fractures) more than AI that replaces reads.",
    evidenceSource: "Royal College of Radiologists census and interviews with clinical directors",
    evidenceCount: 19,
    status: "published",
    publishedAt: ago(30),
  },
  {
    title: "Local compute or cloud hosting: no single answer fits every trust",
    kind: "blocker",
    theme: "Infrastructure and hosting",
    impact: "medium",
    description:
      "Some trusts require AI inference on premises next to PACS; others prefer cloud hosting but have no approved route to it. Network bandwidth for large CT studies is a constraint in smaller sites.",
    evidenceSource: "Infrastructure survey of acute trusts",
    evidenceCount: 27,
    status: "published",
    publishedAt: ago(28),
  },
  {
    title: "Monitoring model performance and drift after deployment is rare",
    kind: "blocker",
    theme: "Data access",
    impact: "medium",
    description:
      "Few trusts monitor how AI products perform on their own population after go-live. The National COVID-19 Chest Imaging Database showed that curated national datasets make independent validation possible.",
    evidenceSource: "NCCID evaluation and interviews with AI leads",
    evidenceCount: 6,
    status: "published",
    publishedAt: ago(25),
  },
  {
    title: "Funding is short term and tied to pilots",
    kind: "blocker",
    theme: "Commercial and funding",
    impact: "medium",
    description:
      "Trusts buy AI imaging with one-off or pilot funding, so products are switched off when it ends. Suppliers asked for longer contracts and a national price framework.",
    evidenceSource: "Finance and procurement leads; supplier interviews",
    evidenceCount: 12,
    status: "draft",
  },
  {
    title: "Single sign-on to AI results inside the reporting workstation",
    kind: "opportunity",
    theme: "Interoperability",
    impact: "low",
    description: "Radiologists want AI results shown inside their usual viewer without a separate login.",
    evidenceSource: "Radiologist focus groups",
    evidenceCount: 4,
    status: "archived",
    publishedAt: ago(60),
  },
];

// What demo suppliers said back, by finding title; seen by staff only.
const DEMO_RESPONSES: { finding: string; supplier: number; daysAgo: number; body: string }[] = [
  {
    finding: "PACS and RIS integration differs from trust to trust",
    supplier: 0,
    daysAgo: 20,
    body: "Our DICOM router already sits between PACS and AI products at 14 trusts (Sectra, Agfa and Philips PACS). Integrating a new product there takes us about 2 weeks, not months. We would be glad to show how it returns results as DICOM SR and IHE AIR.",
  },
  {
    finding: "PACS and RIS integration differs from trust to trust",
    supplier: 1,
    daysAgo: 18,
    body: "In Scotland we integrate through the national PACS, which removes most of this variation. A national integration layer in England would need a clear owner for each PACS connection.",
  },
  {
    finding: "Information governance approvals are repeated for every trust",
    supplier: 0,
    daysAgo: 15,
    body: "We have completed 23 DPIAs for the same product. A national DPIA template with a short local annex would save each trust and us several weeks.",
  },
  {
    finding: "Monitoring model performance and drift after deployment is rare",
    supplier: 1,
    daysAgo: 10,
    body: "We already report monthly performance against radiologist reads for our chest X-ray product; we would welcome a common format so trusts can compare products.",
  },
];

/**
 * Demo findings for a procurement; with demo supplier users, a few of their responses too
 * (`suppliers[0]` and `suppliers[1]`, when given).
 */
export async function seedDiscoveryFindings(
  tx: Transaction,
  procurementId: string,
  staffUserId: string,
  suppliers: { organisationId: string; userId: string }[] = [],
) {
  const rows = await tx
    .insert(findings)
    .values(DEMO_FINDINGS.map((f) => ({ ...f, procurementId, createdByUserId: staffUserId })))
    .returning({ id: findings.id, title: findings.title });
  const responses = DEMO_RESPONSES.flatMap((r) => {
    const finding = rows.find((row) => row.title === r.finding);
    const supplier = suppliers[r.supplier];
    if (!finding || !supplier) return [];
    return [{ findingId: finding.id, ...supplier, body: r.body, createdAt: ago(r.daysAgo) }];
  });
  if (responses.length > 0) await tx.insert(findingResponses).values(responses);
}
