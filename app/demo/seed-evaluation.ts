// Demo data for the AI imaging pilot (imaging-ai-pilot), a procurement already through every stage:
// its tender published and closed, five bids submitted and opened by two staff, a panel of three
// evaluators (one on some sections, one with a declared conflict) whose marks are submitted, the
// moderated consensus, one bidder excluded on a pass/fail question, and the award with standstill.
//
// Intended ranking (quality 70 from the consensus scores, price 30 = lowest compliant total ÷ total × 30),
// asserted by tests/integration/ocds.test.ts so that these figures cannot drift from the data:
//   1 Radiant 60.00 + 23.25 = 83.25 (awarded)   2 Northern 55.00 + 27.02 = 82.02
//   3 Lumen 47.50 + 30.00 = 77.50               4 Severn 40.00 + 25.07 = 65.07
//   Kestrel is excluded: its professional indemnity cover (£2m) fails question 1.2.
//
// Bids are written as submitBid would leave them (bid, answers, files, a submission frozen with the
// receipt module's reference and digest) rather than through submitBid itself: it stamps the
// portal's clock now, and these bids were made before a deadline three months ago. Runs inside the demo
// seed's one transaction, so it is seeded exactly when the rest is: into a database with no users.
import { eq } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/audit.server";
import { bidChecklist } from "../bids/checklist";
import {
  newReceiptReference,
  submissionDigest,
  SUBMISSION_FORMAT,
  type SubmissionContent,
} from "../bids/receipt.server";
import { countSubmittedBids } from "../bids/sealed.server";
import { formatPoints, rankBids } from "../evaluation/ranking";
import { standstillEndsOn } from "../evaluation/standstill";
import { MIME } from "../storage/storage.server";
import {
  allQuestions,
  priceTotals,
  type AnswerValue,
  type PriceItem,
  type PublishedQuestion,
  type QuestionKind,
} from "../tenders/questionnaire";
import { currentQuestionnaire } from "../tenders/reading.server";
import type { Transaction } from "../../db/client.server";
import {
  awards,
  bidAnswers,
  bidFiles,
  bids,
  bidSubmissions,
  conflictDeclarations,
  evaluationRules,
  evaluationScores,
  evaluatorAssignments,
  moderatedScores,
  organisations,
  procurementInterests,
  procurements,
  storedFiles,
  tenderDocuments,
  tenderQuestions,
  tenders,
  tenderSections,
  tenderVersions,
  users,
} from "../../db/schema";
import { simplePdf, storeFile } from "./seed-tender";
import * as clock from "../clock.server";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

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

const ORGANISATIONS = [
  {
    key: "lumen",
    legalName: "Lumen Radiology Systems Ltd",
    tradingNames: "Lumen Radiology",
    companiesHouseNumber: "11223344",
    dunsNumber: "227334455",
    addressLine1: "Salisbury House, Station Road",
    town: "Cambridge",
    postcode: "CB1 2LA",
    isSme: true,
    isVcse: false,
    contactName: "Olivia Grant",
    contactEmail: "supplier3@example.com",
    contactPhone: "01223 496 000",
    website: "https://lumen-radiology.example.com",
  },
  {
    key: "severn",
    legalName: "Severn Medical Imaging Ltd",
    tradingNames: "",
    companiesHouseNumber: "09876543",
    dunsNumber: null,
    addressLine1: "Engine Shed, Station Approach",
    town: "Bristol",
    postcode: "BS1 6QH",
    isSme: true,
    isVcse: false,
    contactName: "Rhys Evans",
    contactEmail: "supplier4@example.com",
    contactPhone: "0117 496 0000",
    website: "https://severn-imaging.example.com",
  },
  {
    key: "kestrel",
    legalName: "Kestrel Health Technologies Ltd",
    tradingNames: "Kestrel Health",
    companiesHouseNumber: "10457812",
    dunsNumber: null,
    addressLine1: "Bruntwood Works, 2 Hardman Street",
    town: "Manchester",
    postcode: "M3 3HF",
    isSme: true,
    isVcse: false,
    contactName: "Nadia Hussain",
    contactEmail: "supplier5@example.com",
    contactPhone: "0161 496 0000",
    website: "https://kestrel-health.example.com",
  },
] as const;

const ACCOUNTS = [
  { email: "supplier3@example.com", name: "Olivia Grant", role: "supplier", organisation: "lumen" },
  { email: "supplier4@example.com", name: "Rhys Evans", role: "supplier", organisation: "severn" },
  { email: "supplier5@example.com", name: "Nadia Hussain", role: "supplier", organisation: "kestrel" },
  { email: "evaluator3@example.com", name: "Helen Castell", role: "evaluator" },
] as const;

// --- The questionnaire ------------------------------------------------------------------------------

type QuestionKey =
  "ukca" | "insurance" | "dtac" | "clinical" | "integration" | "ig" | "surveillance" | "plan" | "social" | "price";
type PassFailKey = "ukca" | "insurance" | "dtac";
type QualityKey = "clinical" | "integration" | "ig" | "surveillance" | "plan" | "social";
type TextKey = Exclude<QualityKey, "plan">;

