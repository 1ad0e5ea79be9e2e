// Every form action, sent malformed, oversized and hostile input, one case at a time: each gets a
// 4xx or its form back (with the NHS error summary and the user's input HTML-escaped), never a
// 500 and never a raw <script>, and a refused request writes nothing to any table.
//
// EVERY NEW FORM ACTION JOINS THIS TABLE: add a FormSpec to FORMS with a valid form for it (the
// cases change one thing at a time), its free-text and number fields, and the path with a
// malformed id if it has one. A test at the bottom fails for a route with an action and no spec.
import { randomInt, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../db/project-root.server";
import { db } from "../../db/client.server";
import {
  clarificationQuestions,
  engagementSessions,
  findings,
  organisations,
  procurements,
  tenders,
  users,
} from "../../db/schema";
import { toLondonLocal } from "../../app/time";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { writeLogPosition, tablesWrittenSince } from "../support/write-log";
import { seedPortalFixtures, type Persona, type PortalFixtures } from "../support/portal-fixtures";

const testDb = await useTestDatabase();
let portal: TestPortal;
let f: PortalFixtures;
let sandbox: Sandbox;

const SCRIPT = "<script>alert(1)</script>";
const ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;";
const SQL = "' OR 1=1; DROP TABLE users; --";
const NUL = "before\u0000after";
const TEN_MB = 10 * 1024 * 1024;
const MALFORMED_IDS = ["not-a-uuid", "-".repeat(36), "0".repeat(36), "' OR 1=1 --"];

/** Objects this file changes freely, so the shared fixtures stay as the matrix expects them. */
type Sandbox = {
  slug: string;
  sessionId: string;
  findingId: string;
  /** A tender never published: its evaluation method may still be set. */
  tenderId: string;
  /** The first organisation's questions on the fixtures' procurement, one per form that changes one. */
  questions: { withdraw: string; assign: string; draft: string; reject: string };
};

type Fields = Record<string, string>;
type Caller = Persona | "twoFactorPending";

type FormSpec = {
  /** The route module in app/routes. */
  file: string;
  /** Tells apart several specs of one file (one per intent). */
  label?: string;
  path: () => string;
  as: Caller;
  /** The names of the form's fields: `valid` gives each of them. */
  fields: string[];
  /** A complete form that the action accepts: each case changes one thing. */
  valid: () => Fields | Promise<Fields>;
  /** Fields that may be left out of a valid form. */
  optional?: string[];
  /** Free-text fields: hostile text goes into one at a time, the rest valid (it may be accepted). */
  text?: string[];
  /** Number fields: each gets values no number field should take. */
  numbers?: string[];
  /** A field the form puts back when it is shown again with errors. */
  echo?: string;
  /** The path with `id` in place of the object's id. */
  withId?: (id: string) => string;
  /** Every field is free text, or ids the action skips when unknown: any values may be accepted. */
  freeTextOnly?: boolean;
  /** The action dispatches on `intent`: unknown intents must be refused. */
  intents?: boolean;
  /** The page shows no form to put errors on (an unknown token shows "this link has expired"). */
  noFormBack?: boolean;
  /** The action answers the same whatever is posted (sign out, confirm email, register interest). */
  ignoresBody?: boolean;
  /** Tables a refusal still writes by design (a failed sign-in is counted and audited). */
  refusalWrites?: string[];
};

const uniqueNumber = () => String(randomInt(10_000_000, 99_999_999));

/** The version of the evaluator's draft mark for the evaluation fixtures' written question (0: none yet). */
async function markVersion(): Promise<string> {
  const [row] = await testDb.query<{ version: number }>(
    "select version from evaluation_scores where question_id = $1 and evaluator_user_id = $2",
    [f.evaluation.questions.text, f.users.evaluator.id],
  );
  return String(row?.version ?? 0);
}

/** The version of the first organisation's written answer in the bid fixtures, as its form would carry it. */
async function bidAnswerVersion(): Promise<string> {
  const [row] = await testDb.query<{ version: number }>("select version from bid_answers where question_id = $1", [
    f.bids.questions.text,
  ]);
  return String(row?.version ?? 0);
}

const registration = (n = uniqueNumber()): Fields => ({
  legalName: `Hostile Input ${n} Ltd`,
  tradingNames: "Hostile Imaging",
  companiesHouseNumber: n,
  dunsNumber: "123456789",
  addressLine1: "1 Test Street",
  addressLine2: "Floor 2",
  town: "Leeds",
  postcode: "LS1 4AP",
  isSme: "on",
  contactPhone: "0113 496 0000",
  name: "Reggie Registrant",
  email: `reggie-${n}@example.com`,
  password: "a long and unusual passphrase 4471",
  confirmPassword: "a long and unusual passphrase 4471",
});

const procurementFields = (slug: string): Fields => ({
  title: "Hostile input procurement",
  slug,
  summary: "A procurement for hostile input.",
  description: "Described.",
  estimatedValue: "£1,000,000",
  discoveryStartsAt: "2026-01-05T09:00",
  engagementStartsAt: "2026-03-02T09:00",
  engagementClosesAt: "2030-12-18T17:00",
});

const sessionFields = (): Fields => ({
  intent: "save",
  kind: "webinar",
  title: "Hostile input webinar",
  agenda: "An agenda",
  startsAt: "2030-08-01T10:00",
  endsAt: "2030-08-01T11:00",
  registrationDeadline: "2030-07-30T10:00",
  capacity: "10",
  maxPerOrganisation: "2",
  joiningLink: "https://meet.example.com/j/hostile",
});

const findingFields = (): Fields => ({
  intent: "save",
  title: "Hostile input finding",
  kind: "opportunity",
  theme: "Interoperability",
  newTheme: "",
  description: "Described.",
  evidenceSource: "Interviews",
  evidenceCount: "3",
  impact: "medium",
});

/**
 * A new question of the first organisation for one case: a hostile but valid post may withdraw,
 * take, draft or reject the one before, and the next case must find its form still there.
 */
async function freshQuestion(use: keyof Sandbox["questions"]): Promise<string> {
  const held = use === "draft" || use === "reject";
  const [row] = await db()
    .insert(clarificationQuestions)
    .values({
      procurementId: f.procurement.id,
      organisationId: f.organisations.alpha.id,
      askedByUserId: f.users.supplier.id,
      subject: `A question for the ${use} form`,
      body: "Which DICOM routing does the platform expect?",
      // The drafting and rejecting forms are shown to the member of staff holding the question.
      ...(held ? { status: "in_review" as const, assigneeUserId: f.users.staff.id } : {}),
    })
    .returning({ id: clarificationQuestions.id });
  sandbox.questions[use] = row.id;
  return row.id;
}

/** The fixtures' tender's version now: each accepted edit moves it on. */
async function tenderVersion() {
  const [row] = await db().select({ version: tenders.version }).from(tenders).where(eq(tenders.id, f.tender.id));
  return String(row.version);
}

async function currentVersion(
  table: typeof procurements | typeof engagementSessions | typeof findings | typeof clarificationQuestions,
  id: string,
) {
  const [row] = await db().select({ version: table.version }).from(table).where(eq(table.id, id));
  return String(row.version);
}

const FORMS: FormSpec[] = [
  {
    file: "accept-invitation.tsx",
    fields: ["token", "name", "password", "confirmPassword"],
    path: () => "/accept-invitation",
    as: "signedOut",
    valid: () => ({
      token: "an-unknown-token",
      name: "Ivy Invitee",
      password: "a long passphrase 4471",
      confirmPassword: "a long passphrase 4471",
    }),
    noFormBack: true,
    text: ["name"],
    echo: "name",
  },
  {
    file: "account.password.tsx",
    fields: ["currentPassword", "password", "confirmPassword"],
    path: () => "/account/password",
    as: "supplier",
    // A wrong current password: the matrix's supplier must keep theirs.
    valid: () => ({
      currentPassword: "not the password at all",
      password: "another passphrase 4471",
      confirmPassword: "another passphrase 4471",
    }),
    text: ["currentPassword", "password"],
  },
  {
    file: "account.two-factor.tsx",
    fields: ["code"],
    path: () => "/account/two-factor",
    as: "supplier",
    valid: () => ({ code: "123456" }),
  },
  {
    file: "admin.retention.$slug.tsx",
    fields: ["intent", "endsOn", "reason"],
    path: () => `/admin/retention/${sandbox.slug}`,
    as: "admin",
    // A date far ahead each time, so that every valid form changes something.
    valid: () => ({ intent: "record", endsOn: `2${uniqueNumber().slice(0, 3)}-06-30`, reason: "Held for an inquiry" }),
    text: ["reason"],
    echo: "reason",
    intents: true,
  },
  {
    file: "admin.users.$userId.tsx",
    fields: ["intent", "role"],
    path: () => `/admin/users/${f.users.target.id}`,
    as: "admin",
    valid: () => ({ intent: "role", role: "supplier" }),
    intents: true,
    withId: (id) => `/admin/users/${encodeURIComponent(id)}`,
  },
  {
    file: "admin.users._index.tsx",
    fields: ["name", "email", "role"],
    path: () => "/admin/users",
    as: "admin",
    valid: () => ({ name: "Ivy Invitee", email: `ivy-${uniqueNumber()}@example.nhs.uk`, role: "evaluator" }),
    text: ["name"],
    echo: "name",
  },
  {
    file: "evaluation.$slug._index.tsx",
    fields: ["organisationId", "hasConflict", "details"],
    path: () => `/evaluation/${f.evaluation.slug}`,
    as: "evaluator",
    // The fixtures' evaluator has declared for both bidders, and a declaration is final: valid forms are refused.
    valid: () => ({ organisationId: f.evaluation.organisationIds.declared, hasConflict: "no", details: "" }),
    optional: ["details"],
    text: ["details"],
    withId: (id) => `/evaluation/${encodeURIComponent(id)}`,
  },
  {
    file: "evaluation.$slug.bids.$bidId.tsx",
    fields: ["intent", "questionId", "version", "mark", "justification"],
    path: () => `/evaluation/${f.evaluation.slug}/bids/${f.evaluation.bidId}`,
    as: "evaluator",
    valid: async () => ({
      intent: "save",
      questionId: f.evaluation.questions.text,
      version: await markVersion(),
      mark: "3",
      justification: "The bid names a clinical safety officer for every trust and a hazard log.",
    }),
    text: ["justification"],
    numbers: ["version"],
    echo: "justification",
    intents: true,
    withId: (id) => `/evaluation/${f.evaluation.slug}/bids/${encodeURIComponent(id)}`,
  },
  {
    file: "forgot-password.tsx",
    fields: ["email"],
    path: () => "/forgot-password",
    as: "signedOut",
    valid: () => ({ email: "nobody-here@example.com" }),
    echo: "email",
  },
  {
    file: "organisation.tsx",
    fields: ["name", "email"],
    path: () => "/organisation",
    as: "orgAdmin",
    valid: () => ({ name: "Colin Colleague", email: `colin-${uniqueNumber()}@example.com` }),
    text: ["name"],
    echo: "name",
  },
  {
    file: "procurements.$slug.bid._index.tsx",
    path: () => `/procurements/${f.bids.slug}/bid`,
    fields: ["intent"],
    as: "supplier",
    // Confirming the amendments were reviewed: harmless to repeat.
    valid: () => ({ intent: "review" }),
    intents: true,
    withId: (id) => `/procurements/${encodeURIComponent(id)}/bid`,
  },
  {
    file: "procurements.$slug.bid.questions.$questionId.tsx",
    path: () => `/procurements/${f.bids.slug}/bid/questions/${f.bids.questions.text}`,
    fields: ["intent", "version", "mode", "text"],
    as: "supplier",
    valid: async () => ({
      intent: "save",
      version: await bidAnswerVersion(),
      mode: "page",
      text: "Our revised answer.",
    }),
    optional: ["mode", "text"],
    text: ["text"],
    numbers: ["version"],
    echo: "text",
    intents: true,
    withId: (id) => `/procurements/${f.bids.slug}/bid/questions/${encodeURIComponent(id)}`,
  },
  {
    file: "procurements.$slug.bid.submit.tsx",
    path: () => `/procurements/${f.bids.slug}/bid/submit`,
    fields: ["declaration", "idempotencyKey"],
    as: "supplier",
    // The bid's own first key: a repeat returns its receipt and writes nothing.
    valid: () => ({ declaration: "on", idempotencyKey: "00000000-0000-4000-8000-00000000b1d0" }),
    withId: (id) => `/procurements/${encodeURIComponent(id)}/bid/submit`,
  },
  {
    file: "procurements.$slug.clarifications.ask.tsx",
    path: () => `/procurements/${f.procurement.slug}/clarifications/ask`,
    fields: ["subject", "body", "documentRef", "sectionRef", "confidential", "confidentialReason", "idempotencyKey"],
    as: "supplier",
    valid: () => ({
      subject: "Routing",
      body: "Which DICOM routing does the platform expect?",
      documentRef: "Draft specification",
      sectionRef: "4.2",
      confidential: "on",
      confidentialReason: "It names our product",
      idempotencyKey: randomUUID(),
    }),
    optional: ["documentRef", "sectionRef", "confidential", "confidentialReason", "idempotencyKey"],
    text: ["subject", "body", "documentRef", "sectionRef", "confidentialReason"],
    echo: "subject",
    withId: (id) => `/procurements/${encodeURIComponent(id)}/clarifications/ask`,
  },
  {
    file: "procurements.$slug.clarifications.questions.$questionId.tsx",
    path: () => `/procurements/${f.procurement.slug}/clarifications/questions/${sandbox.questions.withdraw}`,
    fields: ["version"],
    as: "supplier",
    valid: async () => (await freshQuestion("withdraw"), { version: "1" }),
    numbers: ["version"],
    withId: (id) => `/procurements/${f.procurement.slug}/clarifications/questions/${encodeURIComponent(id)}`,
  },
  {
    file: "procurements.$slug.findings.$findingId.tsx",
    fields: ["body"],
    path: () => `/procurements/${f.procurement.slug}/findings/${f.findings.published}`,
    as: "supplier",
    valid: () => ({ body: "We already integrate with most PACS." }),
    text: ["body"],
    echo: "body",
    freeTextOnly: true,
    withId: (id) => `/procurements/${f.procurement.slug}/findings/${encodeURIComponent(id)}`,
  },
  {
    file: "procurements.$slug.interest.tsx",
    fields: [],
    path: () => `/procurements/${f.procurement.slug}/interest`,
    // Already registered: posting again is harmless.
    as: "supplier",
    valid: () => ({}),
    ignoresBody: true,
  },
  {
    file: "procurements.$slug.sessions.$sessionId.tsx",
    label: "register",
    fields: ["intent", "attendees"],
    path: () => `/procurements/${f.procurement.slug}/sessions/${f.sessions.webinar.id}`,
    as: "orgAdmin",
    valid: () => ({ intent: "register", attendees: f.users.target.id }),
    intents: true,
    withId: (id) => `/procurements/${f.procurement.slug}/sessions/${encodeURIComponent(id)}`,
  },
  {
    file: "procurements.$slug.sessions.$sessionId.tsx",
    label: "cancel a place",
    fields: ["intent", "registrationId"],
    path: () => `/procurements/${f.procurement.slug}/sessions/${f.sessions.webinar.id}`,
    as: "otherSupplier",
    // Another organisation's place: always refused, whatever else is sent.
    valid: () => ({ intent: "cancel-registration", registrationId: f.registrationId }),
    intents: true,
  },
  {
    file: "procurements.$slug.sessions.$sessionId.tsx",
    label: "book a slot",
    fields: ["intent", "slotId"],
    path: () => `/procurements/${f.procurement.slug}/sessions/${f.sessions.oneToOne.id}`,
    as: "otherSupplier",
    // The slot the first organisation holds: always refused.
    valid: () => ({ intent: "book-slot", slotId: f.slots.bookedByAlpha }),
    intents: true,
  },
  {
    file: "register._index.tsx",
    fields: Object.keys(registration()),
    path: () => "/register",
    as: "signedOut",
    valid: () => registration(),
    optional: ["tradingNames", "dunsNumber", "addressLine2", "isSme", "contactPhone"],
    text: ["legalName", "tradingNames", "addressLine1", "town", "name"],
    echo: "legalName",
  },
  {
    file: "reset-password.tsx",
    fields: ["token", "password", "confirmPassword"],
    path: () => "/reset-password",
    as: "signedOut",
    valid: () => ({
      token: "an-unknown-token",
      password: "a long passphrase 4471",
      confirmPassword: "a long passphrase 4471",
    }),
    noFormBack: true,
  },
  {
    file: "sign-in._index.tsx",
    fields: ["email", "password", "redirectTo"],
    path: () => "/sign-in",
    as: "signedOut",
    valid: () => ({
      email: "nobody-here@example.com",
      password: "not a password anyone has",
      redirectTo: "/dashboard",
    }),
    text: ["redirectTo"],
    echo: "email",
    refusalWrites: ["throttle_counters", "audit_events"],
  },
  {
    file: "sign-in.confirm.tsx",
    fields: ["token"],
    path: () => "/sign-in/confirm",
    as: "signedOut",
    valid: () => ({ token: "an-unknown-token" }),
    noFormBack: true,
  },
  {
    file: "sign-in.two-factor.tsx",
    fields: ["code"],
    path: () => "/sign-in/two-factor",
    as: "twoFactorPending",
    valid: () => ({ code: "000000" }),
    refusalWrites: ["throttle_counters", "audit_events"],
  },
  {
    file: "sign-out.tsx",
    fields: [],
    path: () => "/sign-out",
    as: "signedOut",
    valid: () => ({}),
    ignoresBody: true,
  },
  {
    file: "staff.procurements.$slug.clarifications._index.tsx",
    path: () => `/staff/procurements/${f.procurement.slug}/clarifications`,
    fields: ["questionId", "version"],
    as: "staff",
    valid: async () => ({ questionId: await freshQuestion("assign"), version: "1" }),
    numbers: ["version"],
    withId: (id) => `/staff/procurements/${encodeURIComponent(id)}/clarifications`,
  },
  {
    file: "staff.procurements.$slug.clarifications.$questionId.tsx",
    label: "draft",
    path: () => `/staff/procurements/${f.procurement.slug}/clarifications/${sandbox.questions.draft}`,
    fields: ["intent", "anonymisedQuestion", "answer", "version"],
    as: "staff",
    valid: async () => ({
      intent: "draft",
      anonymisedQuestion: "Which DICOM routing does the platform expect?",
      answer: "Standard DICOM C-STORE from the trust's PACS.",
      version: (await freshQuestion("draft"), "1"),
    }),
    text: ["anonymisedQuestion", "answer"],
    numbers: ["version"],
    echo: "answer",
    intents: true,
    withId: (id) => `/staff/procurements/${f.procurement.slug}/clarifications/${encodeURIComponent(id)}`,
  },
  {
    file: "staff.procurements.$slug.clarifications.$questionId.tsx",
    label: "reject",
    path: () => `/staff/procurements/${f.procurement.slug}/clarifications/${sandbox.questions.reject}`,
    fields: ["intent", "reason", "version"],
    as: "staff",
    valid: async () => ({
      intent: "reject",
      reason: "Out of scope",
      version: (await freshQuestion("reject"), "1"),
    }),
    text: ["reason"],
    numbers: ["version"],
    echo: "reason",
    intents: true,
    withId: (id) => `/staff/procurements/${f.procurement.slug}/clarifications/${encodeURIComponent(id)}`,
  },
  {
    file: "staff.procurements.$slug.tender._index.tsx",
    label: "add section",
    path: () => `/staff/procurements/${f.procurement.slug}/tender`,
    fields: ["intent", "version", "title", "description"],
    as: "staff",
    valid: async () => ({
      intent: "add-section",
      version: await tenderVersion(),
      title: "Information governance",
      description: "DSPT and DPIA",
    }),
    optional: ["description"],
    text: ["title", "description"],
    numbers: ["version"],
    echo: "title",
    intents: true,
    withId: (id) => `/staff/procurements/${encodeURIComponent(id)}/tender`,
  },
  {
    file: "staff.procurements.$slug.tender._index.tsx",
    label: "bid deadline",
    path: () => `/staff/procurements/${f.procurement.slug}/tender`,
    fields: ["intent", "procurementVersion", "deadline", "deadlineReason"],
    as: "staff",
    // A day later than the deadline now: a valid post is always an extension.
    valid: async () => {
      const [row] = await db().select().from(procurements).where(eq(procurements.id, f.procurement.id));
      const later = new Date((row.bidDeadline ?? new Date()).getTime() + 24 * 60 * 60 * 1000);
      return {
        intent: "deadline",
        procurementVersion: String(row.version),
        deadline: toLondonLocal(later),
        deadlineReason: "More time after clarification CQ-004",
      };
    },
    text: ["deadlineReason"],
    numbers: ["procurementVersion"],
    echo: "deadlineReason",
    intents: true,
  },
  {
    file: "staff.procurements.$slug.tender._index.tsx",
    label: "evaluation method",
    // The sandbox's tender: the fixtures' one is published, and its method is then fixed.
    path: () => `/staff/procurements/${sandbox.slug}/tender`,
    fields: ["intent", "version", "scaleMax", "tieBreak", "justificationMinChars"],
    as: "staff",
    valid: async () => {
      const [row] = await db()
        .select({ version: tenders.version })
        .from(tenders)
        .where(eq(tenders.id, sandbox.tenderId));
      return {
        intent: "evaluation-method",
        version: String(row.version),
        scaleMax: "5",
        tieBreak: "price",
        justificationMinChars: "60",
      };
    },
    numbers: ["version", "scaleMax", "justificationMinChars"],
    echo: "justificationMinChars",
    intents: true,
    withId: (id) => `/staff/procurements/${encodeURIComponent(id)}/tender`,
  },
  {
    file: "staff.procurements.$slug.tender.questions.$questionId.tsx",
    path: () => `/staff/procurements/${f.procurement.slug}/tender/questions/${f.tender.questionId}`,
    fields: ["intent", "version", "kind", "title", "guidance", "required", "weight", "wordLimit"],
    as: "staff",
    valid: async () => ({
      intent: "save",
      version: await tenderVersion(),
      kind: "text",
      title: "How will results return to PACS?",
      guidance: "DICOM SR and IHE AI Results",
      required: "on",
      weight: "100",
      wordLimit: "500",
    }),
    optional: ["guidance", "required"],
    text: ["title", "guidance"],
    numbers: ["version", "wordLimit"],
    echo: "title",
    intents: true,
    withId: (id) => `/staff/procurements/${f.procurement.slug}/tender/questions/${encodeURIComponent(id)}`,
  },
  {
    file: "staff.procurements.$slug.evaluation._index.tsx",
    label: "assign an evaluator",
    fields: ["intent", "evaluatorId", "scope"],
    path: () => `/staff/procurements/${f.evaluation.slug}/evaluation`,
    as: "staff",
    // Accepted once; then the evaluator is on the panel and a second assignment is refused.
    valid: () => ({ intent: "assign", evaluatorId: f.evaluation.spareEvaluatorId, scope: "all" }),
    intents: true,
    withId: (id) => `/staff/procurements/${encodeURIComponent(id)}/evaluation`,
  },
  {
    file: "staff.procurements.$slug.evaluation._index.tsx",
    label: "change an evaluator's sections",
    fields: ["intent", "assignmentId", "scope"],
    path: () => `/staff/procurements/${f.evaluation.slug}/evaluation`,
    as: "staff",
    // The second evaluator marks every section already: accepted, and nothing changes (or refused once removed).
    valid: () => ({ intent: "sections", assignmentId: f.evaluation.secondAssignmentId, scope: "all" }),
    intents: true,
  },
  {
    file: "staff.procurements.$slug.evaluation._index.tsx",
    label: "remove an evaluator",
    fields: ["intent", "assignmentId"],
    path: () => `/staff/procurements/${f.evaluation.slug}/evaluation`,
    as: "staff",
    valid: () => ({ intent: "remove", assignmentId: f.evaluation.secondAssignmentId }),
    intents: true,
  },
  {
    file: "staff.procurements.$slug.evaluation.bids.$bidId.tsx",
    fields: ["intent", "questionId", "version", "mark", "rationale"],
    path: () => `/staff/procurements/${f.evaluation.slug}/evaluation/bids/${f.evaluation.bidId}`,
    as: "staff",
    // Refused until every evaluator has submitted: the fixtures' evaluators have not.
    valid: () => ({
      intent: "consensus",
      questionId: f.evaluation.questions.text,
      version: "0",
      mark: "3",
      rationale: "The panel agreed the bid names a clinical safety officer for every trust.",
    }),
    text: ["rationale"],
    numbers: ["version"],
    echo: "rationale",
    intents: true,
    withId: (id) => `/staff/procurements/${f.evaluation.slug}/evaluation/bids/${encodeURIComponent(id)}`,
  },
  {
    file: "staff.procurements.$slug.evaluation.ranking.tsx",
    label: "record the award",
    fields: ["intent", "bidId", "rationale", "noticeDate"],
    path: () => `/staff/procurements/${f.evaluation.slug}/evaluation/ranking`,
    as: "staff",
    // Refused (409) while the bids are not moderated, as in the fixtures: no award is ever written here.
    valid: () => ({
      intent: "award",
      bidId: f.evaluation.bidId,
      rationale: "The highest total on the moderated scores, passing every gate.",
      noticeDate: "2026-12-01",
    }),
    text: ["rationale"],
    echo: "rationale",
    intents: true,
    withId: (id) => `/staff/procurements/${encodeURIComponent(id)}/evaluation/ranking`,
  },
  {
    file: "staff.procurements.$slug.evaluation.ranking.tsx",
    label: "send the assessment summaries",
    fields: ["intent"],
    path: () => `/staff/procurements/${f.evaluation.slug}/evaluation/ranking`,
    as: "staff",
    // Refused (409) before an award is decided.
    valid: () => ({ intent: "send-summaries" }),
    intents: true,
  },
  {
    file: "staff.procurements.$slug.edit.tsx",
    fields: [...Object.keys(procurementFields("x")), "version"],
    path: () => `/staff/procurements/${sandbox.slug}/edit`,
    as: "staff",
    valid: async () => {
      const [row] = await db().select().from(procurements).where(eq(procurements.slug, sandbox.slug));
      return { ...procurementFields(sandbox.slug), version: String(row.version) };
    },
    optional: [
      "description",
      "estimatedValue",
      "discoveryStartsAt",
      "engagementStartsAt",
      "engagementClosesAt",
      "version",
    ],
    text: ["title", "summary", "description"],
    numbers: ["version"],
    echo: "title",
    withId: (id) => `/staff/procurements/${encodeURIComponent(id)}/edit`,
  },
  {
    file: "staff.procurements.$slug.findings.$findingId.tsx",
    label: "save",
    fields: [...Object.keys(findingFields()), "version"],
    path: () => `/staff/procurements/${sandbox.slug}/findings/${sandbox.findingId}`,
    as: "staff",
    valid: async () => ({ ...findingFields(), version: await currentVersion(findings, sandbox.findingId) }),
    intents: true,
    optional: ["newTheme", "version"],
    text: ["title", "newTheme", "description", "evidenceSource"],
    numbers: ["evidenceCount", "version"],
    echo: "title",
    withId: (id) => `/staff/procurements/${sandbox.slug}/findings/${encodeURIComponent(id)}`,
  },
  {
    file: "staff.procurements.$slug.findings.$findingId.tsx",
    label: "publish",
    fields: ["intent"],
    path: () => `/staff/procurements/${sandbox.slug}/findings/${sandbox.findingId}`,
    as: "staff",
    valid: () => ({ intent: "draft" }),
    intents: true,
    withId: (id) => `/staff/procurements/${sandbox.slug}/findings/${encodeURIComponent(id)}`,
  },
  {
    file: "staff.procurements.$slug.findings.new.tsx",
    fields: Object.keys(findingFields()),
    path: () => `/staff/procurements/${sandbox.slug}/findings/new`,
    as: "staff",
    valid: () => findingFields(),
    optional: ["newTheme"],
    text: ["title", "newTheme", "description", "evidenceSource"],
    numbers: ["evidenceCount"],
    echo: "title",
    withId: (id) => `/staff/procurements/${encodeURIComponent(id)}/findings/new`,
  },
  {
    file: "staff.procurements.$slug.sessions.$sessionId.tsx",
    label: "save",
    fields: [...Object.keys(sessionFields()), "version"],
    path: () => `/staff/procurements/${sandbox.slug}/sessions/${sandbox.sessionId}`,
    as: "staff",
    valid: async () => ({ ...sessionFields(), version: await currentVersion(engagementSessions, sandbox.sessionId) }),
    intents: true,
    optional: ["version"],
    text: ["title", "agenda"],
    numbers: ["capacity", "maxPerOrganisation", "version"],
    echo: "title",
    withId: (id) => `/staff/procurements/${sandbox.slug}/sessions/${encodeURIComponent(id)}`,
  },
  {
    file: "staff.procurements.$slug.sessions.$sessionId.tsx",
    label: "add material",
    fields: ["intent", "kind", "title", "body"],
    path: () => `/staff/procurements/${sandbox.slug}/sessions/${sandbox.sessionId}`,
    as: "staff",
    valid: () => ({ intent: "add-material", kind: "notes", title: "Notes", body: "What was said." }),
    intents: true,
    optional: ["body"],
    text: ["title", "body"],
    echo: "title",
  },
  {
    file: "staff.procurements.$slug.sessions.$sessionId.tsx",
    label: "attendance",
    fields: ["intent", "registered", "attended"],
    path: () => `/staff/procurements/${sandbox.slug}/sessions/${sandbox.sessionId}`,
    as: "staff",
    // Ids that are not the session's registrations are skipped: recording attendance always succeeds.
    valid: () => ({ intent: "attendance", registered: f.registrationId, attended: f.registrationId }),
    optional: ["registered", "attended"],
    intents: true,
    freeTextOnly: true,
  },
  {
    file: "staff.procurements.$slug.sessions.new.tsx",
    fields: Object.keys(sessionFields()),
    path: () => `/staff/procurements/${sandbox.slug}/sessions/new`,
    as: "staff",
    valid: () => sessionFields(),
    text: ["title", "agenda"],
    numbers: ["capacity", "maxPerOrganisation"],
    echo: "title",
    withId: (id) => `/staff/procurements/${encodeURIComponent(id)}/sessions/new`,
  },
  {
    file: "staff.procurements.new.tsx",
    fields: Object.keys(procurementFields("x")),
    path: () => "/staff/procurements/new",
    as: "staff",
    valid: () => procurementFields(`hostile-${uniqueNumber()}`),
    optional: ["description", "estimatedValue", "discoveryStartsAt", "engagementStartsAt", "engagementClosesAt"],
    text: ["title", "summary", "description"],
    echo: "title",
  },
  {
    file: "verify-email.tsx",
    fields: [],
    path: () => "/verify-email",
    // Already confirmed: sent on to the dashboard whatever is posted.
    as: "supplier",
    valid: () => ({}),
    ignoresBody: true,
  },
];

beforeAll(async () => {
  portal = await startTestPortal();
  f = await seedPortalFixtures();
  const [procurement] = await db()
    .insert(procurements)
    .values({ slug: "bad-input-sandbox", title: "Sandbox", summary: "For hostile input." })
    .returning();
  const [session] = await db()
    .insert(engagementSessions)
    .values({
      procurementId: procurement.id,
      kind: "webinar",
      title: "Sandbox webinar",
      agenda: "Agenda",
      capacity: 10,
      startsAt: new Date("2030-08-01T09:00:00Z"),
      endsAt: new Date("2030-08-01T10:00:00Z"),
      registrationDeadline: new Date("2030-07-30T09:00:00Z"),
      joiningLink: "https://meet.example.com/j/sandbox",
    })
    .returning();
  const [finding] = await db()
    .insert(findings)
    .values({
      procurementId: procurement.id,
      title: "Sandbox finding",
      kind: "opportunity",
      theme: "Interoperability",
      description: "Described.",
      evidenceSource: "Interviews",
      impact: "low",
    })
    .returning();
  const [tender] = await db().insert(tenders).values({ procurementId: procurement.id }).returning();
  sandbox = {
    slug: procurement.slug,
    sessionId: session.id,
    findingId: finding.id,
    tenderId: tender.id,
    questions: { withdraw: "", assign: "", draft: "", reject: "" },
  };
  for (const use of ["withdraw", "assign", "draft", "reject"] as const) await freshQuestion(use);
  // The enrolment page stores a pending secret on its first view: let that happen before counting.
  await (await portal.fetch("/account/two-factor", { cookie: f.cookies.supplier })).text();
});

afterAll(async () => {
  await portal.close();
});

// --- Sending --------------------------------------------------------------------------------------

function cookieOf(caller: Caller): string | undefined {
  return caller === "twoFactorPending" ? f.partialCookies.twoFactorPending : f.cookies[caller];
}

type Body =
  | { contentType: string; bytes: Uint8Array | string }
  | { raw: "chunked"; contentType: string; chunks: () => Iterable<Buffer> };

const urlencoded = (params: URLSearchParams | Fields | [string, string][]): Body => ({
  contentType: "application/x-www-form-urlencoded",
  bytes: new URLSearchParams(params).toString(),
});

async function send(pathname: string, body: Body, caller: Caller, origin?: string | null) {
  if ("raw" in body) return portal.postChunked(pathname, { ...body, cookie: cookieOf(caller) });
  const response = await portal.fetch(pathname, {
    method: "POST",
    headers: { "content-type": body.contentType },
    body: typeof body.bytes === "string" ? body.bytes : Buffer.from(body.bytes),
    cookie: cookieOf(caller),
    origin,
  });
  return { status: response.status, location: response.headers.get("location"), text: await response.text() };
}

// --- The cases ---------------------------------------------------------------------------------------

type Case = {
  title: string;
  spec: FormSpec;
  /** The path to post to, when not the spec's own. */
  path?: () => string;
  body: () => Promise<Body>;
  /** A hostile value in one free-text field among valid ones may be stored, as text. */
  mayAccept: boolean;
  /** 413 is the answer (the whole body is too large). */
  expect?: number;
};

const specName = (spec: FormSpec) => `${spec.file.replace(/\.tsx$/, "")}${spec.label ? ` (${spec.label})` : ""}`;

function multipart(fields: Fields, boundary = "----hostile-boundary"): Body {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, bytes: `${parts.join("")}--${boundary}--\r\n` };
}

