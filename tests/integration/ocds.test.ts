// The OCDS export: every package the demo data makes, and a procurement at every stage, validated
// against the official OCDS 1.1.5 schema (draft-04, ajv) and its closed codelists; and what may be
// public at each stage: no tenderer before the award notice, never a score or a bid's answers.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv04 from "ajv-draft-04";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SubmissionContent } from "../../app/bids/receipt.server";
import type { Procurement } from "../../app/procurements/procurements.server";
import { projectRoot } from "../../db/project-root.server";
import { DeadlineSchema } from "../../app/tenders/schema";
import { changeBidDeadline } from "../../app/tenders/deadline.server";
import { toLondonLocal } from "../../app/time";
import { ocdsReleasePackage } from "../../app/transparency/ocds.server";
import { ocdsDateTime } from "../../app/transparency/ocds-releases.server";
import type { OcdsRelease, OcdsReleasePackage } from "../../app/transparency/ocds-shapes";
import { db } from "../../db/client.server";
import {
  awards,
  bidAnswers,
  bids,
  bidSubmissions,
  evaluationScores,
  moderatedScores,
  procurements,
  tenders,
  users,
} from "../../db/schema";
import { seedDemoDataIfEmpty } from "../../app/demo/seed";
import { evaluationResults } from "../../app/evaluation/results.server";
import { rankingRows } from "../../app/evaluation/results-text";
import {
  asSignedIn,
  createEngagementSession,
  createOrganisation,
  createProcurement,
  createUser,
  daysFromNow,
  type TestOrganisation,
  type TestUser,
} from "../factories";
import { amendTender, createOpenedTenderWithBids, createPublishedTender } from "../factories/tenders";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

// --- The official schema and codelists ------------------------------------------------------------------
// A copy of ../shared/ocds-1.1.5 (the open-contracting/standard schema folder at tag 1__1__5) lives in
// tests/support/ocds-1.1.5, so that a clone tests on its own; a test below checks it is unchanged.

const SHARED_OCDS_DIR = path.resolve(projectRoot(), "../shared/ocds-1.1.5");
const OCDS_DIR = path.join(projectRoot(), "tests", "support", "ocds-1.1.5");
const RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";
if (!existsSync(path.join(OCDS_DIR, "release-package-schema.json"))) {
  throw new Error(
    `The OCDS 1.1.5 schemas are missing: expected release-schema.json, release-package-schema.json and codelists/ in ${OCDS_DIR} ` +
      "(copy them from the open-contracting/standard repository's schema folder at tag 1__1__5).",
  );
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(OCDS_DIR, file), "utf8")) as Record<string, unknown>;
}

const releaseSchema = readJson("release-schema.json");
const packageSchema = readJson("release-package-schema.json");
expect(releaseSchema.id).toBe(RELEASE_SCHEMA_URL);

const ajv = new Ajv04({ allErrors: true, strict: true, allowUnionTypes: true });
// OCDS annotates its schema with keywords of its own (for merging and codelists): known, not checked.
ajv.addVocabulary(["codelist", "openCodelist", "omitWhenMerged", "wholeListMerge", "deprecated", "versionId"]);
// RFC 3339 date-times with an offset, as OCDS asks; a URI is anything the WHATWG parser accepts with a scheme.
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addFormat("uri", (value: string) => {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
});
// The package's `$ref` to the release schema's URL resolves to the local file, registered under its id.
ajv.addSchema(releaseSchema);
const validatePackage = ajv.compile(packageSchema);

function codelist(name: string): Set<string> {
  const lines = readFileSync(path.join(OCDS_DIR, "codelists", `${name}.csv`), "utf8")
    .trim()
    .split(/\r?\n/);
  expect(lines[0].startsWith("Code,")).toBe(true);
  return new Set(lines.slice(1).map((line) => line.split(",")[0]));
}

const CODELISTS = {
  releaseTag: codelist("releaseTag"),
  tenderStatus: codelist("tenderStatus"),
  partyRole: codelist("partyRole"),
  awardStatus: codelist("awardStatus"),
};

