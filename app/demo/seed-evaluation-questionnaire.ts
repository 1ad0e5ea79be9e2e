// The AI imaging pilot's questionnaire as the tender publishes it: the pass/fail gate, the weighted
// quality questions, the implementation plan upload and the price schedule.
import type { PriceItem, QuestionKind } from "../tenders/questionnaire";

export type QuestionKey =
  "ukca" | "insurance" | "dtac" | "clinical" | "integration" | "ig" | "surveillance" | "plan" | "social" | "price";
export type PassFailKey = "ukca" | "insurance" | "dtac";
export type QualityKey = "clinical" | "integration" | "ig" | "surveillance" | "plan" | "social";
export type TextKey = Exclude<QualityKey, "plan">;

export const PRICE_ITEMS: PriceItem[] = [
  { key: "licence", description: "Triage licence, per trust for 12 months", unit: "per trust", quantity: 3 },
  { key: "integration", description: "PACS and RIS integration and go-live", unit: "per trust", quantity: 3 },
  {
    key: "training",
    description: "Training for radiologists and reporting radiographers",
    unit: "per session",
    quantity: 12,
  },
  {
    key: "evaluation",
    description: "Performance reporting for the pilot evaluation",
    unit: "per quarter",
    quantity: 4,
  },
];

export const SECTIONS: {
  title: string;
  description: string;
  questions: {
    key: QuestionKey;
    kind: QuestionKind;
    title: string;
    guidance: string;
    weight?: number;
    wordLimit?: number;
  }[];
}[] = [
  {
    title: "Mandatory requirements",
    description: "Pass or fail: a bid that fails any of these is excluded and not ranked.",
    questions: [
      {
        key: "ukca",
        kind: "pass_fail",
        title: "Is the triage tool UKCA (or CE) marked as a medical device for triage of adult chest X-rays?",
        guidance: "Give the device class, the intended use as registered and the MHRA registration reference.",
      },
      {
        key: "insurance",
        kind: "pass_fail",
        title:
          "Do you hold, at the bid deadline, professional indemnity, public liability and product liability insurance of at least £5 million each?",
        guidance: "Give the insurer, the limit of each policy and its renewal date.",
      },
      {
        key: "dtac",
        kind: "pass_fail",
        title:
          "Has the tool passed an NHS Digital Technology Assessment Criteria (DTAC) assessment, with a DCB0129 clinical safety case signed by your Clinical Safety Officer?",
        guidance:
          "Give the date of the DTAC assessment, the version of the safety case and the Clinical Safety Officer's name and registration.",
      },
    ],
  },
  {
    title: "Clinical performance and safety",
    description: "",
    questions: [
      {
        key: "clinical",
        kind: "text",
        title:
          "What evidence shows the tool performs safely on NHS patients, and how will you manage clinical risk during the pilot?",
        guidance:
          "Give sensitivity and specificity for urgent findings and suspected lung cancer on UK data, with subgroup results (age, sex, ethnicity, portable films), the hazard log and how you support each trust's DCB0160 safety case.",
        weight: 20,
        wordLimit: 750,
      },
    ],
  },
  {
    title: "Integration with PACS and RIS",
    description: "",
    questions: [
      {
        key: "integration",
        kind: "text",
        title: "How will images reach the tool and results return to the trusts' PACS, RIS and reporting worklists?",
        guidance:
          "Explain DICOM routing, results as DICOM Structured Reports under the IHE AI Results (AIR) profile, worklist prioritisation in the RIS, behaviour when the tool is unavailable, and your experience with the trusts' PACS (Sectra, Agfa).",
        weight: 15,
        wordLimit: 750,
      },
    ],
  },
  {
    title: "Information governance and security",
    description: "",
    questions: [
      {
        key: "ig",
        kind: "text",
        title:
          "How will patient data be protected, and how will one information governance approval serve all three trusts?",
        guidance:
          "Cover controller and processor roles, data flows and residency, a shared DPIA, retention, DSPT, Cyber Essentials Plus and penetration testing.",
        weight: 10,
        wordLimit: 600,
      },
    ],
  },
  {
    title: "Post-market surveillance",
    description: "",
    questions: [
      {
        key: "surveillance",
        kind: "text",
        title: "How will you monitor the tool's performance in use, detect drift and act on it?",
        guidance:
          "Cover ground truth from radiologists' reports, metrics by site and patient group, drift detection and thresholds, reporting to the trusts and the MHRA (Yellow Card), and what happens when performance falls.",
        weight: 10,
        wordLimit: 600,
      },
    ],
  },
  {
    title: "Implementation plan",
    description: "",
    questions: [
      {
        key: "plan",
        kind: "file",
        title: "Upload your implementation plan, from contract start to go-live at all three trusts.",
        guidance: "A plan (PDF or Excel) with milestones, dependencies on the trusts, resources and risks.",
        weight: 10,
      },
    ],
  },
  {
    title: "Social value",
    description: "Evaluated under the Social Value Model (PPN 06/20).",
    questions: [
      {
        key: "social",
        kind: "text",
        title: "What social value will you deliver through this contract, and how will you measure it?",
        guidance: "Choose one or more themes, make measurable commitments and say how you will report them.",
        weight: 5,
        wordLimit: 500,
      },
    ],
  },
  {
    title: "Price",
    description: "Price is scored as: lowest compliant total price ÷ your total price × 30.",
    questions: [
      {
        key: "price",
        kind: "price",
        title: "Price schedule",
        guidance: "Give a unit price for each line, in pounds excluding VAT, for the 12-month pilot.",
        weight: 30,
      },
    ],
  },
];

// --- The bids and their evaluation ------------------------------------------------------------------