function tenMegabytesChunked(contentType: "urlencoded" | "multipart"): Body {
  const boundary = "----ten-megabytes";
  const size = 256 * 1024;
  return {
    raw: "chunked",
    contentType:
      contentType === "urlencoded" ? "application/x-www-form-urlencoded" : `multipart/form-data; boundary=${boundary}`,
    chunks: function* () {
      yield Buffer.from(
        contentType === "urlencoded"
          ? "intent=save&title="
          : `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n`,
      );
      for (let sent = 0; sent < TEN_MB; sent += size) yield Buffer.alloc(size, "x");
      if (contentType === "multipart") yield Buffer.from(`\r\n--${boundary}--\r\n`);
    },
  };
}

const NOT_NUMBERS = ["ten", "1e309", "-1", "NaN", "Infinity", "9".repeat(400), "1.5", "[object Object]"];

function casesFor(spec: FormSpec): Case[] {
  const cases: Case[] = [];
  const add = (title: string, body: () => Promise<Body> | Body, options: Partial<Case> = {}) =>
    cases.push({
      title: `${specName(spec)}: ${title}`,
      spec,
      body: async () => body(),
      mayAccept: spec.ignoresBody ?? false,
      ...options,
    });
  const valid = async () => ({ ...(await spec.valid()) });
  const everyField = (value: string) => async () => {
    const fields = await valid();
    for (const key of Object.keys(fields)) if (key !== "intent") fields[key] = value;
    return urlencoded(fields);
  };
  // With nothing but an intent to change, or only free text, hostile values may be taken as given.
  const hostileEverywhere = spec.freeTextOnly || spec.ignoresBody || spec.fields.every((name) => name === "intent");

  add("an empty body", () => urlencoded({}));
  for (const field of spec.fields) {
    if (field === "intent" || spec.optional?.includes(field)) continue;
    add(`without ${field}`, async () => {
      const fields = await valid();
      delete fields[field];
      return urlencoded(fields);
    });
  }
  add("every field a script tag", everyField(SCRIPT), { mayAccept: Boolean(hostileEverywhere) });
  add("every field an SQL fragment", everyField(SQL), { mayAccept: Boolean(hostileEverywhere) });
  add("every field a NUL byte", everyField(NUL), { mayAccept: Boolean(hostileEverywhere) });
  add("every field 60,000 characters", everyField("x".repeat(60_000)), { mayAccept: Boolean(hostileEverywhere) });
  add(
    "every field sent twice, a script first (an array where a string is expected)",
    async () => {
      const fields = await valid();
      const pairs: [string, string][] = [];
      for (const [key, value] of Object.entries(fields))
        pairs.push([key, key === "intent" ? value : SCRIPT], [key, value]);
      return urlencoded(pairs);
    },
    { mayAccept: Boolean(hostileEverywhere) },
  );
  add(
    "bracketed and prototype field names",
    async () => {
      const fields = await valid();
      const pairs: [string, string][] = [];
      for (const [key, value] of Object.entries(fields)) {
        if (key === "intent") pairs.push([key, value]);
        else pairs.push([`${key}[]`, value], [`${key}[0]`, value]);
      }
      pairs.push(["__proto__", "x"], ["__proto__[role]", "admin"], ["constructor[prototype][isAdmin]", "true"]);
      return urlencoded(pairs);
    },
    { mayAccept: Boolean(hostileEverywhere) },
  );
  add(
    "bytes that are not UTF-8 in every field",
    async () => {
      const fields = await valid();
      const parts: Buffer[] = [];
      for (const [key, value] of Object.entries(fields)) {
        if (parts.length) parts.push(Buffer.from("&"));
        parts.push(Buffer.from(`${encodeURIComponent(key)}=`));
        if (key === "intent") parts.push(Buffer.from(value));
        else
          parts.push(
            Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
            Buffer.from("%C0%AF%ED%A0%80"),
            Buffer.from([0xed, 0xa0, 0x80]),
          );
      }
      return { contentType: "application/x-www-form-urlencoded", bytes: new Uint8Array(Buffer.concat(parts)) };
    },
    { mayAccept: Boolean(hostileEverywhere) },
  );
  add("a JSON body", async () => ({ contentType: "application/json", bytes: JSON.stringify(await valid()) }));
  add("a multipart body cut short", async () => {
    const body = multipart(await valid()) as { contentType: string; bytes: string };
    return { contentType: body.contentType, bytes: body.bytes.slice(0, Math.floor(body.bytes.length / 2)) };
  });
  add("a multipart body with no boundary", () => ({ contentType: "multipart/form-data", bytes: "garbage\r\n\r\n" }));
  add("10 MB with a Content-Length", () => urlencoded({ intent: "save", title: "x".repeat(TEN_MB) }), {
    expect: 413,
    mayAccept: false,
  });
  add("10 MB chunked, without a Content-Length", () => tenMegabytesChunked("urlencoded"), {
    expect: spec.ignoresBody ? undefined : 413,
  });
  add("10 MB of multipart chunked, without a Content-Length", () => tenMegabytesChunked("multipart"), {
    expect: spec.ignoresBody ? undefined : 413,
  });
  for (const field of spec.text ?? []) {
    for (const [name, value] of [
      ["a script tag", `${SCRIPT} and <img src=x onerror=alert(2)>`],
      ["an SQL fragment", SQL],
      ["a NUL byte", NUL],
      ["right-to-left override and emoji", "\u202Egnp.exe \u{1F600}"],
    ] as const) {
      add(
        `${name} in ${field}, the rest valid`,
        async () => ({ ...urlencoded({ ...(await valid()), [field]: value }) }),
        {
          mayAccept: true,
        },
      );
    }
    add(`${field} of 200,000 characters, the rest valid`, async () =>
      urlencoded({ ...(await valid()), [field]: "y".repeat(200_000) }),
    );
    // "a.a.a…" and "x@x@…" make backtracking regular expressions (web addresses, emails) quadratic.
    add(`${field} of 200,000 characters of dots and at-signs, the rest valid`, async () =>
      urlencoded({ ...(await valid()), [field]: "a.".repeat(50_000) + "b@".repeat(50_000) }),
    );
  }
  for (const field of spec.numbers ?? []) {
    for (const value of NOT_NUMBERS) {
      add(
        `${field} = ${JSON.stringify(value.length > 20 ? `${value.slice(0, 8)}…` : value)}, the rest valid`,
        async () => urlencoded({ ...(await valid()), [field]: value }),
      );
    }
  }
  if (spec.intents) {
    // Names every object has: `intent in ACTIONS` would find them.
    for (const intent of ["delete-everything", SCRIPT, "__proto__", "constructor", "toString", "hasOwnProperty"]) {
      add(`the unknown intent ${JSON.stringify(intent)}`, async () => urlencoded({ ...(await valid()), intent }));
    }
  }
  for (const id of spec.withId ? MALFORMED_IDS : []) {
    add(`a malformed id in the URL (${JSON.stringify(id)})`, async () => urlencoded(await valid()), {
      path: () => spec.withId!(id),
      expect: 404,
    });
  }
  return cases;
}

