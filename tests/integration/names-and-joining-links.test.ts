// Text that ends up somewhere stricter than a page: a person's or organisation's name (email
// headers, calendar lines) is one line, refused at the form otherwise; a calendar invitation writes
// names as RFC 5545 allows, with no \" escapes; a session's joining link is a web address, https
// (plain http only where the portal is not in production), never javascript: or the like.
import { eq } from "drizzle-orm";
import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AcceptInvitationSchema,
  InviteColleagueSchema,
  InviteUserSchema,
  RegisterSupplierSchema,
} from "../../app/auth/schema";
import { buildInvitation, type Invitation } from "../../app/engagement/calendar.server";
import { EngagementSessionSchema, engagementSessionSchema } from "../../app/engagement/schema";
import { db } from "../../db/client.server";
import { engagementSessions, organisations, users } from "../../db/schema";
import { createOrganisation, createProcurement, createUser, sessionCookieFor, uniqueEmail } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

await useTestDatabase();
let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal();
});

afterAll(async () => {
  await portal.close();
});

const BREAKS = [
  ["CR LF", "Ada\r\nBcc: everyone@example.com"],
  ["LF", "Ada\nLovelace"],
  ["CR", "Ada\rLovelace"],
] as const;

const errorsOf = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("names are one line, refused at the form", () => {
  const registration = (changes: Record<string, string>) => ({
    legalName: "One Line Imaging Ltd",
    companiesHouseNumber: "12345678",
    addressLine1: "1 Test Street",
    town: "Leeds",
    postcode: "LS1 4AP",
    name: "Reggie Registrant",
    email: "reggie@example.com",
    password: "a long and unusual passphrase 4471",
    confirmPassword: "a long and unusual passphrase 4471",
    ...changes,
  });

  it.each(BREAKS)("refuses a name with %s in every form that takes one, with a field error", (_name, broken) => {
    const cases: [string, { success: boolean }, string, RegExp][] = [
      [
        "registration: your name",
        RegisterSupplierSchema.safeParse(registration({ name: broken })),
        "name",
        /^Your full name must be on one line/,
      ],
      [
        "registration: legal name",
        RegisterSupplierSchema.safeParse(registration({ legalName: broken })),
        "legalName",
        /^The organisation's legal name must be on one line/,
      ],
      [
        "registration: trading names",
        RegisterSupplierSchema.safeParse(registration({ tradingNames: broken })),
        "tradingNames",
        /^Trading names must be on one line/,
      ],
      [
        "accepting an invitation",
        AcceptInvitationSchema.safeParse({
          token: "t",
          name: broken,
          password: "a long passphrase 4471",
          confirmPassword: "a long passphrase 4471",
        }),
        "name",
        /^Your full name must be on one line/,
      ],
      [
        "inviting a colleague",
        InviteColleagueSchema.safeParse({ name: broken, email: "colin@example.com" }),
        "name",
        /^Their full name must be on one line/,
      ],
      [
        "an admin inviting staff",
        InviteUserSchema.safeParse({ name: broken, email: "ivy@example.nhs.uk", role: "staff" }),
        "name",
        /^Their full name must be on one line/,
      ],
    ];
    for (const [label, result, field, message] of cases) {
      expect(result.success, label).toBe(false);
      expect(errorsOf(result as Parameters<typeof errorsOf>[0])[field], label).toMatch(message);
    }
  });

  it("still takes names with apostrophes, hyphens, accents and quotes, and a line break only around them", () => {
    for (const name of ["Siobhán O'Neill-Smith", 'Ada "The Countess" Lovelace', "  Ada Lovelace\r\n"]) {
      const parsed = InviteColleagueSchema.safeParse({ name, email: "colin@example.com" });
      expect(parsed.success, name).toBe(true);
    }
  });

  it("refuses a registration whose legal name holds a line break, writing nothing", async () => {
    const email = uniqueEmail("one-line");
    const response = await portal.postForm("/register", {
      ...registration({ legalName: "Injected Ltd\r\nBcc: everyone@example.com", email }),
      companiesHouseNumber: "87654321",
    });
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain("The organisation&#x27;s legal name must be on one line");
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0);
    expect(
      await db().select().from(organisations).where(eq(organisations.companiesHouseNumber, "87654321")),
    ).toHaveLength(0);
  });

  it("refuses an admin's invitation of someone whose name holds a line break, writing nothing", async () => {
    const admin = await createUser({ role: "admin", totp: true });
    const email = uniqueEmail("invitee");
    const response = await portal.postForm(
      "/admin/users",
      { name: "Ivy\nInvitee", email, role: "staff" },
      { cookie: await sessionCookieFor(admin) },
    );
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain("Their full name must be on one line");
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it("refuses an organisation admin's invitation of a colleague whose name holds a line break", async () => {
    const organisation = await createOrganisation();
    const orgAdmin = await createUser({ organisationId: organisation.id, isOrganisationAdmin: true });
    const email = uniqueEmail("colleague");
    const response = await portal.postForm(
      "/organisation",
      { name: "Colin\r\nColleague", email },
      { cookie: await sessionCookieFor(orgAdmin) },
    );
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain("Their full name must be on one line");
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });
});

describe("calendar invitations write names as RFC 5545 allows", () => {
  const invitation = (attendee: string, organiser = "NHS AI Lab commercial team"): Invitation => ({
    id: "6f1c7b2e-8a53-4c7e-b1b4-2d3c4e5f6a7b",
    sequence: 0,
    method: "request",
    title: 'Briefing on "AI Results"; PACS, RIS',
    description: 'Agenda: "DICOM SR"\nQuestions',
    startsAt: new Date("2030-06-12T09:00:00Z"),
    endsAt: new Date("2030-06-12T10:30:00Z"),
    location: "Online: https://meet.example.com/j/1",
    url: "https://portal.example.nhs.uk/procurements/p/sessions/1",
    organiser: { name: organiser, email: "no-reply@example.nhs.uk" },
    attendee: { name: attendee, email: "ada@example.com" },
  });

  /** The calendar's lines with folding undone. */
  const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, "").split("\r\n");

  it("has no backslash escapes in a quoted CN, only characters RFC 5545 allows there", () => {
    const text = buildInvitation(invitation('Ada "The Countess" Lovelace \\ Jr.', 'Commercial "team"'));
    const people = unfolded(text).filter((line) => /^(ATTENDEE|ORGANIZER)[;:]/.test(line));
    expect(people).toHaveLength(2);
    for (const line of people) {
      const cn = /;CN=("(?:[^"]*)"|[^;:]*)/.exec(line)?.[1] ?? "";
      // quoted-string = DQUOTE *QSAFE-CHAR DQUOTE; QSAFE-CHAR is anything but a control or DQUOTE.
      expect(cn, line).toMatch(/^"[^"\u0000-\u001F\u007F]*"$/);
      expect(cn, line).not.toContain("\\");
    }
    expect(text).not.toContain('\\"');
  });

  it("reads back the name a calendar program shows, with the quotes as apostrophes", () => {
    const text = buildInvitation(invitation('Ada "The Countess" Lovelace'));
    const event = Object.values(ical.sync.parseICS(text)).find((c): c is VEvent => c?.type === "VEVENT");
    if (!event) throw new Error(`No event in ${text}`);
    const attendee = Array.isArray(event.attendee) ? event.attendee[0] : event.attendee;
    expect(typeof attendee === "object" ? attendee.params.CN : attendee).toBe("Ada 'The Countess' Lovelace");
    // Text values keep their quotes: RFC 5545 escapes only backslash, semicolon, comma and newlines there.
    expect(event.summary).toBe('Briefing on "AI Results"; PACS, RIS');
  });

  it("keeps a stored name with a line break on one line of the invitation", () => {
    const text = buildInvitation(invitation("Ada\r\nLovelace"));
    const attendee = unfolded(text).find((line) => line.startsWith("ATTENDEE"));
    expect(attendee).toContain('CN="Ada Lovelace"');
  });
});

