// THE SEAL AS AN INVARIANT, not as a list of routes. Two supplier organisations that staff cannot
// tell apart before bidding (both registered interest, both booked the same session, both asked a
// clarification question); one of them starts a bid, saves answers, uploads a file, submits,
// withdraws, submits again and tries once more after the deadline, with marker strings in its
// answers, its prices, its file's name and its file's content. Then every GET route the Remix build
// knows (its route table, parameters filled with every object of the kind that exists) is requested
// as staff, an admin, an evaluator on the panel, a supplier that did not bid and someone signed out,
// following each page's links to itself (pagination); zips are unpacked and PDFs read as text.
//
// Before the two-person opening: (a) no marker appears anywhere, and (b) everything is the same as
// in a second world, built the same way, in which the OTHER organisation bid, once ids, clocks and
// hashes are set aside (the organisations and people keep their names, emails and labelled ids, so
// anything naming the bidder differs). Mail sent to staff names no bidder. After the opening the
// markers are where they belong, and the audit chain verifies end to end.
//
// A new route is covered without anyone adding it here. A route whose :param has no source below,
// or whose source finds no object, fails the test unless NOT_CRAWLED says why.
import { eq } from "drizzle-orm";
import { decode } from "turbo-stream";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../app/audit/audit.server";
import { saveAnswer } from "../../app/bids/answers.server";
import { startBid } from "../../app/bids/workspace.server";
import { submitBid } from "../../app/bids/submitting.server";
import { withdrawSubmission } from "../../app/bids/withdrawing.server";
import { uploadBidFiles } from "../../app/bids/files.server";
import { requirePublishedTender } from "../../app/tenders/published.server";
import { SaveAnswerSchema } from "../../app/bids/schema";
import { askQuestion } from "../../app/clarifications/asking.server";
import { AskQuestionSchema } from "../../app/clarifications/schema";
import { addMaterial, publishMaterials } from "../../app/engagement/materials.server";
import { registerAttendees } from "../../app/engagement/registration.server";
import { assignEvaluator } from "../../app/evaluation/panel-assignment.server";
import { registerInterest, type Procurement } from "../../app/procurements/procurements.server";
import { confirmOpening, requestOpening } from "../../app/bids/opening.server";
import { db } from "../../db/client.server";
import { procurements, storedFiles, tenderDocuments, tenders } from "../../db/schema";
import {
  asSignedIn,
  createEngagementSession,
  createFinding,
  createOrganisation,
  createProcurement,
  createUser,
  sessionCookieFor,
  type TestUser,
} from "../factories";
import { createPublishedTender } from "../factories/tenders";
import { useTestDatabase, type TestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { pdfText, unzip } from "../support/downloads";
import { storeTextFile } from "../support/portal-fixtures";
import { builtRoutes, fillPattern, parameterCombinations, type BuiltRoute } from "../support/route-table";

// Two worlds, each with its own database and DATA_DIR: "beta" bids in one, "alpha" in the other.
const worldDatabases = { beta: await useTestDatabase(), alpha: await useTestDatabase() };

// --- What may be requested, and how its parameters are filled -------------------------------------

type Query = TestDatabase["query"];
const ids = (query: Query, sql: string) => async () => (await query<{ v: string }>(sql)).map((r) => r.v);

/**
 * Where each :param's values come from: every object of its kind in the world (a value of the wrong
 * kind is simply not found). A route with a parameter not named here fails the test: add a source.
 */
const PARAM_SOURCES: Record<string, (query: Query) => () => Promise<string[]>> = {
  slug: (q) => ids(q, "select slug as v from procurements order by created_at, slug"),
  sessionId: (q) => ids(q, "select id::text as v from engagement_sessions order by starts_at"),
  materialId: (q) => ids(q, "select id::text as v from session_materials order by created_at"),
  findingId: (q) => ids(q, "select id::text as v from findings order by created_at"),
  questionId: (q) =>
    ids(
      q,
      "select id::text as v from clarification_questions union all select id::text from tender_questions order by v",
    ),
  documentId: (q) => ids(q, "select id::text as v from tender_documents order by created_at"),
  bidId: (q) => ids(q, "select id::text as v from bids order by created_at"),
  hash: (q) => ids(q, "select distinct sha256 as v from stored_files order by sha256"),
  fileId: (q) =>
    ids(
      q,
      "select id::text as v from (select id, created_at from bid_files union all select id, created_at from stored_files) f order by created_at",
    ),
  reference: (q) => ids(q, "select reference as v from bid_submissions order by submitted_at"),
  requestId: (q) => ids(q, "select id::text as v from bid_submission_requests order by received_at"),
  messageId: (q) => ids(q, "select id::text as v from outbox_messages order by created_at"),
  userId: (q) => ids(q, "select id::text as v from users order by created_at, email"),
};

/** Routes deliberately not crawled, each with the reason. Empty: every route is crawled. */
const NOT_CRAWLED: Record<string, string> = {};

const CRAWLERS = ["signedOut", "bystander", "staff", "evaluator", "admin"] as const;
type Crawler = (typeof CRAWLERS)[number];

// --- The markers: nothing of the bid, nor which organisation made it, may show before opening ------

const MARKERS = {
  answer: "Quillfeather sealed answer names its hazard log keeper",
  evidence: "QUILLFEATHER-EVIDENCE-CERT-7Q4",
  unitPrice: "8765.43",
  filename: "quillfeather-safety-case-7Q4.pdf",
  content: "QUILLFEATHER-FILE-CONTENT-7Q4",
};
// 3 × £8,765.43 licence + 10 × £250.00 onboarding.
const PRICE_SHOWN = ["8765.43", "8,765.43", "26,296.29", "26296.29", "28,796.29", "28796.29", "2879629"];

// A small PDF whose bytes hold the content marker (a PDF comment) and whose metadata names a person.
const BID_PDF = Buffer.from(
  [
    "%PDF-1.4",
    `%${MARKERS.content}`,
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj",
    "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj",
    "3 0 obj<</Author(Quillfeather Author)/Title(Quillfeather safety case)>>endobj",
    "trailer<</Root 1 0 R/Info 3 0 R>>",
    "%%EOF",
    "",
  ].join("\n"),
);

// --- One world ---------------------------------------------------------------------------------------

type Bidder = "alpha" | "beta";

type World = {
  database: TestDatabase;
  portal: TestPortal;
  procurement: Procurement;
  people: Record<"staff" | "staff2" | "evaluator" | "admin" | "ada" | "abel" | "bea" | "gus", TestUser>;
  organisations: Record<"alpha" | "beta" | "gamma", { id: string; legalName: string }>;
  cookies: Record<Crawler, string | undefined>;
  bidId: string;
  /** Everything of the bid that is unique to it: the markers, receipts, digests, file hash and ids. */
  secrets: string[];
};

const fixed = (iso: string) => new Date(iso);

async function person(name: string, email: string, options: Parameters<typeof createUser>[0]) {
  return createUser({ ...options, name, email });
}

/** The same world every time, except for which organisation bids. */
async function buildWorld(database: TestDatabase, bidder: Bidder): Promise<World> {
  database.makeCurrent();
  const portal = await startTestPortal();
  const organisation = (legalName: string, companiesHouseNumber: string, contactEmail: string) =>
    createOrganisation({ legalName, companiesHouseNumber, contactEmail });
  const alpha = await organisation("Alpha Imaging Ltd", "01111111", "bids@alpha-imaging.example");
  const beta = await organisation("Beta Vision Ltd", "02222222", "bids@beta-vision.example");
  const gamma = await organisation("Gamma Scans Ltd", "03333333", "bids@gamma-scans.example");
  const people = {
    staff: await person("Sam Staff", "sam.staff@buyer.example.nhs.uk", { role: "staff", totp: true }),
    staff2: await person("Tess Twoperson", "tess.twoperson@buyer.example.nhs.uk", { role: "staff", totp: true }),
    evaluator: await person("Eve Evaluator", "eve.evaluator@buyer.example.nhs.uk", { role: "evaluator", totp: true }),
    admin: await person("Adam Admin", "adam.admin@buyer.example.nhs.uk", { role: "admin", totp: true }),
    // The organisations differ in size: a count of mail or people must not tell which one bid.
    ada: await person("Ada Alpha", "ada@alpha-imaging.example", {
      organisationId: alpha.id,
      isOrganisationAdmin: true,
    }),
    abel: await person("Abel Alpha", "abel@alpha-imaging.example", { organisationId: alpha.id }),
    bea: await person("Bea Beta", "bea@beta-vision.example", { organisationId: beta.id, isOrganisationAdmin: true }),
    gus: await person("Gus Gamma", "gus@gamma-scans.example", { organisationId: gamma.id, isOrganisationAdmin: true }),
  };
  const staff = asSignedIn(people.staff);
  const procurement = await createProcurement({
    slug: "sealed-procurement",
    title: "Sealed bids procurement",
    engagementContactEmail: "commercial@buyer.example.nhs.uk",
    discoveryStartsAt: fixed("2026-01-05T09:00:00Z"),
    engagementStartsAt: fixed("2026-03-02T09:00:00Z"),
    engagementClosesAt: fixed("2030-12-18T17:00:00Z"),
    tenderPublishedAt: fixed("2026-06-01T09:00:00Z"),
    clarificationDeadline: fixed("2030-11-29T17:00:00Z"),
    bidDeadline: fixed("2030-12-20T12:00:00Z"),
  });
  const { tender, questions } = await createPublishedTender(procurement.id, people.staff.id, { wordLimit: 200 });
  const specification = await storeTextFile("The sealed procurement's specification\n");
  const [specificationFile] = await db()
    .insert(storedFiles)
    .values({ ...specification, contentType: "text/plain", filename: "specification.txt" })
    .returning();
  await db().insert(tenderDocuments).values({
    tenderId: tender.id,
    kind: "specification",
    title: "Specification",
    fileId: specificationFile.id,
    addedByUserId: people.staff.id,
  });
  await createFinding(procurement.id);
  const webinar = await createEngagementSession(procurement.id, {
    title: "Market briefing webinar",
    startsAt: fixed("2030-06-12T09:00:00Z"),
    endsAt: fixed("2030-06-12T10:30:00Z"),
    registrationDeadline: fixed("2030-06-10T16:00:00Z"),
  });
  const slides = await storeTextFile("Slides from the market briefing\n");
  await addMaterial(staff, procurement, webinar.id, {
    kind: "file",
    title: "Slides",
    body: "",
    file: { ...slides, contentType: "text/plain", filename: "slides.txt" },
  });
  expect((await publishMaterials(staff, procurement, webinar.id)).ok).toBe(true);

  // Before bidding, the two organisations do the same things.
  const [ada, bea, gus] = [asSignedIn(people.ada), asSignedIn(people.bea), asSignedIn(people.gus)];
  for (const supplier of [ada, bea, gus]) await registerInterest(supplier, procurement.id);
  for (const supplier of [ada, bea]) {
    expect((await registerAttendees(supplier, procurement, webinar.id, [supplier.id])).ok).toBe(true);
    const asked = await askQuestion(
      supplier,
      procurement,
      AskQuestionSchema.parse({ subject: "DICOM routing", body: "Which DICOM routing do trusts' PACS expect?" }),
    );
    expect(asked.ok).toBe(true);
  }
  const assigned = await assignEvaluator(staff, procurement, {
    evaluatorId: people.evaluator.id,
    scope: "all",
    sectionIds: [],
  });
  expect(assigned.ok).toBe(true);

  // One of them bids: everything a bidder can do that the audit log, the outbox or a page might tell.
  const caller = bidder === "alpha" ? ada : bea;
  const published = await requirePublishedTender(procurement);
  expect((await startBid(caller, procurement, published)).ok).toBe(true);
  const answers: [string, Record<string, string>][] = [
    [questions.passFail.id, { answer: "yes", evidence: MARKERS.evidence }],
    [questions.text.id, { text: MARKERS.answer }],
    [questions.price.id, { "unitPrice.licence": MARKERS.unitPrice, "unitPrice.onboarding": "250.00" }],
  ];
  for (const [questionId, fields] of answers) {
    const form = new URLSearchParams({ intent: "save", version: "0", ...fields });
    const saved = await saveAnswer(
      caller,
      procurement,
      published,
      questionId,
      SaveAnswerSchema.parse(Object.fromEntries(form)),
      form,
    );
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
  }
  const upload = new FormData();
  upload.append("file", new Blob([new Uint8Array(BID_PDF)], { type: "application/pdf" }), MARKERS.filename);
  const uploaded = await uploadBidFiles(
    caller,
    procurement,
    published,
    questions.file.id,
    new Request("http://world.test/upload", { method: "POST", body: upload }),
  );
  expect(uploaded.ok, JSON.stringify(uploaded)).toBe(true);
  const submit = (n: number) =>
    submitBid(caller, procurement, published, {
      declaration: "on",
      idempotencyKey: `00000000-0000-4000-8000-00000000b1d${n}`,
    });
  const first = await submit(1);
  if (!first.ok) throw new Error(`The first submission was refused: ${JSON.stringify(first)}`);
  expect((await withdrawSubmission(caller, procurement, published, first.reference)).ok).toBe(true);
  const second = await submit(2);
  if (!second.ok) throw new Error(`The second submission was refused: ${JSON.stringify(second)}`);
  // The deadline passes (a minute ago); one more try is refused and goes on the late-bids register.
  await db()
    .update(procurements)
    .set({ bidDeadline: new Date(Date.now() - 60_000) })
    .where(eq(procurements.id, procurement.id));
  const late = await submit(3);
  expect(late).toMatchObject({ ok: false, late: true });

  const [bid] = await database.query<{ id: string }>("select id::text as id from bids");
  const receipts = await database.query<{ reference: string; digest: string }>(
    "select reference, digest from bid_submissions",
  );
  // The random ids in the sealed audit events' hashed content: shown, they would let anyone test
  // guesses at who made an event against its hash (decision 016).
  const sealedIds = await database.query<{ id: string }>(
    "select id::text as id from bids union all select id::text from bid_submissions union all select id::text from bid_files union all select id::text from late_bid_attempts union all select id::text from bid_submission_requests",
  );
  const [file] = await database.query<{ sha256: string }>(
    "select sha256 from stored_files where organisation_id is not null",
  );
  const cookies: Record<Crawler, string | undefined> = {
    signedOut: undefined,
    bystander: await sessionCookieFor(people.gus),
    staff: await sessionCookieFor(people.staff),
    evaluator: await sessionCookieFor(people.evaluator),
    admin: await sessionCookieFor(people.admin),
  };
  const [procurementNow] = await db().select().from(procurements).where(eq(procurements.id, procurement.id));
  return {
    database,
    portal,
    procurement: procurementNow,
    people,
    organisations: {
      alpha: { id: alpha.id, legalName: alpha.legalName },
      beta: { id: beta.id, legalName: beta.legalName },
      gamma: { id: gamma.id, legalName: gamma.legalName },
    },
    cookies,
    bidId: bid.id,
    secrets: [
      MARKERS.answer,
      MARKERS.evidence,
      MARKERS.filename,
      MARKERS.filename.replace(/\.pdf$/, ""),
      MARKERS.content,
      ...PRICE_SHOWN,
      file.sha256,
      ...receipts.flatMap((r) => [r.reference, r.digest]),
      ...sealedIds.map((r) => r.id),
    ],
  };
}

// --- Reading what comes back ---------------------------------------------------------------------

type Reading = {
  /** What the response says, for comparison: status, redirect, type, file name and content. */
  shown: string;
  /** Everything readable in it (text, PDF text, zip entries, raw bytes), for the marker search. */
  searchable: string;
};

async function read(response: Response): Promise<Reading> {
  const type = response.headers.get("content-type") ?? "";
  const bytes = Buffer.from(await response.arrayBuffer());
  let content: string;
  let raw = "";
  if (type.startsWith("application/pdf")) {
    content = await pdfText(bytes);
    raw = bytes.toString("latin1");
  } else if (type.startsWith("application/zip")) {
    const parts: string[] = [];
    for (const [path, entry] of await unzip(bytes)) {
      parts.push(`== ${path} ==`, path.endsWith(".pdf") ? await pdfText(entry) : entry.toString("utf8"));
      raw += entry.toString("latin1");
    }
    content = parts.join("\n");
  } else if (type.startsWith("text/html")) {
    content = await pageAndData(bytes.toString("utf8"));
  } else if (/^(text\/|application\/json|application\/xml)/.test(type) || bytes.length === 0) {
    content = bytes.toString("utf8");
  } else {
    // Other binary downloads: compared by size, searched as bytes.
    content = `<${bytes.length} bytes>`;
    raw = bytes.toString("latin1");
  }
  const shown = [
    `${response.status} ${type}`,
    `location: ${response.headers.get("location") ?? ""}`,
    `content-disposition: ${response.headers.get("content-disposition") ?? ""}`,
    content,
  ].join("\n");
  return { shown, searchable: `${shown}\n${raw}` };
}

/**
 * A page as it renders (scripts left out) followed by the loader data it carries, decoded from the
 * turbo-stream Remix inlines: compared as values, since the stream's back-references depend on which
 * values happen to be equal (two timestamps in the same millisecond).
 */
async function pageAndData(html: string): Promise<string> {
  const chunks = [...html.matchAll(/streamController\.enqueue\(("(?:[^"\\]|\\.)*")\)/g)].map(
    (m) => JSON.parse(m[1]) as string,
  );
  const rendered = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
  if (chunks.length === 0) return rendered;
  const decoded = await decode(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(chunks.join("")));
        controller.close();
      },
    }),
  );
  await decoded.done;
  return `${rendered}\n== loader data ==\n${JSON.stringify(decoded.value, null, 1)}`;
}

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * Sets aside what differs between two worlds built alike whoever bids: the portal's port, random ids
 * (but not those of the organisations and people, which keep a name), hashes, receipt references,
 * clocks and CSP nonces.
 */