/** Every closed-codelist value in the package that its CSV does not list. */
function codelistViolations(pkg: OcdsReleasePackage): string[] {
  const wrong: string[] = [];
  const check = (list: keyof typeof CODELISTS, value: string | undefined, where: string) => {
    if (value !== undefined && !CODELISTS[list].has(value)) wrong.push(`${where}: ${list} "${value}"`);
  };
  for (const release of pkg.releases) {
    for (const tag of release.tag) check("releaseTag", tag, release.id);
    check("tenderStatus", release.tender.status, `${release.id} tender`);
    for (const party of release.parties) for (const role of party.roles) check("partyRole", role, party.id);
    for (const award of release.awards ?? []) check("awardStatus", award.status, award.id);
  }
  return wrong;
}

function expectValid(pkg: unknown) {
  const valid = validatePackage(pkg);
  expect(validatePackage.errors ?? [], "schema errors").toEqual([]);
  expect(valid).toBe(true);
  expect(codelistViolations(pkg as OcdsReleasePackage)).toEqual([]);
}

function tagsOf(pkg: OcdsReleasePackage) {
  return pkg.releases.map((r) => r.tag.join());
}

function release(pkg: OcdsReleasePackage, tag: string): OcdsRelease {
  const found = pkg.releases.find((r) => r.tag.includes(tag as OcdsRelease["tag"][number]));
  if (!found) throw new Error(`No ${tag} release in ${tagsOf(pkg).join(", ")}`);
  return found;
}

/** Every string in the package that looks like a date-time: each carries an explicit offset. */
function dateTimes(value: unknown): string[] {
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}T/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(dateTimes);
  if (value && typeof value === "object") return Object.values(value).flatMap(dateTimes);
  return [];
}

// --- Data --------------------------------------------------------------------------------------------

await useTestDatabase();
let portal: TestPortal;
let staff: TestUser;
let alpha: { organisation: TestOrganisation; user: TestUser };
let beta: { organisation: TestOrganisation; user: TestUser };
const ALPHA_ANSWER = "Alpha's sealed answer: our clinical safety officer signs every hazard log";
const BETA_ANSWER = "Beta's sealed answer: we integrate with every PACS in the network";
const AWARD_RATIONALE = "The highest total score, 83.25 of 100: a secret of the evaluation";

beforeAll(async () => {
  portal = await startTestPortal();
  const seeded = await seedDemoDataIfEmpty();
  expect(seeded).not.toBeNull();
  staff = await createUser({ role: "staff" });
  const bidder = async (legalName: string) => {
    const organisation = await createOrganisation({ legalName });
    return { organisation, user: await createUser({ role: "supplier", organisationId: organisation.id }) };
  };
  alpha = await bidder("Alpha Radiology Tenderer Ltd");
  beta = await bidder("Beta Imaging Tenderer Ltd");
});

afterAll(async () => {
  await portal.close();
});

async function procurementBySlug(slug: string): Promise<Procurement> {
  const [row] = await db().select().from(procurements).where(eq(procurements.slug, slug));
  if (!row) throw new Error(`No procurement ${slug}`);
  return row;
}

async function reload(procurement: Procurement) {
  return procurementBySlug(procurement.slug);
}

/** A procurement whose bid deadline has passed, its tender opened, with alpha's and beta's bids. */
async function procurementWithClosedBids() {
  const procurement = await createProcurement({
    estimatedValue: "120000.00",
    cpvCode: "48180000",
    engagementStartsAt: daysFromNow(-60),
    engagementClosesAt: daysFromNow(-40),
    tenderPublishedAt: daysFromNow(-30),
    clarificationDeadline: daysFromNow(-14),
    bidDeadline: daysFromNow(-2),
  });
  const opened = await createOpenedTenderWithBids(procurement.id, staff.id, [
    { organisationId: alpha.organisation.id, userId: alpha.user.id, text: ALPHA_ANSWER },
    { organisationId: beta.organisation.id, userId: beta.user.id, text: BETA_ANSWER },
  ]);
  const alphaBid = opened.bids.find((b) => b.organisationId === alpha.organisation.id)?.bidId;
  if (!alphaBid) throw new Error("Alpha's bid is missing");
  return { procurement, tender: opened.tender, alphaBid, references: opened.bids.map((b) => b.reference) };
}

