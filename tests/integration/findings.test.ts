// Discovery findings: drafts stay with staff, published findings are public and searchable,
// supplier responses reach staff and the responding organisation, never another supplier.
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { auditEvents, findingResponses, findings, findingThemes } from "../../db/schema";
import { seedDiscoveryFindings } from "../../app/demo/seed-findings";
import { addTheme, listThemes } from "../../app/findings/themes.server";
import { findingResponsesCsv } from "../../app/findings/finding-responses.server";
import { findingsSummary, listPublishedFindings } from "../../app/findings/finding-reads.server";
import {
  publishFinding,
  createFinding as recordFinding,
  setFindingStatus,
  updateFinding,
} from "../../app/findings/finding-authoring.server";
import { FindingSchema } from "../../app/findings/schema";
import {
  asSignedIn,
  createFinding,
  createProcurement,
  createUser,
  sessionCookieFor,
  type TestProcurement,
  type TestUser,
} from "../factories";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

await useTestDatabase();
let portal: TestPortal;
let procurement: TestProcurement;
let staff: TestUser;
let supplier: TestUser;
let colleague: TestUser;
let rival: TestUser;
let evaluator: TestUser;
let admin: TestUser;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  portal = await startTestPortal();
  procurement = await createProcurement();
  staff = await createUser({ role: "staff", totp: true });
  evaluator = await createUser({ role: "evaluator", totp: true });
  admin = await createUser({ role: "admin", totp: true });
  supplier = await createUser({ role: "supplier", name: "Casey Responder" });
  colleague = await createUser({ role: "supplier", name: "Cam Colleague", organisationId: supplier.organisationId });
  rival = await createUser({ role: "supplier", name: "Robin Rival" });
  for (const [name, user] of Object.entries({ staff, evaluator, admin, supplier, colleague, rival })) {
    cookies[name] = await sessionCookieFor(user);
  }
});

afterAll(async () => {
  await portal.close();
});

const fields = (overrides: Record<string, string> = {}) => ({
  title: "Integration with PACS differs across trusts",
  kind: "blocker",
  theme: "Interoperability",
  description: "Every trust integrates each AI product separately with its PACS and RIS.",
  evidenceSource: "Interviews with 12 trusts",
  evidenceCount: "12",
  impact: "high",
  ...overrides,
});
const input = (overrides: Record<string, string> = {}) => FindingSchema.parse(fields(overrides));

async function recorded(overrides: Record<string, string> = {}) {
  const result = await recordFinding(asSignedIn(staff), procurement.id, input(overrides));
  if (!result.ok) throw new Error(`not saved: ${JSON.stringify(result.fieldErrors)}`);
  return result.findingId;
}

async function findingRow(id: string) {
  const [row] = await db().select().from(findings).where(eq(findings.id, id));
  return row;
}

async function auditActions(subjectId: string) {
  const rows = await db()
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.subjectId, subjectId))
    .orderBy(auditEvents.seq);
  return rows.map((r) => r.action);
}

async function responsesTo(findingId: string) {
  const [row] = await db()
    .select({ n: count() })
    .from(findingResponses)
    .where(eq(findingResponses.findingId, findingId));
  return row.n;
}

const publicPath = (id: string) => `/procurements/${procurement.slug}/findings/${id}`;
const staffPath = (id: string) => `/staff/procurements/${procurement.slug}/findings/${id}`;