function normaliserFor(world: World, labels: Map<string, string>) {
  const origin = world.portal.url;
  return (text: string) =>
    text
      .replace(/%2F/gi, "/")
      .replace(/%3A/gi, ":")
      .split(origin)
      .join("<origin>")
      .split(world.database.dataDir)
      .join("<data-dir>")
      .replace(UUID, (id) => labels.get(id.toLowerCase()) ?? "<id>")
      .replace(/\b[0-9a-f]{64}\b/g, "<sha256>")
      // The first 8 hex digits of an id, as record.zip names files after them.
      .replace(/\b[0-9a-f]{8}\b/g, "<id8>")
      .replace(/AIP-BID-\d{4}-[A-Z0-9]{8}/g, "<reference>")
      .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?/g, "<timestamp>")
      .replace(new RegExp(`\\b\\d{1,2} (${MONTHS}) \\d{4}(, \\d{1,2}:\\d{2}(am|pm))?`, "g"), "<date>")
      .replace(/\b\d{1,2}:\d{2}(:\d{2})?\s?(am|pm)\b/gi, "<time>")
      .replace(/\b1[5-9]\d{11}\b/g, "<epoch-ms>")
      // A fresh two-factor secret: as text, in its otpauth link and drawn as a QR code.
      .replace(/\b[A-Z2-7]{32}\b/g, "<base32>")
      .replace(/M\d+ \d+\.5h[\dhvmMHV. ]+/g, "<qr-code>")
      .replace(/nonce="[^"]*"/g, 'nonce="<nonce>"');
}