async function decideAward(tenderId: string, bidId: string, noticeDate: string, standstillEndsOn: string) {
  await db()
    .insert(awards)
    .values({
      tenderId,
      bidId,
      rationale: AWARD_RATIONALE,
      decidedByUserId: staff.id,
      decidedAt: new Date(`${noticeDate}T08:00:00Z`),
      noticeDate,
      standstillEndsOn,
    });
}

const ukDay = (days: number) => toLondonLocal(daysFromNow(days)).slice(0, 10);

// --- The schema bites -----------------------------------------------------------------------------------

describe("the validator", () => {
  it.skipIf(!existsSync(SHARED_OCDS_DIR))(
    "uses a copy of the official schemas and codelists identical to ../shared/ocds-1.1.5",
    () => {
      const files = (dir: string) =>
        readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
          .sort();
      expect(files(OCDS_DIR)).toEqual(files(SHARED_OCDS_DIR));
      for (const file of files(SHARED_OCDS_DIR)) {
        expect(
          readFileSync(path.join(OCDS_DIR, file)).equals(readFileSync(path.join(SHARED_OCDS_DIR, file))),
          file,
        ).toBe(true);
      }
    },
  );

  it("refuses a release without an ocid, an invalid tag, an unknown tender status and a date without a time", async () => {
    const pkg = await ocdsReleasePackage(await procurementBySlug("imaging-ai-pilot"));
    expectValid(pkg);
    const broken = (change: (copy: OcdsReleasePackage) => void) => {
      const copy = structuredClone(pkg);
      change(copy);
      return copy;
    };
    const withoutOcid = broken((p) => delete (p.releases[0] as Partial<OcdsRelease>).ocid);
    expect(validatePackage(withoutOcid)).toBe(false);
    expect(validatePackage.errors?.map((e) => e.message)).toContain("must have required property 'ocid'");

    const badTag = broken((p) => ((p.releases[0].tag as string[]) = ["bidOpening"]));
    expect(validatePackage(badTag)).toBe(false);
    expect(codelistViolations(badTag)).toEqual([`${pkg.releases[0].id}: releaseTag "bidOpening"`]);

    const badStatus = broken((p) => ((p.releases[1].tender.status as string) = "open"));
    expect(validatePackage(badStatus)).toBe(false);

    const badDate = broken((p) => (p.releases[0].date = "2026-03-01"));
    expect(validatePackage(badDate)).toBe(false);

    const noReleases = broken((p) => (p.releases = []));
    expect(validatePackage(noReleases)).toBe(false);
  });

  it("refuses an award status or party role outside the codelists", async () => {
    const pkg = await ocdsReleasePackage(await procurementBySlug("imaging-ai-pilot"));
    const copy = structuredClone(pkg);
    const award = release(copy, "award");
    (award.awards![0].status as string) = "won";
    (award.parties[0].roles as string[]) = ["winner"];
    expect(validatePackage(copy)).toBe(false);
    expect(codelistViolations(copy).sort()).toEqual(
      [`${award.awards![0].id}: awardStatus "won"`, `${award.parties[0].id}: partyRole "winner"`].sort(),
    );
  });
});

// --- The demo data ---------------------------------------------------------------------------------

