// The releases of a procurement's OCDS package, one per stage that has happened: planning, the
// tender as first published and each amendment, a cancellation, the award; with the dates in UK time.
import { engagementSessions } from "../../db/schema";
import type { AwardedTenderers } from "../bids/sealed.server";
import { config } from "../config.server";
import { ENGAGEMENT_KIND_LABELS } from "../engagement/schema";
import type { Procurement } from "../procurements/procurements.server";
import {
  allQuestions,
  weightSummary,
  type PublishedDocument,
  type PublishedQuestionnaire,
} from "../tenders/questionnaire";
import { formatDateTime, londonOffsetMs, toLondonLocal } from "../time";
import type {
  OcdsValue,
  OcdsPeriod,
  OcdsParty,
  OcdsReleaseTag,
  OcdsTenderStatus,
  OcdsMilestone,
  OcdsDocument,
  OcdsAmendment,
  OcdsTender,
  OcdsRelease,
} from "./ocds-shapes";

// --- Dates ---------------------------------------------------------------------------------------------

/** An instant in UK time with its offset, as OCDS asks: 2027-06-14T10:00:00+01:00. */
export function ocdsDateTime(at: Date): string {
  const offsetMinutes = Math.round(londonOffsetMs(at) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  const seconds = String(at.getUTCSeconds()).padStart(2, "0");
  return `${toLondonLocal(at)}:${seconds}${offset}`;
}

/** A UK calendar day (YYYY-MM-DD) as the instant it starts in UK time. */
function startOfUkDay(day: string): Date {
  const midnightUtc = new Date(`${day}T00:00:00Z`);
  return new Date(midnightUtc.getTime() - londonOffsetMs(midnightUtc));
}
const DOCUMENT_TYPES: Record<PublishedDocument["kind"], string> = {
  specification: "technicalSpecifications",
  draft_contract: "contractDraft",
  pricing_instructions: "biddingDocuments",
  other: "biddingDocuments",
};
/** The buyer: NHS England's AI Lab, buying on behalf of DHSC. */
function buyerParty(procurement: Procurement): OcdsParty {
  return {
    id: "nhs-england-ai-lab",
    name: "NHS England (NHS AI Lab)",
    contactPoint: { name: "NHS AI Lab commercial team", email: procurement.engagementContactEmail },
    roles: ["buyer"],
  };
}

type TenderVersion = {
  number: number;
  reason: string | null;
  publishedAt: Date;
  questionnaire: PublishedQuestionnaire;
};
export type DeadlineChange = { at: Date; before: Date | null; after: Date; reason: string };
/** Revision n (1 the first publication) is release `tender-1` or `tenderAmendment-n`: append-only, so ids stay put. */
type Revision = { number: number; at: Date; rationale: string | null };

export type Stages = {
  procurement: Procurement;
  ocid: string;
  now: Date;
  sessions: (typeof engagementSessions.$inferSelect)[];
  versions: TenderVersion[];
  /** The first publication, then every amendment (a new questionnaire version or a moved deadline), in order. */
  revisions: Revision[];
  deadlineChanges: DeadlineChange[];
  awarded: AwardedTenderers | null;
  companiesHouse: Map<string, string>;
  addresses: Map<string, OcdsParty["address"]>;
};
function baseRelease(stages: Stages, tag: OcdsReleaseTag, version: number, date: Date, parties: OcdsParty[] = []) {
  const buyer = buyerParty(stages.procurement);
  return {
    ocid: stages.ocid,
    id: `${stages.ocid}-${tag}-${version}`,
    date: ocdsDateTime(date),
    tag: [tag],
    initiationType: "tender" as const,
    language: "en" as const,
    parties: [buyer, ...parties],
    buyer: { id: buyer.id, name: buyer.name },
  };
}

function estimatedValue(procurement: Procurement): OcdsValue | undefined {
  if (procurement.estimatedValue === null) return undefined;
  const amount = Number(procurement.estimatedValue);
  return Number.isFinite(amount) ? { amount, currency: "GBP" } : undefined;
}

/** The planning release: the procurement as announced, its engagement events as milestones. */
export function planningRelease(stages: Stages): OcdsRelease {
  const { procurement, now } = stages;
  // First recorded when the procurement was made, or when its discovery or engagement began if earlier.
  const candidates = [procurement.createdAt, procurement.engagementStartsAt, procurement.discoveryStartsAt].filter(
    (d): d is Date => d !== null && d.getTime() <= now.getTime(),
  );
  const date = new Date(Math.min(...candidates.map((d) => d.getTime()), procurement.createdAt.getTime()));
  const milestones: OcdsMilestone[] = stages.sessions.map((session) => {
    const held = session.endsAt.getTime() <= now.getTime();
    return {
      id: session.id,
      title: session.title,
      type: "engagement",
      description: `${ENGAGEMENT_KIND_LABELS[session.kind]}: ${session.agenda}`,
      dueDate: ocdsDateTime(session.startsAt),
      ...(held ? { dateMet: ocdsDateTime(session.endsAt) } : {}),
      status: held ? "met" : "scheduled",
    };
  });
  if (procurement.engagementClosesAt) {
    const closed = procurement.engagementClosesAt.getTime() <= now.getTime();
    milestones.push({
      id: "engagement-closes",
      title: "Preliminary market engagement closes",
      type: "engagement",
      description: "The last day of preliminary market engagement (Procurement Act 2023, s.16).",
      dueDate: ocdsDateTime(procurement.engagementClosesAt),
      ...(closed ? { dateMet: ocdsDateTime(procurement.engagementClosesAt) } : {}),
      status: closed ? "met" : "scheduled",
    });
  }
  return {
    // One planning release: it describes the procurement as announced, its events gaining their status.
    ...baseRelease(stages, "planning", 1, date),
    planning: { rationale: procurement.description || procurement.summary, milestones },
    tender: {
      id: stages.ocid,
      title: procurement.title,
      description: procurement.summary,
      // Cancelled before any tender was published: the process ends here.
      status: procurement.cancelledAt && procurement.cancelledAt.getTime() <= now.getTime() ? "cancelled" : "planning",
      ...optional("value", estimatedValue(procurement)),
      ...optional("items", cpvItems(procurement)),
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function cpvItems(procurement: Procurement): OcdsTender["items"] {
  if (!procurement.cpvCode) return undefined;
  return [{ id: "1", description: procurement.title, classification: { scheme: "CPV", id: procurement.cpvCode } }];
}

function period(start: Date | null | undefined, end: Date | null | undefined): OcdsPeriod | undefined {
  if (!start && !end) return undefined;
  return {
    ...optional("startDate", start ? ocdsDateTime(start) : undefined),
    ...optional("endDate", end ? ocdsDateTime(end) : undefined),
  };
}

/** How bids are evaluated, from the questionnaire's weights: quality against price, question by question. */
function awardCriteriaOf(questionnaire: PublishedQuestionnaire) {
  const questions = allQuestions(questionnaire);
  const weights = weightSummary(questions);
  const criteria = weights.price === 0 ? "qualityOnly" : weights.quality === 0 ? "priceOnly" : "ratedCriteria";
  const weighted = questions
    .filter((q) => q.kind !== "pass_fail" && q.weight !== null)
    .map((q) => `${q.number} ${q.title} (${q.weight}%)`);
  const gates = questions.filter((q) => q.kind === "pass_fail").map((q) => q.number);
  const details = [
    `Quality ${weights.quality}%, price ${weights.price}%.`,
    weighted.length > 0 ? `Weighted questions: ${weighted.join("; ")}.` : "",
    gates.length > 0 ? `Pass or fail (a bid failing any is excluded): ${gates.join(", ")}.` : "",
  ].filter(Boolean);
  return { awardCriteria: criteria as OcdsTender["awardCriteria"], awardCriteriaDetails: details.join(" ") };
}

/** The first publication, then each later questionnaire version and each moved deadline, by date. */
export function revisionsOf(versions: TenderVersion[], deadlineChanges: DeadlineChange[]): Revision[] {
  const [first, ...later] = versions;
  if (!first) return [];
  const amendments = [
    ...later.map((v) => ({ at: v.publishedAt, rationale: v.reason ?? "" })),
    ...deadlineChanges
      .filter((c) => c.at.getTime() > first.publishedAt.getTime())
      .map((c) => ({
        at: c.at,
        rationale: `The bid deadline moves${c.before ? ` from ${formatDateTime(c.before)}` : ""} to ${formatDateTime(c.after)} (UK time): ${c.reason}`,
      })),
  ].sort((x, y) => x.at.getTime() - y.at.getTime());
  return [
    { number: 1, at: first.publishedAt, rationale: null },
    ...amendments.map((a, i) => ({ number: i + 2, ...a })),
  ];
}

/** The bid deadline in force at a moment: the last change made by then, else what the first later change moved. */
function deadlineAt(stages: Stages, at: Date): Date | null {
  const made = stages.deadlineChanges.filter((c) => c.at.getTime() <= at.getTime());
  if (made.length > 0) return made[made.length - 1].after;
  const next = stages.deadlineChanges.find((c) => c.at.getTime() > at.getTime());
  return next ? next.before : stages.procurement.bidDeadline;
}

function tenderReleaseId(stages: Stages, number: number) {
  return `${stages.ocid}-${number === 1 ? "tender" : "tenderAmendment"}-${number}`;
}

/** The tender as it stood at a revision: its questionnaire then, its deadline then, every amendment so far. */
function tenderBlock(stages: Stages, revision: Revision, status: OcdsTenderStatus): OcdsTender {
  const { procurement, versions } = stages;
  const first = versions[0];
  const inForce = versions.filter((v) => v.publishedAt.getTime() <= revision.at.getTime());
  const version = inForce[inForce.length - 1] ?? first;
  const tenderPage = `${config().publicUrl}/procurements/${procurement.slug}/tender`;
  const firstPublished = (documentId: string) =>
    versions.find((v) => v.questionnaire.documents.some((d) => d.id === documentId))?.publishedAt ??
    version.publishedAt;
  const documents: OcdsDocument[] = [
    {
      id: "tender-notice",
      documentType: "tenderNotice",
      title: `Tender: ${procurement.title}`,
      url: tenderPage,
      datePublished: ocdsDateTime(first.publishedAt),
      format: "text/html",
      language: "en",
    },
    ...version.questionnaire.documents.map((d) => ({
      id: d.id,
      documentType: DOCUMENT_TYPES[d.kind],
      title: d.title,
      url: `${tenderPage}/documents/${d.id}`,
      datePublished: ocdsDateTime(firstPublished(d.id)),
      format: d.contentType,
      language: "en" as const,
    })),
  ];
  const amendments: OcdsAmendment[] = stages.revisions
    .filter((r) => r.number > 1 && r.number <= revision.number)
    .map((r) => ({
      id: String(r.number),
      date: ocdsDateTime(r.at),
      rationale: r.rationale ?? "",
      amendsReleaseID: tenderReleaseId(stages, r.number - 1),
      releaseID: tenderReleaseId(stages, r.number),
    }));
  return {
    id: stages.ocid,
    title: procurement.title,
    description: procurement.summary,
    status,
    ...optional("value", estimatedValue(procurement)),
    procurementMethod: "open",
    procurementMethodDetails: "Open procedure (Procurement Act 2023, s.20(2)(a))",
    ...optional("items", cpvItems(procurement)),
    ...awardCriteriaOf(version.questionnaire),
    submissionMethod: ["electronicSubmission"],
    submissionMethodDetails: `Bids are submitted on the portal: ${tenderPage}`,
    ...optional("tenderPeriod", period(first.publishedAt, deadlineAt(stages, revision.at))),
    ...optional("enquiryPeriod", period(first.publishedAt, procurement.clarificationDeadline)),
    documents,
    ...(amendments.length > 0 ? { amendments } : {}),
  };
}

export function tenderRelease(stages: Stages, revision: Revision): OcdsRelease {
  return {
    ...baseRelease(stages, revision.number === 1 ? "tender" : "tenderAmendment", revision.number, revision.at),
    tender: tenderBlock(stages, revision, "active"),
  };
}

export function cancellationRelease(stages: Stages, latest: Revision, cancelledAt: Date): OcdsRelease {
  return {
    ...baseRelease(stages, "tenderCancellation", 1, cancelledAt),
    tender: tenderBlock(stages, latest, "cancelled"),
  };
}

/** The award, from its notice date: the supplier, its winning price and everyone who bid. Nothing else. */
export function awardRelease(stages: Stages, latest: Revision, awarded: AwardedTenderers): OcdsRelease {
  const { award, winner, tenderers } = awarded;
  const partyId = (organisationId: string) => {
    const number = stages.companiesHouse.get(organisationId);
    return number ? `GB-COH-${number}` : `organisation-${organisationId}`;
  };
  const parties: OcdsParty[] = tenderers.map((t) => {
    const number = stages.companiesHouse.get(t.organisationId);
    const isWinner = t.organisationId === winner.organisationId;
    return {
      id: partyId(t.organisationId),
      name: t.name,
      ...(number ? { identifier: { scheme: "GB-COH", id: number, legalName: t.name } } : {}),
      ...optional("address", isWinner ? stages.addresses.get(t.organisationId) : undefined),
      roles: isWinner ? ["tenderer", "supplier"] : ["tenderer"],
    };
  });
  const noticeStarts = startOfUkDay(award.noticeDate);
  const date = award.decidedAt.getTime() > noticeStarts.getTime() ? award.decidedAt : noticeStarts;
  const today = toLondonLocal(stages.now).slice(0, 10);
  return {
    ...baseRelease(stages, "award", 1, date, parties),
    tender: {
      ...tenderBlock(stages, latest, "complete"),
      numberOfTenderers: tenderers.length,
      tenderers: tenderers.map((t) => ({ id: partyId(t.organisationId), name: t.name })),
    },
    awards: [
      {
        id: award.id,
        title: `Award: ${stages.procurement.title}`,
        // In standstill the award is made but not yet in force: the contract may not be entered into.
        status: award.standstillEndsOn >= today ? "pending" : "active",
        date: ocdsDateTime(award.decidedAt),
        ...optional(
          "value",
          winner.totalPence === null ? undefined : { amount: winner.totalPence / 100, currency: "GBP" as const },
        ),
        suppliers: [{ id: partyId(winner.organisationId), name: winner.name }],
      },
    ],
  };
}
