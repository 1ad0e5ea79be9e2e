// Demo-like fixtures for the access-control and bad-input tests: a person of every role (and two
// supplier organisations), a procurement with sessions of every kind, registrations, a booked 1:1
// slot, published and unpublished materials, published and draft findings, and sent mail.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { homePathFor, type Role } from "../../app/auth/permissions";
import { addMaterial, publishMaterials } from "../../app/engagement/materials.server";
import { bookSlot } from "../../app/engagement/slots.server";
import { registerAttendees } from "../../app/engagement/registration.server";
import { fileStorage } from "../../app/storage/storage.server";
import { startBid } from "../../app/bids/workspace.server";
import { submitBid } from "../../app/bids/submitting.server";
import { saveAnswer } from "../../app/bids/answers.server";
import { uploadBidFiles } from "../../app/bids/files.server";
import { requirePublishedTender } from "../../app/tenders/published.server";
import { SaveAnswerSchema } from "../../app/bids/schema";
import { ownBid, ownSubmission } from "../../app/bids/sealed.server";
import { registerInterest } from "../../app/procurements/procurements.server";
import { createOpenedTenderWithBids, createPublishedTender } from "../factories/tenders";
import { assignEvaluator } from "../../app/evaluation/panel-assignment.server";
import { declareConflict } from "../../app/evaluation/conflicts.server";
import { addDocument } from "../../app/tenders/documents.server";
import { publishTender } from "../../app/tenders/publishing.server";
import { addQuestion, addSection, createTender, saveQuestion } from "../../app/tenders/questionnaire-building.server";
import { findTender } from "../../app/tenders/reading.server";
import { QuestionSchema } from "../../app/tenders/schema";
import { db } from "../../db/client.server";
import {
  bidSubmissionRequests,
  clarificationQuestions,
  engagementRegistrations,
  engagementSessions,
  engagementSlots,
  evaluatorAssignments,
  findingResponses,
  findings,
  outboxMessages,
  procurements,
  sessionMaterials,
} from "../../db/schema";
import { asSignedIn, createOrganisation, createUser, sessionCookieFor, type TestUser } from "../factories";

/** Who is asking. "otherSupplier" is an organisation admin of a second organisation. */
export const PERSONAS = ["signedOut", "supplier", "orgAdmin", "otherSupplier", "staff", "evaluator", "admin"] as const;
export type Persona = (typeof PERSONAS)[number];

export const PERSONA_LABELS: Record<Persona, string> = {
  signedOut: "signed out",
  supplier: "supplier",
  orgAdmin: "supplier organisation admin",
  otherSupplier: "supplier of another organisation",
  staff: "staff",
  evaluator: "evaluator",
  admin: "admin",
};

export const PERSONA_ROLES: Record<Exclude<Persona, "signedOut">, Role> = {
  supplier: "supplier",
  orgAdmin: "supplier",
  otherSupplier: "supplier",
  staff: "staff",
  evaluator: "evaluator",
  admin: "admin",
};

export function homeOf(persona: Persona): string {
  if (persona === "signedOut") throw new Error("Someone signed out has no dashboard");
  return homePathFor(PERSONA_ROLES[persona]);
}

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