const PRICE_ITEMS: PriceItem[] = [
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

const SECTIONS: {
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

type EvaluatorKey = "rahman" | "whitfield" | "castell";
type Mark = [score: number, justification: string];
type PassFailMark = [pass: boolean, justification: string];
type BidderKey = "radiant" | "northern" | "lumen" | "severn" | "kestrel";

type DemoBid = {
  bidder: BidderKey;
  /** Hours before the deadline the bid was submitted. */
  hoursEarly: number;
  passFail: Record<
    PassFailKey,
    { evidence: string; marks: Partial<Record<EvaluatorKey, PassFailMark>>; consensus: PassFailMark }
  >;
  answers: Record<TextKey, string>;
  plan: { filename: string; lines: string[] };
  unitPrices: Record<string, string>;
  marks: Record<QualityKey, { by: Partial<Record<EvaluatorKey, Mark>>; consensus: Mark }>;
};

/** A pass/fail question every evaluator passed, in their own words, with the panel's agreement. */
function passed(evidence: string, notes: Partial<Record<EvaluatorKey, string>>, consensus: string) {
  const marks = Object.fromEntries(Object.entries(notes).map(([k, note]) => [k, [true, note]])) as Partial<
    Record<EvaluatorKey, PassFailMark>
  >;
  return { evidence, marks, consensus: [true, consensus] as PassFailMark };
}

const BIDS: DemoBid[] = [
  {
    bidder: "radiant",
    hoursEarly: 26,
    passFail: {
      ukca: passed(
        "Yes. Radiant CXR Triage 3.2 is UKCA marked as a Class IIa medical device (UK MDR 2002) for triage of adult frontal chest X-rays; MHRA registration reference GB-MF-000041277.",
        {
          rahman:
            "UKCA Class IIa with an MHRA registration reference; the registered intended use covers adult frontal chest X-ray triage.",
          whitfield:
            "Marking and intended use as required: Class IIa, adult frontal CXR triage, registration reference given.",
          castell:
            "Checked the MHRA registration reference quoted in the bid against the intended use stated: requirement met.",
        },
        "All three evaluators passed: UKCA Class IIa, intended use matches adult chest X-ray triage, registration reference given.",
      ),
      insurance: passed(
        "Yes. Beazley: professional indemnity £10m, public liability £5m, product liability £10m, all renewing 1 April.",
        {
          rahman:
            "Professional indemnity £10m, public and product liability at or above £5m, all in force with one insurer.",
          whitfield:
            "Every policy meets or exceeds the £5m minimum (PI £10m, PL £5m, product £10m); renewal date given.",
          castell:
            "Insurer, limits and renewal date given for all three policies; each is at least the £5 million required.",
        },
        "Passed by all: every policy is at least £5m and in force at the deadline.",
      ),
      dtac: passed(
        "Yes. DTAC assessed by the West Yorkshire Imaging Network in March; DCB0129 safety case version 4.0 signed by Dr Hannah Pike, Clinical Safety Officer (GMC 7012345).",
        {
          rahman: "DTAC assessment dated, DCB0129 safety case v4.0 signed by a named CSO with a GMC number.",
          whitfield:
            "Safety case version, the Clinical Safety Officer's name and registration, and the DTAC date are all given.",
          castell:
            "DTAC completed with an NHS imaging network this year; signed DCB0129 safety case referenced by version.",
        },
        "Passed by all: DTAC completed and a DCB0129 safety case v4.0 signed by a registered CSO.",
      ),
    },
    answers: {
      clinical:
        "Radiant CXR Triage has been validated on 48,200 adult chest X-rays from four NHS trusts, reported independently by two consultant radiologists with CT follow-up for suspected cancers. For urgent findings sensitivity is 96.1% (95% CI 95.4–96.7) at 81.0% specificity; for suspected lung cancer sensitivity is 93.4% at 84.2% specificity. We publish subgroup results by age band, sex, ethnicity (ONS categories) and for portable AP films, where sensitivity falls to 90.8%; portable films are therefore flagged with a lower confidence banner. Our hazard log holds 31 hazards, each with controls and residual risk; the top three (missed cancer on a portable film, a delayed result, a result attached to the wrong patient) have tested controls. Our Clinical Safety Officer, Dr Hannah Pike, will attend each trust's hazard workshop and give each trust a DCB0160 pack: hazard log extract, safety case, test evidence and a template safety case report.",
      integration:
        "Images leave each trust's PACS by DICOM C-STORE to a small on-premises router we install in the trust's data centre, which forwards only adult chest X-rays over TLS to our UK processing service. Results return within 90 seconds as a DICOM Structured Report conforming to the IHE AI Results (AIR) profile, plus a secondary capture image for PACS viewers that cannot display SR. Flagged examinations are prioritised through an HL7 v2 ORU message to the RIS, which moves them to the top of the reporting worklist. If the service is unavailable, images are reported in normal order and the RIS shows 'AI not available'. We are live with Sectra IDS7 at two trusts and with Agfa Enterprise Imaging at one, and will confirm the third trust's RIS interface in discovery.",
      ig: "Each trust remains controller; we act as processor under a single data processing agreement covering all three trusts, signed once by the network. Data stay in the UK (Azure UK South and UK West). Images are pseudonymised at the router before they leave the trust and deleted 30 days after processing. We provide a completed DPIA for the network to adopt, and our DSPT standards are met (latest assessment June). We hold Cyber Essentials Plus and ISO 27001, and commission an annual CREST penetration test; the latest report's two medium findings are fixed.",
      surveillance:
        "Radiologists' final reports are compared with the tool's flags every week using natural language processing that we have validated against manual review (agreement 97%). We report sensitivity, specificity and turnaround by trust, by modality (portable or department) and by patient group. Drift is detected with a CUSUM chart on weekly sensitivity and on the distribution of image characteristics; a crossing triggers review by our CSO within two working days and a joint call with the trust. Adverse incidents go to the MHRA through Yellow Card and to the trust's incident system. The pilot board receives a monthly dashboard and a quarterly report.",
      social:
        "We will create two data science apprenticeships in Leeds, recruited through the city's employment hub, and give 40 hours a year of STEM outreach in schools in the pilot trusts' areas. We will report both in the quarterly pilot report with the number of apprentices retained and pupils reached.",
    },
    plan: {
      filename: "radiant-implementation-plan.pdf",
      lines: [
        "Radiant CXR Triage: implementation plan for the AI imaging pilot",
        "Weeks 1-4: discovery with each trust; PACS, RIS and network checks; DPIA adopted.",
        "Weeks 5-8: router installed at trust 1; integration testing; DCB0160 workshop.",
        "Week 10: go-live at trust 1 (silent mode for 2 weeks, then live prioritisation).",
        "Weeks 12-16: trusts 2 and 3 in turn; training sessions for each reporting team.",
        "Dependencies: trust IT change windows, RIS supplier interface slots.",
        "Risks: RIS interface at trust 3 (mitigation: secondary capture only until ready).",
      ],
    },
    unitPrices: { licence: "68000.00", integration: "22000.00", training: "1500.00", evaluation: "6000.00" },
    marks: {
      clinical: {
        by: {
          rahman: [
            4,
            "Excellent: validation on 48,200 UK films with two-reader ground truth and CT follow-up; subgroup results published, including the weaker portable-film sensitivity and how it is shown to readers.",
          ],
          whitfield: [
            4,
            "The strongest evidence base of the bids I read: confidence intervals for urgent findings and lung cancer, ethnicity subgroups, and a hazard log of 31 hazards with tested controls. The DCB0160 pack per trust is concrete.",
          ],
        },
        consensus: [
          4,
          "Agreed excellent: large multi-trust UK validation with confidence intervals and subgroups, an honest account of portable films, and a concrete DCB0160 pack and CSO workshop for each trust.",
        ],
      },
      integration: {
        by: {
          rahman: [
            3,
            "Good: on-premises router with C-STORE, AIR-conformant Structured Reports and RIS prioritisation by HL7 ORU. Live with Sectra and Agfa, but the third trust's RIS interface is still to be confirmed.",
          ],
          whitfield: [
            3,
            "Sound design and a clear fallback ('AI not available' on the RIS). Results in 90 seconds is good. Some risk left at the third trust, whose RIS interface is not yet known.",
          ],
          castell: [
            2,
            "The router inside each trust's data centre needs local change approval and patching by the trust; the bid does not say who patches it. The third trust's RIS remains unconfirmed.",
          ],
        },
        consensus: [
          3,
          "Good. The panel weighed the unconfirmed RIS interface and the router's upkeep (raised by one evaluator) against proven Sectra and Agfa deployments and AIR-conformant results; the bid's plan gives a workable fallback.",
        ],
      },
      ig: {
        by: {
          rahman: [
            3,
            "Good: one DPA for all three trusts, UK-only processing, pseudonymisation before data leave the trust and a ready DPIA for the network.",
          ],
          whitfield: [
            3,
            "Controller and processor roles are clear and retention is short (30 days). DSPT, Cyber Essentials Plus and ISO 27001 are all evidenced.",
          ],
          castell: [
            3,
            "A single processing agreement and an adoptable DPIA meet the 'approve once' aim. Penetration test findings are closed. No detail on sub-processors beyond the cloud provider.",
          ],
        },
        consensus: [
          3,
          "Agreed good: one DPA and DPIA for the network, UK residency, pseudonymisation at source and current assurance; sub-processors other than the cloud host are not listed.",
        ],
      },
      surveillance: {
        by: {
          rahman: [
            4,
            "Weekly comparison against radiologists' reports with a validated NLP method, metrics by trust and patient group, and a CUSUM drift trigger with a two-day CSO response: excellent.",
          ],
          whitfield: [
            3,
            "Strong monitoring and a clear drift trigger. Relying on report text for ground truth will miss cancers found later on CT; the bid does not say how those are captured.",
          ],
        },
        consensus: [
          4,
          "Excellent: validated ground truth, subgroup metrics, a defined drift threshold and response time, and Yellow Card reporting. The panel noted the later-CT gap as a point to close at mobilisation.",
        ],
      },
      plan: {
        by: {
          rahman: [
            3,
            "The plan reaches go-live at trust 1 in week 10, with two weeks of silent running before prioritisation, and staggers trusts 2 and 3; realistic.",
          ],
          whitfield: [
            3,
            "Clear milestones and dependencies (change windows, RIS slots) with a fallback for trust 3. Resources per phase are not shown.",
          ],
        },
        consensus: [
          3,
          "Good: realistic sequence with silent running and named dependencies and risks; resourcing is not shown.",
        ],
      },
      social: {
        by: {
          rahman: [
            3,
            "Two apprenticeships recruited through the Leeds employment hub and 40 hours of school outreach, both measured and reported quarterly.",
          ],
          whitfield: [
            2,
            "Measurable commitments, though modest for the contract, and the outreach is not tied to the pilot trusts' own recruitment needs.",
          ],
        },
        consensus: [
          3,
          "Good: specific, measurable commitments (two apprenticeships, 40 outreach hours) with reporting in the quarterly pilot report.",
        ],
      },
    },
  },
  {
    bidder: "northern",
    hoursEarly: 3,
    passFail: {
      ukca: passed(
        "Yes. NIA Chest is UKCA marked, Class IIa, intended use: prioritisation of adult chest radiographs with suspected abnormalities. MHRA reference GB-MF-000038815.",
        {
          rahman:
            "Class IIa UKCA marking with registration reference; the intended use (prioritisation of adult chest radiographs) fits the pilot.",
          whitfield:
            "UKCA Class IIa; registered intended use covers prioritisation of adult chest films. Requirement met.",
          castell: "Registration reference and device class are stated and the intended use matches the requirement.",
        },
        "Passed by all: UKCA Class IIa with an intended use covering adult chest radiograph prioritisation.",
      ),
      insurance: passed(
        "Yes. Hiscox: professional indemnity £5m, public liability £10m, product liability £5m; renewal 30 September.",
        {
          rahman: "Each of the three policies is at the £5m minimum or above, with the insurer and renewal date named.",
          whitfield: "PI £5m and product liability £5m meet the threshold exactly; public liability £10m.",
          castell: "All limits at least £5 million, in force at the deadline, renewal date given: pass.",
        },
        "Passed by all: all three policies at or above £5m.",
      ),
      dtac: passed(
        "Yes. DTAC assessed by NHS Lothian's digital team and reviewed by an English trust in January; DCB0129 safety case 2.3 signed by Dr Euan Ross, Clinical Safety Officer (GMC 6098765).",
        {
          rahman:
            "DTAC assessment and an English trust's review are dated; DCB0129 safety case 2.3 signed by a named, registered CSO.",
          whitfield:
            "Clinical safety case version and CSO registration provided; DTAC evidence given. Meets the requirement.",
          castell: "DTAC assessed and reviewed, safety case version and CSO named: requirement met.",
        },
        "Passed by all: DTAC evidence and a signed DCB0129 safety case with a registered CSO.",
      ),
    },
    answers: {
      clinical:
        "NIA Chest was validated on 30,400 chest radiographs from six hospitals in Scotland and the north of England, with a consensus of three radiologists as reference. Sensitivity for urgent findings is 94.2% at 83.5% specificity; for suspected lung cancer 91.0% at 85.1%. Results are reported by age and sex, and for portable films; ethnicity was not recorded consistently in the Scottish data and we will collect it during the pilot. The hazard log has 24 hazards and is reviewed quarterly by our Clinical Safety Officer, Dr Euan Ross, who will provide each trust with the evidence for its DCB0160 case and attend its clinical safety group.",
      integration:
        "We are live in nine NHS hospitals across Sectra, Agfa, GE, Philips and Fujifilm Synapse PACS. A virtual appliance in the trust (or the network's shared data centre) receives studies by DICOM C-STORE or DICOMweb STOW-RS and returns an IHE AIR-conformant Structured Report and a key image, typically in 45 seconds. Worklist prioritisation uses the RIS's own priority field through HL7 v2 or FHIR (ServiceRequest priority), both already built for the Sectra and Agfa RIS used in the network. Downtime is handled by a store-and-forward queue and a RIS banner; the trust's standard reporting order applies until results resume. Our integration team has a fixed 6-week playbook per site.",
      ig: "The trusts are controllers and NIA is processor; we propose one data processing agreement signed by the network lead trust on behalf of all three. Processing happens on the virtual appliance inside the trust, so identifiable images do not leave the NHS network; only pseudonymised performance statistics come to us. We provide a DPIA template. Our DSPT standards are met and we hold Cyber Essentials Plus; we are working towards ISO 27001.",
      surveillance:
        "We will provide real-time dashboards of flag rates and turnaround for each site and quarterly performance reports. Drift is monitored by comparing monthly flag rates with the baseline; unusual change triggers an investigation by our data science team. Ground truth comes from a monthly audit sample of 200 films per trust double-read by the trust's radiologists. Serious incidents are reported to the MHRA through Yellow Card within the statutory timescales.",
      social:
        "We will offer two paid summer internships to students from under-represented backgrounds and aim to reduce our carbon emissions in line with our net zero commitment. We will report progress annually.",
    },
    plan: {
      filename: "nia-pilot-plan.pdf",
      lines: [
        "NIA Health: pilot implementation plan",
        "Fixed 6-week site playbook: discovery, appliance install, integration test, training, go-live.",
        "Trust 1: weeks 1-6. Trust 2: weeks 4-9. Trust 3: weeks 7-12.",
        "Go-live at all three trusts by week 12.",
        "Named roles: integration lead, clinical lead, trainer.",
        "Risk: overlapping installs strain trust IT teams (mitigation: stagger by 3 weeks).",
      ],
    },
    unitPrices: { licence: "58500.00", integration: "19000.00", training: "1250.00", evaluation: "5250.00" },
    marks: {
      clinical: {
        by: {
          rahman: [
            3,
            "Good multi-site validation (30,400 films, three-reader consensus) with confidence in the urgent-finding results; no ethnicity subgroups, which the bid admits and proposes to collect.",
          ],
          whitfield: [
            3,
            "Solid performance figures and a quarterly hazard log review. The missing ethnicity analysis is a real gap for an English population; the DCB0160 support is described in general terms only.",
          ],
        },
        consensus: [
          3,
          "Agreed good: credible validation across six hospitals, but no ethnicity subgroup results and less specific DCB0160 support than the best answer.",
        ],
      },
      integration: {
        by: {
          rahman: [
            4,
            "Excellent: nine NHS hospitals live across five PACS vendors, AIR-conformant results with a key image, RIS priority via HL7 or FHIR already built for the network's systems.",
          ],
          whitfield: [
            4,
            "The most mature integration described: on-site appliance, C-STORE or STOW-RS, store-and-forward on downtime, and a fixed six-week playbook.",
          ],
          castell: [
            4,
            "Processing on an appliance inside the trust simplifies the network design, and downtime behaviour is fully described. Excellent.",
          ],
        },
        consensus: [
          4,
          "Agreed excellent by all three: proven across the network's PACS and RIS, AIR-conformant results, and a complete downtime design.",
        ],
      },
      ig: {
        by: {
          rahman: [
            3,
            "Processing inside the trust means identifiable images never leave the NHS network; one DPA for the network. Good.",
          ],
          whitfield: [
            2,
            "The on-site model is attractive, but retention on the appliance is not stated and ISO 27001 is only 'working towards'.",
          ],
          castell: [
            3,
            "Strong architecture for IG (only pseudonymised statistics leave the trust) and a DPIA template; retention periods are missing.",
          ],
        },
        consensus: [
          3,
          "Good: on-site processing and one DPA suit the network; the panel noted the missing retention period and that ISO 27001 is not yet held.",
        ],
      },
      surveillance: {
        by: {
          rahman: [
            4,
            "Monthly double-read audit of 200 films per trust gives real ground truth, with dashboards per site and quarterly reports: excellent for a pilot.",
          ],
          whitfield: [
            2,
            "Drift is judged from flag rates alone, with no threshold stated ('unusual change'); a fall in sensitivity could go unseen if flag rates hold. Response times are not given.",
          ],
        },
        consensus: [
          3,
          "Scores differed by 2. The moderator agreed good: the audit sample is a sound source of ground truth, but drift detection relies on flag rates without a stated threshold or response time.",
        ],
      },
      plan: {
        by: {
          rahman: [3, "All three trusts live by week 12 with a repeatable six-week playbook and named roles."],
          whitfield: [
            3,
            "Overlapping installs are ambitious; the risk is named and mitigated by a three-week stagger.",
          ],
        },
        consensus: [3, "Good: a clear, fast plan with named roles and its main risk mitigated."],
      },
      social: {
        by: {
          rahman: [
            2,
            "Two internships is measurable, but the carbon commitment has no target or measure tied to this contract.",
          ],
          whitfield: [2, "Partly measurable; reporting is annual, outside the pilot's own reporting cycle."],
        },
        consensus: [
          2,
          "Satisfactory: one measurable commitment (two internships); the carbon commitment is not specific to the contract.",
        ],
      },
    },
  },
  {
    bidder: "lumen",
    hoursEarly: 50,
    passFail: {
      ukca: passed(
        "Yes. Lumen Triage CXR is CE marked (Class IIa, MDR) and UKCA marked, Class IIa; MHRA reference GB-MF-000045120. Intended use: triage of adult chest X-rays for urgent findings.",
        {
          rahman:
            "UKCA and CE Class IIa, with an intended use naming triage of adult chest X-rays for urgent findings.",
          castell: "Registration reference given; class and intended use meet the requirement.",
        },
        "Passed by both evaluators who assessed this bid: UKCA Class IIa, intended use as required.",
      ),
      insurance: passed(
        "Yes. Markel: professional indemnity £5m, public liability £5m, product liability £5m; renewal 1 November.",
        {
          rahman: "All three policies at exactly the £5m minimum with the insurer and renewal date named.",
          castell: "Each cover meets £5 million; in force at the deadline. Pass.",
        },
        "Passed: all three policies at £5m.",
      ),
      dtac: passed(
        "Yes. DTAC assessed by an NHS trust in Cambridgeshire in February; DCB0129 safety case 1.6 signed by Dr Neil Carter, Clinical Safety Officer (GMC 7123456).",
        {
          rahman: "DTAC dated February; DCB0129 safety case 1.6 with a registered CSO named.",
          castell: "DTAC and a signed safety case are evidenced by date, version and CSO registration.",
        },
        "Passed: DTAC completed and a signed DCB0129 safety case.",
      ),
    },
    answers: {
      clinical:
        "Lumen Triage CXR was trained and validated on 210,000 radiographs, mostly from two US health systems, with an external validation on 9,800 films from one NHS trust. On the NHS set, sensitivity for urgent findings is 93.0% at 86.0% specificity and for suspected lung cancer 90.5%. We report results by age and sex. Our hazard log (19 hazards) is maintained by our Clinical Safety Officer, Dr Neil Carter, who will provide a DCB0160 support pack and a named clinical contact for each trust.",
      integration:
        "Studies are sent from PACS by DICOMweb (STOW-RS) or C-STORE through a lightweight gateway to our cloud service in Azure UK South. Results return as an IHE AIR Structured Report and an overlay image within two minutes. Worklist prioritisation uses HL7 v2 ORU to the RIS. We are integrated with Sectra at two NHS trusts. When the service is down, the gateway queues studies and the RIS shows the standard order.",
      ig: "Trusts are controllers and Lumen is processor under a data processing agreement per trust. Processing is in Azure UK South. Our second-line support team in Boston, USA, may access pseudonymised images to investigate faults, under the UK international data transfer addendum. We provide a DPIA template. DSPT standards met; Cyber Essentials Plus held.",
      surveillance:
        "We will compare the tool's flags with final reports monthly and report sensitivity and specificity by trust. We track input data characteristics (manufacturer, exposure, patient age) to detect drift, alerting our clinical team when any metric moves more than two standard deviations from baseline. Incidents are reported via Yellow Card.",
      social:
        "Each of our staff will give two volunteering days a year to NHS charities at the pilot trusts (about 60 days a year), and we will fund a radiographer's place on a postgraduate AI course at a local university each year. We will report volunteering days and course completions quarterly.",
    },
    plan: {
      filename: "lumen-plan.pdf",
      lines: [
        "Lumen Radiology: implementation plan",
        "Month 1: contracts and DPIA. Month 2: gateway install at trust 1.",
        "Month 3: go-live at trust 1. Months 4-5: trusts 2 and 3.",
        "Training delivered online.",
      ],
    },
    unitPrices: { licence: "52000.00", integration: "18600.00", training: "1100.00", evaluation: "4200.00" },
    marks: {
      clinical: {
        by: {
          rahman: [
            3,
            "Good headline performance on the NHS external set (9,800 films), with a hazard log and DCB0160 pack; the UK evidence is from one trust only and has no ethnicity or portable-film subgroups.",
          ],
        },
        consensus: [
          3,
          "Good: credible NHS external validation, but from a single trust and without ethnicity or portable-film results. One evaluator scored this bid; the second declared a conflict.",
        ],
      },
      integration: {
        by: {
          rahman: [
            3,
            "AIR-conformant results within two minutes, RIS prioritisation by ORU, and a queueing gateway on downtime. Fewer NHS sites than others (two).",
          ],
          castell: [
            3,
            "Cloud processing via a gateway is workable on the network; the design is clear but the gateway's resilience and monitoring are not described.",
          ],
        },
        consensus: [
          3,
          "Good: a complete design with AIR results and downtime queueing, limited NHS experience (two Sectra sites).",
        ],
      },
      ig: {
        by: {
          rahman: [
            2,
            "Support staff in the USA may access pseudonymised images, and there is one DPA per trust rather than one for the network: against the 'approve once' aim.",
          ],
          castell: [
            2,
            "International transfer to Boston for support adds a transfer risk assessment for every trust; three separate DPAs. Satisfactory only.",
          ],
        },
        consensus: [
          2,
          "Satisfactory: the US support access needs a transfer risk assessment and the per-trust DPAs do not deliver one approval for the network.",
        ],
      },
      surveillance: {
        by: {
          rahman: [
            3,
            "Monthly comparison with reports and a defined statistical threshold (two standard deviations) on input characteristics; reporting by trust. Good, though no response time is given.",
          ],
        },
        consensus: [
          3,
          "Good: ground truth from reports and a stated drift threshold; response times after an alert are not set out.",
        ],
      },
      plan: {
        by: {
          rahman: [
            2,
            "A high-level plan: go-live at trust 1 in month 3, no silent running, no dependencies or risks, and training only online.",
          ],
        },
        consensus: [
          2,
          "Satisfactory: milestones only, with no dependencies, risks or resourcing, and no silent-running period.",
        ],
      },
      social: {
        by: {
          rahman: [
            3,
            "About 60 volunteering days at the pilot trusts' charities and a funded postgraduate AI place for a radiographer each year; measured quarterly.",
          ],
        },
        consensus: [3, "Good: measurable commitments linked to the pilot trusts and their workforce."],
      },
    },
  },
  {
    bidder: "severn",
    hoursEarly: 74,
    passFail: {
      ukca: passed(
        "Yes. Severn ChestFlag 2.0 is UKCA marked as a Class IIa medical device for triage of adult chest X-rays; MHRA reference GB-MF-000047302.",
        {
          rahman: "UKCA Class IIa for adult chest X-ray triage; the registration reference is quoted.",
          whitfield: "Device class and intended use meet the requirement; MHRA reference given.",
          castell: "Class IIa UKCA marking evidenced with a registration reference and a matching intended use.",
        },
        "Passed by all: UKCA Class IIa for the intended use.",
      ),
      insurance: passed(
        "Yes. QBE: professional indemnity £5m, public liability £5m, product liability £5m; renewal 1 July.",
        {
          rahman: "PI, public and product liability each £5m; insurer and renewal named. Meets the minimum.",
          whitfield: "All three policies (PI, public and product liability) at the £5m threshold; pass.",
          castell: "Limits, insurer and renewal date provided; every policy at least £5 million.",
        },
        "Passed by all: every policy at £5m.",
      ),
      dtac: passed(
        "Yes. DTAC assessed by a Bristol trust last September; DCB0129 safety case 1.2 signed by Dr Sian Morgan, Clinical Safety Officer (GMC 6234567).",
        {
          rahman: "DTAC assessed last September; DCB0129 safety case 1.2 signed by a registered CSO.",
          whitfield: "Safety case and DTAC are in place; the CSO is named with a GMC number.",
          castell: "DTAC date, safety case version and CSO registration all given: meets the requirement.",
        },
        "Passed by all: DTAC and a signed DCB0129 safety case.",
      ),
    },
    answers: {
      clinical:
        "ChestFlag was validated retrospectively on 6,100 chest X-rays from one NHS hospital, reported by the original reporting radiologist. Sensitivity for urgent findings is 92.0% and specificity 80.0%; for suspected lung cancer 88.0%. The product has been used in one emergency department since last year without a reported safety incident. Our Clinical Safety Officer maintains a hazard log and will share our safety case with each trust.",
      integration:
        "ChestFlag is available through the Sectra Amplifier marketplace: where a trust uses Sectra, images route to us through the marketplace and results appear in IDS7 as a secondary capture image. For other PACS we will build an integration during the pilot. Worklist prioritisation uses the marketplace's priority flag. Downtime follows Sectra's marketplace procedures.",
      ig: "Each trust is controller; Severn is processor. All processing is in our own UK data centre in Bristol (ISO 27001 certified, Cyber Essentials Plus) and no data leave the UK. Images are deleted after 7 days and results after 30. We provide one DPIA and one DPA for the network, signed by the lead trust. DSPT standards met; annual CHECK penetration test, latest in May, no high findings.",
      surveillance:
        "We will report monthly the number of studies processed and flagged at each trust. Trusts can report suspected missed findings through our support desk and we investigate each one. Our model is retrained annually. Incidents are reported to the MHRA.",
      social:
        "We will host work experience placements for local students and donate to a cancer charity in the pilot area. We will describe these activities in an annual report.",
    },
    plan: {
      filename: "severn-implementation-plan.pdf",
      lines: [
        "Severn Medical Imaging: implementation plan",
        "Weeks 1-3: kick-off, DPIA and DPA signed for the network by the lead trust.",
        "Weeks 4-8: Sectra Amplifier enablement at trusts 1 and 2; acceptance tests.",
        "Weeks 9-10: go-live at trusts 1 and 2; two training sessions at each.",
        "Weeks 11-20: integration build for trust 3 (non-Sectra PACS); go-live week 20.",
        "Resources: project manager 0.5 FTE, integration engineer 1 FTE, CSO 0.2 FTE.",
        "Risks: trust 3 integration build (contingency 4 weeks); marketplace licence.",
      ],
    },
    unitPrices: { licence: "64800.00", integration: "21000.00", training: "1250.00", evaluation: "4250.00" },
    marks: {
      clinical: {
        by: {
          rahman: [
            1,
            "Poor: a single-site retrospective validation of 6,100 films against the original report, with no confidence intervals or subgroups; safety case offered but no DCB0160 support described.",
          ],
          whitfield: [
            3,
            "The figures are reasonable and a year of ED use without a reported incident is real-world evidence, though the validation is small and single-site.",
          ],
        },
        consensus: [
          2,
          "Scores differed by 2. Agreed satisfactory: the live ED use counts for something, but single-site retrospective validation without confidence intervals or subgroups, and no specific DCB0160 support, fall short of 'good'.",
        ],
      },
      integration: {
        by: {
          rahman: [
            2,
            "Integration only through the Sectra marketplace; results as secondary capture, not AIR Structured Reports. The third trust's PACS needs a new build.",
          ],
          whitfield: [
            2,
            "Depends on a PACS vendor's marketplace for routing, priority and downtime; no IHE AIR conformance.",
          ],
          castell: [
            3,
            "Using the existing Sectra marketplace reduces local network change at two trusts, and the plan allows for the third.",
          ],
        },
        consensus: [
          2,
          "Satisfactory: quick to start at the two Sectra trusts, but no AIR results, downtime left to the marketplace and a new build needed at the third trust.",
        ],
      },
      ig: {
        by: {
          rahman: [
            3,
            "UK-only processing in an ISO 27001 data centre, short retention (7 days for images) and one DPA and DPIA for the network.",
          ],
          whitfield: [3, "Clear roles, UK residency and a recent CHECK penetration test with no high findings. Good."],
          castell: [
            3,
            "Delivers the single network approval we asked for; retention periods are stated and short. Sub-processors are not listed.",
          ],
        },
        consensus: [3, "Agreed good: one DPA and DPIA, UK residency, short retention and current certifications."],
      },
      surveillance: {
        by: {
          rahman: [
            2,
            "Volumes and flag counts only; missed findings depend on trusts reporting them. No sensitivity monitoring or drift threshold.",
          ],
          whitfield: [
            2,
            "Reactive rather than systematic surveillance; annual retraining is mentioned without any change control or revalidation.",
          ],
        },
        consensus: [
          2,
          "Satisfactory: incident-driven surveillance without ground truth metrics or a drift threshold; retraining without stated revalidation.",
        ],
      },
      plan: {
        by: {
          rahman: [
            3,
            "Staged plan with resources in FTE, acceptance tests and a four-week contingency for the third trust.",
          ],
          whitfield: [
            2,
            "Go-live at the third trust not until week 20 leaves little of the pilot year to evaluate there.",
          ],
        },
        consensus: [
          3,
          "Good: resourced and realistic, with risks and contingency; the late go-live at the third trust was noted.",
        ],
      },
      social: {
        by: {
          rahman: [2, "Work experience placements and a donation, with no numbers or measures."],
          whitfield: [2, "Commitments are not quantified and reporting is annual only."],
        },
        consensus: [2, "Satisfactory: relevant activities, but no measurable commitments."],
      },
    },
  },
  {
    bidder: "kestrel",
    hoursEarly: 20,
    passFail: {
      ukca: passed(
        "Yes. Kestrel CXR Assist is UKCA marked, Class IIa, for triage of adult chest radiographs; MHRA reference GB-MF-000049871.",
        {
          rahman: "Class IIa UKCA marking for adult chest radiograph triage with the MHRA reference given.",
          whitfield: "Meets the requirement: class, intended use and registration stated.",
          castell: "UKCA registration reference and a matching intended use are given. Pass.",
        },
        "Passed by all: UKCA Class IIa with a matching intended use.",
      ),
      insurance: {
        evidence:
          "Yes. Aviva: professional indemnity £2m, public liability £5m, product liability £2m. Our broker has confirmed cover can be increased to £5m from contract start if we are successful.",
        marks: {
          rahman: [
            false,
            "Professional indemnity and product liability are £2m each at the deadline; the requirement is £5m held at the deadline, not promised from contract start.",
          ],
          whitfield: [
            false,
            "Fails: two of the three policies (PI and product liability) are below the £5m minimum; a broker's promise to increase cover is not cover held.",
          ],
          castell: [
            true,
            "The broker's confirmation that cover rises to £5m from contract start would protect the trusts for the whole contract, so I passed it, subject to moderation.",
          ],
        },
        consensus: [
          false,
          "Fail, so the bid is excluded and not ranked. The question asks for cover of at least £5m held at the bid deadline; the bid shows professional indemnity and product liability of £2m each, with only a broker's offer to increase them from contract start. One evaluator passed it on that offer; the panel agreed the requirement is cover held, applied equally to every bidder.",
        ],
      },
      dtac: passed(
        "Yes. DTAC assessed by a Greater Manchester trust in April; DCB0129 safety case 2.0 signed by Dr Amir Qureshi, Clinical Safety Officer (GMC 7345678).",
        {
          rahman: "DTAC in April and a DCB0129 safety case 2.0 signed by a registered CSO.",
          whitfield: "DTAC and safety case evidence complete: CSO named with registration.",
          castell: "Dated DTAC assessment and a versioned, signed safety case: requirement met.",
        },
        "Passed by all: DTAC completed and a signed DCB0129 safety case.",
      ),
    },
    answers: {
      clinical:
        "CXR Assist was validated on 22,000 radiographs from three trusts in the north west, against a consensus of two consultant radiologists. Sensitivity for urgent findings is 93.5% (95% CI 92.6–94.3) at 82.0% specificity and 89.5% for suspected lung cancer. We report subgroups by age, sex and ethnicity. Our hazard log has 22 hazards; our CSO will run a DCB0160 workshop with each trust.",
      integration:
        "A DICOM router in each trust sends chest X-rays to our UK cloud service; results return as a secondary capture image and a PDF report. We plan to support IHE AIR Structured Reports next year. Prioritisation is set by the reporting radiologist filtering on our flag in PACS. We have integrated with Agfa at one trust.",
      ig: "The trusts are controllers and Kestrel is processor, with a DPA for each trust. Processing takes place in AWS London. Images are kept for 12 months to support audit. DSPT standards met; Cyber Essentials held and Cyber Essentials Plus planned this year.",
      surveillance:
        "A quarterly audit compares our flags with a sample of radiologist reports. We will share the findings with the trusts and report incidents to the MHRA. Drift is reviewed at each quarterly audit.",
      social: "We are committed to equality, diversity and inclusion and will support local communities where we work.",
    },
    plan: {
      filename: "kestrel-plan.pdf",
      lines: [
        "Kestrel Health: implementation plan",
        "Phase 1 (months 1-2): set-up and router installation at all three trusts.",
        "Phase 2 (months 3-4): testing and training.",
        "Phase 3 (month 5): go-live.",
      ],
    },
    unitPrices: { licence: "42000.00", integration: "16000.00", training: "900.00", evaluation: "3300.00" },
    marks: {
      clinical: {
        by: {
          rahman: [
            3,
            "Good: 22,000 films from three trusts with two-reader consensus, confidence intervals and ethnicity subgroups; a DCB0160 workshop per trust.",
          ],
          whitfield: [
            3,
            "Sound multi-site UK evidence with subgroups. Portable films are not analysed and the hazard log is described only by its size.",
          ],
        },
        consensus: [3, "Good: multi-site UK validation with subgroups and DCB0160 support; no portable-film results."],
      },
      integration: {
        by: {
          rahman: [
            2,
            "Results as secondary capture and PDF only; AIR is 'planned'. Prioritisation relies on radiologists filtering in PACS rather than the RIS worklist.",
          ],
          whitfield: [
            2,
            "No worklist prioritisation in the RIS and no downtime behaviour described; one Agfa site only.",
          ],
          castell: [
            2,
            "Router-to-cloud design is workable but downtime handling is missing and there is one NHS integration to date.",
          ],
        },
        consensus: [2, "Satisfactory: no AIR results, no RIS prioritisation and no downtime design."],
      },
      ig: {
        by: {
          rahman: [2, "A DPA per trust and 12-month image retention in the cloud; Cyber Essentials Plus not yet held."],
          whitfield: [
            1,
            "Keeping identifiable images for 12 months 'for audit' is not justified, and the per-trust DPAs work against one approval. Poor.",
          ],
          castell: [2, "UK residency and DSPT met, but long retention, three DPAs and no Cyber Essentials Plus."],
        },
        consensus: [
          2,
          "Satisfactory: UK processing and DSPT, but 12-month retention, per-trust DPAs and no Cyber Essentials Plus yet.",
        ],
      },
      surveillance: {
        by: {
          rahman: [
            2,
            "Quarterly sampled audit only; no metrics by patient group and drift is reviewed only quarterly.",
          ],
          whitfield: [2, "Too infrequent to catch drift in a 12-month pilot, with no thresholds or response times."],
        },
        consensus: [
          2,
          "Satisfactory: quarterly sampled audits without thresholds, subgroup metrics or response times.",
        ],
      },
      plan: {
        by: {
          rahman: [
            2,
            "Three phases with all trusts installed at once and go-live in month 5; no dependencies or risks.",
          ],
          whitfield: [2, "Simultaneous installs at three trusts with no resourcing or risk plan is optimistic."],
        },
        consensus: [2, "Satisfactory: an outline of phases without dependencies, risks or resources."],
      },
      social: {
        by: {
          rahman: [1, "A general statement of values with no commitments, measures or link to the contract."],
          whitfield: [1, "Nothing measurable is offered; poor against the Social Value Model."],
        },
        consensus: [1, "Poor: no specific or measurable commitment."],
      },
    },
  },
];

// --- The panel ------------------------------------------------------------------------------------

const PANEL: { key: EvaluatorKey; email: string; sections: number[] | null }[] = [
  { key: "rahman", email: "evaluator@example.com", sections: null },
  { key: "whitfield", email: "evaluator2@example.com", sections: null },
  // The network's information governance and digital lead: the gate, integration and IG only.
  { key: "castell", email: "evaluator3@example.com", sections: [1, 3, 4] },
];

const CONFLICT = {
  evaluator: "whitfield" as EvaluatorKey,
  bidder: "lumen" as BidderKey,
  details:
    "My wife is employed by Lumen Radiology Systems Ltd as a senior product manager, and I gave a paid lecture at their clinical advisory day last year.",
};

// --- Seeding ----------------------------------------------------------------------------------------

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

type Ids = { passwordHash: string; organisationIds: Map<string, string>; userIds: Map<string, string> };

/** The pilot procurement, its organisations, accounts, tender, bids, evaluation and award. */
export async function seedEvaluation(tx: Transaction, ids: Ids) {
  const organisationIds = new Map(ids.organisationIds);
  const userIds = new Map(ids.userIds);
  const seedActor: AuditActor = { email: "seed" };
  for (const { key, ...organisation } of ORGANISATIONS) {
    const [row] = await tx.insert(organisations).values(organisation).returning({ id: organisations.id });
    organisationIds.set(key, row.id);
  }
  for (const account of ACCOUNTS) {
    const [user] = await tx
      .insert(users)
      .values({
        email: account.email,
        name: account.name,
        role: account.role,
        organisationId: "organisation" in account ? organisationIds.get(account.organisation) : null,
        isOrganisationAdmin: "organisation" in account,
        passwordHash: ids.passwordHash,
        emailVerifiedAt: clock.now(),
        isDemoAccount: true,
      })
      .returning({ id: users.id });
    userIds.set(account.email, user.id);
    await recordAudit(tx, seedActor, {
      action: "seed.account_created",
      subjectType: "user",
      subjectId: user.id,
      summary: { after: { email: account.email, role: account.role } },
    });
  }
  const userId = (email: string) => {
    const id = userIds.get(email);
    if (!id) throw new Error(`Seed account ${email} is missing`);
    return id;
  };
  const staff = { userId: userId("staff@example.com"), email: "staff@example.com" };
  const staff2 = { userId: userId("staff2@example.com"), email: "staff2@example.com" };
  const supplierEmail: Record<BidderKey, string> = {
    radiant: "supplier@example.com",
    northern: "supplier2@example.com",
    lumen: "supplier3@example.com",
    severn: "supplier4@example.com",
    kestrel: "supplier5@example.com",
  };
  const bidder = (key: BidderKey) => {
    const organisationId = organisationIds.get(key);
    if (!organisationId) throw new Error(`Seed organisation ${key} is missing`);
    return { organisationId, userId: userId(supplierEmail[key]), email: supplierEmail[key] };
  };

  // The timeline: the deadline three months ago, opening the next day, award a month after.
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

  // The tender, published as version 1.
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

  // The bids, each submitted once before the deadline.
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
    const plan = await storeFile(planBytes);
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
      submittedAt: submittedAt.toISOString(),
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

  // Opened by two different members of staff the morning after the deadline.
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

  // The panel, assigned before the deadline; each evaluator declares for each bid after opening.
  await tx.insert(evaluationRules).values({ tenderId: tender.id });
  const evaluatorIds = new Map<EvaluatorKey, string>();
  for (const member of PANEL) {
    const evaluatorUserId = userId(member.email);
    evaluatorIds.set(member.key, evaluatorUserId);
    const sectionIds = member.sections?.map((n) => questionnaire.sections[n - 1].id) ?? null;
    const [row] = await tx
      .insert(evaluatorAssignments)
      .values({
        tenderId: tender.id,
        evaluatorUserId,
        sectionIds,
        assignedByUserId: staff.userId,
        assignedAt: after(-3, 10),
      })
      .returning({ id: evaluatorAssignments.id });
    await recordAudit(tx, staff, {
      action: "evaluation.evaluator_assigned",
      subjectType: "evaluator_assignment",
      subjectId: row.id,
      procurementId: procurement.id,
      summary: { evaluatorUserId, sections: member.sections ?? "all" },
    });
  }
  const evaluatorActor = (key: EvaluatorKey) => {
    const member = PANEL.find((m) => m.key === key);
    const id = evaluatorIds.get(key);
    if (!member || !id) throw new Error(`Pilot evaluator ${key} is missing`);
    return { userId: id, email: member.email };
  };
  for (const [i, member] of PANEL.entries()) {
    for (const demo of BIDS) {
      const conflicted = member.key === CONFLICT.evaluator && demo.bidder === CONFLICT.bidder;
      const actor = evaluatorActor(member.key);
      const bidId = bidIds.get(demo.bidder) as string;
      const [row] = await tx
        .insert(conflictDeclarations)
        .values({
          tenderId: tender.id,
          bidId,
          evaluatorUserId: actor.userId,
          hasConflict: conflicted,
          details: conflicted ? CONFLICT.details : "",
          declaredAt: new Date(after(1, 11).getTime() + i * HOUR),
        })
        .returning({ id: conflictDeclarations.id });
      await recordAudit(tx, actor, {
        action: "evaluation.conflict_declared",
        subjectType: "conflict_declaration",
        subjectId: row.id,
        procurementId: procurement.id,
        summary: { bidId, hasConflict: conflicted },
      });
    }
  }

  // Each evaluator's marks, submitted bid by bid over the following fortnight.
  const markedQuestions = (member: (typeof PANEL)[number]) =>
    (["ukca", "insurance", "dtac", "clinical", "integration", "ig", "surveillance", "plan", "social"] as const).filter(
      (key) => member.sections === null || member.sections.includes(Number(question(key).number.split(".")[0])),
    );
  for (const [i, member] of PANEL.entries()) {
    for (const [b, demo] of BIDS.entries()) {
      if (member.key === CONFLICT.evaluator && demo.bidder === CONFLICT.bidder) continue;
      const actor = evaluatorActor(member.key);
      const bidId = bidIds.get(demo.bidder) as string;
      const submittedAt = after(4 + b * 2 + i, 16);
      const rows = markedQuestions(member).map((key) => {
        const mark =
          key === "ukca" || key === "insurance" || key === "dtac"
            ? demo.passFail[key].marks[member.key]
            : demo.marks[key].by[member.key];
        if (!mark) throw new Error(`Pilot mark missing: ${demo.bidder} ${key} ${member.key}`);
        if (mark[1].length < 50) throw new Error(`Pilot justification too short: ${demo.bidder} ${key} ${member.key}`);
        return {
          tenderId: tender.id,
          bidId,
          questionId: question(key).id,
          evaluatorUserId: actor.userId,
          score: typeof mark[0] === "number" ? mark[0] : null,
          pass: typeof mark[0] === "boolean" ? mark[0] : null,
          justification: mark[1],
          updatedAt: new Date(submittedAt.getTime() - 2 * HOUR),
          submittedAt,
        };
      });
      await tx.insert(evaluationScores).values(rows);
      await recordAudit(tx, actor, {
        action: "evaluation.scores_submitted",
        subjectType: "bid",
        subjectId: bidId,
        procurementId: procurement.id,
        summary: { marks: rows.length },
      });
    }
  }

  // Moderation: a consensus and rationale for every question but price (scored by formula).
  for (const [b, demo] of BIDS.entries()) {
    const bidId = bidIds.get(demo.bidder) as string;
    const agreedAt = after(20 + Math.floor(b / 2), 11 + (b % 2) * 3);
    for (const key of [
      "ukca",
      "insurance",
      "dtac",
      "clinical",
      "integration",
      "ig",
      "surveillance",
      "plan",
      "social",
    ] as const) {
      const [mark, rationale] =
        key === "ukca" || key === "insurance" || key === "dtac"
          ? demo.passFail[key].consensus
          : demo.marks[key].consensus;
      const q = question(key);
      const [row] = await tx
        .insert(moderatedScores)
        .values({
          tenderId: tender.id,
          bidId,
          questionId: q.id,
          score: typeof mark === "number" ? mark : null,
          pass: typeof mark === "boolean" ? mark : null,
          rationale,
          moderatorUserId: staff.userId,
          agreedAt,
        })
        .returning({ id: moderatedScores.id });
      await recordAudit(tx, staff, {
        action: "moderation.consensus_agreed",
        subjectType: "moderated_score",
        subjectId: row.id,
        procurementId: procurement.id,
        summary: { bidId, number: q.number, ...(typeof mark === "number" ? { score: mark } : { pass: mark }) },
      });
    }
  }

  // The award to the best-ranked compliant bid, as the ranking computes it from the consensus and
  // the price totals; every bidder's assessment summary sent at once.
  const priceQuestion = question("price");
  const ranking = rankBids({
    questions: allQuestions(questionnaire).map(({ id, number, title, kind, weight }) => ({
      id,
      number,
      title,
      kind,
      weight,
    })),
    bids: BIDS.map((demo) => ({
      bidId: bidIds.get(demo.bidder) as string,
      label: demo.bidder,
      consensus: Object.fromEntries(
        (["ukca", "insurance", "dtac", "clinical", "integration", "ig", "surveillance", "plan", "social"] as const).map(
          (key) => {
            const [mark, rationale] =
              key === "ukca" || key === "insurance" || key === "dtac"
                ? demo.passFail[key].consensus
                : demo.marks[key].consensus;
            return [
              question(key).id,
              {
                score: typeof mark === "number" ? mark : null,
                pass: typeof mark === "boolean" ? mark : null,
                rationale,
              },
            ];
          },
        ),
      ),
      priceTotals: { [priceQuestion.id]: priceTotals(PRICE_ITEMS, demo.unitPrices).totalPence },
    })),
    scaleMax: 4,
    tieBreak: "quality",
  });
  const [first, second] = ranking;
  const excluded = ranking.filter((r) => r.excluded).map((r) => r.label);
  if (first?.label !== "radiant" || second?.label !== "northern" || excluded.join() !== "kestrel") {
    throw new Error(
      `The pilot's demo ranking changed: ${ranking.map((r) => `${r.label} ${formatPoints(r.total)}`).join(", ")}`,
    );
  }
  const rationale = `The highest total score of the compliant bids: ${formatPoints(first.total)} of 100 (quality ${formatPoints(first.quality)} of 70, price ${formatPoints(first.price)} of 30), ahead of the second-ranked bid's ${formatPoints(second.total)}. The winning bid gave the strongest clinical evidence and post-market surveillance, at a price within the pilot's budget. One bid was excluded for failing the insurance requirement (question 1.2) and was not ranked.`;
  const [award] = await tx
    .insert(awards)
    .values({
      tenderId: tender.id,
      bidId: bidIds.get("radiant") as string,
      rationale,
      decidedByUserId: staff.userId,
      decidedAt,
      noticeDate,
      standstillEndsOn: standstillEnds,
      summariesSentAt,
      summariesSentByUserId: staff2.userId,
    })
    .returning({ id: awards.id });
  const awardAudit = { subjectType: "award", subjectId: award.id, procurementId: procurement.id };
  await recordAudit(tx, staff, {
    ...awardAudit,
    action: "award.decided",
    summary: { bidId: bidIds.get("radiant"), noticeDate, standstillEndsOn: standstillEnds },
  });
  await recordAudit(tx, staff2, { ...awardAudit, action: "award.summaries_sent", summary: { bidders: BIDS.length } });
}
