// Market engagement as suppliers and staff meet it: places and the waitlist, the race for the last
// place, deadlines, UK time across the clock changes, calendar invitations parsed back, emails over
// real SMTP, who sees the joining link, materials published to every interested supplier, 1:1
// slots, and the record staff keep. PGlite by default; a real PostgreSQL server with DATABASE_URL.
import ical, { type CalendarResponse, type VEvent } from "node-ical";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { config } from "../../app/config.server";
import { bookSlot } from "../../app/engagement/slots.server";
import { cancelRegistration, registerAttendees } from "../../app/engagement/registration.server";
import { sendDueReminders } from "../../app/engagement/reminders.server";
import { sessionForViewer } from "../../app/engagement/reading.server";
import { registerInterest } from "../../app/procurements/procurements.server";
import { formatDateTime, toLondonLocal } from "../../app/time";
import { db } from "../../db/client.server";
import { engagementRegistrations, engagementSessions, engagementSlots } from "../../db/schema";
import { processOutbox } from "../../emails/outbox.server";
import {
  asSignedIn,
  createEngagementSession,
  createOrganisation,
  createProcurement,
  createUser,
  daysFromNow,
  sessionCookieFor,
  uniqueEmail,
  type TestOrganisation,
  type TestProcurement,
  type TestUser,
} from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { CookieJar, startTestPortal, type FormFields, type PortalRequestInit, type TestPortal } from "../setup/portal";
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from "../setup/smtp-sink";

const testDb = await useTestDatabase();
const on = testDb.driver === "postgres" ? "PostgreSQL, separate connections" : "PGlite";
let portal: TestPortal;
let sink: SmtpSink;
let procurement: TestProcurement;
let staff: TestUser;

const HOUR = 60 * 60 * 1000;
const UID_DOMAIN = "@ai-imaging-procurement.nhs.uk";
const SMALL_PDF = Buffer.from(
  [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj",
    "trailer << /Root 1 0 R >>",
    "%%EOF",
    "",
  ].join("\n"),
  "latin1",
);

beforeAll(async () => {
  sink = await startSmtpSink();
  portal = await startTestPortal();
  updateTestConfig({ smtpUrl: sink.url });
  procurement = await createProcurement({ title: "National AI imaging platform" });
  staff = await createUser({ role: "staff", totp: true, name: "Priya Commercial" });
});

afterAll(async () => {
  await portal?.close();
  await sink?.close();
});

// --- People ---------------------------------------------------------------------------------------

type Supplier = { organisation: TestOrganisation; people: TestUser[] };
let organisationNumber = 0;

/** A supplier organisation whose people are called "<label> Person 1", "<label> Person 2"… */
async function supplier(label: string, size = 1): Promise<Supplier> {
  organisationNumber += 1;
  const organisation = await createOrganisation({ legalName: `${label} Imaging ${organisationNumber} Ltd` });
  const people: TestUser[] = [];
  for (let i = 1; i <= size; i++) {
    people.push(
      await createUser({
        role: "supplier",
        organisationId: organisation.id,
        name: `${label} Person ${i}`,
        email: uniqueEmail(label.toLowerCase()),
      }),
    );
  }
  return { organisation, people };
}

const cookies = new Map<string, string>();
async function cookieOf(user: TestUser) {
  let cookie = cookies.get(user.id);
  if (!cookie) {
    cookie = await sessionCookieFor(user);
    cookies.set(user.id, cookie);
  }
  return cookie;
}

async function signedInJar(user: TestUser) {
  const jar = new CookieJar();
  const [name, value] = (await cookieOf(user)).split("=");
  jar.set(name, value);
  return jar;
}

// --- Pages ----------------------------------------------------------------------------------------

const request = (path: string, init: PortalRequestInit = {}) => portal.fetch(path, init);
const postForm = (path: string, fields: FormFields, options: Omit<PortalRequestInit, "body" | "method"> = {}) =>
  portal.postForm(path, fields, options);

const sessionPath = (id: string, slug = procurement.slug) => `/procurements/${slug}/sessions/${id}`;
const staffSessionPath = (id: string, slug = procurement.slug) => `/staff/procurements/${slug}/sessions/${id}`;

/** The page as a browser gets it; `html` includes the serialised loader data, `text` is what shows. */
async function open(path: string, user: TestUser | null = null) {
  const response = await request(path, user ? { cookie: await cookieOf(user) } : {});
  const html = await response.text();
  return { status: response.status, html, text: visibleText(html) };
}

async function post(path: string, user: TestUser, fields: Record<string, string> | [string, string][]) {
  return postForm(path, fields, { cookie: await cookieOf(user) });
}

/** Posts a form as the user and follows the redirect: what the person sees next, notice included. */
async function submit(path: string, user: TestUser, fields: Record<string, string> | [string, string][]) {
  const jar = await signedInJar(user);
  const response = await postForm(path, fields, { jar });
  const html = await response.text();
  if (response.status !== 302) return { status: response.status, text: visibleText(html), location: null };
  const location = response.headers.get("location") ?? "";
  const next = await request(location, { jar });
  return { status: 302, text: visibleText(await next.text()), location };
}

function visibleText(html: string) {
  return (
    html
      .replace(/<script[\s\S]*?<\/script>/gi, " ")
      .replace(/<style[\s\S]*?<\/style>/gi, " ")
      // React's markers between adjacent text parts are not spaces.
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&nbsp;|&#160;/g, " ")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ")
  );
}

// --- Registrations --------------------------------------------------------------------------------

async function register(
  person: TestUser,
  sessionId: string,
  attendees: TestUser[] = [person],
  on: TestProcurement = procurement,
) {
  return registerAttendees(
    asSignedIn(person),
    on,
    sessionId,
    attendees.map((a) => a.id),
  );
}

/** Each attendee's status, by name. */
async function statuses(sessionId: string) {
  const rows = await testDb.query<{ name: string; status: string }>(
    `select u.name, r.status from engagement_registrations r join users u on u.id = r.user_id
     where r.session_id = $1 order by r.created_at, u.name`,
    [sessionId],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.status]));
}

async function registrationOf(sessionId: string, user: TestUser) {
  const [row] = await db()
    .select()
    .from(engagementRegistrations)
    .where(
      and(
        eq(engagementRegistrations.sessionId, sessionId),
        eq(engagementRegistrations.userId, user.id),
        // The live one: a cancelled place stays on record beside a new registration.
        eq(engagementRegistrations.status, "confirmed"),
      ),
    );
  if (row) return row;
  const [other] = await db()
    .select()
    .from(engagementRegistrations)
    .where(and(eq(engagementRegistrations.sessionId, sessionId), eq(engagementRegistrations.userId, user.id)));
  if (!other) throw new Error(`${user.name} holds no registration`);
  return other;
}

async function sessionRow(sessionId: string) {
  const [row] = await db().select().from(engagementSessions).where(eq(engagementSessions.id, sessionId));
  return row;
}

async function slotsOf(sessionId: string) {
  return db()
    .select()
    .from(engagementSlots)
    .where(eq(engagementSlots.sessionId, sessionId))
    .orderBy(engagementSlots.startsAt);
}

/** Staff create a session through the form, as UK wall-clock times; returns its id. */
async function createSessionAsStaff(fields: Record<string, string>) {
  // Every field of the form, the empty ones too, as a browser posts it.
  const response = await post(`/staff/procurements/${procurement.slug}/sessions/new`, staff, {
    intent: "save",
    kind: "webinar",
    title: "A webinar",
    agenda: "DICOM SR and IHE AI Results",
    startsAt: "",
    endsAt: "",
    registrationDeadline: "",
    capacity: "10",
    maxPerOrganisation: "2",
    slotMinutes: "",
    joiningLink: "https://teams.example.nhs.uk/l/a-webinar",
    venueName: "",
    venueAddress: "",
    ...fields,
  });
  expect(response.status, visibleText(await response.clone().text()).slice(0, 2000)).toBe(302);
  const id = /\/sessions\/([0-9a-f-]{36})$/.exec(response.headers.get("location") ?? "")?.[1];
  if (!id) throw new Error(`No session in ${response.headers.get("location")}`);
  return id;
}

