// iCalendar (RFC 5545) invitations for engagement sessions, in Europe/London time with a stable
// UID per session (or 1:1 slot) and a SEQUENCE that rises with every change.
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import type { OutboxAttachment } from "../../db/schema";

const LONDON = "Europe/London";
export const CALENDAR_DOMAIN = "ai-imaging-procurement.nhs.uk";

export type Invitation = {
  /** The session's or slot's id: the UID stays the same across updates and the cancellation. */
  id: string;
  sequence: number;
  method: "request" | "cancel";
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  url: string;
  organiser: { name: string; email: string };
  attendee: { name: string; email: string };
};

export function invitationUid(id: string) {
  return `${id}@${CALENDAR_DOMAIN}`;
}

// RFC 5545 lets a parameter value (an attendee's CN) be quoted but defines no escape inside the
// quotes: any character but a control character or a double quote, as it is. ical-generator writes
// \" and \\ there, which clients show as they are or misread. So a name goes in as text that needs
// no escaping: a double quote becomes an apostrophe, a backslash a slash, control characters a space.
function parameterText(value: string): string {
  return value
    .replace(/"/g, "'")
    .replace(/\\/g, "/")
    .replace(/[\u0000-\u001F\u007F]+/g, " ")
    .trim();
}

// A TEXT value (summary, description, location) may hold any character but the controls; line
// breaks are written as \n by ical-generator, as RFC 5545 defines.
function calendarText(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
}

export function buildInvitation(invitation: Invitation): string {
  const calendar = ical({
    prodId: { company: "NHS England", product: "AI Imaging Platform procurement", language: "EN" },
    method: invitation.method === "cancel" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: LONDON, generator: getVtimezoneComponent },
  });
  calendar.createEvent({
    id: invitationUid(invitation.id),
    sequence: invitation.sequence,
    // ical-generator formats native Dates in the process's own zone; luxon carries the zone itself.
    start: DateTime.fromJSDate(invitation.startsAt).setZone(LONDON),
    end: DateTime.fromJSDate(invitation.endsAt).setZone(LONDON),
    timezone: LONDON,
    stamp: DateTime.utc(),
    summary: calendarText(invitation.title),
    description: calendarText(invitation.description),
    location: invitation.location === null ? null : calendarText(invitation.location),
    url: invitation.url,
    status: invitation.method === "cancel" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: parameterText(invitation.organiser.name), email: invitation.organiser.email },
    attendees: [{ name: parameterText(invitation.attendee.name), email: invitation.attendee.email, rsvp: false }],
  });
  // RFC 5545 requires DTSTAMP in UTC; with a calendar time zone set, ical-generator writes it as
  // local time, so it is rewritten here.
  const stamp = DateTime.utc().toFormat("yyyyMMdd'T'HHmmss'Z'");
  return calendar.toString().replace(/^DTSTAMP:.*$/m, `DTSTAMP:${stamp}`);
}

/** The invitation as an email attachment (the outbox stores attachments base64-encoded). */
export function invitationAttachment(invitation: Invitation): OutboxAttachment {
  return {
    filename: invitation.method === "cancel" ? "cancelled.ics" : "invite.ics",
    contentType: `text/calendar; charset=utf-8; method=${invitation.method === "cancel" ? "CANCEL" : "REQUEST"}`,
    content: Buffer.from(buildInvitation(invitation), "utf8").toString("base64"),
  };
}
