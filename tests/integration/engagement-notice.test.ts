// The draft preliminary market engagement notice: built from the procurement and its sessions, as a
// PDF and as an HTML page with the same facts, for staff only.
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engagementNotice, WEBINAR_PLACE } from "../../app/engagement/engagement-notice.server";
import { renderEngagementNoticePdf } from "../../app/engagement/engagement-notice.pdf";
import { db } from "../../db/client.server";
import { engagementSessions, engagementSlots, procurements } from "../../db/schema";
import { createUser, sessionCookieFor } from "../factories";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

await useTestDatabase();
let portal: TestPortal;

const SECRET_LINK = "https://meet.example.com/j/secret-joining-link-4471";
const SLUG = "notice-test-platform";

let procurementId: string;

beforeAll(async () => {
  portal = await startTestPortal();
  const [procurement] = await db()
    .insert(procurements)
    .values({
      slug: SLUG,
      title: "National AI imaging platform",
      summary: "A national platform through which NHS trusts find, deploy and monitor AI imaging tools.",
      description: "Chest X-ray triage, lung-nodule detection on CT, stroke CT and fracture detection, integrated with PACS.",
      estimatedValue: "25000000.00",
      cpvCode: "72000000",
      engagementContactEmail: "imaging-engagement@example.nhs.uk",
      engagementStartsAt: new Date("2027-06-01T08:00:00Z"),
      engagementClosesAt: new Date("2028-01-31T17:00:00Z"),
    })
    .returning();
  procurementId = procurement.id;
  const base = { procurementId, capacity: 100, agenda: "Introductions, the outline requirement, questions." };
  // Inserted out of order: the notice lists them by start.
  await db()
    .insert(engagementSessions)
    .values([
      {
        ...base,
        kind: "webinar",
        title: "Winter webinar: draft specification",
        // 14:00 UTC in January is 2:00pm GMT.
        startsAt: new Date("2028-01-19T14:00:00Z"),
        endsAt: new Date("2028-01-19T15:00:00Z"),
        registrationDeadline: new Date("2028-01-17T12:00:00Z"),
        joiningLink: SECRET_LINK,
      },
      {
        ...base,
        kind: "webinar",
        title: "Market briefing webinar",
        // 09:00 UTC in July is 10:00am BST.
        startsAt: new Date("2027-07-14T09:00:00Z"),
        endsAt: new Date("2027-07-14T10:30:00Z"),
        registrationDeadline: new Date("2027-07-12T16:00:00Z"),
        joiningLink: SECRET_LINK,
      },
      {
        ...base,
        kind: "in_person",
        title: "Supplier day: integration with PACS and RIS",
        startsAt: new Date("2027-09-22T09:30:00Z"),
        endsAt: new Date("2027-09-22T15:30:00Z"),
        registrationDeadline: new Date("2027-09-15T16:00:00Z"),
        venueName: "Wellington Place",
        venueAddress: "Quarry House\nQuarry Hill\nLeeds LS2 7UE",
      },
      {
        ...base,
        kind: "webinar",
        title: "Withdrawn briefing",
        status: "cancelled",
        startsAt: new Date("2027-08-02T09:00:00Z"),
        endsAt: new Date("2027-08-02T10:00:00Z"),
        registrationDeadline: new Date("2027-07-30T16:00:00Z"),
        joiningLink: "https://meet.example.com/j/withdrawn",
      },
    ]);
  const [oneToOne] = await db()
    .insert(engagementSessions)
    .values({
      ...base,
      kind: "one_to_one",
      title: "One-to-one meetings with suppliers",
      capacity: 4,
      startsAt: new Date("2027-10-05T09:00:00Z"),
      endsAt: new Date("2027-10-05T13:00:00Z"),
      registrationDeadline: new Date("2027-10-01T16:00:00Z"),
    })
    .returning();
  await db()
    .insert(engagementSlots)
    .values(
      [0, 1, 2, 3].map((i) => ({
        sessionId: oneToOne.id,
        startsAt: new Date(Date.UTC(2027, 9, 5, 9 + i)),
        endsAt: new Date(Date.UTC(2027, 9, 5, 9 + i, 45)),
      })),
    );
});

afterAll(async () => {
  await portal.close();
});

async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: pdf });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

/** Text with every run of white space as one space, and HTML entities for apostrophes undone. */
function flat(text: string) {
  return text.replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");
}

// The facts that must be in the notice, whichever form it takes.
const FACTS = [
  "Preliminary market engagement notice",
  "National AI imaging platform",
  "NHS England",
  "imaging-engagement@example.nhs.uk",
  "£25,000,000 excluding VAT",
  "72000000",
  // In start order, each with its date and UK time.
  "Market briefing webinar",
  "Wednesday 14 July 2027",
  "10:00am to 11:30am BST",
  "Supplier day: integration with PACS and RIS",
  "Wednesday 22 September 2027",
  "10:30am to 4:30pm BST",
  "Wellington Place",
  "Quarry House",
  "Leeds LS2 7UE",
  "One-to-one meetings with suppliers",
  "Online or by arrangement, 45-minute slots",
  "Winter webinar: draft specification",
  "Wednesday 19 January 2028",
  "2:00pm to 3:00pm GMT",
  WEBINAR_PLACE,
  // Registration deadlines.
  "12 July 2027, 5:00pm",
  "17 January 2028, 12:00pm",
  // Equal treatment, and the close of engagement.
  "published on the portal to every supplier registered on this procurement",
  "Engagement closes: 31 January 2028, 5:00pm",
];