describe("who sees a finding", () => {
  it("keeps a draft from the public and from suppliers until staff publish it, and hides it again when archived", async () => {
    const id = await recorded({ title: "Draft about hosting" });
    const list = `/procurements/${procurement.slug}/findings`;
    for (const cookie of [undefined, cookies.supplier, cookies.evaluator]) {
      expect((await portal.fetch(publicPath(id), { cookie })).status).toBe(404);
      expect(await (await portal.fetch(list, { cookie })).text()).not.toContain("Draft about hosting");
    }
    expect((await listPublishedFindings(procurement.id)).map((f) => f.id)).not.toContain(id);

    const published = await setFindingStatus(asSignedIn(staff), procurement.id, id, "published");
    expect(published).toEqual({ ok: true, changed: true });
    expect((await portal.fetch(publicPath(id))).status).toBe(200);
    expect(await (await portal.fetch(list)).text()).toContain("Draft about hosting");
    const firstPublished = (await findingRow(id)).publishedAt;
    expect(firstPublished).toBeInstanceOf(Date);

    await setFindingStatus(asSignedIn(staff), procurement.id, id, "archived");
    expect((await portal.fetch(publicPath(id))).status).toBe(404);
    expect((await portal.fetch(publicPath(id), { cookie: cookies.supplier })).status).toBe(404);
    expect(await (await portal.fetch(list)).text()).not.toContain("Draft about hosting");

    await setFindingStatus(asSignedIn(staff), procurement.id, id, "published");
    expect((await findingRow(id)).publishedAt).toEqual(firstPublished);
    expect(await auditActions(id)).toEqual([
      "finding.created",
      "finding.published",
      "finding.archived",
      "finding.published",
    ]);
  });

  it("publishes, archives and returns to draft from the staff page's buttons", async () => {
    const id = await recorded({ title: "Button-driven finding" });
    const post = (intent: string) => portal.postForm(staffPath(id), { intent }, { cookie: cookies.staff });
    expect((await post("publish")).status).toBe(302);
    expect((await findingRow(id)).status).toBe("published");
    expect((await post("draft")).status).toBe(302);
    expect((await findingRow(id)).status).toBe("draft");
    expect((await post("archive")).status).toBe(302);
    expect((await findingRow(id)).status).toBe("archived");
    expect(await auditActions(id)).toContain("finding.returned_to_draft");
  });

  it("counts published opportunities and blockers for the procurement page", async () => {
    const other = await createProcurement();
    await createFinding(other.id, { kind: "blocker" });
    await createFinding(other.id, { kind: "blocker" });
    await createFinding(other.id, { kind: "opportunity" });
    await createFinding(other.id, { kind: "opportunity", status: "draft", publishedAt: null });
    await createFinding(other.id, { kind: "blocker", status: "archived" });
    expect(await findingsSummary(other.id)).toEqual({ opportunities: 1, blockers: 2 });
  });
});

describe("the demo findings", () => {
  it("seed published, draft and archived findings that search finds, and responses from both demo suppliers", async () => {
    const demo = await createProcurement();
    await db().transaction((tx) =>
      seedDiscoveryFindings(tx, demo.id, staff.id, [
        { organisationId: supplier.organisationId!, userId: supplier.id },
        { organisationId: rival.organisationId!, userId: rival.id },
      ]),
    );
    const all = await db().select().from(findings).where(eq(findings.procurementId, demo.id));
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.map((f) => f.status))).toEqual(new Set(["published", "draft", "archived"]));
    const [pacs] = await listPublishedFindings(demo.id, { q: "PACS" });
    expect(pacs).toMatchObject({ kind: "blocker", theme: "Interoperability" });
    const page = await (
      await portal.fetch(`/procurements/${demo.slug}/findings/${pacs.id}`, { cookie: cookies.rival })
    ).text();
    expect(page).toContain("In Scotland we integrate through the national PACS");
    expect(page).not.toContain("Our DICOM router already sits between PACS");
  });
});