export type PortalFixtures = {
  /** The Cookie header value for each persona (undefined when signed out). */
  cookies: Record<Persona, string | undefined>;
  users: Record<Exclude<Persona, "signedOut">, TestUser> & {
    /** A supplier of the first organisation for admin pages to act on; no test signs in as them. */
    target: TestUser;
    /** Staff who have not set up two-factor sign-in (not a demo account). */
    staffWithoutTwoFactor: TestUser;
    /** Staff enrolled in two-factor sign-in whose session has not passed the second factor. */
    twoFactorPending: TestUser;
    /** A supplier who has not confirmed their email address. */
    unverified: TestUser;
  };
  /** Cookies of the people part-way through sign-in. */
  partialCookies: { staffWithoutTwoFactor: string; twoFactorPending: string; unverified: string };
  organisations: { alpha: { id: string; legalName: string }; beta: { id: string; legalName: string } };
  procurement: Row<typeof procurements>;
  otherProcurement: Row<typeof procurements>;
  sessions: {
    webinar: Row<typeof engagementSessions>;
    inPerson: Row<typeof engagementSessions>;
    oneToOne: Row<typeof engagementSessions>;
    cancelled: Row<typeof engagementSessions>;
    /** A session of the other procurement: never reachable under the first one's slug. */
    elsewhere: Row<typeof engagementSessions>;
  };
  /** The supplier's confirmed place on the webinar. */
  registrationId: string;
  slots: { bookedByAlpha: string; free: string };
  materials: {
    /** A file among the webinar's published materials. */
    publishedFile: string;
    /** A file among the in-person event's materials, not yet published. */
    unpublishedFile: string;
  };
  findings: {
    published: string;
    draft: string;
    archived: string;
    /** A published finding of the other procurement: never reachable under the first one's slug. */
    elsewhere: string;
    responseId: string;
  };
  /** Clarification questions of the first organisation, not yet answered. */
  questions: {
    /** On the procurement; the matrix only reads it. */
    alpha: string;
    /** On the other procurement: never reachable under the first one's slug. */
    elsewhere: string;
  };
  /** The procurement's tender: published (version 1), then changed again but not yet republished. */
  tender: {
    id: string;
    /** tenders.version when the fixtures were made. */
    version: number;
    /** A question of the published version. */
    questionId: string;
    /** A document of the published version, and one added since (staff only). */
    documents: { published: string; unpublished: string };
  };
  /** A procurement of its own for bids (published tender, deadline ahead): the first organisation's bid submitted, the second's started. */
  bids: BidFixtures;
  /** A procurement of its own whose tender is opened, with the evaluator persona on its panel. */
  evaluation: EvaluationFixtures;
  outboxMessageId: string;
  /** Text that only some people may see, for leak checks. */
  secrets: {
    joiningLink: string;
    venueAddress: string;
    unpublishedMaterialTitle: string;
    draftFindingTitle: string;
    findingResponse: string;
    alphaAttendee: string;
    alphaBooker: string;
    alphaLegalName: string;
    alphaQuestion: string;
    draftTenderQuestion: string;
  };
};

export const PROCUREMENT_SLUG = "test-procurement";
export const OTHER_PROCUREMENT_SLUG = "other-procurement";

const SECRETS = {
  joiningLink: "https://meet.example.com/j/matrix-secret-joining-link",
  venueAddress: "7 Hidden Yard, Leeds LS2 7UE",
  unpublishedMaterialTitle: "Venue pack kept back until publication",
  draftFindingTitle: "Draft finding staff have not published",
  findingResponse: "Our confidential answer: we already integrate with every PACS",
  alphaAttendee: "Ada Registrant",
  alphaBooker: "Oliver Orgadmin",
  alphaLegalName: "Alpha Imaging Ltd",
  alphaQuestion: "Alpha's unanswered question about DICOM routing",
  draftTenderQuestion: "A tender question staff have not published yet",
};

const day = (iso: string) => new Date(iso);

/** Puts text into file storage as an upload would leave it: its SHA-256 and size. */
export async function storeTextFile(content: string): Promise<{ sha256: string; size: number }> {
  const bytes = Buffer.from(content, "utf8");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storage = fileStorage();
  await mkdir(storage.tempDir(), { recursive: true });
  const temp = path.join(storage.tempDir(), `${sha256}.upload`);
  await writeFile(temp, bytes);
  await storage.put(temp, sha256);
  return { sha256, size: bytes.byteLength };
}