/** Staff save the session's form again with some fields changed, as the edit page sends it. */
async function changeSessionAsStaff(sessionId: string, changes: Record<string, string>) {
  const row = await sessionRow(sessionId);
  return submit(staffSessionPath(sessionId), staff, {
    intent: "save",
    kind: row.kind,
    title: row.title,
    agenda: row.agenda,
    startsAt: toLondonLocal(row.startsAt),
    endsAt: toLondonLocal(row.endsAt),
    registrationDeadline: toLondonLocal(row.registrationDeadline),
    capacity: String(row.capacity),
    maxPerOrganisation: String(row.maxPerOrganisation),
    slotMinutes: "",
    joiningLink: row.joiningLink ?? "",
    venueName: row.venueName ?? "",
    venueAddress: row.venueAddress ?? "",
    version: String(row.version),
    ...changes,
  });
}

// --- Email ----------------------------------------------------------------------------------------

const read = new Set<ReceivedMessage>();

/** Sends what the outbox holds and takes the next unread email to `to` whose subject matches. */
async function nextEmail(to: string, subject: RegExp) {
  await processOutbox();
  const message = await sink.waitForMessage(
    (m) => !read.has(m) && m.to === to.toLowerCase() && subject.test(m.subject),
    5_000,
  );
  read.add(message);
  return message;
}

/** Every email delivered to `to` so far (the outbox is sent first). */
async function emailsTo(to: string) {
  await processOutbox();
  return sink.messages.filter((m) => m.to === to.toLowerCase());
}

type Invitation = { text: string; calendar: CalendarResponse; event: VEvent; method: string | undefined };

function calendarAttachments(message: ReceivedMessage) {
  return message.parsed.attachments.filter((a) => a.contentType === "text/calendar");
}

/** The .ics attached to the email, parsed back with a real iCalendar parser. */
function invitationIn(message: ReceivedMessage): Invitation {
  const attachments = calendarAttachments(message);
  expect(attachments, `one calendar attachment on "${message.subject}"`).toHaveLength(1);
  const text = attachments[0].content.toString("utf8");
  const calendar = ical.sync.parseICS(text);
  const events = Object.values(calendar).filter((c): c is VEvent => c?.type === "VEVENT");
  expect(events).toHaveLength(1);
  const timezones = Object.values(calendar).filter((c) => c?.type === "VTIMEZONE");
  expect(timezones.map((t) => (t as { tzid: string }).tzid)).toEqual(["Europe/London"]);
  return { text, calendar, event: events[0], method: calendar.vcalendar?.method };
}

/** An event property's line as written in the file, e.g. `DTSTART;TZID=Europe/London:20270715T100000`. */
function icsLine(text: string, name: string) {
  const event = text.slice(text.indexOf("BEGIN:VEVENT"));
  return new RegExp(`^${name}[;:][^\\r\\n]*$`, "m").exec(event)?.[0];
}

function addressOf(party: unknown) {
  const value = typeof party === "string" ? party : (party as { val: string }).val;
  return value.replace(/^mailto:/i, "").toLowerCase();
}

function commonNameOf(party: unknown) {
  return typeof party === "string" ? undefined : (party as { params: { CN?: string } }).params.CN;
}

function attendeesOf(event: VEvent) {
  return event.attendee === undefined ? [] : Array.isArray(event.attendee) ? event.attendee : [event.attendee];
}

const mailFromAddress = () => /<([^>]+)>/.exec(config().mailFrom)?.[1] ?? config().mailFrom;

// ==================================================================================================