const CASES = FORMS.flatMap(casesFor);

/** Everything a person can see, swept for raw scripts once the hostile posts have been stored. */
function pagesToSweep(): { path: string; as: Caller }[] {
  return [
    { path: "/admin/users", as: "admin" },
    { path: "/admin/audit", as: "admin" },
    { path: "/admin/mail", as: "admin" },
    { path: "/staff", as: "staff" },
    { path: `/staff/procurements/${sandbox.slug}`, as: "staff" },
    { path: `/staff/procurements/${sandbox.slug}/findings`, as: "staff" },
    { path: `/staff/procurements/${sandbox.slug}/findings/${sandbox.findingId}`, as: "staff" },
    { path: `/staff/procurements/${sandbox.slug}/sessions/${sandbox.sessionId}`, as: "staff" },
    { path: `/staff/procurements/${sandbox.slug}/engagement-notice`, as: "staff" },
    { path: `/staff/procurements/${f.procurement.slug}/findings/${f.findings.published}`, as: "staff" },
    { path: `/staff/procurements/${f.procurement.slug}/sessions/${f.sessions.webinar.id}`, as: "staff" },
    { path: `/procurements/${f.procurement.slug}/findings/${f.findings.published}`, as: "supplier" },
    { path: `/procurements/${sandbox.slug}`, as: "supplier" },
    { path: "/procurements", as: "signedOut" },
    { path: "/organisation", as: "orgAdmin" },
    { path: `/procurements/${f.procurement.slug}/clarifications/questions`, as: "supplier" },
    { path: `/procurements/${f.procurement.slug}/clarifications`, as: "supplier" },
    { path: `/staff/procurements/${f.procurement.slug}/clarifications?status=all`, as: "staff" },
    ...Object.values(sandbox.questions).map((id) => ({
      path: `/staff/procurements/${f.procurement.slug}/clarifications/${id}`,
      as: "staff" as const,
    })),
    { path: "/supplier", as: "orgAdmin" },
    { path: `/staff/procurements/${f.procurement.slug}/tender`, as: "staff" },
    { path: `/staff/procurements/${f.procurement.slug}/tender/questions/${f.tender.questionId}`, as: "staff" },
    { path: `/procurements/${f.procurement.slug}/tender`, as: "supplier" },
    { path: `/staff/procurements/${f.evaluation.slug}/evaluation`, as: "staff" },
    { path: `/staff/procurements/${f.evaluation.slug}/evaluation/bids/${f.evaluation.bidId}`, as: "staff" },
    { path: `/evaluation/${f.evaluation.slug}`, as: "evaluator" },
    { path: `/evaluation/${f.evaluation.slug}/bids/${f.evaluation.bidId}`, as: "evaluator" },
    // The opened bid whose answer is markup (HOSTILE_ANSWER in the fixtures), as staff read it.
    { path: `/staff/procurements/${f.evaluation.slug}/tender/bids/${f.evaluation.conflictedBidId}`, as: "staff" },
  ];
}