/** Creates everything; call once per test file after useTestDatabase() and startTestPortal(). */
export async function seedPortalFixtures(): Promise<PortalFixtures> {
  const alpha = await createOrganisation({ legalName: SECRETS.alphaLegalName });
  const beta = await createOrganisation({ legalName: "Beta Vision Ltd" });

  const [
    supplier,
    orgAdmin,
    otherSupplier,
    staff,
    evaluator,
    admin,
    target,
    staffWithoutTwoFactor,
    twoFactorPending,
    unverified,
  ] = await Promise.all([
    createUser({ role: "supplier", organisationId: alpha.id, name: SECRETS.alphaAttendee }),
    createUser({ role: "supplier", organisationId: alpha.id, isOrganisationAdmin: true, name: SECRETS.alphaBooker }),
    createUser({ role: "supplier", organisationId: beta.id, isOrganisationAdmin: true, name: "Bea Otherorg" }),
    createUser({ role: "staff", totp: true, name: "Sam Staff" }),
    createUser({ role: "evaluator", totp: true, name: "Eve Evaluator" }),
    createUser({ role: "admin", totp: true, name: "Adam Admin" }),
    createUser({ role: "supplier", organisationId: alpha.id, name: "Terry Target" }),
    createUser({ role: "staff", name: "Nora Notwofactor" }),
    createUser({ role: "staff", totp: true, name: "Pat Pending" }),
    createUser({ role: "supplier", emailVerified: false, name: "Uma Unverified" }),
  ]);

  const users = { supplier, orgAdmin, otherSupplier, staff, evaluator, admin };
  const cookies = { signedOut: undefined } as Record<Persona, string | undefined>;
  for (const [persona, user] of Object.entries(users)) cookies[persona as Persona] = await sessionCookieFor(user);
  const partialCookies = {
    staffWithoutTwoFactor: await sessionCookieFor(staffWithoutTwoFactor),
    twoFactorPending: await sessionCookieFor(twoFactorPending, { twoFactorVerified: false }),
    unverified: await sessionCookieFor(unverified),
  };

  const procurementValues = {
    summary: "A national platform through which NHS trusts find, deploy and monitor AI imaging tools.",
    description: "Chest X-ray triage, lung-nodule detection on CT, stroke CT and fracture detection.",
    estimatedValue: "25000000.00",
    discoveryStartsAt: day("2026-01-05T09:00:00Z"),
    engagementStartsAt: day("2026-03-02T09:00:00Z"),
    engagementClosesAt: day("2030-12-18T17:00:00Z"),
    // Clarification questions are open from the start of engagement until this deadline.
    clarificationDeadline: day("2030-11-29T17:00:00Z"),
    bidDeadline: day("2030-12-20T12:00:00Z"),
  };
  const [procurement] = await db()
    .insert(procurements)
    .values({ slug: PROCUREMENT_SLUG, title: "Test AI imaging platform", ...procurementValues })
    .returning();
  const [otherProcurement] = await db()
    .insert(procurements)
    .values({ slug: OTHER_PROCUREMENT_SLUG, title: "Another procurement", ...procurementValues })
    .returning();

  const base = {
    procurementId: procurement.id,
    agenda: "Introductions, the outline requirement, questions.",
    capacity: 40,
    maxPerOrganisation: 3,
  };
  const [webinar, inPerson, oneToOne, cancelled, elsewhere] = await db()
    .insert(engagementSessions)
    .values([
      {
        ...base,
        kind: "webinar",
        title: "Matrix market briefing webinar",
        startsAt: day("2030-06-12T09:00:00Z"),
        endsAt: day("2030-06-12T10:30:00Z"),
        registrationDeadline: day("2030-06-10T16:00:00Z"),
        joiningLink: SECRETS.joiningLink,
      },
      {
        ...base,
        kind: "in_person",
        title: "Matrix supplier day",
        startsAt: day("2030-09-18T09:30:00Z"),
        endsAt: day("2030-09-18T15:30:00Z"),
        registrationDeadline: day("2030-09-11T16:00:00Z"),
        venueName: "Matrix Hall",
        venueAddress: SECRETS.venueAddress,
      },
      {
        ...base,
        kind: "one_to_one",
        title: "Matrix one-to-one meetings",
        capacity: 2,
        maxPerOrganisation: 1,
        startsAt: day("2030-10-07T09:00:00Z"),
        endsAt: day("2030-10-07T10:30:00Z"),
        registrationDeadline: day("2030-10-01T16:00:00Z"),
      },
      {
        ...base,
        kind: "webinar",
        title: "Matrix withdrawn webinar",
        status: "cancelled",
        startsAt: day("2030-07-01T09:00:00Z"),
        endsAt: day("2030-07-01T10:00:00Z"),
        registrationDeadline: day("2030-06-28T16:00:00Z"),
        joiningLink: "https://meet.example.com/j/withdrawn",
      },
      {
        ...base,
        procurementId: otherProcurement.id,
        kind: "webinar",
        title: "Another procurement's webinar",
        startsAt: day("2030-06-20T09:00:00Z"),
        endsAt: day("2030-06-20T10:00:00Z"),
        registrationDeadline: day("2030-06-18T16:00:00Z"),
        joiningLink: "https://meet.example.com/j/elsewhere",
      },
    ])
    .returning();
  const slotRows = await db()
    .insert(engagementSlots)
    .values([
      { sessionId: oneToOne.id, startsAt: day("2030-10-07T09:00:00Z"), endsAt: day("2030-10-07T09:45:00Z") },
      { sessionId: oneToOne.id, startsAt: day("2030-10-07T09:45:00Z"), endsAt: day("2030-10-07T10:30:00Z") },
    ])
    .returning();

  // Through the domain operations, as the pages would: emails, audit rows and interest come too.
  const registered = await registerAttendees(asSignedIn(supplier), procurement, webinar.id, [supplier.id]);
  if (!registered.ok) throw new Error(`Fixture registration failed: ${JSON.stringify(registered.fieldErrors)}`);
  const booked = await bookSlot(asSignedIn(orgAdmin), procurement, oneToOne.id, slotRows[0].id);
  if (!booked.ok) throw new Error(`Fixture booking failed: ${JSON.stringify(booked.fieldErrors)}`);
  const [registration] = await db()
    .select()
    .from(engagementRegistrations)
    .where(eq(engagementRegistrations.userId, supplier.id));

  const staffCaller = asSignedIn(staff);
  const slides = await storeTextFile("Slides from the matrix webinar\n");
  await addMaterial(staffCaller, procurement, webinar.id, {
    kind: "file",
    title: "Slides from the webinar",
    body: "",
    file: { ...slides, contentType: "text/plain", filename: "slides.txt" },
  });
  await addMaterial(staffCaller, procurement, webinar.id, {
    kind: "notes",
    title: "Questions asked at the webinar",
    body: "Q: Is PACS integration in scope? A: Yes.",
  });
  const published = await publishMaterials(staffCaller, procurement, webinar.id);
  if (!published.ok) throw new Error(`Fixture publication failed: ${published.error}`);
  const pack = await storeTextFile("Venue pack for the matrix supplier day\n");
  await addMaterial(staffCaller, procurement, inPerson.id, {
    kind: "file",
    title: SECRETS.unpublishedMaterialTitle,
    body: "",
    file: { ...pack, contentType: "text/plain", filename: "venue-pack.txt" },
  });
  const materialRows = await db().select().from(sessionMaterials);
  const publishedFile = materialRows.find((m) => m.sessionId === webinar.id && m.fileId !== null);
  const unpublishedFile = materialRows.find((m) => m.sessionId === inPerson.id && m.fileId !== null);
  if (!publishedFile || !unpublishedFile) throw new Error("Fixture materials are missing");

  const findingBase = {
    procurementId: procurement.id,
    kind: "blocker" as const,
    theme: "Interoperability",
    description: "Trusts run different PACS versions, so integration effort varies widely.",
    evidenceSource: "Discovery interviews with 14 trusts",
    evidenceCount: 14,
    impact: "high" as const,
    createdByUserId: staff.id,
  };
  const [publishedFinding, draftFinding, archivedFinding, elsewhereFinding] = await db()
    .insert(findings)
    .values([
      { ...findingBase, title: "PACS integration varies by trust", status: "published", publishedAt: new Date() },
      { ...findingBase, title: SECRETS.draftFindingTitle, status: "draft" },
      { ...findingBase, title: "An archived finding", status: "archived", publishedAt: new Date() },
      {
        ...findingBase,
        procurementId: otherProcurement.id,
        title: "Another procurement's finding",
        status: "published",
        publishedAt: new Date(),
      },
    ])
    .returning();
  const [response] = await db()
    .insert(findingResponses)
    .values({
      findingId: publishedFinding.id,
      organisationId: alpha.id,
      userId: supplier.id,
      body: SECRETS.findingResponse,
    })
    .returning();

  const questionBase = {
    organisationId: alpha.id,
    askedByUserId: supplier.id,
    body: "Which DICOM routing does the platform expect from trusts' PACS?",
    documentRef: "Draft specification",
    sectionRef: "4.2",
  };
  const [alphaQuestion, elsewhereQuestion] = await db()
    .insert(clarificationQuestions)
    .values([
      { ...questionBase, procurementId: procurement.id, subject: SECRETS.alphaQuestion },
      { ...questionBase, procurementId: otherProcurement.id, subject: "A question on another procurement" },
    ])
    .returning();

  const tender = await seedFixtureTender(staffCaller, procurement);
  const [procurementNow] = await db().select().from(procurements).where(eq(procurements.id, procurement.id));

  const bidFixtures = await seedFixtureBids(supplier, otherSupplier, staff);
  const evaluationFixtures = await seedFixtureEvaluation({ alpha, beta, supplier, otherSupplier, staff, evaluator });

  const [mail] = await db().select({ id: outboxMessages.id }).from(outboxMessages).limit(1);
  if (!mail) throw new Error("Fixture mail is missing: registering should have queued a confirmation");

  return {
    cookies,
    users: { ...users, target, staffWithoutTwoFactor, twoFactorPending, unverified },
    partialCookies,
    organisations: {
      alpha: { id: alpha.id, legalName: alpha.legalName },
      beta: { id: beta.id, legalName: beta.legalName },
    },
    procurement: procurementNow,
    otherProcurement,
    sessions: { webinar, inPerson, oneToOne, cancelled, elsewhere },
    registrationId: registration.id,
    slots: { bookedByAlpha: slotRows[0].id, free: slotRows[1].id },
    materials: { publishedFile: publishedFile.id, unpublishedFile: unpublishedFile.id },
    findings: {
      published: publishedFinding.id,
      draft: draftFinding.id,
      archived: archivedFinding.id,
      elsewhere: elsewhereFinding.id,
      responseId: response.id,
    },
    questions: { alpha: alphaQuestion.id, elsewhere: elsewhereQuestion.id },
    tender,
    bids: bidFixtures,
    evaluation: evaluationFixtures,
    outboxMessageId: mail.id,
    secrets: SECRETS,
  };
}