describe("the demo procurements", () => {
  it("the AI imaging pilot ranks as its seed says: Radiant 83.25, Northern 82.02, Lumen 77.50, Severn 65.07, Kestrel excluded", async () => {
    const [staff] = await db().select().from(users).where(eq(users.email, "staff@example.com"));
    const results = await evaluationResults(asSignedIn(staff), await procurementBySlug("imaging-ai-pilot"));
    const rows = rankingRows(results).map((r) => [r.rank, r.organisation.split(" ")[0], r.quality, r.price, r.total]);
    expect(rows).toEqual([
      ["1", "Radiant", "60.00", "23.25", "83.25"],
      ["2", "Northern", "55.00", "27.02", "82.02"],
      ["3", "Lumen", "47.50", "30.00", "77.50"],
      ["4", "Severn", "40.00", "25.07", "65.07"],
      ["–", "Kestrel", expect.any(String), expect.any(String), expect.any(String)],
    ]);
  });

  it("the AI imaging platform (in tender): planning with its engagement events, and the tender; no bidder", async () => {
    const procurement = await procurementBySlug("ai-imaging-platform");
    const pkg = await ocdsReleasePackage(procurement);
    expectValid(pkg);
    expect(tagsOf(pkg)).toEqual(["planning", "tender"]);
    const ocid = `ocds-aiimg1-${procurement.id}`;
    expect(pkg.releases.map((r) => r.ocid)).toEqual([ocid, ocid]);
    expect(pkg.releases.map((r) => r.id)).toEqual([`${ocid}-planning-1`, `${ocid}-tender-1`]);
    const planning = release(pkg, "planning");
    expect(planning.planning?.milestones.length).toBeGreaterThanOrEqual(3);
    expect(planning.planning?.milestones.every((m) => m.type === "engagement")).toBe(true);
    expect(planning.planning?.milestones.map((m) => m.status)).toContain("met");
    expect(planning.planning?.milestones.map((m) => m.status)).toContain("scheduled");
    const tender = release(pkg, "tender").tender;
    expect(tender).toMatchObject({
      status: "active",
      value: { amount: 25_000_000, currency: "GBP" },
      awardCriteria: "ratedCriteria",
      tenderPeriod: { endDate: ocdsDateTime(procurement.bidDeadline!) },
      enquiryPeriod: { endDate: ocdsDateTime(procurement.clarificationDeadline!) },
    });
    expect(tender.awardCriteriaDetails).toMatch(/^Quality 70%, price 30%\./);
    expect(tender.documents?.map((d) => d.documentType).sort()).toEqual(
      ["biddingDocuments", "contractDraft", "technicalSpecifications", "tenderNotice"].sort(),
    );
    for (const r of pkg.releases) {
      expect(r.parties.map((p) => p.roles.join())).toEqual(["buyer"]);
      expect(r.awards).toBeUndefined();
    }
    const text = JSON.stringify(pkg);
    for (const name of ["Radiant Diagnostics AI Ltd", "Northern Imaging Analytics Ltd"])
      expect(text).not.toContain(name);
    // The webinar's joining link goes to registered attendees only.
    expect(text).not.toContain("teams.example.nhs.uk");
  });

  it("the AI imaging pilot (awarded): planning, tender and the award to Radiant with its price and the five tenderers", async () => {
    const procurement = await procurementBySlug("imaging-ai-pilot");
    const pkg = await ocdsReleasePackage(procurement);
    expectValid(pkg);
    expect(tagsOf(pkg)).toEqual(["planning", "tender", "award"]);
    const award = release(pkg, "award");
    expect(award.id).toBe(`ocds-aiimg1-${procurement.id}-award-1`);
    const [tender] = await db().select().from(tenders).where(eq(tenders.procurementId, procurement.id));
    const [decided] = await db().select().from(awards).where(eq(awards.tenderId, tender.id));
    const [winning] = await db().select().from(bidSubmissions).where(eq(bidSubmissions.bidId, decided.bidId));
    const totalPence = (winning.content as SubmissionContent).answers.reduce((t, a) => t + (a.totalPence ?? 0), 0);
    expect(totalPence).toBeGreaterThan(0);
    expect(award.awards).toEqual([
      {
        id: decided.id,
        title: `Award: ${procurement.title}`,
        // The standstill ended weeks ago.
        status: "active",
        date: ocdsDateTime(decided.decidedAt),
        value: { amount: totalPence / 100, currency: "GBP" },
        suppliers: [{ id: "GB-COH-12345678", name: "Radiant Diagnostics AI Ltd" }],
      },
    ]);
    expect(award.tender.status).toBe("complete");
    expect(award.tender.numberOfTenderers).toBe(5);
    expect(award.parties.filter((p) => p.roles.includes("tenderer")).map((p) => p.name)).toEqual([
      "Kestrel Health Technologies Ltd",
      "Lumen Radiology Systems Ltd",
      "Northern Imaging Analytics Ltd",
      "Radiant Diagnostics AI Ltd",
      "Severn Medical Imaging Ltd",
    ]);
    expect(award.parties.filter((p) => p.roles.includes("supplier")).map((p) => p.name)).toEqual([
      "Radiant Diagnostics AI Ltd",
    ]);
    // The earlier releases are as they were: nobody had bid in public yet.
    for (const r of pkg.releases.filter((r) => r !== award)) {
      expect(r.parties.map((p) => p.roles.join())).toEqual(["buyer"]);
      expect(JSON.stringify(r)).not.toContain("Kestrel Health");
    }
  });

  it("never carries the pilot's scores, justifications, consensus rationales, award reasons or bid answers", async () => {
    const procurement = await procurementBySlug("imaging-ai-pilot");
    const text = JSON.stringify(await ocdsReleasePackage(procurement));
    const [tender] = await db().select().from(tenders).where(eq(tenders.procurementId, procurement.id));
    const secrets: string[] = [];
    for (const s of await db().select().from(evaluationScores).where(eq(evaluationScores.tenderId, tender.id)))
      secrets.push(s.justification);
    for (const m of await db().select().from(moderatedScores).where(eq(moderatedScores.tenderId, tender.id)))
      secrets.push(m.rationale);
    for (const a of await db().select().from(awards).where(eq(awards.tenderId, tender.id))) secrets.push(a.rationale);
    const bidIds = (await db().select().from(bids).where(eq(bids.tenderId, tender.id))).map((b) => b.id);
    for (const a of await db().select().from(bidAnswers).where(inArray(bidAnswers.bidId, bidIds))) {
      const value = a.value as { text?: string; evidence?: string };
      if (value.text) secrets.push(value.text);
      if (value.evidence) secrets.push(value.evidence);
    }
    for (const s of await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, tender.id))) {
      secrets.push(s.reference, s.digest);
    }
    expect(secrets.length).toBeGreaterThan(50);
    for (const secret of secrets.filter((s) => s.length >= 12)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"(score|scores|justification|consensus|ranking)"/);
  });

  it("writes every date with its UK offset", async () => {
    for (const slug of ["ai-imaging-platform", "imaging-ai-pilot"]) {
      const pkg = await ocdsReleasePackage(await procurementBySlug(slug));
      const dates = dateTimes(pkg);
      expect(dates.length).toBeGreaterThan(5);
      for (const date of dates) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-](00|01):00$/);
    }
    expect(ocdsDateTime(new Date("2027-07-14T09:00:00Z"))).toBe("2027-07-14T10:00:00+01:00");
    expect(ocdsDateTime(new Date("2027-01-14T09:00:05Z"))).toBe("2027-01-14T09:00:05+00:00");
  });
});

