// The demo tender for the AI imaging platform: a published questionnaire (quality 70 / price 30)
// with its specification, draft contract and pricing instructions as small real PDFs. The deadline
// is the procurement's bid deadline, in the future on a fresh instance.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/audit.server";
import * as clock from "../clock.server";
import { MIME, fileStorage } from "../storage/storage.server";
import type { PriceItem, QuestionKind } from "../tenders/questionnaire";
import { currentQuestionnaire } from "../tenders/reading.server";
import type { Transaction } from "../../db/client.server";
import {
  storedFiles,
  tenderDocuments,
  tenderQuestions,
  tenders,
  tenderSections,
  tenderVersions,
} from "../../db/schema";

type DemoQuestion = {
  kind: QuestionKind;
  title: string;
  guidance: string;
  weight?: number;
  wordLimit?: number;
  priceItems?: PriceItem[];
};

export const DEMO_TENDER: { title: string; description: string; questions: DemoQuestion[] }[] = [
  {
    title: "Mandatory requirements",
    description: "Pass or fail: a bid that fails any of these is not evaluated further.",
    questions: [
      {
        kind: "pass_fail",
        title:
          "Are the AI imaging products you will host UKCA (or CE) marked as medical devices for their intended use?",
        guidance:
          "Give the device class and registration with the MHRA for each product, or your plan for products you onboard from others.",
      },
      {
        kind: "pass_fail",
        title: "Does your organisation hold Cyber Essentials Plus certification?",
        guidance: "Give the certificate number and its expiry date.",
      },
      {
        kind: "pass_fail",
        title:
          "Has your organisation met the standards of the Data Security and Protection Toolkit (DSPT) in its latest assessment?",
        guidance: "Give your ODS code and the date of your latest published assessment.",
      },
    ],
  },
  {
    title: "Clinical safety",
    description: "",
    questions: [
      {
        kind: "text",
        title: "Describe your clinical safety approach under DCB0129, and how you will support trusts with DCB0160.",
        guidance:
          "Cover your clinical risk management system, your Clinical Safety Officer, hazard logs for each hosted AI tool, and what each trust receives to complete its own DCB0160 safety case.",
        weight: 10,
        wordLimit: 1000,
      },
    ],
  },
  {
    title: "Interoperability with PACS",
    description: "",
    questions: [
      {
        kind: "text",
        title: "How will the platform exchange images and results with trusts' PACS and RIS?",
        guidance:
          "Explain DICOM routing (C-STORE, DICOMweb), how results return as DICOM Structured Reports under the IHE AI Results (AIR) profile, worklist prioritisation, and HL7 FHIR where used. Say which PACS vendors you have integrated with in the NHS.",
        weight: 12,
        wordLimit: 1200,
      },
    ],
  },
  {
    title: "Information governance and DSPT",
    description: "",
    questions: [
      {
        kind: "text",
        title: "How will the platform make information governance approval once, nationally, rather than per trust?",
        guidance:
          "Cover data flows, controller and processor roles, a national DPIA template, data residency in the UK, retention, and how you keep your DSPT standards met.",
        weight: 8,
        wordLimit: 800,
      },
    ],
  },
  {
    title: "Cyber security",
    description: "",
    questions: [
      {
        kind: "text",
        title: "Describe how you secure the platform and the AI tools it hosts.",
        guidance:
          "Cover Cyber Essentials Plus scope, penetration testing, vulnerability management, isolation between hosted vendors' models, and incident response with NHS England's Cyber Security Operations Centre.",
        weight: 6,
        wordLimit: 800,
      },
    ],
  },
  {
    title: "Onboarding third-party AI models",
    description: "",
    questions: [
      {
        kind: "text",
        title: "How will other vendors' AI models be onboarded, assured and made available to trusts?",
        guidance:
          "Explain the technical onboarding (containers, APIs), the assurance steps (DTAC, UKCA, clinical safety, local validation), timescales, and the commercial terms you would offer third-party vendors.",
        weight: 10,
        wordLimit: 1000,
      },
    ],
  },
  {
    title: "Post-market surveillance and model drift",
    description: "",
    questions: [
      {
        kind: "text",
        title: "How will the platform monitor the performance of AI tools in use, and detect and act on model drift?",
        guidance:
          "Cover performance metrics by site and population, ground truth collection, drift detection, alerting, reporting to the MHRA (Yellow Card), and how trusts and vendors are told.",
        weight: 10,
        wordLimit: 1000,
      },
    ],
  },
  {
    title: "Social value",
    description: "Evaluated under the Social Value Model (PPN 06/20).",
    questions: [
      {
        kind: "text",
        title: "What social value will you deliver through this contract, and how will it be measured?",
        guidance:
          "Choose one or more themes (for example tackling economic inequality, or wellbeing), set measurable commitments and say how you will report on them.",
        weight: 10,
        wordLimit: 750,
      },
    ],
  },
  {
    title: "Implementation plan",
    description: "",
    questions: [
      {
        kind: "file",
        title: "Upload your implementation plan for the first 12 months.",
        guidance:
          "A Gantt chart or plan (PDF or Excel) with milestones, the first five trusts onboarded, dependencies and risks.",
        weight: 4,
      },
    ],
  },
  {
    title: "Price",
    description: "Read the pricing instructions before you complete the price schedule.",
    questions: [
      {
        kind: "price",
        title: "Price schedule",
        guidance: "Give a unit price for each line, in pounds excluding VAT. The total is computed for you.",
        weight: 30,
        priceItems: [
          { key: "platform", description: "Platform licence, national", unit: "per year", quantity: 3 },
          { key: "onboarding", description: "Trust onboarding and PACS integration", unit: "per trust", quantity: 40 },
          { key: "model", description: "Third-party model onboarding", unit: "per model", quantity: 15 },
          { key: "support", description: "Service management and support", unit: "per year", quantity: 3 },
        ],
      },
    ],
  },
];