// --- Checking ---------------------------------------------------------------------------------------

/** No executable script of ours: the page's own scripts carry the CSP nonce, the posted one cannot. */
function expectNoRawScript(text: string, label: string) {
  expect(text.includes(SCRIPT), `${label}: the posted <script> came back unescaped`).toBe(false);
  expect(/<img src=x onerror/i.test(text), `${label}: the posted <img onerror> came back unescaped`).toBe(false);
}

describe("hostile, malformed and oversized form posts", () => {
  it.each(CASES.map((c) => [c.title, c] as const))("%s", async (_title, c) => {
    // The form first: a spec may make a fresh object for it, which the path then names.
    const body = await c.body();
    const target = (c.path ?? c.spec.path)();
    const before = await writeLogPosition(testDb);
    const answer = await send(target, body, c.spec.as);
    const label = `POST ${target} → ${answer.status}${answer.location ? ` to ${answer.location}` : ""}`;
    const written = (await tablesWrittenSince(testDb, before)).filter(
      (t) => !(c.spec.refusalWrites ?? []).includes(t),
    );

    expect(answer.status, `${label} (tables written: ${written.join(", ") || "none"})`).toBeLessThan(500);
    expectNoRawScript(answer.text, label);
    if (c.expect) expect(answer.status, label).toBe(c.expect);
    const accepted = answer.status >= 300 && answer.status < 400;
    if (accepted) {
      expect(c.mayAccept, `${label}: this form should have been refused`).toBe(true);
      // Whatever was stored is shown back safely on the page the action sends us to.
      if (answer.location && !answer.location.startsWith("/sign-in")) {
        const next = await portal.fetch(answer.location, { cookie: cookieOf(c.spec.as) });
        const html = await next.text();
        expect(next.status, `GET ${answer.location} after ${label}`).toBeLessThan(500);
        expectNoRawScript(html, `GET ${answer.location} after ${label}`);
      }
      return;
    }
    expect(answer.status, label).toBeGreaterThanOrEqual(200);
    expect(written, `${label}: a refused post wrote to these tables`).toEqual([]);
    const html = answer.text.startsWith("<!DOCTYPE html>");
    if (answer.status === 400 && html && "bytes" in body && !c.spec.noFormBack) {
      // The form comes back with the error summary, unless the post named no form of the page.
      const posted = new URLSearchParams(
        typeof body.bytes === "string" ? body.bytes : Buffer.from(body.bytes).toString("utf8"),
      );
      const validIntent = (await c.spec.valid()).intent;
      if (
        body.contentType.startsWith("application/x-www-form-urlencoded") &&
        (!validIntent || posted.get("intent") === validIntent)
      ) {
        expect(answer.text.includes("nhsuk-error-summary"), `${label}: no error summary`).toBe(true);
        if (c.spec.echo && posted.get(c.spec.echo) === SCRIPT && posted.getAll(c.spec.echo).length === 1) {
          expect(answer.text.includes(ESCAPED_SCRIPT), `${label}: ${c.spec.echo} is not shown back, escaped`).toBe(
            true,
          );
        }
      }
    }
  });

  it("shows everything the hostile posts stored without a raw script, on every page that lists it", async () => {
    const mail = await testDb.query<{ id: string }>("select id from outbox_messages order by created_at desc limit 20");
    const pages = [...pagesToSweep(), ...mail.map((m) => ({ path: `/admin/mail/${m.id}`, as: "admin" as const }))];
    for (const page of pages) {
      const response = await portal.fetch(page.path, { cookie: cookieOf(page.as) });
      const text = await response.text();
      expect(response.status, `GET ${page.path}`).toBe(200);
      expectNoRawScript(text, `GET ${page.path}`);
    }
  });

  it("shows a bidder's answer that is markup as text once the bids are opened", async () => {
    const escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;";
    const staffPage = `/staff/procurements/${f.evaluation.slug}/tender/bids/${f.evaluation.conflictedBidId}`;
    const staff = await (await portal.fetch(staffPage, { cookie: cookieOf("staff") })).text();
    expect(staff).toContain(escaped);
    expectNoRawScript(staff, `GET ${staffPage}`);
  });
});