describe("GET /procurements/<slug>/ocds.json", () => {
  it("serves each demo procurement's package as JSON, to anyone, linked from its public page", async () => {
    for (const slug of ["ai-imaging-platform", "imaging-ai-pilot"]) {
      const response = await portal.fetch(`/procurements/${slug}/ocds.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const served = (await response.json()) as OcdsReleasePackage;
      expectValid(served);
      const built = await ocdsReleasePackage(await procurementBySlug(slug));
      expect(served.releases.map((r) => r.id)).toEqual(built.releases.map((r) => r.id));
      const page = await (await portal.fetch(`/procurements/${slug}`)).text();
      expect(page).toContain(`href="/procurements/${slug}/ocds.json"`);
      expect(page).toContain("Open data (OCDS)");
    }
    expect((await portal.fetch("/procurements/no-such-procurement/ocds.json")).status).toBe(404);
  });
});

// --- A procurement at every stage -------------------------------------------------------------------

describe("a procurement at each stage", () => {
  it("engagement only: the planning release, with held and coming events as milestones", async () => {
    const procurement = await createProcurement({
      estimatedValue: "80000.00",
      engagementStartsAt: daysFromNow(-10),
      engagementClosesAt: daysFromNow(20),
      tenderPublishedAt: null,
      clarificationDeadline: null,
      bidDeadline: null,
    });
    const held = await createEngagementSession(procurement.id, {
      startsAt: daysFromNow(-5),
      endsAt: new Date(daysFromNow(-5).getTime() + 3_600_000),
      registrationDeadline: daysFromNow(-6),
    });
    const coming = await createEngagementSession(procurement.id);
    await createEngagementSession(procurement.id, { status: "cancelled", title: "A cancelled webinar" });
    const pkg = await ocdsReleasePackage(procurement);
    expectValid(pkg);
    expect(tagsOf(pkg)).toEqual(["planning"]);
    const planning = release(pkg, "planning");
    expect(planning.tender).toMatchObject({ status: "planning", value: { amount: 80_000, currency: "GBP" } });
    expect(planning.planning?.milestones.map((m) => [m.id, m.status])).toEqual([
      [held.id, "met"],
      [coming.id, "scheduled"],
      ["engagement-closes", "scheduled"],
    ]);
    expect(planning.planning?.milestones[0].dateMet).toBe(ocdsDateTime(held.endsAt));
    expect(JSON.stringify(pkg)).not.toContain("A cancelled webinar");
    expect(JSON.stringify(pkg)).not.toContain("secret-joining-link");
    expect(pkg.uri).toBe(`${portal.url}/procurements/${procurement.slug}/ocds.json`);
  });

  it("tender published, then amended: a tender release and a tenderAmendment with its reason", async () => {
    const procurement = await createProcurement({ estimatedValue: "500000.00" });
    const testTender = await createPublishedTender(procurement.id, staff.id);
    const published = await ocdsReleasePackage(procurement);
    expectValid(published);
    expect(tagsOf(published)).toEqual(["planning", "tender"]);
    expect(release(published, "tender").tender).toMatchObject({
      status: "active",
      awardCriteria: "ratedCriteria",
      tenderPeriod: { endDate: ocdsDateTime(procurement.bidDeadline!) },
    });
    expect(release(published, "tender").tender.awardCriteriaDetails).toContain("Quality 70%, price 30%.");
    expect(release(published, "tender").tender.awardCriteriaDetails).toContain(
      "1.2 Describe your clinical safety approach (50%)",
    );

    const reason = "The bid deadline moves a week later and the price schedule gains a line";
    await amendTender(testTender, staff.id, reason);
    const amended = await ocdsReleasePackage(procurement);
    expectValid(amended);
    expect(tagsOf(amended)).toEqual(["planning", "tender", "tenderAmendment"]);
    const amendment = release(amended, "tenderAmendment");
    const ocid = amended.releases[0].ocid;
    expect(amendment.id).toBe(`${ocid}-tenderAmendment-2`);
    expect(amendment.tender.amendments).toEqual([
      expect.objectContaining({
        id: "2",
        rationale: reason,
        amendsReleaseID: `${ocid}-tender-1`,
        releaseID: `${ocid}-tenderAmendment-2`,
      }),
    ]);
    // Release ids are stable: the first releases keep theirs after the amendment.
    expect(amended.releases.slice(0, 2).map((r) => r.id)).toEqual(published.releases.map((r) => r.id));
    expect(release(amended, "tender").tender.amendments).toBeUndefined();

    // Moving the bid deadline is an amendment too, with its reason; earlier releases keep the old deadline.
    const deadlineReason = "More time after clarification CQ-003 changed the integration requirement";
    const moved = await changeBidDeadline(
      asSignedIn(staff),
      await reload(procurement),
      DeadlineSchema.parse({
        procurementVersion: String((await reload(procurement)).version),
        deadline: toLondonLocal(daysFromNow(55)),
        deadlineReason,
      }),
    );
    expect(moved.ok).toBe(true);
    const later = await ocdsReleasePackage(await reload(procurement));
    expectValid(later);
    expect(later.releases.map((r) => r.id)).toEqual([
      ...amended.releases.map((r) => r.id),
      `${ocid}-tenderAmendment-3`,
    ]);
    const newDeadline = (await reload(procurement)).bidDeadline!;
    expect(newDeadline.getTime()).not.toBe(procurement.bidDeadline!.getTime());
    expect(later.releases.map((r) => r.tender.tenderPeriod?.endDate)).toEqual([
      undefined,
      ocdsDateTime(procurement.bidDeadline!),
      ocdsDateTime(procurement.bidDeadline!),
      ocdsDateTime(newDeadline),
    ]);
    expect(later.releases[3].tender.amendments?.map((a) => a.id)).toEqual(["2", "3"]);
    expect(later.releases[3].tender.amendments?.[1].rationale).toMatch(
      new RegExp(`^The bid deadline moves from .+ to .+ \\(UK time\\): ${deadlineReason}$`),
    );
  });

  it("bids closed and opened, award not yet decided: no tenderer, no count, no answers", async () => {
    const { procurement, references } = await procurementWithClosedBids();
    const pkg = await ocdsReleasePackage(procurement);
    expectValid(pkg);
    expect(tagsOf(pkg)).toEqual(["planning", "tender"]);
    const text = JSON.stringify(pkg);
    const named = [alpha.organisation.legalName, beta.organisation.legalName];
    for (const secret of [...named, ALPHA_ANSWER, BETA_ANSWER, ...references]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain("tenderer");
    expect(text).not.toContain("numberOfTenderers");
  });

  it("award decided with a notice date still to come: nothing of it yet", async () => {
    const { procurement, tender, alphaBid } = await procurementWithClosedBids();
    await decideAward(tender.id, alphaBid, ukDay(2), ukDay(14));
    const pkg = await ocdsReleasePackage(procurement);
    expectValid(pkg);
    expect(tagsOf(pkg)).toEqual(["planning", "tender"]);
    expect(JSON.stringify(pkg)).not.toContain(alpha.organisation.legalName);
  });

  it("awarded, in standstill: a pending award to the winner at its price, every tenderer named, nothing bid", async () => {
    const { procurement, tender, alphaBid, references } = await procurementWithClosedBids();
    await decideAward(tender.id, alphaBid, ukDay(0), ukDay(12));
    const pkg = await ocdsReleasePackage(procurement);
    expectValid(pkg);
    expect(tagsOf(pkg)).toEqual(["planning", "tender", "award"]);
    const award = release(pkg, "award");
    const alphaId = `GB-COH-${alpha.organisation.companiesHouseNumber}`;
    expect(award.awards?.[0]).toMatchObject({
      status: "pending",
      value: { amount: 4000, currency: "GBP" },
      suppliers: [{ id: alphaId, name: alpha.organisation.legalName }],
    });
    expect(award.parties.map((p) => [p.name, p.roles])).toEqual([
      ["NHS England (NHS AI Lab)", ["buyer"]],
      [alpha.organisation.legalName, ["tenderer", "supplier"]],
      [beta.organisation.legalName, ["tenderer"]],
    ]);
    expect(award.tender.tenderers?.map((t) => t.name)).toEqual([
      alpha.organisation.legalName,
      beta.organisation.legalName,
    ]);
    const text = JSON.stringify(pkg);
    for (const secret of [ALPHA_ANSWER, BETA_ANSWER, AWARD_RATIONALE, "1000.00", ...references]) {
      expect(text).not.toContain(secret);
    }
  });

  it("awarded, standstill over: the award is active", async () => {
    const { procurement, tender, alphaBid } = await procurementWithClosedBids();
    await decideAward(tender.id, alphaBid, ukDay(-20), ukDay(-8));
    const pkg = await ocdsReleasePackage(procurement);
    expectValid(pkg);
    expect(release(pkg, "award").awards?.[0].status).toBe("active");
  });

  it("cancelled after the tender was published: a tenderCancellation release", async () => {
    const procurement = await createProcurement();
    await createPublishedTender(procurement.id, staff.id);
    await db().update(procurements).set({ cancelledAt: new Date() }).where(eq(procurements.id, procurement.id));
    const pkg = await ocdsReleasePackage(await reload(procurement));
    expectValid(pkg);
    expect(tagsOf(pkg)).toEqual(["planning", "tender", "tenderCancellation"]);
    expect(release(pkg, "tenderCancellation").tender.status).toBe("cancelled");
  });

  it("uses the configured OCDS prefix, and refuses one of the wrong form", async () => {
    const { parseConfig } = await import("../../app/config.server");
    expect(parseConfig({ OCDS_PREFIX: "ocds-b5fd17" }).ocdsPrefix).toBe("ocds-b5fd17");
    expect(() => parseConfig({ OCDS_PREFIX: "ocds-toolong1" })).toThrow(/OCDS_PREFIX/);
    expect(() => parseConfig({ OCDS_PREFIX: "b5fd17" })).toThrow(/OCDS_PREFIX/);
  });
});