describe("a session's joining link", () => {
  const webinar = (joiningLink: string) => ({
    intent: "save",
    kind: "webinar",
    title: "A webinar",
    agenda: "An agenda",
    startsAt: "2030-08-01T10:00",
    endsAt: "2030-08-01T11:00",
    registrationDeadline: "2030-07-30T10:00",
    capacity: "10",
    maxPerOrganisation: "2",
    slotMinutes: "",
    joiningLink,
    venueName: "",
    venueAddress: "",
  });

  const REFUSED = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "vbscript:msgbox(1)",
    "ftp://files.example.com/slides",
  ];

  it("takes https only under the production rule, with a clear field error", () => {
    expect(EngagementSessionSchema.safeParse(webinar("https://teams.example.nhs.uk/l/1")).success).toBe(true);
    for (const link of [...REFUSED, "http://teams.example.nhs.uk/l/1"]) {
      const result = EngagementSessionSchema.safeParse(webinar(link));
      expect(result.success, link).toBe(false);
      expect(errorsOf(result).joiningLink, link).toBe("Enter the joining link as a web address starting https://");
    }
  });

  it("takes plain http as well where the portal is not in production, and nothing else", () => {
    const demo = engagementSessionSchema({ allowHttp: true });
    expect(demo.safeParse(webinar("http://localhost:8080/meeting")).success).toBe(true);
    for (const link of REFUSED) {
      const result = demo.safeParse(webinar(link));
      expect(result.success, link).toBe(false);
      expect(errorsOf(result).joiningLink, link).toMatch(
        /^Enter the joining link as a web address starting https:\/\//,
      );
    }
  });

  it("is refused by the staff form when it is javascript:, and nothing is written", async () => {
    const staff = await createUser({ role: "staff", totp: true });
    const procurement = await createProcurement();
    const cookie = await sessionCookieFor(staff);
    const response = await portal.postForm(
      `/staff/procurements/${procurement.slug}/sessions/new`,
      webinar("javascript:alert(document.cookie)"),
      { cookie },
    );
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain("Enter the joining link as a web address starting https://");
    expect(
      await db().select().from(engagementSessions).where(eq(engagementSessions.procurementId, procurement.id)),
    ).toHaveLength(0);
  });

  it("follows the instance: plain http is refused by the staff form in production, taken elsewhere", async () => {
    const staff = await createUser({ role: "staff", totp: true });
    const procurement = await createProcurement();
    const cookie = await sessionCookieFor(staff);
    const path = `/staff/procurements/${procurement.slug}/sessions/new`;
    const taken = await portal.postForm(path, webinar("http://meet.example.com/j/1"), { cookie });
    await taken.text();
    expect(taken.status).toBe(302);
    // The pages read the configuration as they run: this one now answers as production would.
    updateTestConfig({ production: true });
    try {
      const refused = await portal.postForm(path, webinar("http://meet.example.com/j/2"), { cookie });
      const html = await refused.text();
      expect(refused.status).toBe(400);
      expect(html).toContain("Enter the joining link as a web address starting https://");
    } finally {
      updateTestConfig({ production: false });
    }
  });
});