describe("places and the waitlist", () => {
  it("confirms places up to capacity, then puts the next registrant on the waitlist and says so", async () => {
    const session = await createEngagementSession(procurement.id, { capacity: 2, maxPerOrganisation: 2 });
    const [amber, birch, cedar] = [await supplier("Amber"), await supplier("Birch"), await supplier("Cedar")];

    expect(await register(amber.people[0], session.id)).toEqual({
      ok: true,
      confirmed: ["Amber Person 1"],
      waitlisted: [],
    });
    const second = await submit(sessionPath(session.id), birch.people[0], {
      intent: "register",
      attendees: birch.people[0].id,
    });
    expect(second.text).toContain("Place confirmed for Birch Person 1");
    const third = await submit(sessionPath(session.id), cedar.people[0], {
      intent: "register",
      attendees: cedar.people[0].id,
    });
    expect(third.text).toContain("On the waitlist: Cedar Person 1");

    expect(await statuses(session.id)).toEqual({
      "Amber Person 1": "confirmed",
      "Birch Person 1": "confirmed",
      "Cedar Person 1": "waitlisted",
    });
    const asCedar = await sessionForViewer(asSignedIn(cedar.people[0]), procurement, session.id);
    expect(asCedar.session).toMatchObject({ capacity: 2, taken: 2, placesLeft: 0 });
    expect(asCedar.ownRegistrations.map((r) => [r.name, r.status])).toEqual([["Cedar Person 1", "waitlisted"]]);
    expect(third.text).toContain("0 of 2 left");
    expect(third.text).toMatch(/Cedar Person 1 On the waitlist/);
    expect((await open(sessionPath(session.id), amber.people[0])).text).toMatch(/Amber Person 1 Place confirmed/);

    // Someone new is told before choosing that they will join the waitlist.
    const latecomer = await supplier("Dune");
    const full = await open(sessionPath(session.id), latecomer.people[0]);
    expect(full.text).toContain("The session is full: people you select join the waitlist in order");
    expect(full.text).toContain("Join the waitlist");
  });

  it("refuses more people from one organisation than the session allows, with a clear message, and writes nothing", async () => {
    const session = await createEngagementSession(procurement.id, { capacity: 10, maxPerOrganisation: 2 });
    const elm = await supplier("Elm", 3);
    const path = sessionPath(session.id);

    const tooMany = await submit(path, elm.people[0], [
      ["intent", "register"],
      ...elm.people.map((p): [string, string] => ["attendees", p.id]),
    ]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain("There is a problem");
    expect(tooMany.text).toContain("Each organisation can register up to 2 people; yours has 0 already");
    expect(await statuses(session.id)).toEqual({});

    expect(await register(elm.people[0], session.id, elm.people.slice(0, 2))).toMatchObject({
      ok: true,
      confirmed: ["Elm Person 1", "Elm Person 2"],
    });
    const oneMore = await register(elm.people[0], session.id, [elm.people[2]]);
    expect(oneMore).toEqual({
      ok: false,
      fieldErrors: { attendees: "Each organisation can register up to 2 people; yours has 2 already" },
    });
    expect(Object.keys(await statuses(session.id))).toEqual(["Elm Person 1", "Elm Person 2"]);
  });

  it("promotes the first person on the waitlist when a place is cancelled, and emails them an invitation", async () => {
    const session = await createEngagementSession(procurement.id, { capacity: 1, maxPerOrganisation: 1 });
    const holder = await supplier("Fir");
    const first = await supplier("Gorse");
    const second = await supplier("Hazel");
    const third = await supplier("Ivy");
    for (const org of [holder, first, second, third]) await register(org.people[0], session.id);
    expect(Object.values(await statuses(session.id))).toEqual(["confirmed", "waitlisted", "waitlisted", "waitlisted"]);

    const holderPlace = await registrationOf(session.id, holder.people[0]);
    const cancelled = await submit(sessionPath(session.id), holder.people[0], {
      intent: "cancel-registration",
      registrationId: holderPlace.id,
    });
    expect(cancelled.text).toContain("The place has been cancelled");
    expect(await statuses(session.id)).toEqual({
      "Fir Person 1": "cancelled",
      "Gorse Person 1": "confirmed",
      "Hazel Person 1": "waitlisted",
      "Ivy Person 1": "waitlisted",
    });

    const promoted = await nextEmail(first.people[0].email, /^A place is now yours: /);
    expect(promoted.text).toContain("A place has become free and it is now yours");
    expect(promoted.text).toContain("https://teams.example.nhs.uk/l/secret-joining-link");
    const invitation = invitationIn(promoted);
    expect(invitation.method).toBe("REQUEST");
    expect(invitation.event.uid).toBe(`${session.id}${UID_DOMAIN}`);
    expect(attendeesOf(invitation.event).map(addressOf)).toEqual([first.people[0].email.toLowerCase()]);
    // The link in the email leads to the session, where the joining link now shows.
    const link = /View the session: (\S+)/.exec(promoted.text)?.[1] ?? "";
    expect(new URL(link).pathname).toBe(sessionPath(session.id));
    expect((await open(new URL(link).pathname, first.people[0])).text).toContain("secret-joining-link");
    // The person who gave up the place has it taken out of their calendar.
    const release = await nextEmail(holder.people[0].email, /^Your place is cancelled: /);
    expect(invitationIn(release).method).toBe("CANCEL");
    // Nobody further down the list was told anything but that they are waiting.
    expect((await emailsTo(second.people[0].email)).map((m) => m.subject)).toEqual([
      `You are on the waitlist: ${session.title}`,
    ]);

    // A cancelled waitlist place frees nothing; the next confirmed cancellation goes to the next in line.
    const thirdPlace = await registrationOf(session.id, third.people[0]);
    expect(
      (await cancelRegistration(asSignedIn(third.people[0]), procurement, session.id, thirdPlace.id)).promoted,
    ).toEqual([]);
    const firstPlace = await registrationOf(session.id, first.people[0]);
    expect(
      (await cancelRegistration(asSignedIn(first.people[0]), procurement, session.id, firstPlace.id)).promoted,
    ).toEqual(["Hazel Person 1"]);
    await nextEmail(second.people[0].email, /^A place is now yours: /);
  });

  it("promotes people waitlisted together in the order they were told, behind those who joined before", async () => {
    for (let round = 1; round <= 6; round++) {
      const session = await createEngagementSession(procurement.id, { capacity: 1, maxPerOrganisation: 3 });
      const holder = await supplier(`Sedge${round}`);
      const before = await supplier(`Teasel${round}`);
      const group = await supplier(`Ulex${round}`, 3);
      await register(holder.people[0], session.id);
      await register(before.people[0], session.id);
      const together = await register(group.people[0], session.id, group.people);
      if (!together.ok) throw new Error(JSON.stringify(together.fieldErrors));
      expect(together.waitlisted).toHaveLength(3);
      const promotedInTurn: string[] = [];
      for (let i = 0; i < 4; i++) {
        const confirmed = Object.entries(await statuses(session.id)).find(([, s]) => s === "confirmed")?.[0];
        const person = [holder, before, group].flatMap((o) => o.people).find((p) => p.name === confirmed);
        if (!person) throw new Error("no one holds the place");
        const place = await registrationOf(session.id, person);
        promotedInTurn.push(
          ...(await cancelRegistration(asSignedIn(person), procurement, session.id, place.id)).promoted,
        );
      }
      // "On the waitlist: A, B, C" is the order the organisation was told; the waitlist keeps it.
      expect(promotedInTurn, `round ${round}`).toEqual([`Teasel${round} Person 1`, ...together.waitlisted]);
    }
  });

  it(`never lets a newcomer jump the waitlist when registering as a place is cancelled (${on})`, async () => {
    for (let round = 1; round <= 5; round++) {
      const session = await createEngagementSession(procurement.id, { capacity: 1 });
      const holder = await supplier(`Jasmine${round}`);
      const waiting = await supplier(`Kale${round}`);
      const newcomer = await supplier(`Larch${round}`);
      await register(holder.people[0], session.id);
      await register(waiting.people[0], session.id);
      const place = await registrationOf(session.id, holder.people[0]);
      await Promise.all([
        cancelRegistration(asSignedIn(holder.people[0]), procurement, session.id, place.id),
        register(newcomer.people[0], session.id),
      ]);
      expect(await statuses(session.id), `round ${round}`).toEqual({
        [`Jasmine${round} Person 1`]: "cancelled",
        [`Kale${round} Person 1`]: "confirmed",
        [`Larch${round} Person 1`]: "waitlisted",
      });
    }
  });
});

describe("the race for the last place", () => {
  it(`gives the last place to exactly one of two organisations posting the form at the same moment (${on})`, async () => {
    for (let round = 1; round <= 6; round++) {
      const session = await createEngagementSession(procurement.id, { capacity: 2 });
      await register((await supplier(`Early${round}`)).people[0], session.id);
      const [a, b] = [await supplier(`Maple${round}`), await supplier(`Nettle${round}`)];
      const [jarA, jarB] = [await signedInJar(a.people[0]), await signedInJar(b.people[0])];
      const path = sessionPath(session.id);
      const [ra, rb] = await Promise.all([
        postForm(path, { intent: "register", attendees: a.people[0].id }, { jar: jarA }),
        postForm(path, { intent: "register", attendees: b.people[0].id }, { jar: jarB }),
      ]);
      expect([ra.status, rb.status], `round ${round}`).toEqual([302, 302]);
      const result = await statuses(session.id);
      const racers = [result[`Maple${round} Person 1`], result[`Nettle${round} Person 1`]];
      expect(racers.sort(), `round ${round}`).toEqual(["confirmed", "waitlisted"]);
      // Each organisation is told which it got.
      const notices = await Promise.all(
        [jarA, jarB].map(async (jar) => visibleText(await (await request(path, { jar })).text())),
      );
      const told = notices.map((text) =>
        /Place confirmed for/.test(text) ? "confirmed" : /On the waitlist: /.test(text) ? "waitlisted" : "nothing",
      );
      expect(told, `round ${round}`).toEqual([result[`Maple${round} Person 1`], result[`Nettle${round} Person 1`]]);
      const view = await sessionForViewer(asSignedIn(staff), procurement, session.id);
      expect(view.session.taken).toBe(2);
    }
  });

  it(`gives the last place to exactly one of two organisations calling registerAttendees at once (${on})`, async () => {
    for (let round = 1; round <= 8; round++) {
      const session = await createEngagementSession(procurement.id, { capacity: 1 });
      const [a, b] = [await supplier(`Oak${round}`), await supplier(`Pine${round}`)];
      const results = await Promise.all([register(a.people[0], session.id), register(b.people[0], session.id)]);
      const confirmed = results.flatMap((r) => (r.ok ? r.confirmed : []));
      const waitlisted = results.flatMap((r) => (r.ok ? r.waitlisted : []));
      expect([confirmed.length, waitlisted.length], `round ${round}`).toEqual([1, 1]);
      expect(Object.values(await statuses(session.id)).sort()).toEqual(["confirmed", "waitlisted"]);
    }
  });

  it(`fills two places from five organisations registering at once, and keeps the rest waiting in the order they got in (${on})`, async () => {
    const session = await createEngagementSession(procurement.id, { capacity: 2 });
    const racers = await Promise.all(["Quince", "Rowan", "Sorrel", "Tansy", "Umber"].map((l) => supplier(l)));
    await Promise.all(racers.map((r) => register(r.people[0], session.id)));
    const result = await statuses(session.id);
    const confirmed = Object.keys(result).filter((name) => result[name] === "confirmed");
    expect(confirmed).toHaveLength(2);
    expect(Object.values(result).filter((s) => s === "waitlisted")).toHaveLength(3);

    // The order in which the registrations got the session (the audit trail is written in that
    // order) is the order of the waitlist: places freed go to the waiting in that order.
    const audited = await testDb.query<{ summary: { waitlisted: string[] } }>(
      "select summary from audit_events where action = 'engagement.registered' and subject_id = $1 order by seq",
      [session.id],
    );
    const joined = audited.flatMap((a) => a.summary.waitlisted);
    const promotedInTurn: string[] = [];
    for (const name of [...confirmed, ...joined.slice(0, 2)]) {
      const person = racers.flatMap((r) => r.people).find((p) => p.name === name);
      if (!person) throw new Error(`no ${name}`);
      const place = await registrationOf(session.id, person);
      promotedInTurn.push(
        ...(await cancelRegistration(asSignedIn(person), procurement, session.id, place.id)).promoted,
      );
    }
    expect(promotedInTurn).toEqual(joined);
  });
});

describe("registration deadlines", () => {
  async function footprint(sessionId: string, organisationId: string) {
    const [row] = await testDb.query<{ registrations: number; outbox: number; interests: number; audit: number }>(
      `select (select count(*)::int from engagement_registrations where session_id = $1) as registrations,
              (select count(*)::int from outbox_messages) as outbox,
              (select count(*)::int from procurement_interests where organisation_id = $2) as interests,
              (select count(*)::int from audit_events where subject_id = $1::text) as audit`,
      [sessionId, organisationId],
    );
    return row;
  }

  it("refuses registering at the deadline with the time it closed, writes nothing, and still allows it a moment before", async () => {
    // A whole minute, so that the message names it exactly.
    const deadline = new Date(Math.ceil(daysFromNow(2).getTime() / 60_000) * 60_000);
    const session = await createEngagementSession(procurement.id, {
      registrationDeadline: deadline,
      startsAt: daysFromNow(3),
      endsAt: new Date(daysFromNow(3).getTime() + HOUR),
    });
    const { organisation, people } = await supplier("Vetch");
    const before = await footprint(session.id, organisation.id);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (const now of [deadline.getTime(), deadline.getTime() + 60_000]) {
        vi.setSystemTime(now);
        expect(await register(people[0], session.id)).toEqual({
          ok: false,
          fieldErrors: { attendees: `Registration closed at ${formatDateTime(deadline)}` },
        });
      }
      expect(await footprint(session.id, organisation.id)).toEqual(before);
      vi.setSystemTime(deadline.getTime() - 1);
      expect(await register(people[0], session.id)).toMatchObject({ ok: true, confirmed: ["Vetch Person 1"] });
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows the closing time to a supplier posting after the deadline, and writes nothing", async () => {
    const session = await createEngagementSession(procurement.id, {
      registrationDeadline: new Date("2026-06-15T16:00:00Z"),
    });
    const { organisation, people } = await supplier("Willow");
    const before = await footprint(session.id, organisation.id);
    const refused = await submit(sessionPath(session.id), people[0], {
      intent: "register",
      attendees: people[0].id,
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Registration closed at 15 June 2026, 5:00pm");
    expect(await footprint(session.id, organisation.id)).toEqual(before);
    const page = await open(sessionPath(session.id), people[0]);
    expect(page.text).toContain("Registration has closed.");
    expect(page.text).not.toContain("Who will attend?");
  });

  it("refuses booking a one-to-one slot after the deadline and leaves the slot free", async () => {
    const session = await createEngagementSession(procurement.id, {
      kind: "one_to_one",
      capacity: 2,
      maxPerOrganisation: 1,
      joiningLink: null,
      registrationDeadline: new Date("2026-06-15T16:00:00Z"),
    });
    const { organisation, people } = await supplier("Yarrow");
    const [slot] = await slotsOf(session.id);
    const before = await footprint(session.id, organisation.id);
    const refused = await submit(sessionPath(session.id), people[0], { intent: "book-slot", slotId: slot.id });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("Booking closed at 15 June 2026, 5:00pm");
    expect((await slotsOf(session.id)).every((s) => s.bookedByOrganisationId === null)).toBe(true);
    expect(await footprint(session.id, organisation.id)).toEqual(before);
    expect((await open(sessionPath(session.id), people[0])).text).toContain("Booking has closed.");
  });
});

describe("the staff session form", () => {
  it("creates a webinar when the one-to-one fields are left empty, and re-shows errors with the input kept", async () => {
    const fields = {
      intent: "save",
      kind: "webinar",
      title: "Form-made webinar",
      agenda: "An agenda",
      startsAt: "2027-06-01T10:00",
      endsAt: "2027-06-01T11:00",
      registrationDeadline: "2027-05-31T17:00",
      capacity: "30",
      maxPerOrganisation: "2",
      slotMinutes: "",
      joiningLink: "https://teams.example.nhs.uk/l/form",
      venueName: "",
      venueAddress: "",
    };
    const path = `/staff/procurements/${procurement.slug}/sessions/new`;
    const created = await post(path, staff, fields);
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toMatch(/\/sessions\/[0-9a-f-]{36}$/);
    const refused = await post(path, staff, { ...fields, title: "Kept title", joiningLink: "" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("Enter the joining link for the webinar");
    expect(html).toContain('value="Kept title"');
    expect(html).toContain('class="nhsuk-error-summary"');
  });
});

describe("UK time across the clock changes", () => {
  it("stores sessions either side of each change as the right UTC instant and shows them in UK time", async () => {
    const cases = [
      { day: "2027-03-27", utc: "2027-03-27T10:00:00.000Z", shown: "27 March 2027, 10:00am to 11:00am (UK time)" },
      { day: "2027-03-28", utc: "2027-03-28T09:00:00.000Z", shown: "28 March 2027, 10:00am to 11:00am (UK time)" },
      { day: "2027-10-30", utc: "2027-10-30T09:00:00.000Z", shown: "30 October 2027, 10:00am to 11:00am (UK time)" },
      { day: "2027-10-31", utc: "2027-10-31T10:00:00.000Z", shown: "31 October 2027, 10:00am to 11:00am (UK time)" },
    ];
    for (const { day, utc, shown } of cases) {
      const id = await createSessionAsStaff({
        title: `Clock test ${day}`,
        startsAt: `${day}T10:00`,
        endsAt: `${day}T11:00`,
        registrationDeadline: `${day}T08:00`,
      });
      const row = await sessionRow(id);
      expect(row.startsAt.toISOString(), day).toBe(utc);
      expect(row.endsAt.getTime() - row.startsAt.getTime()).toBe(HOUR);
      expect(row.registrationDeadline.getTime()).toBe(row.startsAt.getTime() - 2 * HOUR);
      expect((await open(sessionPath(id))).text).toContain(shown);
      // Staff see the same wall time in the edit form.
      expect((await open(staffSessionPath(id), staff)).html).toContain(`value="${day}T10:00"`);
    }
  });

  it("keeps sessions spanning a clock change at their real length, in the page and in the invitation", async () => {
    const autumn = await createSessionAsStaff({
      title: "Overnight across the autumn change",
      startsAt: "2027-10-31T00:30",
      endsAt: "2027-10-31T03:30",
      registrationDeadline: "2027-10-30T12:00",
    });
    const spring = await createSessionAsStaff({
      title: "Overnight across the spring change",
      startsAt: "2027-03-28T00:30",
      endsAt: "2027-03-28T03:30",
      registrationDeadline: "2027-03-27T12:00",
    });
    const autumnRow = await sessionRow(autumn);
    const springRow = await sessionRow(spring);
    // 00:30 BST to 03:30 GMT is four hours; 00:30 GMT to 03:30 BST is two.
    expect([autumnRow.startsAt.toISOString(), autumnRow.endsAt.toISOString()]).toEqual([
      "2027-10-30T23:30:00.000Z",
      "2027-10-31T03:30:00.000Z",
    ]);
    expect([springRow.startsAt.toISOString(), springRow.endsAt.toISOString()]).toEqual([
      "2027-03-28T00:30:00.000Z",
      "2027-03-28T02:30:00.000Z",
    ]);
    expect((await open(sessionPath(autumn))).text).toContain("31 October 2027, 12:30am to 3:30am (UK time)");
    expect((await open(sessionPath(spring))).text).toContain("28 March 2027, 12:30am to 3:30am (UK time)");

    const { people } = await supplier("Zinnia");
    await register(people[0], autumn);
    const invitation = invitationIn(await nextEmail(people[0].email, /^Your place is confirmed: Overnight/));
    expect(icsLine(invitation.text, "DTSTART")).toBe("DTSTART;TZID=Europe/London:20271031T003000");
    expect(icsLine(invitation.text, "DTEND")).toBe("DTEND;TZID=Europe/London:20271031T033000");
    const end = invitation.event.end ?? invitation.event.start;
    expect(end.getTime() - invitation.event.start.getTime()).toBe(4 * HOUR);
  });
});

describe("calendar invitations", () => {
  it("invites in UK time with a stable UID, updates with SEQUENCE 1 when staff move it, and cancels with a higher SEQUENCE", async () => {
    const id = await createSessionAsStaff({
      title: "Calendar test webinar",
      startsAt: "2027-07-15T10:00",
      endsAt: "2027-07-15T11:30",
      registrationDeadline: "2027-07-14T17:00",
      capacity: "1",
      maxPerOrganisation: "1",
      joiningLink: "https://teams.example.nhs.uk/l/calendar-test",
    });
    const attendee = (await supplier("Aster")).people[0];
    const waiting = (await supplier("Bramble")).people[0];
    await register(attendee, id);
    await register(waiting, id);

    const confirmation = await nextEmail(attendee.email, /^Your place is confirmed: Calendar test webinar$/);
    expect(confirmation.text).toContain("15 July 2027, 10:00am to 11:30am (UK time)");
    expect(confirmation.text).toContain("Online: https://teams.example.nhs.uk/l/calendar-test");
    expect(confirmation.parsed.attachments[0].contentType).toBe("text/calendar");
    const invite = invitationIn(confirmation);
    expect(invite.method).toBe("REQUEST");
    expect(invite.event.uid).toBe(`${id}${UID_DOMAIN}`);
    expect(invite.event.sequence).toBe(0);
    expect(invite.event.status).toBe("CONFIRMED");
    expect(icsLine(invite.text, "DTSTART")).toBe("DTSTART;TZID=Europe/London:20270715T100000");
    expect(icsLine(invite.text, "DTEND")).toBe("DTEND;TZID=Europe/London:20270715T113000");
    expect(invite.event.start.tz).toBe("Europe/London");
    expect(invite.event.start.toISOString()).toBe("2027-07-15T09:00:00.000Z");
    expect(invite.event.end?.toISOString()).toBe("2027-07-15T10:30:00.000Z");
    expect(String(invite.event.summary)).toContain("Calendar test webinar");
    expect(String(invite.event.location)).toContain("https://teams.example.nhs.uk/l/calendar-test");
    expect(addressOf(invite.event.organizer)).toBe(mailFromAddress());
    expect(commonNameOf(invite.event.organizer)).toBe("NHS AI Lab commercial team");
    expect(attendeesOf(invite.event).map(addressOf)).toEqual([attendee.email.toLowerCase()]);
    expect(attendeesOf(invite.event).map(commonNameOf)).toEqual(["Aster Person 1"]);
    expect(icsLine(invite.text, "DTSTAMP")).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);

    // Someone on the waitlist holds no place: no invitation and no joining link.
    const waitlisted = await nextEmail(waiting.email, /^You are on the waitlist: Calendar test webinar$/);
    expect(calendarAttachments(waitlisted)).toHaveLength(0);
    expect(waitlisted.text + waitlisted.html).not.toContain("calendar-test");

    // Staff move it into GMT: the same UID, SEQUENCE 1, the new wall time.
    const moved = await changeSessionAsStaff(id, {
      startsAt: "2027-11-02T14:00",
      endsAt: "2027-11-02T15:00",
      registrationDeadline: "2027-11-01T17:00",
    });
    expect(moved.text).toContain("Session saved. Anyone registered has been sent the change");
    const change = await nextEmail(attendee.email, /^Changed: Calendar test webinar$/);
    expect(change.text).toContain("2 November 2027, 2:00pm to 3:00pm (UK time)");
    const update = invitationIn(change);
    expect(update.method).toBe("REQUEST");
    expect(update.event.uid).toBe(invite.event.uid);
    expect(update.event.sequence).toBe(1);
    expect(icsLine(update.text, "DTSTART")).toBe("DTSTART;TZID=Europe/London:20271102T140000");
    expect(update.event.start.toISOString()).toBe("2027-11-02T14:00:00.000Z");
    const waitingChange = await nextEmail(waiting.email, /^Changed: Calendar test webinar$/);
    expect(calendarAttachments(waitingChange)).toHaveLength(0);
    expect(waitingChange.text).not.toContain("calendar-test");

    // A change to the agenda alone moves nothing in anyone's calendar.
    const mailBefore = sink.messages.length;
    await changeSessionAsStaff(id, { agenda: "DICOM SR, IHE AI Results and FHIR ImagingStudy" });
    await processOutbox();
    expect(sink.messages.length).toBe(mailBefore);
    expect((await sessionRow(id)).sequence).toBe(1);
    expect((await open(staffSessionPath(id), staff)).text).toContain("SEQUENCE 1");

    const cancelled = await submit(staffSessionPath(id), staff, { intent: "cancel", reason: "The speaker is unwell" });
    expect(cancelled.text).toContain("Session cancelled. 2 people have been sent a cancellation");
    const cancellation = await nextEmail(attendee.email, /^Cancelled: Calendar test webinar$/);
    expect(cancellation.text).toContain("Reason: The speaker is unwell");
    const cancel = invitationIn(cancellation);
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.event.status).toBe("CANCELLED");
    expect(cancel.event.uid).toBe(invite.event.uid);
    expect(cancel.event.sequence).toBe(2);
    expect(attendeesOf(cancel.event).map(addressOf)).toEqual([attendee.email.toLowerCase()]);
    expect(calendarAttachments(await nextEmail(waiting.email, /^Cancelled: /))).toHaveLength(0);

    expect((await open(sessionPath(id), attendee)).text).toContain("This session has been cancelled.");
    const refused = await register((await supplier("Clover")).people[0], id);
    expect(refused).toEqual({ ok: false, fieldErrors: { attendees: "This session has been cancelled" } });
  });

  it("sends an invitation newer than the cancellation to someone who registers again after cancelling", async () => {
    const session = await createEngagementSession(procurement.id);
    const person = (await supplier("Daisy")).people[0];
    await register(person, session.id);
    const first = invitationIn(await nextEmail(person.email, /^Your place is confirmed: /));
    const place = await registrationOf(session.id, person);
    await cancelRegistration(asSignedIn(person), procurement, session.id, place.id);
    const cancel = invitationIn(await nextEmail(person.email, /^Your place is cancelled: /));
    expect(cancel.method).toBe("CANCEL");
    expect(Number(cancel.event.sequence)).toBeGreaterThan(Number(first.event.sequence));

    expect(await register(person, session.id)).toMatchObject({ ok: true, confirmed: ["Daisy Person 1"] });
    const again = invitationIn(await nextEmail(person.email, /^Your place is confirmed: /));
    expect(again.event.uid).toBe(cancel.event.uid);
    // A calendar ignores a REQUEST whose SEQUENCE is not above the CANCEL it already has (RFC 5546 §2.1.5).
    expect(Number(again.event.sequence)).toBeGreaterThan(Number(cancel.event.sequence));
  });

  it("tells someone whose own place was cancelled that their place went, not the session, and how to book again", async () => {
    const session = await createEngagementSession(procurement.id);
    const org = await supplier("Juniper", 2);
    const [self, colleague] = org.people;
    await register(self, session.id, [self, colleague]);
    const when = `${formatDateTime(session.startsAt)} to`;

    const cancelled = await submit(sessionPath(session.id), self, {
      intent: "cancel-registration",
      registrationId: (await registrationOf(session.id, self)).id,
    });
    expect(cancelled.text).toContain("The place has been cancelled");
    const own = await nextEmail(self.email, /^Your place is cancelled: /);
    expect(own.subject).toBe(`Your place is cancelled: ${session.title}`);
    expect(own.text).toContain(`You cancelled your place at ${session.title} on ${when}`);
    expect(own.text).toContain("The session is still going ahead.");
    expect(own.text).toContain(`To book a place again, go to the session page before registration closes on `);
    expect(own.text).toContain(`View the session: `);
    expect(own.text).not.toContain("This session has been cancelled");
    expect(invitationIn(own).method).toBe("CANCEL");

    // A colleague's place cancelled by someone else in the organisation names who cancelled it.
    await submit(sessionPath(session.id), self, {
      intent: "cancel-registration",
      registrationId: (await registrationOf(session.id, colleague)).id,
    });
    const theirs = await nextEmail(colleague.email, /^Your place is cancelled: /);
    expect(theirs.text).toContain(`${self.name} from your organisation cancelled your place at ${session.title}`);
    expect(theirs.text).not.toContain("This session has been cancelled");
    expect((await emailsTo(self.email)).filter((m) => /^Cancelled: /.test(m.subject))).toEqual([]);
  });

  it("gives a booked one-to-one slot an invitation with the slot's own UID and times, and cancels it", async () => {
    const id = await createSessionAsStaff({
      kind: "one_to_one",
      title: "One-to-ones across a day",
      startsAt: "2027-06-10T09:00",
      endsAt: "2027-06-10T12:00",
      registrationDeadline: "2027-06-08T17:00",
      slotMinutes: "45",
      capacity: "",
      joiningLink: "",
    });
    const slots = await slotsOf(id);
    expect(slots.map((s) => toLondonLocal(s.startsAt))).toEqual([
      "2027-06-10T09:00",
      "2027-06-10T09:45",
      "2027-06-10T10:30",
      "2027-06-10T11:15",
    ]);
    const person = (await supplier("Eyebright")).people[0];
    const booked = await submit(sessionPath(id), person, { intent: "book-slot", slotId: slots[2].id });
    expect(booked.text).toContain("Your slot is booked. We have emailed you a calendar invitation");
    expect(booked.text).toContain("Your organisation's slot: 10 June 2027, 10:30am to 11:15am");

    const email = await nextEmail(person.email, /^Your one-to-one meeting is booked: One-to-ones across a day$/);
    expect(email.text).toContain("10 June 2027, 10:30am to 11:15am (UK time)");
    const invite = invitationIn(email);
    expect(invite.method).toBe("REQUEST");
    expect(invite.event.uid).toBe(`${slots[2].id}${UID_DOMAIN}`);
    expect(invite.event.uid).not.toBe(`${id}${UID_DOMAIN}`);
    expect(icsLine(invite.text, "DTSTART")).toBe("DTSTART;TZID=Europe/London:20270610T103000");
    expect(icsLine(invite.text, "DTEND")).toBe("DTEND;TZID=Europe/London:20270610T111500");
    expect(attendeesOf(invite.event).map(addressOf)).toEqual([person.email.toLowerCase()]);

    const cancelled = await submit(sessionPath(id), person, { intent: "cancel-slot", slotId: slots[2].id });
    expect(cancelled.text).toContain("Your slot booking has been cancelled");
    const cancel = invitationIn(await nextEmail(person.email, /^Your place is cancelled: One-to-ones across a day$/));
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.event.uid).toBe(invite.event.uid);
    expect(Number(cancel.event.sequence)).toBeGreaterThan(Number(invite.event.sequence));

    // Booking the same slot again must reach the calendar, which holds the cancellation.
    await bookSlot(asSignedIn(person), procurement, id, slots[2].id);
    const rebooked = invitationIn(await nextEmail(person.email, /^Your one-to-one meeting is booked: /));
    expect(rebooked.event.uid).toBe(invite.event.uid);
    expect(Number(rebooked.event.sequence)).toBeGreaterThan(Number(cancel.event.sequence));
  });
});

describe("reminders", () => {
  it("sends one reminder 24 hours before to each person holding a place, once only, and again if the session moves", async () => {
    // Forty-odd days ahead: no other session in this file starts near it.
    const startsAt = new Date(Math.ceil(daysFromNow(41).getTime() / HOUR) * HOUR);
    const webinar = await createEngagementSession(procurement.id, {
      title: "Reminder webinar",
      startsAt,
      endsAt: new Date(startsAt.getTime() + HOUR),
      registrationDeadline: daysFromNow(40),
      capacity: 2,
    });
    const slots = await createEngagementSession(procurement.id, {
      kind: "one_to_one",
      title: "Reminder one-to-ones",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 45 * 60_000),
      registrationDeadline: daysFromNow(40),
      capacity: 2,
      maxPerOrganisation: 1,
      joiningLink: null,
    });
    const pair = await supplier("Foxglove", 2);
    const waiting = (await supplier("Gentian")).people[0];
    const booker = (await supplier("Heather")).people[0];
    await register(pair.people[0], webinar.id, pair.people);
    await register(waiting, webinar.id);
    await bookSlot(asSignedIn(booker), procurement, slots.id, (await slotsOf(slots.id))[1].id);

    expect(await sendDueReminders(new Date(startsAt.getTime() - 30 * HOUR))).toBe(0);
    const dayBefore = new Date(startsAt.getTime() - 23 * HOUR);
    expect(await sendDueReminders(dayBefore)).toBe(3);
    expect(await sendDueReminders(dayBefore)).toBe(0);
    expect(await sendDueReminders(new Date(startsAt.getTime() - HOUR))).toBe(0);

    for (const person of pair.people) {
      const reminder = await nextEmail(person.email, /^Reminder: Reminder webinar is tomorrow$/);
      expect(reminder.text).toContain("starts within 24 hours");
      expect(reminder.text).toContain(`${formatDateTime(startsAt)} to`);
      expect(reminder.text).toContain("secret-joining-link");
    }
    const slotReminder = await nextEmail(booker.email, /^Reminder: Reminder one-to-ones is tomorrow$/);
    const slot = (await slotsOf(slots.id))[1];
    expect(slotReminder.text).toContain(`${formatDateTime(slot.startsAt)} to`);
    const reminders = (to: string) => sink.messages.filter((m) => m.to === to && m.subject.startsWith("Reminder:"));
    await processOutbox();
    expect(reminders(waiting.email)).toHaveLength(0);
    for (const person of [...pair.people, { email: booker.email }]) expect(reminders(person.email)).toHaveLength(1);

    // Moved two days later: a fresh reminder the day before the new time.
    const later = new Date(startsAt.getTime() + 2 * 24 * HOUR);
    const moved = await changeSessionAsStaff(webinar.id, {
      startsAt: toLondonLocal(later),
      endsAt: toLondonLocal(new Date(later.getTime() + HOUR)),
    });
    expect(moved.status).toBe(302);
    expect(await sendDueReminders(new Date(later.getTime() - 23 * HOUR))).toBe(2);
    await nextEmail(pair.people[0].email, /^Reminder: Reminder webinar is tomorrow$/);
  });
});

describe("who sees the joining link and the venue", () => {
  it("shows a webinar's joining link only to people holding a place and to staff", async () => {
    const session = await createEngagementSession(procurement.id, { capacity: 1, maxPerOrganisation: 2 });
    const holding = await supplier("Iris", 2);
    const waiting = await supplier("Juniper");
    const other = await supplier("Kelp");
    await register(holding.people[0], session.id);
    await register(waiting.people[0], session.id);
    const link = "https://teams.example.nhs.uk/l/secret-joining-link";

    const linkFor = async (user: TestUser | null) =>
      (await sessionForViewer(user ? asSignedIn(user) : null, procurement, session.id)).session.joiningLink;
    expect(await linkFor(holding.people[0])).toBe(link);
    expect(await linkFor(staff)).toBe(link);
    expect(await linkFor(waiting.people[0])).toBeNull();
    expect(await linkFor(other.people[0])).toBeNull();
    expect(await linkFor(holding.people[1])).toBeNull();
    expect(await linkFor(null)).toBeNull();

    expect((await open(sessionPath(session.id), holding.people[0])).text).toContain(`Online: ${link}`);
    expect((await open(sessionPath(session.id), staff)).html).toContain(link);
    for (const viewer of [waiting.people[0], other.people[0], holding.people[1], null]) {
      const page = await open(sessionPath(session.id), viewer);
      expect(page.status).toBe(200);
      // Not in the page, nor in the data the page carries for scripts.
      expect(page.html, viewer?.name ?? "signed out").not.toContain("secret-joining-link");
      expect(page.text).toContain("Online (the joining link is shown to registered attendees)");
    }
    for (const path of [`/procurements/${procurement.slug}`, "/supplier"]) {
      expect((await open(path, waiting.people[0])).html).not.toContain("secret-joining-link");
    }
    expect((await open(`/procurements/${procurement.slug}`)).html).not.toContain("secret-joining-link");
  });

  it("shows an in-person event's venue address only to people holding a place and to staff", async () => {
    const session = await createEngagementSession(procurement.id, {
      kind: "in_person",
      capacity: 1,
      joiningLink: null,
      venueName: "Quarry House",
      venueAddress: "Quarry Hill, Leeds LS2 7UE",
    });
    const holding = (await supplier("Lilac")).people[0];
    const waiting = (await supplier("Mallow")).people[0];
    await register(holding, session.id);
    await register(waiting, session.id);
    expect((await open(sessionPath(session.id), holding)).text).toContain("Quarry House, Quarry Hill, Leeds LS2 7UE");
    expect((await open(sessionPath(session.id), staff)).text).toContain("Quarry Hill, Leeds LS2 7UE");
    for (const viewer of [waiting, (await supplier("Nutmeg")).people[0], null]) {
      const page = await open(sessionPath(session.id), viewer);
      expect(page.html).not.toContain("LS2 7UE");
      expect(page.text).toContain("In person (the venue is shown to registered attendees)");
    }
    const waitlistEmail = await nextEmail(waiting.email, /^You are on the waitlist: /);
    expect(waitlistEmail.text + waitlistEmail.html).not.toContain("LS2 7UE");
    expect((await nextEmail(holding.email, /^Your place is confirmed: /)).text).toContain("Quarry Hill, Leeds LS2 7UE");
  });
});

describe("materials, published to every supplier registered on the procurement", () => {
  it("lets an interested supplier who did not attend read them once published, but not a supplier with no interest, and emails every interested supplier", async () => {
    // A procurement of its own, so that "every interested supplier" is exactly the people here.
    const own = await createProcurement({ title: "Hosting procurement" });
    const session = await createEngagementSession(own.id, { title: "Hosting webinar" });
    const [publicPath, staffPath] = [sessionPath(session.id, own.slug), staffSessionPath(session.id, own.slug)];
    const attendee = await supplier("Oregano");
    const absent = await supplier("Parsley", 2);
    const stranger = await supplier("Quinoa");
    const unverified = await createUser({
      role: "supplier",
      organisationId: absent.organisation.id,
      name: "Parsley Unverified",
      emailVerified: false,
    });
    await register(attendee.people[0], session.id, attendee.people, own);
    await registerInterest(asSignedIn(absent.people[0]), own.id);

    const notes = "Inference may run on premises or in a supplier's cloud.";
    const added = await submit(staffPath, staff, {
      intent: "add-material",
      kind: "question_answer",
      title: "Questions asked and our answers",
      body: notes,
    });
    expect(added.text).toContain("Added to the session's materials");
    const upload = new FormData();
    upload.set("intent", "add-material");
    upload.set("kind", "file");
    upload.set("title", "Slides");
    upload.set("body", "");
    upload.set("file", new Blob([SMALL_PDF], { type: "application/pdf" }), "hosting-slides.pdf");
    const uploaded = await request(staffPath, {
      method: "POST",
      body: upload,
      cookie: await cookieOf(staff),
    });
    expect(uploaded.status).toBe(302);
    const staffPage = await open(publicPath, staff);
    expect(staffPage.text).toContain("Not yet published: only staff can see these.");
    const fileLink = /href="(\/procurements\/[^"]+\/materials\/[0-9a-f-]{36})"/.exec(staffPage.html)?.[1] ?? "";
    expect(fileLink).not.toBe("");

    // Before publishing, no supplier sees them, attendee or not.
    for (const person of [attendee.people[0], absent.people[0]]) {
      const page = await open(publicPath, person);
      expect(page.html).not.toContain("Inference may run on premises");
      expect(page.text).toContain("will be published here after the session");
      expect((await request(fileLink, { cookie: await cookieOf(person) })).status).toBe(404);
    }

    const published = await submit(staffPath, staff, { intent: "publish-materials" });
    expect(published.text).toContain(
      "Materials published to every supplier registered on the procurement (3 people emailed)",
    );

    for (const person of [attendee.people[0], absent.people[0], absent.people[1]]) {
      const page = await open(publicPath, person);
      expect(page.text).toContain(notes);
      expect(page.text).toMatch(/Download hosting-slides\.pdf \(1 KB\)/);
      const file = await request(fileLink, { cookie: await cookieOf(person) });
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("application/pdf");
      expect(file.headers.get("content-disposition")).toContain("hosting-slides.pdf");
      expect(Buffer.from(await file.arrayBuffer()).equals(SMALL_PDF)).toBe(true);
      const email = await nextEmail(person.email, /^Materials published: Hosting webinar$/);
      expect(email.text).toContain("Every supplier registered on the procurement can read them");
      expect(email.text).toContain(`${portal.url}${publicPath}`);
    }

    const strangerPage = await open(publicPath, stranger.people[0]);
    expect(strangerPage.html).not.toContain("Inference may run on premises");
    expect(strangerPage.html).not.toContain("hosting-slides.pdf");
    expect(strangerPage.text).toContain("Register your organisation's interest on the procurement page to read them.");
    expect((await request(fileLink, { cookie: await cookieOf(stranger.people[0]) })).status).toBe(404);
    const signedOut = await open(publicPath);
    expect(signedOut.html).not.toContain("Inference may run on premises");
    expect(signedOut.text).toContain("Sign in to read them.");
    expect((await request(fileLink)).status).toBe(404);
    expect(await emailsTo(stranger.people[0].email)).toHaveLength(0);
    expect(await emailsTo(unverified.email)).toHaveLength(0);

    // Publishing again tells nobody twice.
    const before = sink.messages.length;
    await submit(staffPath, staff, { intent: "publish-materials" });
    await processOutbox();
    expect(sink.messages.length).toBe(before);

    // Registering interest afterwards opens them too: equal treatment does not depend on timing.
    await registerInterest(asSignedIn(stranger.people[0]), own.id);
    expect((await open(publicPath, stranger.people[0])).text).toContain(notes);
  });

  it("refuses to publish when there is nothing to publish", async () => {
    const session = await createEngagementSession(procurement.id);
    const refused = await submit(staffSessionPath(session.id), staff, { intent: "publish-materials" });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("Add at least one item before publishing");
    expect((await sessionRow(session.id)).materialsPublishedAt).toBeNull();
  });
});