/** The organisations and people by name: the one thing a comparison must keep apart. */
async function labelsOf(world: World): Promise<Map<string, string>> {
  const rows = await world.database.query<{ id: string; label: string }>(
    "select id::text as id, 'organisation ' || legal_name as label from organisations union all select id::text, 'person ' || email from users",
  );
  return new Map(rows.map((r) => [r.id.toLowerCase(), `<${r.label}>`]));
}

// --- The crawl -------------------------------------------------------------------------------------

type Crawl = {
  /** Per crawler and route: every distinct response (normalised) to every filling of its parameters. */
  responses: Map<string, Set<string>>;
  /** Every response as it came, for the marker search, with the request that got it. */
  raw: { request: string; searchable: string }[];
  /** Routes that could not be filled with parameters, and why. */
  unfilled: string[];
  serverErrors: string[];
};

/** Links on a page back to its own path with a query string (pagination, filters): followed once. */
function linksToItself(shown: string, requestPath: string): string[] {
  const pathname = requestPath.split("?")[0];
  const found = new Set<string>();
  for (const match of shown.matchAll(/href="([^"#]+)"/g)) {
    const href = match[1].replace(/&amp;/g, "&");
    if (href.startsWith(`${pathname}?`)) found.add(href);
  }
  return [...found];
}

async function crawl(world: World, routes: BuiltRoute[]): Promise<Crawl> {
  world.database.makeCurrent();
  const normalise = normaliserFor(world, await labelsOf(world));
  const candidates: Record<string, string[]> = {};
  for (const [name, source] of Object.entries(PARAM_SOURCES)) candidates[name] = await source(world.database.query)();
  const result: Crawl = { responses: new Map(), raw: [], unfilled: [], serverErrors: [] };
  for (const route of routes) {
    if (!route.answersGet || NOT_CRAWLED[route.id]) continue;
    const unknown = route.params.filter((p) => !PARAM_SOURCES[p]);
    const empty = route.params.filter((p) => PARAM_SOURCES[p] && candidates[p].length === 0);
    if (unknown.length || empty.length) {
      result.unfilled.push(
        `${route.id} (${route.pattern}): ${[
          ...unknown.map((p) => `no source for :${p} in PARAM_SOURCES`),
          ...empty.map((p) => `no object in the world to fill :${p}`),
        ].join("; ")}`,
      );
      continue;
    }
    const paths = parameterCombinations(route.params, candidates).map((p) => fillPattern(route.pattern, p));
    for (const crawler of CRAWLERS) {
      const responses = new Set<string>();
      const queue = [...paths];
      const seen = new Set(queue);
      while (queue.length > 0) {
        const requestPath = queue.shift() as string;
        const response = await world.portal.fetch(requestPath, { cookie: world.cookies[crawler] });
        const reading = await read(response);
        if (response.status >= 500) result.serverErrors.push(`${crawler} GET ${requestPath}: ${response.status}`);
        // A request's own path (a receipt reference, a file's hash) echoed back is not a leak.
        const echoes = [requestPath, encodeURIComponent(requestPath), requestPath.replace(/%3A/gi, ":")];
        let searchable = reading.searchable;
        for (const echo of echoes) searchable = searchable.split(echo).join("<request>");
        result.raw.push({ request: `${crawler} GET ${requestPath}`, searchable });
        responses.add(normalise(reading.shown));
        for (const link of linksToItself(reading.shown, requestPath)) {
          if (seen.has(link) || seen.size >= paths.length + 10) continue;
          seen.add(link);
          queue.push(link);
        }
      }
      result.responses.set(`${crawler} GET ${route.pattern}`, responses);
    }
  }
  return result;
}

/** Where two texts first differ, with a little context either side. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 200);
  return `\n  one world:   …${a.slice(from, i + 200)}…\n  other world: …${b.slice(from, i + 200)}…`;
}

// --- The worlds, crawled -----------------------------------------------------------------------------

let routes: BuiltRoute[];
const worlds: Partial<Record<Bidder, World>> = {};
const crawls: Partial<Record<Bidder, Crawl>> = {};

afterAll(async () => {
  for (const world of Object.values(worlds)) await world.portal.close();
});

/** Mail to anyone but a supplier (staff, the commercial mailbox, evaluators, admins), normalised. */
async function staffMail(world: World) {
  const rows = await world.database.query<{ to: string; subject: string; text: string; html: string }>(
    `select "to", subject, text, html from outbox_messages
      where "to" not in (select email from users where role = 'supplier') order by created_at, "to"`,
  );
  return rows;
}

function requireWorld(bidder: Bidder): World {
  const world = worlds[bidder];
  if (!world) throw new Error(`The world in which ${bidder} bids was not built`);
  return world;
}

function requireCrawl(bidder: Bidder): Crawl {
  const result = crawls[bidder];
  if (!result) throw new Error(`The world in which ${bidder} bids was not crawled`);
  return result;
}

describe("the seal holds through every page, export, log and mail view", () => {
  it("builds and crawls a world in which the second organisation bids", async () => {
    routes = await builtRoutes();
    worlds.beta = await buildWorld(worldDatabases.beta, "beta");
    crawls.beta = await crawl(worlds.beta, routes);
    await worlds.beta.portal.close();
  }, 600_000);

  it("builds and crawls the same world in which the first organisation bids", async () => {
    worlds.alpha = await buildWorld(worldDatabases.alpha, "alpha");
    crawls.alpha = await crawl(worlds.alpha, routes);
  }, 600_000);

  it("requested every GET route of the build, every parameter filled, none answering 5xx", () => {
    expect(routes.filter((r) => r.answersGet).length).toBeGreaterThan(50);
    for (const bidder of ["alpha", "beta"] as const) {
      const result = requireCrawl(bidder);
      expect(
        result.unfilled,
        "routes the crawl could not fill (add a source or an object, or list the route in NOT_CRAWLED with a reason)",
      ).toEqual([]);
      expect(result.serverErrors).toEqual([]);
    }
  });

  it("shows no answer, price, file name, file content, receipt, digest or id of the bid before the opening", () => {
    for (const bidder of ["alpha", "beta"] as const) {
      const world = requireWorld(bidder);
      const leaks = requireCrawl(bidder).raw.flatMap(({ request, searchable }) =>
        world.secrets.filter((s) => searchable.includes(s)).map((s) => `${request} shows ${JSON.stringify(s)}`),
      );
      expect(leaks, `with ${bidder} bidding`).toEqual([]);
    }
  });

  it("shows everyone the same before the opening whichever organisation bid", () => {
    const alpha = requireCrawl("alpha").responses;
    const beta = requireCrawl("beta").responses;
    expect([...alpha.keys()].sort()).toEqual([...beta.keys()].sort());
    const differences: string[] = [];
    for (const [key, seen] of alpha) {
      const other = beta.get(key) ?? new Set<string>();
      const onlyHere = [...seen].filter((s) => !other.has(s)).sort();
      const onlyThere = [...other].filter((s) => !seen.has(s)).sort();
      if (onlyHere.length || onlyThere.length) {
        differences.push(`${key}:${firstDifference(onlyHere[0] ?? "(nothing)", onlyThere[0] ?? "(nothing)")}`);
      }
    }
    expect(differences, "responses that tell which organisation bid").toEqual([]);
  });

  it("sends staff no mail that names the bidder or holds anything of the bid before the opening", async () => {
    const normalised: Record<Bidder, string[]> = { alpha: [], beta: [] };
    for (const bidder of ["alpha", "beta"] as const) {
      const world = requireWorld(bidder);
      world.database.makeCurrent();
      const organisation = world.organisations[bidder];
      const bidders = bidder === "alpha" ? [world.people.ada, world.people.abel] : [world.people.bea];
      const naming = [
        ...world.secrets,
        organisation.legalName,
        organisation.id,
        ...bidders.flatMap((p) => [p.name, p.email, p.id]),
      ];
      const normalise = normaliserFor(world, await labelsOf(world));
      for (const mail of await staffMail(world)) {
        const text = `To: ${mail.to}\nSubject: ${mail.subject}\n${mail.text}\n${mail.html}`;
        expect(
          naming.filter((s) => text.includes(s)),
          `mail to ${mail.to}: ${mail.subject}`,
        ).toEqual([]);
        normalised[bidder].push(normalise(text));
      }
    }
    expect(normalised.alpha.length).toBeGreaterThan(0);
    expect(new Set(normalised.alpha)).toEqual(new Set(normalised.beta));
  });

  it("after the two-person opening, shows the bid to staff, in the record and in the logs; the chain verifies", async () => {
    const world = requireWorld("alpha");
    world.database.makeCurrent();
    const version = async () =>
      (
        await db()
          .select({ version: tenders.version })
          .from(tenders)
          .where(eq(tenders.procurementId, world.procurement.id))
      )[0].version;
    expect((await requestOpening(asSignedIn(world.people.staff), world.procurement, await version())).ok).toBe(true);
    expect((await confirmOpening(asSignedIn(world.people.staff2), world.procurement, await version())).ok).toBe(true);
    const slug = world.procurement.slug;
    const get = async (path: string, crawler: Crawler) => {
      const response = await world.portal.fetch(path, { cookie: world.cookies[crawler] });
      expect(response.status, path).toBe(200);
      return (await read(response)).searchable;
    };

    const bidPage = await get(`/staff/procurements/${slug}/tender/bids/${world.bidId}`, "staff");
    for (const marker of [MARKERS.answer, MARKERS.evidence, MARKERS.filename, MARKERS.unitPrice, "28,796.29"]) {
      expect(bidPage, `the opened bid shows ${marker}`).toContain(marker);
    }
    const record = await get(`/staff/procurements/${slug}/record.zip`, "staff");
    for (const marker of [MARKERS.answer, MARKERS.evidence, MARKERS.filename, MARKERS.content, MARKERS.unitPrice]) {
      expect(record, `the record shows ${marker}`).toContain(marker);
    }
    expect(record).toContain(world.people.ada.email);
    const tenderPage = await get(`/staff/procurements/${slug}/tender`, "staff");
    expect(tenderPage, "the late-bids register names who tried").toContain("Alpha Imaging Ltd");
    const auditPage = await get("/admin/audit", "admin");
    expect(auditPage).toContain("bid.submitted");
    expect(auditPage).toContain(world.people.ada.email);
    const mailPage = await get("/admin/mail", "admin");
    expect(mailPage).toMatch(/Bid receipt AIP-BID-/);

    const chain = await verifyAuditChain();
    expect(chain.ok, JSON.stringify(chain)).toBe(true);
  }, 120_000);
});