describe("engagementNotice", () => {
  it("lists every session not cancelled, in start order, in UK time", async () => {
    const notice = await engagementNotice(procurementId);
    expect(notice.events.map((e) => [e.title, e.startTime, e.zone])).toEqual([
      ["Market briefing webinar", "10:00am", "BST"],
      ["Supplier day: integration with PACS and RIS", "10:30am", "BST"],
      ["One-to-one meetings with suppliers", "10:00am", "BST"],
      ["Winter webinar: draft specification", "2:00pm", "GMT"],
    ]);
    expect(notice.events[2].slots).toEqual({ count: 4, minutes: [45] });
    expect(notice.engagement.howItRuns.join(" ")).toContain(
      "Engagement is run through 2 webinars, an in-person event and one-to-one meetings",
    );
    expect(JSON.stringify(notice)).not.toContain("meet.example.com");
  });
});

describe("the PDF", () => {
  it("says how engagement is run, with each event's date, UK time and place, and when it closes", async () => {
    const pdf = await renderEngagementNoticePdf(await engagementNotice(procurementId));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { text, pages } = await pdfText(new Uint8Array(pdf));
    const content = flat(text);
    for (const fact of FACTS) expect(content).toContain(fact);
    expect(content).toContain("DRAFT");
    expect(content).toMatch(/engagement closes/i);
    // BST and GMT read correctly: not the UTC wall times.
    expect(content).not.toContain("9:00am to 10:30am");
    expect(content).not.toContain("2:00pm to 3:00pm BST");
    // Page numbers on every page, and the procurement's name in the footer.
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= pages; page += 1) expect(content).toContain(`Page ${page} of ${pages}`);
    expect(content).toContain("Preliminary market engagement notice: National AI imaging platform (draft)");
    // Never the joining link, nor a cancelled session; whole words, not hyphenated.
    expect(content).not.toContain("meet.example.com");
    expect(content).not.toContain("Withdrawn briefing");
    expect(text).not.toMatch(/[a-z]-\n[a-z]/);
  });
});

describe("the routes", () => {
  const htmlPath = `/staff/procurements/${SLUG}/engagement-notice`;
  const pdfPath = `/staff/procurements/${SLUG}/engagement-notice.pdf`;

  it("give staff the HTML page with the same facts and a link to the PDF", async () => {
    const staff = await createUser({ role: "staff", totp: true });
    const response = await portal.fetch(htmlPath, { cookie: await sessionCookieFor(staff) });
    expect(response.status).toBe(200);
    const html = await response.text();
    const content = flat(html.replace(/<[^>]+>/g, " "));
    for (const fact of FACTS) expect(content).toContain(flat(fact));
    expect(html).toContain(`href="${pdfPath}"`);
    expect(html).not.toContain("meet.example.com");
    expect(html).not.toContain("Withdrawn briefing");
  });

  it("give staff the PDF as a download named after the procurement", async () => {
    const staff = await createUser({ role: "staff", totp: true });
    const response = await portal.fetch(pdfPath, { cookie: await sessionCookieFor(staff) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="engagement-notice-${SLUG}\\.pdf"`),
    );
    expect(response.headers.get("cache-control")).toContain("no-store");
    const body = new Uint8Array(await response.arrayBuffer());
    const { text } = await pdfText(body);
    expect(flat(text)).toContain("10:00am to 11:30am BST");
  });

  it.each([
    ["supplier", { role: "supplier" as const }],
    ["evaluator", { role: "evaluator" as const, totp: true }],
    ["admin", { role: "admin" as const, totp: true }],
  ])("refuse a signed-in %s with 403", async (_label, options) => {
    const user = await createUser(options);
    const cookie = await sessionCookieFor(user);
    for (const path of [htmlPath, pdfPath]) {
      const response = await portal.fetch(path, { cookie });
      expect(response.status, path).toBe(403);
      expect(await response.text()).not.toContain("Wellington Place");
    }
  });

  it("send someone signed out to sign in", async () => {
    for (const path of [htmlPath, pdfPath]) {
      const response = await portal.fetch(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("answer 404 for a procurement that does not exist", async () => {
    const staff = await createUser({ role: "staff", totp: true });
    const cookie = await sessionCookieFor(staff);
    for (const path of ["/staff/procurements/no-such-procurement/engagement-notice", "/staff/procurements/no-such-procurement/engagement-notice.pdf"]) {
      const response = await portal.fetch(path, { cookie });
      expect(response.status, path).toBe(404);
    }
  });
});