describe("one-to-one slots", () => {
  async function oneToOne(slotCount = 3) {
    return createEngagementSession(procurement.id, {
      kind: "one_to_one",
      title: `One-to-ones ${organisationNumber}`,
      capacity: slotCount,
      maxPerOrganisation: 1,
      joiningLink: null,
    });
  }

  it("lets each organisation book one slot only", async () => {
    const session = await oneToOne();
    const org = await supplier("Rocket", 2);
    const [first, second] = await slotsOf(session.id);
    expect(await bookSlot(asSignedIn(org.people[0]), procurement, session.id, first.id)).toEqual({ ok: true });
    const refused = await submit(sessionPath(session.id), org.people[1], { intent: "book-slot", slotId: second.id });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("Your organisation has already booked a slot in this session");
    expect((await slotsOf(session.id)).filter((s) => s.bookedByOrganisationId === org.organisation.id)).toHaveLength(1);
  });

  it(`gives a slot to only one of two organisations racing for it; the other is told it has just been booked (${on})`, async () => {
    for (let round = 1; round <= 5; round++) {
      const session = await oneToOne(2);
      const [a, b] = [await supplier(`Saffron${round}`), await supplier(`Thyme${round}`)];
      const [slot] = await slotsOf(session.id);
      const path = sessionPath(session.id);
      const responses = await Promise.all([
        post(path, a.people[0], { intent: "book-slot", slotId: slot.id }),
        post(path, b.people[0], { intent: "book-slot", slotId: slot.id }),
      ]);
      expect(responses.map((r) => r.status).sort(), `round ${round}`).toEqual([302, 409]);
      const loserIndex = responses.findIndex((r) => r.status === 409);
      const [winner, loser] = loserIndex === 1 ? [a, b] : [b, a];
      expect(visibleText(await responses[loserIndex].text())).toContain(
        "That slot has just been booked by someone else. Choose another",
      );
      const [booked] = await slotsOf(session.id);
      expect(booked.bookedByOrganisationId).toBe(winner.organisation.id);

      // The loser sees the slot is gone, never who has it.
      const page = await open(path, loser.people[0]);
      expect(page.html).not.toContain(winner.organisation.legalName);
      expect(page.html).not.toContain(winner.people[0].name);
      expect(page.html).not.toContain(winner.people[0].email);
      const view = await sessionForViewer(asSignedIn(loser.people[0]), procurement, session.id);
      expect(view.slots.map((s) => Object.keys(s).sort())).toEqual([
        ["endsAt", "free", "id", "ours", "startsAt"],
        ["endsAt", "free", "id", "ours", "startsAt"],
      ]);
      expect(view.slots.map((s) => [s.free, s.ours])).toEqual([
        [false, false],
        [true, false],
      ]);
    }
  });

  it(`books only one slot for an organisation whose two people book different slots at once (${on})`, async () => {
    for (let round = 1; round <= 4; round++) {
      const session = await oneToOne(3);
      const org = await supplier(`Umbel${round}`, 2);
      const [first, second] = await slotsOf(session.id);
      const results = await Promise.all([
        bookSlot(asSignedIn(org.people[0]), procurement, session.id, first.id),
        bookSlot(asSignedIn(org.people[1]), procurement, session.id, second.id),
      ]);
      expect(
        results.filter((r) => r.ok),
        `round ${round}`,
      ).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toEqual({
        ok: false,
        fieldErrors: { slotId: "Your organisation has already booked a slot in this session" },
      });
      expect((await slotsOf(session.id)).filter((s) => s.bookedByOrganisationId !== null)).toHaveLength(1);
    }
  });

  it("publishes a one-to-one summary to other suppliers without the identity of the supplier met", async () => {
    const session = await oneToOne(2);
    const met = await supplier("Valerian");
    const reader = await supplier("Woad");
    const [slot] = await slotsOf(session.id);
    await bookSlot(asSignedIn(met.people[0]), procurement, session.id, slot.id);
    await registerInterest(asSignedIn(reader.people[0]), procurement.id);
    await submit(staffSessionPath(session.id), staff, {
      intent: "add-material",
      kind: "summary",
      slotId: slot.id,
      title: "Summary of a meeting",
      body: "The supplier hosts models in a UK region and supports IHE AI Results.",
    });
    await submit(staffSessionPath(session.id), staff, { intent: "publish-materials" });
    const page = await open(sessionPath(session.id), reader.people[0]);
    expect(page.text).toContain("The supplier hosts models in a UK region");
    expect(page.text).toContain(`Summary of a one-to-one meeting at ${formatDateTime(slot.startsAt)}`);
    expect(page.html).not.toContain(met.organisation.legalName);
    expect(page.html).not.toContain("Valerian Person 1");
  });
});