// Every page that reads its query string, with hostile values in each parameter: a page or a
// 4xx, never a 500 (a NUL byte reaching PostgreSQL fails the query) and never a raw script.
function pagesWithQueries(): { path: string; as: Caller; params: string[] }[] {
  const slug = f.procurement.slug;
  return [
    { path: "/receipts/verify", as: "signedOut", params: ["reference", "digest"] },
    { path: `/procurements/${slug}/clarifications/similar`, as: "supplier", params: ["q"] },
    {
      path: `/procurements/${slug}/clarifications`,
      as: "supplier",
      params: ["q", "document", "section", "number", "from", "to", "amended", "page"],
    },
    { path: `/procurements/${slug}`, as: "supplier", params: ["q", "kind", "theme", "impact"] },
    { path: `/staff/procurements/${slug}/findings`, as: "staff", params: ["q", "kind", "theme", "impact", "status"] },
    { path: `/staff/procurements/${slug}/clarifications`, as: "staff", params: ["status"] },
    { path: "/admin/mail", as: "admin", params: ["page"] },
    { path: "/admin/audit", as: "admin", params: ["before"] },
    { path: "/reset-password", as: "signedOut", params: ["token"] },
    { path: "/verify-email", as: "signedOut", params: ["token"] },
    { path: "/accept-invitation", as: "signedOut", params: ["token"] },
    { path: "/sign-in/confirm", as: "signedOut", params: ["token"] },
    { path: "/sign-in/two-factor", as: "twoFactorPending", params: ["redirectTo"] },
    { path: `/evaluation/${f.evaluation.slug}`, as: "evaluator", params: ["declare"] },
    { path: `/evaluation/${f.evaluation.slug}/bids/${f.evaluation.bidId}`, as: "evaluator", params: ["question"] },
    {
      path: `/staff/procurements/${f.evaluation.slug}/evaluation/bids/${f.evaluation.bidId}`,
      as: "staff",
      params: ["question"],
    },
  ];
}