const DOCUMENTS = [
  {
    kind: "specification" as const,
    title: "Specification: national AI imaging platform",
    filename: "specification.pdf",
    lines: [
      "National AI imaging platform: specification",
      "1. Purpose: a platform through which NHS trusts find, deploy and monitor AI imaging tools.",
      "2. Scope: chest X-ray triage, lung nodule detection on CT, stroke CT, fracture detection.",
      "4.2 Results: DICOM Structured Reports conforming to the IHE AI Results (AIR) profile.",
      "5. Assurance: DTAC, DCB0129 / DCB0160, UKCA marking, DSPT standards met.",
      "6. Post-market surveillance: performance monitoring and model drift detection.",
    ],
  },
  {
    kind: "draft_contract" as const,
    title: "Draft contract (terms and conditions)",
    filename: "draft-contract.pdf",
    lines: [
      "Draft contract for the national AI imaging platform",
      "Term: three years, with an option to extend by two further years.",
      "Service levels, data protection schedule and exit plan to be agreed at award.",
    ],
  },
  {
    kind: "pricing_instructions" as const,
    title: "Pricing instructions",
    filename: "pricing-instructions.pdf",
    lines: [
      "Pricing instructions",
      "Give unit prices in pounds sterling, excluding VAT, for every line of the price schedule.",
      "Price is scored as: lowest total price / your total price x 30.",
    ],
  },
];

/** A one-page PDF of plain lines in Helvetica, byte-exact (offsets in the cross-reference table). */
export function simplePdf(lines: string[]): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, "?");
  const stream = ["BT", "/F1 12 Tf", "14 TL", "56 780 Td", ...lines.map((l) => `(${escape(l)}) '`), "ET"].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** Puts bytes into file storage under their SHA-256, as an upload would; in `tx` when given (decision 025). */
export async function storeFile(bytes: Buffer, tx?: Transaction) {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storage = fileStorage();
  await mkdir(storage.tempDir(), { recursive: true });
  const temp = path.join(storage.tempDir(), `${sha256}.seed`);
  await writeFile(temp, bytes);
  await storage.put(temp, sha256, { tx });
  return { sha256, size: bytes.byteLength };
}

export async function seedTender(tx: Transaction, options: { procurementId: string; staffId: string }) {
  const [tender] = await tx.insert(tenders).values({ procurementId: options.procurementId }).returning();
  for (const [s, section] of DEMO_TENDER.entries()) {
    const [row] = await tx
      .insert(tenderSections)
      .values({ tenderId: tender.id, position: s + 1, title: section.title, description: section.description })
      .returning({ id: tenderSections.id });
    await tx.insert(tenderQuestions).values(
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
        priceItems: q.priceItems ?? null,
      })),
    );
  }
  for (const document of DOCUMENTS) {
    const file = await storeFile(simplePdf(document.lines), tx);
    const [stored] = await tx
      .insert(storedFiles)
      .values({ ...file, contentType: MIME.pdf, filename: document.filename, uploadedByUserId: options.staffId })
      .returning({ id: storedFiles.id });
    await tx.insert(tenderDocuments).values({
      tenderId: tender.id,
      kind: document.kind,
      title: document.title,
      fileId: stored.id,
      addedByUserId: options.staffId,
    });
  }
  const questionnaire = await currentQuestionnaire(tx, tender.id);
  await tx.insert(tenderVersions).values({
    tenderId: tender.id,
    number: 1,
    questionnaire,
    publishedByUserId: options.staffId,
    publishedAt: clock.now(),
  });
  await tx
    .update(tenders)
    .set({ publishedVersion: 1, hasUnpublishedChanges: false, version: 2 })
    .where(eq(tenders.id, tender.id));
  await recordAudit(
    tx,
    { userId: options.staffId, email: "seed" },
    {
      action: "tender.published",
      subjectType: "tender",
      subjectId: tender.id,
      procurementId: options.procurementId,
      summary: { number: 1, sections: questionnaire.sections.length },
    },
  );
}