describe("what one organisation may see of another's", () => {
  it("never shows a supplier another organisation's registrations or bookings, nor lets it cancel them", async () => {
    const webinar = await createEngagementSession(procurement.id, { capacity: 5 });
    const slots = await createEngagementSession(procurement.id, {
      kind: "one_to_one",
      capacity: 2,
      maxPerOrganisation: 1,
      joiningLink: null,
    });
    const theirs = await supplier("Xanthe", 2);
    const ours = await supplier("Yew", 2);
    await register(theirs.people[0], webinar.id, theirs.people);
    await register(ours.people[0], webinar.id, [ours.people[1]]);
    const [theirSlot] = await slotsOf(slots.id);
    await bookSlot(asSignedIn(theirs.people[0]), procurement, slots.id, theirSlot.id);

    const pages = [sessionPath(webinar.id), sessionPath(slots.id), `/procurements/${procurement.slug}`, "/supplier"];
    for (const path of pages) {
      const page = await open(path, ours.people[0]);
      expect(page.status, path).toBe(200);
      for (const secret of [
        theirs.organisation.legalName,
        "Xanthe Person 1",
        "Xanthe Person 2",
        theirs.people[0].email,
        theirs.people[0].id,
      ]) {
        expect(page.html, `${path} shows ${secret}`).not.toContain(secret);
      }
    }
    // Their own people do show to them.
    expect((await open(sessionPath(webinar.id), ours.people[0])).text).toMatch(/Yew Person 2 Place confirmed/);

    const theirPlace = await registrationOf(webinar.id, theirs.people[0]);
    const cancelTheirs = await post(sessionPath(webinar.id), ours.people[0], {
      intent: "cancel-registration",
      registrationId: theirPlace.id,
    });
    expect(cancelTheirs.status).toBe(404);
    const cancelSlot = await post(sessionPath(slots.id), ours.people[0], {
      intent: "cancel-slot",
      slotId: theirSlot.id,
    });
    expect(cancelSlot.status).toBe(404);
    expect((await registrationOf(webinar.id, theirs.people[0])).status).toBe("confirmed");
    expect((await slotsOf(slots.id))[0].bookedByOrganisationId).toBe(theirs.organisation.id);
  });
});