/** A tender published as version 1 (one written question, one document), then changed unpublished. */
async function seedFixtureTender(staff: ReturnType<typeof asSignedIn>, procurement: Row<typeof procurements>) {
  const version = async () => (await findTender(procurement.id))?.version ?? 0;
  const check = <T extends { ok: boolean }>(result: T) => {
    if (!result.ok) throw new Error(`Fixture tender refused: ${JSON.stringify(result)}`);
    return result as Extract<T, { ok: true; value: string }>;
  };
  const tender = await createTender(staff, procurement);
  const section = check(
    await addSection(staff, procurement, { version: await version(), title: "Interoperability", description: "" }),
  );
  const question = check(
    await addQuestion(staff, procurement, {
      version: await version(),
      sectionId: section.value,
      kind: "text",
      questionTitle: "How will results return to PACS?",
    }),
  );
  const details = QuestionSchema.parse({
    version: String(await version()),
    kind: "text",
    title: "How will results return to PACS?",
    weight: "100",
    wordLimit: "500",
  });
  check(await saveQuestion(staff, procurement, question.value, details));
  const document = async (title: string) => {
    const file = await storeTextFile(`${title}\n`);
    return check(
      await addDocument(staff, procurement, {
        version: await version(),
        documentKind: "specification",
        documentTitle: title,
        file: { ...file, contentType: "text/plain", filename: "specification.txt" },
      }),
    ).value;
  };
  const published = await document("Matrix specification");
  check(await publishTender(staff, procurement, { version: await version(), reason: "" }));
  const unpublished = await document("Matrix specification, draft of version 2");
  check(
    await addQuestion(staff, procurement, {
      version: await version(),
      sectionId: section.value,
      kind: "pass_fail",
      questionTitle: SECRETS.draftTenderQuestion,
    }),
  );
  return {
    id: tender.id,
    version: await version(),
    questionId: question.value,
    documents: { published, unpublished },
  };
}