describe("searching and filtering", () => {
  let other: TestProcurement;
  beforeAll(async () => {
    other = await createProcurement();
    await createFinding(other.id, {
      title: "PACS and RIS integration differs from trust to trust",
      kind: "blocker",
      theme: "Interoperability",
      impact: "high",
      description: "Each trust runs a different PACS; integration work repeats at every trust.",
    });
    await createFinding(other.id, {
      title: "Workforce shortages make triage valuable",
      kind: "opportunity",
      theme: "Workforce",
      impact: "medium",
      description: "Radiologists are scarce. Suppliers mentioned PACS worklists in passing.",
    });
    await createFinding(other.id, { title: "A draft about PACS", status: "draft", publishedAt: null });
  });
  const titles = async (filters: Parameters<typeof listPublishedFindings>[1]) =>
    (await listPublishedFindings(other.id, filters)).map((f) => f.title);

  it("finds published findings by a word, ranking a match in the title above one in the description", async () => {
    expect(await titles({ q: "PACS" })).toEqual([
      "PACS and RIS integration differs from trust to trust",
      "Workforce shortages make triage valuable",
    ]);
  });

  it("matches other forms of a word (integrations finds integration)", async () => {
    expect(await titles({ q: "integrations" })).toEqual(["PACS and RIS integration differs from trust to trust"]);
    expect(await titles({ q: "radiologist" })).toEqual(["Workforce shortages make triage valuable"]);
  });

  it("understands search-engine syntax and never fails on stray punctuation", async () => {
    expect(await titles({ q: "PACS -workforce" })).toEqual(["PACS and RIS integration differs from trust to trust"]);
    expect(await titles({ q: '"trust to trust"' })).toEqual(["PACS and RIS integration differs from trust to trust"]);
    for (const q of ["(&|!", "':*", '"', "-", "<script>"]) {
      const response = await portal.fetch(`/procurements/${other.slug}/findings?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
    }
  });

  it("filters by kind, theme and impact, alone or together with a search", async () => {
    expect(await titles({ kind: "opportunity" })).toEqual(["Workforce shortages make triage valuable"]);
    expect(await titles({ theme: "workforce" })).toEqual(["Workforce shortages make triage valuable"]);
    expect(await titles({ impact: "high" })).toEqual(["PACS and RIS integration differs from trust to trust"]);
    expect(await titles({ q: "PACS", kind: "opportunity" })).toEqual(["Workforce shortages make triage valuable"]);
    expect(await titles({ kind: "blocker", impact: "low" })).toEqual([]);
  });

  it("applies the filters a visitor submits with the page's GET form", async () => {
    const page = await (
      await portal.fetch(`/procurements/${other.slug}/findings?q=radiologists&kind=&theme=Workforce&impact=`)
    ).text();
    expect(page).toContain("Workforce shortages make triage valuable");
    expect(page).not.toContain("PACS and RIS integration differs");
    expect(page).not.toContain("A draft about PACS");
    expect(page).toContain("1 finding matches your filters");
    // The form comes back with what was chosen.
    expect(page).toMatch(/<option value="Workforce" selected="">/);
  });

  it("shows drafts to staff in their own list, with the status filter", async () => {
    const page = await (
      await portal.fetch(`/staff/procurements/${other.slug}/findings?status=draft`, { cookie: cookies.staff })
    ).text();
    expect(page).toContain("A draft about PACS");
    expect(page).not.toContain("Workforce shortages make triage valuable");
  });
});

describe("recording and editing findings", () => {
  it("records a finding from the form once, however many times the same form is posted", async () => {
    const key = crypto.randomUUID();
    const form = fields({ title: "Posted twice by a double click", idempotencyKey: key });
    const path = `/staff/procurements/${procurement.slug}/findings/new`;
    const [first, second] = await Promise.all([
      portal.postForm(path, form, { cookie: cookies.staff }),
      portal.postForm(path, form, { cookie: cookies.staff }),
    ]);
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    const rows = await db().select().from(findings).where(eq(findings.title, "Posted twice by a double click"));
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("draft");
  });

  it("adds a theme staff type in, offers it afterwards, and does not duplicate it in another case", async () => {
    const response = await portal.postForm(
      `/staff/procurements/${procurement.slug}/findings/new`,
      fields({ title: "Cyber assurance is inconsistent", theme: "", newTheme: "Cyber security" }),
      { cookie: cookies.staff },
    );
    expect(response.status).toBe(302);
    expect(await listThemes(procurement.id)).toContain("Cyber security");
    const id = await recorded({ title: "Another cyber finding", theme: "", newTheme: "cyber SECURITY" });
    expect((await findingRow(id)).theme).toBe("Cyber security");
    expect(await addTheme(asSignedIn(staff), procurement.id, "CYBER security")).toBe("Cyber security");
    const [{ n }] = await db()
      .select({ n: count() })
      .from(findingThemes)
      .where(and(eq(findingThemes.procurementId, procurement.id)));
    expect(n).toBe(1);
    const form = await (
      await portal.fetch(`/staff/procurements/${procurement.slug}/findings/new`, { cookie: cookies.staff })
    ).text();
    expect(form).toContain('<option value="Cyber security">');
  });

  it("keeps a new theme of a draft out of the public filter until a finding with it is published", async () => {
    const other = await createProcurement();
    const result = await recordFinding(
      asSignedIn(staff),
      other.id,
      input({ title: "Sensitive draft", theme: "", newTheme: "Trust X incident" }),
    );
    if (!result.ok) throw new Error("not saved");
    const list = () => portal.fetch(`/procurements/${other.slug}/findings`).then((r) => r.text());
    expect(await list()).not.toContain("Trust X incident");
    await publishFinding(asSignedIn(staff), other.id, result.findingId);
    expect(await list()).toContain("Trust X incident");
  });

  it("reports a missing theme together with the other missing answers", () => {
    const result = FindingSchema.safeParse({ title: "", theme: "", newTheme: "" });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["title", "kind", "theme", "description", "impact"]));
  });

  it("refuses a theme that is not in the list and keeps what was typed", async () => {
    const response = await portal.postForm(
      `/staff/procurements/${procurement.slug}/findings/new`,
      fields({ title: "Made-up theme", theme: "Not a real theme" }),
      { cookie: cookies.staff },
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Select a theme from the list");
    expect(html).toContain("Made-up theme");
    expect(await db().select().from(findings).where(eq(findings.title, "Made-up theme"))).toHaveLength(0);
  });

  it("refuses an edit made on an out-of-date copy, keeps the editor's text and shows the saved version", async () => {
    const id = await recorded({ title: "Versioned finding" });
    const first = await updateFinding(asSignedIn(staff), procurement.id, id, {
      ...input({ title: "First edit by a colleague" }),
      version: 1,
    });
    expect(first.ok).toBe(true);
    const late = fields({ intent: "save", version: "1", title: "My late edit", description: "Text I typed" });
    const response = await portal.postForm(staffPath(id), late, { cookie: cookies.staff });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("Someone else changed this finding");
    expect(html).toContain("My late edit");
    expect(html).toContain("Text I typed");
    expect(html).toContain("The version saved now");
    expect(html).toContain("First edit by a colleague");
    // The page now carries the current version, so saving again (having compared) goes through.
    expect(html).toMatch(/name="version" value="2"/);
    expect((await findingRow(id)).title).toBe("First edit by a colleague");

    const again = await portal.postForm(staffPath(id), { ...late, version: "2" }, { cookie: cookies.staff });
    expect(again.status).toBe(302);
    expect((await findingRow(id)).title).toBe("My late edit");
    expect(await auditActions(id)).toEqual(["finding.created", "finding.updated", "finding.updated"]);
  });

  it("refuses an edit that carries no version rather than overwriting blindly", async () => {
    const id = await recorded({ title: "No version sent" });
    const response = await portal.postForm(staffPath(id), fields({ intent: "save", title: "Overwritten?" }), {
      cookie: cookies.staff,
    });
    expect(response.status).toBe(409);
    expect((await findingRow(id)).title).toBe("No version sent");
  });

  it("does not publish a finding that changed since the member of staff opened it", async () => {
    const id = await recorded({ title: "Reviewed text" });
    await updateFinding(asSignedIn(staff), procurement.id, id, { ...input({ title: "Unreviewed text" }), version: 1 });
    const response = await portal.postForm(
      staffPath(id),
      { intent: "publish", version: "1" },
      { cookie: cookies.staff },
    );
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Someone else changed this finding since you opened it");
    expect((await findingRow(id)).status).toBe("draft");
    const retry = await portal.postForm(staffPath(id), { intent: "publish", version: "2" }, { cookie: cookies.staff });
    expect(retry.status).toBe(302);
    expect((await findingRow(id)).status).toBe("published");
  });
});

describe("supplier responses", () => {
  it("lets a supplier respond; staff and the supplier's own organisation see it, another supplier never does", async () => {
    const finding = await createFinding(procurement.id, { title: "Respond to me" });
    const response = await portal.postForm(
      publicPath(finding.id),
      { body: "We already solve this with our DICOM router." },
      { cookie: cookies.supplier },
    );
    expect(response.status).toBe(302);
    expect(
      await auditActions(
        (await db().select().from(findingResponses).where(eq(findingResponses.findingId, finding.id)))[0].id,
      ),
    ).toEqual(["finding.response_submitted"]);

    for (const who of ["supplier", "colleague"]) {
      const page = await (await portal.fetch(publicPath(finding.id), { cookie: cookies[who] })).text();
      expect(page, who).toContain("We already solve this with our DICOM router.");
    }
    for (const cookie of [cookies.rival, cookies.evaluator, cookies.admin, undefined]) {
      const page = await (await portal.fetch(publicPath(finding.id), { cookie })).text();
      expect(page).not.toContain("We already solve this");
      expect(page).not.toContain("Casey Responder");
    }
    // Nor through any other route a rival might try.
    for (const path of [
      staffPath(finding.id),
      `/staff/procurements/${procurement.slug}/findings`,
      `/staff/procurements/${procurement.slug}/findings/responses.csv`,
    ]) {
      const refused = await portal.fetch(path, { cookie: cookies.rival });
      expect(refused.status, path).toBe(403);
      expect(await refused.text()).not.toContain("We already solve this");
    }
    for (const path of [`/procurements/${procurement.slug}`, `/procurements/${procurement.slug}/findings`]) {
      const page = await portal.fetch(path, { cookie: cookies.rival });
      expect(await page.text(), path).not.toContain("We already solve this");
    }

    const staffPage = await (await portal.fetch(staffPath(finding.id), { cookie: cookies.staff })).text();
    expect(staffPage).toContain("We already solve this with our DICOM router.");
    expect(staffPage).toContain("Casey Responder");
    expect(staffPage).toContain("Supplier responses (1)");
  });

  it("records one response however many times the same form is posted", async () => {
    const finding = await createFinding(procurement.id, { title: "Double-clicked" });
    const form = { body: "Sent once, clicked twice", idempotencyKey: crypto.randomUUID() };
    const posts = await Promise.all(
      [1, 2, 3].map(() => portal.postForm(publicPath(finding.id), form, { cookie: cookies.supplier })),
    );
    expect(posts.map((r) => r.status)).toEqual([302, 302, 302]);
    expect(await responsesTo(finding.id)).toBe(1);
    // A new form (a new key) is a new response.
    await portal.postForm(
      publicPath(finding.id),
      { ...form, idempotencyKey: crypto.randomUUID() },
      { cookie: cookies.supplier },
    );
    expect(await responsesTo(finding.id)).toBe(2);
  });

  it("refuses an empty or over-long response and keeps what was typed", async () => {
    const finding = await createFinding(procurement.id, { title: "Validated responses" });
    const empty = await portal.postForm(publicPath(finding.id), { body: "   " }, { cookie: cookies.supplier });
    expect(empty.status).toBe(400);
    const emptyPage = await empty.text();
    expect(emptyPage).toContain("nhsuk-error-summary");
    expect(emptyPage).toContain("Enter your response");

    const long = `${"Our product already does this. ".repeat(170)}END-MARKER`;
    expect(long.length).toBeGreaterThan(5000);
    const tooLong = await portal.postForm(publicPath(finding.id), { body: long }, { cookie: cookies.supplier });
    expect(tooLong.status).toBe(400);
    const tooLongPage = await tooLong.text();
    expect(tooLongPage).toContain("5,000 characters or fewer");
    expect(tooLongPage).toContain("END-MARKER");
    expect(await responsesTo(finding.id)).toBe(0);
  });

  it("accepts responses to published findings only, and only from suppliers", async () => {
    const draft = await createFinding(procurement.id, { title: "Not yet", status: "draft", publishedAt: null });
    const archived = await createFinding(procurement.id, { title: "No longer", status: "archived" });
    for (const f of [draft, archived]) {
      const refused = await portal.postForm(publicPath(f.id), { body: "Hello" }, { cookie: cookies.supplier });
      expect(refused.status).toBe(404);
      expect(await responsesTo(f.id)).toBe(0);
    }
    const published = await createFinding(procurement.id, { title: "Suppliers only" });
    for (const who of ["staff", "evaluator", "admin"]) {
      const refused = await portal.postForm(publicPath(published.id), { body: "Hello" }, { cookie: cookies[who] });
      expect(refused.status, who).toBe(403);
    }
    const signedOut = await portal.postForm(publicPath(published.id), { body: "Hello" });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect(await responsesTo(published.id)).toBe(0);
  });

  it("offers signed-out visitors a link to sign in instead of the form", async () => {
    const finding = await createFinding(procurement.id, { title: "Sign in to respond" });
    const page = await (await portal.fetch(publicPath(finding.id))).text();
    expect(page).toContain(`/sign-in?redirectTo=${encodeURIComponent(publicPath(finding.id))}`);
    expect(page).not.toContain('name="body"');
  });

  it("exports responses as CSV for staff, with spreadsheet formulas neutralised", async () => {
    const finding = await createFinding(procurement.id, { title: "CSV finding" });
    await portal.postForm(
      publicPath(finding.id),
      { body: '=HYPERLINK("http://evil.example","click")' },
      { cookie: cookies.supplier },
    );
    await portal.postForm(publicPath(finding.id), { body: "+44 and @mentions and -1" }, { cookie: cookies.rival });
    const csv = await portal.fetch(`/staff/procurements/${procurement.slug}/findings/responses.csv`, {
      cookie: cookies.staff,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toBe(
      `attachment; filename="finding-responses-${procurement.slug}.csv"`,
    );
    const text = await csv.text();
    expect(text).toContain("CSV finding");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain("'+44 and @mentions and -1");
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    // The domain operation checks the role itself, not only the route.
    await expect(findingResponsesCsv(asSignedIn(supplier), procurement.id)).rejects.toMatchObject({ status: 403 });
  });
});

describe("staff-only pages", () => {
  let findingId: string;
  beforeAll(async () => {
    findingId = (await createFinding(procurement.id, { title: "Staff pages finding" })).id;
  });
  const staffPages = () => [
    `/staff/procurements/${procurement.slug}/findings`,
    `/staff/procurements/${procurement.slug}/findings/new`,
    staffPath(findingId),
    `/staff/procurements/${procurement.slug}/findings/responses.csv`,
  ];

  it("refuses suppliers, evaluators and admins with 403 and sends signed-out visitors to sign in", async () => {
    for (const path of staffPages()) {
      expect((await portal.fetch(path, { cookie: cookies.staff })).status, path).toBe(200);
      for (const who of ["supplier", "evaluator", "admin"]) {
        expect((await portal.fetch(path, { cookie: cookies[who] })).status, `${who} ${path}`).toBe(403);
      }
      const signedOut = await portal.fetch(path);
      expect(signedOut.status, path).toBe(302);
      expect(signedOut.headers.get("location")).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("writes nothing when someone other than staff posts to a staff form", async () => {
    const before = await db().select({ n: count() }).from(findings);
    for (const who of ["supplier", "evaluator", "admin"]) {
      const created = await portal.postForm(`/staff/procurements/${procurement.slug}/findings/new`, fields(), {
        cookie: cookies[who],
      });
      expect(created.status).toBe(403);
      const published = await portal.postForm(staffPath(findingId), { intent: "archive" }, { cookie: cookies[who] });
      expect(published.status).toBe(403);
    }
    expect(await db().select({ n: count() }).from(findings)).toEqual(before);
    expect((await findingRow(findingId)).status).toBe("published");
    await expect(
      recordFinding(asSignedIn(supplier), procurement.id, input({ title: "Supplier-made" })),
    ).rejects.toMatchObject({ status: 403 });
  });
});
