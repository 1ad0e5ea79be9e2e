// The pilot's bids from Lumen (ranked third), Severn (fourth) and Kestrel (excluded on insurance):
// their answers, plans, prices and the panel's marks and consensus.
import { passed, type DemoBid } from "./seed-evaluation-demo-bid";

export const LUMEN_SEVERN_AND_KESTREL: DemoBid[] = [
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