describe("hostile query strings on the pages that read them", () => {
  const VALUES = [
    ["a NUL byte", NUL],
    ["a script tag", SCRIPT],
    ["an SQL fragment", SQL],
    ["10,000 characters", "z".repeat(10_000)],
    ["a lone surrogate", "\uD800"],
  ] as const;

  it("answers every one with a page or a refusal, never a server error or a raw script", async () => {
    for (const page of pagesWithQueries()) {
      for (const param of page.params) {
        for (const [name, value] of VALUES) {
          const query = new URLSearchParams({ [param]: value });
          // Repeated, too: a parameter read with get() must not fall over when given twice.
          const target = `${page.path}?${query}&${query}`;
          const response = await portal.fetch(target, { cookie: cookieOf(page.as) });
          const text = await response.text();
          const label = `GET ${page.path} with ${name} in ${param} → ${response.status}`;
          expect(response.status, label).toBeLessThan(500);
          expectNoRawScript(text, label);
        }
      }
    }
  });

  it("tells whoever checks a receipt with a NUL byte in its reference to enter it as printed", async () => {
    const query = new URLSearchParams({ reference: "AIP\u0000X", digest: "a".repeat(64) });
    const response = await portal.fetch(`/receipts/verify?${query}`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain("nhsuk-error-summary");
    expect(text).toContain("Enter the reference as it appears on your receipt");
  });
});

describe("posts from anywhere but the portal's own pages", () => {
  const ORIGINS = [
    { name: "without an Origin header", origin: null },
    { name: "from a foreign Origin", origin: "https://evil.example" },
    { name: "with Origin: null", origin: "null" },
    { name: "from a look-alike Origin", origin: "http://127.0.0.1.evil.example" },
  ];
  const cases = FORMS.flatMap((spec) =>
    ORIGINS.map((o) => [`${specName(spec)}: ${o.name} → 403, nothing written`, { spec, origin: o.origin }] as const),
  );

  it.each(cases)("%s", async (_title, { spec, origin }) => {
    const form = urlencoded(await spec.valid());
    const before = await writeLogPosition(testDb);
    const answer = await send(spec.path(), form, spec.as, origin);
    expect(answer.status).toBe(403);
    expect(await tablesWrittenSince(testDb, before)).toEqual([]);
  });
});

describe("a double submit of the registration form", () => {
  it("creates exactly one organisation and one user from two identical posts at once", async () => {
    const n = uniqueNumber();
    const form = registration(n);
    const answers = await Promise.all([portal.postForm("/register", form), portal.postForm("/register", form)]);
    for (const answer of answers) {
      await answer.text();
      expect(answer.status).toBeLessThan(500);
    }
    expect(answers.map((a) => a.status)).toContain(302);
    const organisationRows = await db().select().from(organisations).where(eq(organisations.companiesHouseNumber, n));
    const userRows = await db().select().from(users).where(eq(users.email, form.email));
    expect(organisationRows).toHaveLength(1);
    expect(userRows).toHaveLength(1);
    expect(userRows[0].organisationId).toBe(organisationRows[0].id);
  });

  it("creates one of each from five posts at once", async () => {
    const n = uniqueNumber();
    const form = registration(n);
    const answers = await Promise.all(Array.from({ length: 5 }, () => portal.postForm("/register", form)));
    for (const answer of answers) {
      await answer.text();
      expect(answer.status).toBeLessThan(500);
    }
    expect(await db().select().from(organisations).where(eq(organisations.companiesHouseNumber, n))).toHaveLength(1);
    expect(await db().select().from(users).where(eq(users.email, form.email))).toHaveLength(1);
  });
});

describe("the table itself", () => {
  it("has a spec for every route with an action", async () => {
    const dir = path.join(projectRoot(), "app", "routes");
    const files = (await readdir(dir)).filter((name) => /\.(tsx|ts)$/.test(name));
    const withAction: string[] = [];
    for (const name of files) {
      const source = await readFile(path.join(dir, name), "utf8");
      if (/export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(source)) withAction.push(name);
    }
    const covered = new Set(FORMS.map((spec) => spec.file));
    expect(
      withAction.filter((name) => !covered.has(name)),
      "routes with an action and no FormSpec",
    ).toEqual([]);
    expect(
      [...covered].filter((name) => !withAction.includes(name)),
      "specs for routes without an action",
    ).toEqual([]);
  });

  it("gives each spec a valid form with exactly the fields it names", async () => {
    for (const spec of FORMS)
      expect(Object.keys(await spec.valid()).sort(), specName(spec)).toEqual([...spec.fields].sort());
  });
});
