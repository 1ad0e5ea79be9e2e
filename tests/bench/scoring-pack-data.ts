// A synthetic scoring pack of any size, straight into the pack renderer's input type (no database):
// for the benchmark, and to look at the layout of a large pack.
import { PROTECTIVE_MARKING, type ScoringPack } from "../../app/evaluation/scoring-pack";

const JUSTIFICATIONS = [
  "The response sets out a DCB0129 clinical safety case with a named clinical safety officer and a hazard log that covers the triage workflow end to end; mitigation for false negatives is described but not evidenced with site data.",
  "Integration with PACS through DICOM and IHE AI Results is described in detail, including routing rules per trust and a tested rollback. The answer cites two live NHS deployments with volumes.",
  "The bid commits to Cyber Essentials Plus and a current DSPT submission but gives little on penetration testing cadence or how third-party model vendors are assured.",
  "Post-market surveillance is addressed through monthly drift reports and a clear escalation route to the MHRA; thresholds for retraining are not stated, which limits confidence.",
  "The implementation plan is realistic for the first ten trusts, with named roles and a sensible sequence, but resourcing beyond the pilot wave is vague.",
];

const RATIONALES = [
  "Evaluators agreed the response is strong on process but light on evidence from live sites; the middle score reflects that the hazard log is complete while outcomes are not yet demonstrated.",
  "Consensus at the higher score: all three evaluators found the integration approach specific, tested and already running in NHS settings, and the one lower mark was revised after discussion of the cited deployments.",
  "Agreed that the commitments meet the requirement but the assurance of third parties is not described, so the score stays at satisfactory.",
];

const QUESTION_TITLES = [
  "Clinical safety approach (DCB0129 and DCB0160)",
  "Interoperability with PACS (DICOM, IHE AI Results)",
  "Information governance and DSPT",
  "Cyber security (Cyber Essentials Plus)",
  "Onboarding of third-party AI models",
  "Post-market surveillance and model drift",
  "Social value",
  "Implementation plan",
];

/** `bids` bids × `questions` questions (the last one the price schedule) × `evaluators` evaluators. */
export function syntheticScoringPack(bids: number, questions: number, evaluators: number): ScoringPack {
  const evaluatorNames = Array.from({ length: evaluators }, (_, i) => `Evaluator ${String.fromCharCode(65 + i)} Smith`);
  const weight = Math.floor(70 / Math.max(1, questions - 1));
  const criteria = Array.from({ length: questions }, (_, q) => {
    const price = q === questions - 1;
    return {
      number: `${Math.floor(q / 5) + 1}.${(q % 5) + 1}`,
      title: price ? "Price schedule" : QUESTION_TITLES[q % QUESTION_TITLES.length],
      kind: price ? "Price schedule" : "Written answer",
      weight: price ? "30%" : `${weight}%`,
      available: price ? "30.00 points" : `${weight.toFixed(2)} points`,
    };
  });
  const label = (b: number) =>
    `Bidder ${b < 26 ? String.fromCharCode(65 + b) : `${String.fromCharCode(64 + Math.floor(b / 26))}${String.fromCharCode(65 + (b % 26))}`}`;
  return {
    procurementTitle: "National AI imaging platform",
    generatedAtText: "27 November 2026, 9:00am",
    marking: PROTECTIVE_MARKING,
    facts: [
      { name: "Tender version bid against", value: "Version 2" },
      { name: "Bids opened", value: "3 November 2026, 10:15am (UK time)" },
      { name: "Bids evaluated", value: String(bids) },
      { name: "Evaluators", value: evaluatorNames.join(", ") },
      { name: "Award", value: `${label(0)} (Supplier 1 Imaging Ltd), notice 20 November 2026` },
    ],
    methodology: {
      scale: "Each evaluator scored each quality question from 0 to 4, independently and with a written justification.",
      descriptors: ["0: Unacceptable", "1: Poor", "2: Satisfactory", "3: Good", "4: Excellent"],
      priceFormula: "Lowest compliant total price ÷ the bid's total price × the price weight.",
      passFail: "A consensus fail on any pass or fail question excludes the bid.",
      tieBreak: "Of bids with equal totals, the one with the higher quality score ranks higher.",
      moderation: "A moderator recorded a consensus score and rationale for each question.",
    },
    criteria,
    weights: { quality: "70%", price: "30%" },
    ranking: Array.from({ length: bids }, (_, b) => ({
      rank: String(b + 1),
      label: label(b),
      organisation: `Supplier ${b + 1} Imaging Ltd`,
      quality: (70 - b * 0.9).toFixed(2),
      price: (30 - b * 0.3).toFixed(2),
      total: (100 - b * 1.2).toFixed(2),
      status: "Ranked",
    })),
    rankingNotes: [],
    award: [
      { name: "Winning bid", value: `${label(0)}: Supplier 1 Imaging Ltd` },
      { name: "Reasons", value: "Highest total on the moderated scores; no exclusions." },
      { name: "Award notice", value: "20 November 2026" },
      { name: "Standstill ends", value: "Midnight at the end of 2 December 2026" },
    ],
    bids: Array.from({ length: bids }, (_, b) => ({
      label: label(b),
      organisation: `Supplier ${b + 1} Imaging Ltd`,
      reference: `AIP-BID-2026-${String(100000 + b).padStart(8, "0")}`,
      submittedAtText: "2 November 2026, 11:58am",
      standing: `Ranked ${b + 1}: quality ${(70 - b * 0.9).toFixed(2)}, price ${(30 - b * 0.3).toFixed(2)}, total ${(100 - b * 1.2).toFixed(2)} points`,
      questions: criteria.map((c, q) => ({
        number: c.number,
        title: c.title,
        kind: c.kind,
        weight: `weight ${c.weight}`,
        marks:
          c.title === "Price schedule"
            ? []
            : evaluatorNames.map((evaluator, e) => ({
                evaluator,
                mark: `${(b + q + e) % 5} out of 4`,
                justification: `${JUSTIFICATIONS[(b + q + e) % JUSTIFICATIONS.length]} (${label(b)}, ${c.number}, ${evaluator})`,
                submittedAtText: "10 November 2026, 4:00pm",
              })),
        notScoredBy: [],
        consensus: {
          mark: c.title === "Price schedule" ? "Scored by formula" : `${(b + q) % 5} out of 4`,
          points: `${((((b + q) % 5) / 4) * weight).toFixed(2)} points`,
          rationale: `${RATIONALES[(b + q) % RATIONALES.length]} (consensus ${label(b)} ${c.number})`,
          byline: "Agreed by Morgan Moderator on 14 November 2026, 2:30pm (UK time)",
        },
      })),
    })),
    conflicts: Array.from({ length: bids * evaluators }, (_, i) => ({
      evaluator: evaluatorNames[i % evaluators],
      bid: `${label(Math.floor(i / evaluators))}: Supplier ${Math.floor(i / evaluators) + 1} Imaging Ltd`,
      declaration: i === 4 ? "Conflict" : "No conflict",
      details: i === 4 ? "Former employee of the bidder within the last two years" : "–",
      declaredAtText: "4 November 2026, 9:30am",
    })),
    events: [
      { atText: "3 November 2026, 10:02am", what: "Opening of bids requested", who: "Sam Staff", detail: "" },
      { atText: "3 November 2026, 10:15am", what: "Bids opened", who: "Rita Reviewer", detail: `bids ${bids}` },
      { atText: "20 November 2026, 9:00am", what: "Award decided", who: "Sam Staff", detail: `bidder ${label(0)}` },
    ],
  };
}