export type BidFixtures = {
  slug: string;
  bidId: string;
  questions: { text: string; file: string };
  /** The first organisation's uploaded file: its bid_files id and SHA-256. */
  fileId: string;
  sha256: string;
  reference: string;
  digest: string;
  /** The submit request that made that submission (its status page). */
  requestId: string;
  /** The first organisation's written answer: nobody else may read it before opening. */
  secret: string;
};

const BID_PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** The first organisation answers everything, uploads a PDF and submits; the second only starts. */
async function seedFixtureBids(alphaUser: TestUser, betaUser: TestUser, staffUser: TestUser): Promise<BidFixtures> {
  const secret = "Alpha's sealed answer: our hazard log names a clinical safety officer";
  const [procurement] = await db()
    .insert(procurements)
    .values({
      slug: "bid-procurement",
      title: "Bid matrix procurement",
      summary: "A procurement whose tender takes bids.",
      bidDeadline: day("2030-12-20T12:00:00Z"),
    })
    .returning();
  const { questions } = await createPublishedTender(procurement.id, staffUser.id);
  const alpha = asSignedIn(alphaUser);
  await registerInterest(alpha, procurement.id);
  await registerInterest(asSignedIn(betaUser), procurement.id);
  const published = await requirePublishedTender(procurement);
  await startBid(alpha, procurement, published);
  await startBid(asSignedIn(betaUser), procurement, published);
  const answers: [string, Record<string, string>][] = [
    [questions.passFail.id, { answer: "yes", evidence: "Certificate CE-PLUS-1234" }],
    [questions.text.id, { text: secret }],
    [questions.price.id, { "unitPrice.licence": "1000.00", "unitPrice.onboarding": "250.00" }],
  ];
  for (const [questionId, fields] of answers) {
    const params = new URLSearchParams({ intent: "save", version: "0", ...fields });
    const saved = await saveAnswer(
      alpha,
      procurement,
      published,
      questionId,
      SaveAnswerSchema.parse(Object.fromEntries(params)),
      params,
    );
    if (!saved.ok) throw new Error(`Fixture answer refused: ${JSON.stringify(saved)}`);
  }
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(BID_PDF)], { type: "application/pdf" }), "safety-case.pdf");
  const request = new Request("http://fixtures.test/upload", { method: "POST", body: form });
  const uploaded = await uploadBidFiles(alpha, procurement, published, questions.file.id, request);
  if (!uploaded.ok) throw new Error(`Fixture upload refused: ${JSON.stringify(uploaded)}`);
  const submitted = await submitBid(alpha, procurement, published, {
    declaration: "on",
    idempotencyKey: "00000000-0000-4000-8000-00000000b1d0",
  });
  if (!submitted.ok) throw new Error(`Fixture submission refused: ${JSON.stringify(submitted)}`);
  const own = await ownBid(alpha, published.tender);
  const file = own?.files[questions.file.id]?.[0];
  if (!own || !file) throw new Error("Fixture bid is missing");
  const submission = await ownSubmission(alpha, published.tender, submitted.reference);
  const [submitRequest] = await db()
    .select({ id: bidSubmissionRequests.id })
    .from(bidSubmissionRequests)
    .where(eq(bidSubmissionRequests.submissionId, submission.id));
  return {
    slug: procurement.slug,
    bidId: own.bid.id,
    questions: { text: questions.text.id, file: questions.file.id },
    fileId: file.id,
    sha256: file.sha256,
    reference: submitted.reference,
    digest: submission.digest,
    requestId: submitRequest.id,
    secret,
  };
}

