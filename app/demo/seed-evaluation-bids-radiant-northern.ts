// The pilot's bids from Radiant (awarded, ranked first) and Northern (ranked second): their answers,
// plans, prices and the panel's marks and consensus.
import { passed, type DemoBid } from "./seed-evaluation-demo-bid";

export const RADIANT_AND_NORTHERN: DemoBid[] = [
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
];