describe("the engagement record", () => {
  function parseCsv(text: string) {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = "";
    let quoted = false;
    const input = text.replace(/^\uFEFF/, "");
    for (let i = 0; i < input.length; i++) {
      const c = input[i];
      if (quoted) {
        if (c === '"' && input[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") {
        row.push(cell);
        cell = "";
      } else if (c === "\n") {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = "";
      } else if (c !== "\r") cell += c;
    }
    if (cell || row.length) rows.push([...row, cell]);
    return rows;
  }

  it("lists for staff who registered, attended and booked what; suppliers are refused", async () => {
    const own = await createProcurement({ title: "Record procurement" });
    const webinar = await createEngagementSession(own.id, { title: "Record webinar", capacity: 2 });
    const slots = await createEngagementSession(own.id, {
      kind: "one_to_one",
      title: "Record one-to-ones",
      capacity: 2,
      maxPerOrganisation: 1,
      joiningLink: null,
    });
    const came = await supplier("Zebra");
    const absent = await supplier("Acacia");
    const waiting = await supplier("Bluebell");
    for (const org of [came, absent, waiting]) {
      await registerAttendees(asSignedIn(org.people[0]), own, webinar.id, [org.people[0].id]);
    }
    const [slot] = await slotsOf(slots.id);
    await bookSlot(asSignedIn(waiting.people[0]), own, slots.id, slot.id);

    const staffPath = `/staff/procurements/${own.slug}/sessions/${webinar.id}`;
    const [camePlace, absentPlace] = [
      await registrationOf(webinar.id, came.people[0]),
      await registrationOf(webinar.id, absent.people[0]),
    ];
    const saved = await submit(staffPath, staff, [
      ["intent", "attendance"],
      ["registered", camePlace.id],
      ["registered", absentPlace.id],
      ["attended", camePlace.id],
    ]);
    expect(saved.text).toContain("Attendance saved");
    await submit(`/staff/procurements/${own.slug}/sessions/${slots.id}`, staff, [
      ["intent", "attendance"],
      ["registered", slot.id],
      ["attended", slot.id],
    ]);

    const response = await request(`/staff/procurements/${own.slug}/engagement.csv`, {
      cookie: await cookieOf(staff),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toContain(`engagement-record-${own.slug}.csv`);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual([
      "Session",
      "Kind",
      "Starts (UTC)",
      "Organisation",
      "Person",
      "Email",
      "Status",
      "Attended",
      "Registered or booked at (UTC)",
    ]);
    const byPerson = (name: string, session: string) =>
      rows.find((r) => r[4] === name && r[0] === session)?.filter((_, i) => [0, 1, 3, 4, 6, 7].includes(i));
    expect(byPerson("Zebra Person 1", "Record webinar")).toEqual([
      "Record webinar",
      "Webinar",
      came.organisation.legalName,
      "Zebra Person 1",
      "confirmed",
      "yes",
    ]);
    expect(byPerson("Acacia Person 1", "Record webinar")?.slice(4)).toEqual(["confirmed", "no"]);
    expect(byPerson("Bluebell Person 1", "Record webinar")?.slice(4)).toEqual(["waitlisted", "not recorded"]);
    expect(byPerson("Bluebell Person 1", "Record one-to-ones")).toEqual([
      "Record one-to-ones",
      "One-to-one meetings",
      waiting.organisation.legalName,
      "Bluebell Person 1",
      "booked",
      "yes",
    ]);
    expect(rows).toHaveLength(4);
    // Only this procurement's engagement.
    expect(rows.every((r) => r[0].startsWith("Record "))).toBe(true);

    const asSupplier = await request(`/staff/procurements/${own.slug}/engagement.csv`, {
      cookie: await cookieOf(came.people[0]),
    });
    expect(asSupplier.status).toBe(403);
    expect(await asSupplier.text()).not.toContain("Zebra Person 1");
    const signedOut = await request(`/staff/procurements/${own.slug}/engagement.csv`);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/sign-in/);
  });
});