export type EvaluationFixtures = {
  slug: string;
  /** The first organisation's bid: the evaluator declared no conflict and may read and mark it. */
  bidId: string;
  /** The second organisation's bid: the evaluator declared a conflict with it, so reads nothing of it. */
  conflictedBidId: string;
  /** The two bidding organisations: the evaluator has declared for both (no conflict, conflict). */
  organisationIds: { declared: string; conflicted: string };
  /** The first organisation's file (a question of section 1) and its receipt reference. */
  sha256: string;
  reference: string;
  questions: { text: string; price: string };
  /** The first organisation's written answer, which the evaluator reads. */
  answer: string;
  /** A second evaluator's assignment (all sections), for removal; an evaluator on no panel, to assign. */
  secondAssignmentId: string;
  spareEvaluatorId: string;
};

/**
 * An opened tender with two submitted bids; the evaluator persona and a second evaluator are on its
 * panel for every section, and the persona declared for both bidders: no conflict with the first, a
 * conflict with the second (an evaluator reads no bid until they have declared for every bidder).
 */
/** The second bidder's answer in the evaluation fixtures: markup that must never run. */
export const HOSTILE_ANSWER = "The second bidder's answer <script>alert(1)</script> <img src=x onerror=alert(2)>";

async function seedFixtureEvaluation(people: {
  alpha: { id: string };
  beta: { id: string };
  supplier: TestUser;
  otherSupplier: TestUser;
  staff: TestUser;
  evaluator: TestUser;
}): Promise<EvaluationFixtures> {
  const answer = "The first bidder names a clinical safety officer for every trust";
  const [procurement] = await db()
    .insert(procurements)
    .values({
      slug: "evaluation-procurement",
      title: "Evaluation matrix procurement",
      summary: "A procurement whose bids are opened for evaluation.",
      bidDeadline: day("2026-01-05T12:00:00Z"),
    })
    .returning();
  const scene = await createOpenedTenderWithBids(procurement.id, people.staff.id, [
    { organisationId: people.alpha.id, userId: people.supplier.id, text: answer },
    // Markup a bidder might paste: every page that shows an opened bid must show it as text.
    { organisationId: people.beta.id, userId: people.otherSupplier.id, text: HOSTILE_ANSWER },
  ]);
  const [second, spare] = await Promise.all([
    createUser({ role: "evaluator", totp: true, name: "Erin Second" }),
    createUser({ role: "evaluator", totp: true, name: "Evan Spare" }),
  ]);
  const staff = asSignedIn(people.staff);
  for (const evaluatorId of [people.evaluator.id, second.id]) {
    const assigned = await assignEvaluator(staff, procurement, { evaluatorId, scope: "all", sectionIds: [] });
    if (!assigned.ok) throw new Error(`Fixture assignment refused: ${JSON.stringify(assigned)}`);
  }
  const [alphaBid, betaBid] = scene.bids;
  for (const [organisationId, hasConflict] of [
    [people.alpha.id, "no"],
    [people.beta.id, "yes"],
  ] as const) {
    const declared = await declareConflict(asSignedIn(people.evaluator), procurement, {
      organisationId,
      hasConflict,
      details: hasConflict === "yes" ? "The fixture evaluator once advised the second bidder" : "",
    });
    if (!declared.ok) throw new Error(`Fixture declaration refused: ${JSON.stringify(declared)}`);
  }
  const [assignment] = await db()
    .select({ id: evaluatorAssignments.id })
    .from(evaluatorAssignments)
    .where(eq(evaluatorAssignments.evaluatorUserId, second.id));
  return {
    slug: procurement.slug,
    bidId: alphaBid.bidId,
    conflictedBidId: betaBid.bidId,
    organisationIds: { declared: people.alpha.id, conflicted: people.beta.id },
    sha256: alphaBid.fileSha256,
    reference: alphaBid.reference,
    questions: { text: scene.questions.text.id, price: scene.questions.price.id },
    answer,
    secondAssignmentId: assignment.id,
    spareEvaluatorId: spare.id,
  };
}
