// The draft preliminary market engagement notice (Procurement Act 2023 s.17, Procurement
// Regulations 2024 reg 17), built from a procurement and its engagement sessions.
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { db } from "../../db/client.server";
import { engagementSessions, engagementSlots, procurements } from "../../db/schema";
import { config } from "../config.server";
import { formatDate, formatDateTime, formatTime, londonOffsetMs } from "../time";
import { ENGAGEMENT_KIND_LABELS } from "./schema";
import * as clock from "../clock.server";
import { notFound } from "../refusals.server";

type EngagementKind = (typeof engagementSessions.$inferSelect)["kind"];

export type EngagementNoticeEvent = {
  id: string;
  kind: EngagementKind;
  /** "Webinar", "In-person event", "One-to-one meetings". */
  kindLabel: string;
  title: string;
  agenda: string;
  startsAt: string;
  endsAt: string;
  /** "Wednesday 14 July 2027", in UK time. */
  date: string;
  /** "10:00am", in UK time. */
  startTime: string;
  endTime: string;
  /** "BST" or "GMT": which UK time the event falls in. */
  zone: "BST" | "GMT";
  /** The place in one line; the webinar's joining link is never part of it. */
  place: string;
  /** The same place as separate lines (venue, then each line of the address). */
  placeLines: string[];
  registrationDeadline: string;
  /** "7 July 2027, 5:00pm", in UK time. */
  registrationDeadlineText: string;
  /** One-to-one sessions only: how many slots there are and how long each lasts. */
  slots: { count: number; minutes: number[] } | null;
};

export type EngagementNotice = {
  /** When this draft was made: drafts change as sessions are added. */
  generatedAt: string;
  generatedAtText: string;
  buyer: {
    name: string;
    unit: string;
    onBehalfOf: string;
    contactEmail: string;
  };
  procurement: {
    id: string;
    slug: string;
    /** The procurement's unique identifier (its OCDS ocid). */
    reference: string;
    title: string;
    summary: string;
    description: string;
    /** "£25,000,000 excluding VAT", or null when not yet estimated. */
    estimatedValue: string | null;
    cpvCode: string | null;
    cpvDescription: string | null;
    /** Where suppliers read about the procurement and register. */
    url: string;
  };
  engagement: {
    startsAt: string | null;
    startsText: string | null;
    closesAt: string | null;
    /** "14 August 2027, 5:00pm", or "To be confirmed". */
    closesText: string;
    /** Paragraphs saying how engagement is run, built from the kinds of session there are. */
    howItRuns: string[];
    /** What happens to what is shared: published to every registered supplier (equal treatment). */
    equalTreatment: string[];
  };
  /** Every session not cancelled, in start order. */
  events: EngagementNoticeEvent[];
};

// Descriptions of the CPV codes this buyer uses; others are shown as the bare code.
const CPV_DESCRIPTIONS: Record<string, string> = {
  "72000000": "IT services: consulting, software development, Internet and support",
  "72260000": "Software-related services",
  "48000000": "Software package and information systems",
};

export const WEBINAR_PLACE = "Online (joining link sent to registered attendees)";

const dayFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});

function ukDate(value: Date): string {
  // en-GB puts a comma after the weekday ("Wednesday, 14 July 2027"); GOV.UK style has none.
  return dayFormatter.format(value).replace(",", "");
}

function formatPounds(value: string | null): string | null {
  if (value === null) return null;
  const amount = Number(value);
  if (!Number.isFinite(amount)) return null;
  const pounds = new Intl.NumberFormat("en-GB", {
    style: "currency",
    currency: "GBP",
    maximumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
  }).format(amount);
  return `${pounds} excluding VAT`;
}

function countLabel(count: number, one: string, many: string) {
  return count === 1 ? `${/^[aeiou]/i.test(one) ? "an" : "a"} ${one}` : `${count} ${many}`;
}

function listWithAnd(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function slotPlace(minutes: number[]): string {
  if (minutes.length === 0) return "Online or by arrangement";
  const min = Math.min(...minutes);
  const max = Math.max(...minutes);
  return min === max
    ? `Online or by arrangement, ${min}-minute slots`
    : `Online or by arrangement, slots of ${min} to ${max} minutes`;
}

/** The notice for one procurement, as plain data for the HTML page and the PDF alike. */
export async function engagementNotice(procurementId: string, now = clock.now()): Promise<EngagementNotice> {
  const [procurement] = await db().select().from(procurements).where(eq(procurements.id, procurementId));
  if (!procurement) notFound();

  const sessions = await db()
    .select()
    .from(engagementSessions)
    .where(and(eq(engagementSessions.procurementId, procurementId), ne(engagementSessions.status, "cancelled")))
    .orderBy(asc(engagementSessions.startsAt), asc(engagementSessions.title));

  const oneToOneIds = sessions.filter((s) => s.kind === "one_to_one").map((s) => s.id);
  const slots =
    oneToOneIds.length === 0
      ? []
      : await db()
          .select({
            sessionId: engagementSlots.sessionId,
            startsAt: engagementSlots.startsAt,
            endsAt: engagementSlots.endsAt,
          })
          .from(engagementSlots)
          .where(inArray(engagementSlots.sessionId, oneToOneIds));

  const events: EngagementNoticeEvent[] = sessions.map((session) => {
    let place: string;
    let placeLines: string[];
    let slotSummary: EngagementNoticeEvent["slots"] = null;
    if (session.kind === "webinar") {
      place = WEBINAR_PLACE;
      placeLines = [WEBINAR_PLACE];
    } else if (session.kind === "in_person") {
      const address = (session.venueAddress ?? "")
        .split(/\r?\n|,/)
        .map((line) => line.trim())
        .filter(Boolean);
      placeLines = [session.venueName ?? "Venue to be confirmed", ...address];
      place = placeLines.join(", ");
    } else {
      const own = slots.filter((slot) => slot.sessionId === session.id);
      const minutes = [
        ...new Set(own.map((slot) => Math.round((slot.endsAt.getTime() - slot.startsAt.getTime()) / 60_000))),
      ].sort((a, b) => a - b);
      slotSummary = { count: own.length, minutes };
      place = slotPlace(minutes);
      placeLines = [place];
    }
    return {
      id: session.id,
      kind: session.kind,
      kindLabel: ENGAGEMENT_KIND_LABELS[session.kind],
      title: session.title,
      agenda: session.agenda,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
      date: ukDate(session.startsAt),
      startTime: formatTime(session.startsAt),
      endTime: formatTime(session.endsAt),
      zone: londonOffsetMs(session.startsAt) === 0 ? "GMT" : "BST",
      place,
      placeLines,
      registrationDeadline: session.registrationDeadline.toISOString(),
      registrationDeadlineText: formatDateTime(session.registrationDeadline),
      slots: slotSummary,
    };
  });

  const publicUrl = `${config().publicUrl}/procurements/${procurement.slug}`;
  return {
    generatedAt: now.toISOString(),
    generatedAtText: formatDateTime(now),
    buyer: {
      name: "NHS England",
      unit: "NHS AI Lab",
      onBehalfOf: "the Department of Health and Social Care (DHSC)",
      contactEmail: procurement.engagementContactEmail,
    },
    procurement: {
      id: procurement.id,
      slug: procurement.slug,
      reference: `${config().ocdsPrefix}-${procurement.id}`,
      title: procurement.title,
      summary: procurement.summary,
      description: procurement.description,
      estimatedValue: formatPounds(procurement.estimatedValue),
      cpvCode: procurement.cpvCode,
      cpvDescription: procurement.cpvCode ? (CPV_DESCRIPTIONS[procurement.cpvCode] ?? null) : null,
      url: publicUrl,
    },
    engagement: {
      startsAt: procurement.engagementStartsAt?.toISOString() ?? null,
      startsText: procurement.engagementStartsAt ? formatDate(procurement.engagementStartsAt) : null,
      closesAt: procurement.engagementClosesAt?.toISOString() ?? null,
      closesText: procurement.engagementClosesAt ? formatDateTime(procurement.engagementClosesAt) : "To be confirmed",
      howItRuns: howEngagementRuns(procurement.title, publicUrl, events),
      equalTreatment: [
        "To treat every supplier equally, the slides, notes and the questions asked at each event, with their answers, are published on the portal to every supplier registered on this procurement, not only to those who attended.",
        "After each one-to-one meeting we publish a summary of what was discussed to every registered supplier, without naming the supplier. We keep a record of who attended each event.",
        "Taking part in preliminary market engagement is not a condition of taking part in any later procurement, and does not give any supplier an advantage in it.",
      ],
    },
    events,
  };
}

function howEngagementRuns(title: string, url: string, events: EngagementNoticeEvent[]): string[] {
  const count = (kind: EngagementKind) => events.filter((e) => e.kind === kind).length;
  const webinars = count("webinar");
  const inPerson = count("in_person");
  const oneToOne = count("one_to_one");

  const paragraphs = [
    `NHS England, through the NHS AI Lab and on behalf of the Department of Health and Social Care, is engaging with the market before it publishes a tender for ${/^the\s/i.test(title) ? title : `the ${title}`}. We want to test our requirements and approach with suppliers, hear what helps and what blocks, and make sure the market can prepare.`,
  ];
  if (events.length === 0) {
    paragraphs.push("No engagement events have been scheduled yet. This notice will be updated when they are.");
  } else {
    const parts = [
      webinars ? countLabel(webinars, "webinar", "webinars") : null,
      inPerson ? countLabel(inPerson, "in-person event", "in-person events") : null,
      oneToOne ? (oneToOne === 1 ? "one-to-one meetings" : `${oneToOne} rounds of one-to-one meetings`) : null,
    ].filter((p): p is string => p !== null);
    paragraphs.push(
      `Engagement is run through ${listWithAnd(parts)}, listed below with their dates, times and places.`,
    );
  }
  if (webinars) {
    paragraphs.push(
      "Webinars are held online. The joining link is sent to registered attendees before the webinar; it is not published.",
    );
  }
  if (inPerson) {
    paragraphs.push(
      "In-person events are held at the venues listed. Places are limited and are given in the order registrations arrive; when an event is full, further registrations join a waiting list and are offered any place that becomes free.",
    );
  }
  if (oneToOne) {
    const minutes = [...new Set(events.flatMap((e) => e.slots?.minutes ?? []))];
    const length = minutes.length === 1 ? `${minutes[0]}-minute` : "short";
    paragraphs.push(
      `One-to-one meetings are ${length} slots, held online or by arrangement. Each organisation may book one slot in each round, in the order bookings arrive.`,
    );
  }
  paragraphs.push(
    `To take part, sign in to the procurement portal, register your organisation's interest at ${url}, then register for each event before its registration deadline. All times are UK time.`,
  );
  return paragraphs;
}
