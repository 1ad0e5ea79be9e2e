// The access-control matrix: every route × every caller gets the expected answer (a page, a
// redirect to sign in, 403 for the wrong role, 404 for an object the caller may not see or that
// does not exist), and a refused POST writes nothing.
//
// EVERY NEW ROUTE JOINS THIS TABLE. To add one, append a row to ROUTES:
//   file      the route module's name in app/routes (the test at the bottom fails without it)
//   path      its URL pattern with :params (checked against the file name)
//   params    how to fill the :params from the fixtures (tests/support/portal-fixtures.ts)
//   get       what each caller gets: everyone(200), signedIn(), only(["staff"]), signedOutOnly()…
//   hidden    text a caller must never receive (another organisation's places, drafts, links)
//   shown     text the callers entitled to it do receive: proves each `hidden` text is real
//   variants  the same route with other objects: another organisation's, another procurement's,
//             missing, malformed
//   post      NO_ACTION, PUBLIC_FORM (anyone may post; tests/integration/bad-input-matrix.test.ts
//             covers it), or { fields, admitted, refused }: a valid form that would write if let through
//             is sent by each refused caller, and must write nothing.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../db/project-root.server";
import { DEFAULT_PASSWORD } from "../factories";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type FormFields, type TestPortal } from "../setup/portal";
import { writeLogPosition, tablesWrittenSince } from "../support/write-log";
import {
  homeOf,
  PERSONA_LABELS,
  PERSONAS,
  seedPortalFixtures,
  type Persona,
  type PortalFixtures,
} from "../support/portal-fixtures";

const testDb = await useTestDatabase();
let portal: TestPortal;
let f: PortalFixtures;

beforeAll(async () => {
  portal = await startTestPortal();
  f = await seedPortalFixtures();
});

afterAll(async () => {
  await portal.close();
});

// --- The vocabulary of the table -----------------------------------------------------------------

/**
 * 200/403/404/405: that status. "sign-in": 302 to /sign-in?redirectTo=<this path>. "home": 302 to
 * the caller's own dashboard. { redirect }: 302 to exactly that location.
 */
type Answer = 200 | 400 | 403 | 404 | 405 | 409 | "sign-in" | "home" | { redirect: string };
type Answers = Record<Persona, Answer>;
type Params = Record<string, string>;
type Hidden = { text: (f: PortalFixtures) => string; from: Persona[] };
type Shown = { text: (f: PortalFixtures) => string; to: Persona[] };

type Variant = {
  name: string;
  params?: (f: PortalFixtures) => Params;
  query?: string;
  get: Answers;
  hidden?: Hidden[];
  shown?: Shown[];
};

type PostVariant = {
  name: string;
  persona: Persona;
  params?: (f: PortalFixtures) => Params;
  fields: (f: PortalFixtures) => FormFields;
  answer: Answer;
};

type PostSpec = {
  /** A form that would change something if the caller were let through. */
  fields: (f: PortalFixtures) => FormFields;
  params?: (f: PortalFixtures) => Params;
  /** What each caller the action refuses gets; every refusal writes nothing. */
  refused: Partial<Answers>;
  /** Callers the action lets in: they send `probe` (an empty form unless given) instead. */
  admitted: Persona[];
  probe?: (f: PortalFixtures) => FormFields;
  /** What an admitted caller gets for the probe: by default 400, the form shown again with errors. */
  probeAnswer?: Answer;
  /** The probe is a real, harmless write (registering interest): don't require an unchanged database. */
  probeWrites?: boolean;
  variants?: PostVariant[];
};

/** The route has no action: a POST gets 405 from anyone. */
const NO_ACTION = "no action" as const;
/** Anyone may post this form (sign in, register…): bad-input-matrix.test.ts sends it hostile values. */
const PUBLIC_FORM = "public form" as const;

type RouteRow = {
  file: string;
  path: string;
  params?: (f: PortalFixtures) => Params;
  query?: string;
  get: Answers;
  hidden?: Hidden[];
  shown?: Shown[];
  variants?: Variant[];
  post: PostSpec | typeof NO_ACTION | typeof PUBLIC_FORM;
};

const SUPPLIERS: Persona[] = ["supplier", "orgAdmin", "otherSupplier"];

function everyone(answer: Answer): Answers {
  return Object.fromEntries(PERSONAS.map((p) => [p, answer])) as Answers;
}

/** Anyone signed in gets `answer`; someone signed out is sent to sign in. */
function signedIn(answer: Answer = 200): Answers {
  return { ...everyone(answer), signedOut: "sign-in" };
}

/** Only these callers get `answer`; other roles 403, someone signed out is sent to sign in. */
function only(personas: Persona[], answer: Answer = 200): Answers {
  return Object.fromEntries(
    PERSONAS.map((p) => [p, personas.includes(p) ? answer : p === "signedOut" ? "sign-in" : 403]),
  ) as Answers;
}

/** Sign-in and registration pages: someone signed in is sent to their dashboard. */
function signedOutOnly(): Answers {
  return { ...everyone("home"), signedOut: 200 };
}

/** Every caller but those admitted, for PostSpec.refused: sign in when signed out, else 403. */
function refusedExcept(admitted: Persona[]): Partial<Answers> {
  const refused: Partial<Answers> = {};
  for (const p of PERSONAS) if (!admitted.includes(p)) refused[p] = p === "signedOut" ? "sign-in" : 403;
  return refused;
}

const ALL_BUT = (...personas: Persona[]) => PERSONAS.filter((p) => !personas.includes(p));

const MISSING_UUID = "00000000-0000-4000-8000-000000000000";
// Ids that are not UUIDs at all, including ones a lax /^[0-9a-f-]{36}$/ check lets through.
const MALFORMED_IDS = [
  { name: "malformed id", id: "not-a-uuid" },
  { name: "36 dashes as id", id: "-".repeat(36) },
  { name: "36 hex digits as id", id: "0".repeat(36) },
];

const slugOf = (f: PortalFixtures) => ({ slug: f.procurement.slug });
const bidSlug = (f: PortalFixtures) => ({ slug: f.bids.slug });
const evaluationSlug = (f: PortalFixtures) => ({ slug: f.evaluation.slug });
/** A complete consensus a moderator could record, for one question of the evaluation fixtures' bid. */
const consensusFields = (questionId: string) => ({
  intent: "consensus",
  questionId,
  version: "0",
  mark: "3",
  rationale: "The panel agreed the bid names a clinical safety officer for every trust.",
});
/** A complete mark an evaluator could save, for one question of the evaluation fixtures' bid. */
const markFields = (questionId: string) => ({
  intent: "save",
  questionId,
  version: "0",
  mark: "3",
  justification: "The bid names a clinical safety officer for every trust and a hazard log.",
});
const sessionOf =
  (pick: (f: PortalFixtures) => { id: string }) =>
  (f: PortalFixtures): Params => ({ slug: f.procurement.slug, sessionId: pick(f).id });

function missingAndMalformed(name: string, get: Answers, base: (f: PortalFixtures) => Params = () => ({})): Variant[] {
  return [
    { name: `no such ${name}`, params: (f) => ({ ...base(f), [`${name}Id`]: MISSING_UUID }), get },
    ...MALFORMED_IDS.map((m) => ({
      name: m.name,
      params: (f: PortalFixtures) => ({ ...base(f), [`${name}Id`]: m.id }),
      get,
    })),
  ];
}

function staffProcurementVariants(): Variant[] {
  return [
    { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: only(["staff"], 404) },
    { name: "over-long slug", params: () => ({ slug: "x".repeat(61) }), get: only(["staff"], 404) },
  ];
}

const validProcurement = (slug: string) => ({
  title: "Written by someone who may not",
  slug,
  summary: "A procurement nobody refused should be able to create or change.",
  description: "",
  estimatedValue: "1000000",
  discoveryStartsAt: "2026-01-05T09:00",
  engagementStartsAt: "2026-03-02T09:00",
  engagementClosesAt: "2030-12-18T17:00",
});

const validSession = {
  kind: "webinar",
  title: "Webinar nobody refused may create",
  agenda: "Nothing",
  startsAt: "2030-08-01T10:00",
  endsAt: "2030-08-01T11:00",
  registrationDeadline: "2030-07-30T10:00",
  capacity: "10",
  maxPerOrganisation: "2",
  joiningLink: "https://meet.example.com/j/refused",
};

const validFinding = {
  title: "A finding nobody refused may record",
  kind: "blocker",
  theme: "Interoperability",
  description: "Written by someone who may not.",
  evidenceSource: "Nowhere",
  evidenceCount: "1",
  impact: "low",
};

const registrationFields = (n: string) => ({
  legalName: `Refused Registration ${n} Ltd`,
  companiesHouseNumber: n,
  addressLine1: "1 Test Street",
  town: "Leeds",
  postcode: "LS1 4AP",
  name: "Reggie Registrant",
  email: `reggie-${n}@example.com`,
  password: "a long and unusual passphrase 4471",
  confirmPassword: "a long and unusual passphrase 4471",
});

// --- The table: one row per route file -----------------------------------------------------------

const ROUTES: RouteRow[] = [
  { file: "_index.tsx", path: "/", get: everyone(200), post: NO_ACTION },
  {
    file: "accept-invitation.tsx",
    path: "/accept-invitation",
    get: everyone(200),
    variants: [{ name: "unknown token", query: "?token=nonsense", get: everyone(200) }],
    post: PUBLIC_FORM,
  },
  { file: "accessibility.tsx", path: "/accessibility", get: everyone(200), post: NO_ACTION },
  { file: "account._index.tsx", path: "/account", get: signedIn(), post: NO_ACTION },
  {
    file: "account.password.tsx",
    path: "/account/password",
    get: signedIn(),
    post: {
      fields: () => ({
        currentPassword: DEFAULT_PASSWORD,
        password: "refused new passphrase 42",
        confirmPassword: "refused new passphrase 42",
      }),
      admitted: ALL_BUT("signedOut"),
      refused: { signedOut: "sign-in" },
    },
  },
  {
    file: "account.two-factor.tsx",
    path: "/account/two-factor",
    get: signedIn(),
    post: {
      fields: () => ({ intent: "regenerate" }),
      admitted: ALL_BUT("signedOut"),
      refused: { signedOut: "sign-in" },
      probe: () => ({ code: "" }),
    },
  },
  { file: "admin._index.tsx", path: "/admin", get: only(["admin"]), post: NO_ACTION },
  { file: "admin.audit.tsx", path: "/admin/audit", get: only(["admin"]), post: NO_ACTION },
  {
    file: "admin.mail.$messageId.tsx",
    path: "/admin/mail/:messageId",
    params: (f) => ({ messageId: f.outboxMessageId }),
    get: only(["admin"]),
    variants: missingAndMalformed("message", only(["admin"], 404)),
    post: NO_ACTION,
  },
  { file: "admin.mail._index.tsx", path: "/admin/mail", get: only(["admin"]), post: NO_ACTION },
  { file: "admin.retention._index.tsx", path: "/admin/retention", get: only(["admin"]), post: NO_ACTION },
  {
    file: "admin.retention.$slug.tsx",
    path: "/admin/retention/:slug",
    params: slugOf,
    get: only(["admin"]),
    variants: [
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: only(["admin"], 404) },
      { name: "over-long slug", params: () => ({ slug: "x".repeat(61) }), get: only(["admin"], 404) },
    ],
    post: {
      fields: () => ({ intent: "record", endsOn: "2099-12-31", reason: "Held while a challenge is open" }),
      admitted: ["admin"],
      refused: refusedExcept(["admin"]),
    },
  },
  {
    file: "admin.users.$userId.tsx",
    path: "/admin/users/:userId",
    params: (f) => ({ userId: f.users.target.id }),
    get: only(["admin"]),
    variants: missingAndMalformed("user", only(["admin"], 404)),
    post: {
      fields: () => ({ intent: "deactivate" }),
      admitted: ["admin"],
      refused: refusedExcept(["admin"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "no such user",
          persona: "admin",
          params: () => ({ userId: MISSING_UUID }),
          fields: () => ({ intent: "deactivate" }),
          answer: 404,
        },
        ...MALFORMED_IDS.map((m) => ({
          name: m.name,
          persona: "admin" as const,
          params: () => ({ userId: m.id }),
          fields: () => ({ intent: "deactivate" }),
          answer: 404 as const,
        })),
      ],
    },
  },
  {
    file: "admin.users._index.tsx",
    path: "/admin/users",
    get: only(["admin"]),
    post: {
      fields: () => ({ name: "Ivy Invitee", email: "ivy.invitee@example.nhs.uk", role: "admin" }),
      admitted: ["admin"],
      refused: refusedExcept(["admin"]),
    },
  },
  { file: "dashboard.tsx", path: "/dashboard", get: signedIn("home"), post: NO_ACTION },
  {
    file: "evaluator._index.tsx",
    path: "/evaluator",
    get: only(["evaluator"]),
    shown: [{ text: () => "Evaluation matrix procurement", to: ["evaluator"] }],
    post: NO_ACTION,
  },
  {
    file: "evaluation.$slug._index.tsx",
    path: "/evaluation/:slug",
    params: evaluationSlug,
    // Only evaluators on the tender's panel: the bidding organisations by name to declare against,
    // then (all declared) the bids by label; never a name beside a bid's id or label.
    get: only(["evaluator"]),
    hidden: [
      { text: (f) => f.secrets.alphaLegalName, from: ALL_BUT("evaluator") },
      { text: (f) => f.evaluation.reference, from: [...PERSONAS] },
      { text: (f) => f.evaluation.conflictedBidId, from: [...PERSONAS] },
    ],
    shown: [
      { text: (f) => f.secrets.alphaLegalName, to: ["evaluator"] },
      { text: (f) => f.evaluation.bidId, to: ["evaluator"] },
    ],
    variants: [
      { name: "a tender the evaluator is not on", params: bidSlug, get: only(["evaluator"], 404) },
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: only(["evaluator"], 404) },
    ],
    post: {
      fields: (f) => ({ organisationId: f.evaluation.organisationIds.declared, hasConflict: "no", details: "" }),
      admitted: ["evaluator"],
      refused: refusedExcept(["evaluator"]),
      variants: [
        {
          name: "a bidder of a tender the evaluator is not on",
          persona: "evaluator",
          params: bidSlug,
          fields: (f) => ({ organisationId: f.organisations.alpha.id, hasConflict: "no", details: "" }),
          answer: 404,
        },
        {
          name: "an organisation that did not bid",
          persona: "evaluator",
          fields: () => ({ organisationId: MISSING_UUID, hasConflict: "no", details: "" }),
          answer: 404,
        },
        {
          name: "a bid id in place of its organisation",
          persona: "evaluator",
          fields: (f) => ({ organisationId: f.evaluation.bidId, hasConflict: "no", details: "" }),
          answer: 404,
        },
        {
          name: "a second declaration for a bidder (final once made)",
          persona: "evaluator",
          fields: (f) => ({ organisationId: f.evaluation.organisationIds.conflicted, hasConflict: "no", details: "" }),
          answer: 409,
        },
      ],
    },
  },
  {
    file: "evaluation.$slug.bids.$bidId.tsx",
    path: "/evaluation/:slug/bids/:bidId",
    params: (f) => ({ slug: f.evaluation.slug, bidId: f.evaluation.bidId }),
    // Declared for every bidder, no conflict with this one: the bid anonymised, the evaluator's sections only.
    get: only(["evaluator"]),
    hidden: [
      { text: (f) => f.secrets.alphaLegalName, from: [...PERSONAS] },
      { text: (f) => f.evaluation.reference, from: [...PERSONAS] },
      { text: (f) => f.organisations.alpha.id, from: [...PERSONAS] },
      { text: (f) => f.evaluation.answer, from: ALL_BUT("evaluator") },
    ],
    shown: [{ text: (f) => f.evaluation.answer, to: ["evaluator"] }],
    variants: [
      {
        name: "a bid whose bidder the evaluator declared a conflict with",
        params: (f) => ({ slug: f.evaluation.slug, bidId: f.evaluation.conflictedBidId }),
        get: only(["evaluator"], 404),
        hidden: [{ text: () => "The second bidder", from: [...PERSONAS] }],
      },
      {
        name: "a bid of a tender the evaluator is not on",
        params: (f) => ({ slug: f.bids.slug, bidId: f.bids.bidId }),
        get: only(["evaluator"], 404),
      },
      {
        name: "under another procurement",
        params: (f) => ({ slug: f.bids.slug, bidId: f.evaluation.bidId }),
        get: only(["evaluator"], 404),
      },
      ...missingAndMalformed("bid", only(["evaluator"], 404), evaluationSlug),
    ],
    post: {
      fields: (f) => markFields(f.evaluation.questions.text),
      admitted: ["evaluator"],
      refused: refusedExcept(["evaluator"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "marking a bid whose bidder the evaluator declared a conflict with",
          persona: "evaluator",
          params: (f) => ({ slug: f.evaluation.slug, bidId: f.evaluation.conflictedBidId }),
          fields: (f) => markFields(f.evaluation.questions.text),
          answer: 404,
        },
        {
          name: "marking the price question (scored by formula)",
          persona: "evaluator",
          fields: (f) => markFields(f.evaluation.questions.price),
          answer: 404,
        },
        {
          name: "submitting with questions unmarked",
          persona: "evaluator",
          fields: () => ({ intent: "submit" }),
          answer: 409,
        },
      ],
    },
  },
  {
    file: "evaluation.$slug.bids.$bidId_.files.$hash.tsx",
    path: "/evaluation/:slug/bids/:bidId/files/:hash",
    params: (f) => ({ slug: f.evaluation.slug, bidId: f.evaluation.bidId, hash: f.evaluation.sha256 }),
    get: only(["evaluator"]),
    variants: [
      {
        name: "a bid whose bidder the evaluator declared a conflict with",
        params: (f) => ({ slug: f.evaluation.slug, bidId: f.evaluation.conflictedBidId, hash: f.evaluation.sha256 }),
        get: only(["evaluator"], 404),
      },
      {
        name: "a malformed hash",
        params: (f) => ({ slug: f.evaluation.slug, bidId: f.evaluation.bidId, hash: "not-a-hash" }),
        get: only(["evaluator"], 404),
      },
    ],
    post: NO_ACTION,
  },
  { file: "forgot-password.tsx", path: "/forgot-password", get: signedOutOnly(), post: PUBLIC_FORM },
  {
    file: "organisation.tsx",
    path: "/organisation",
    // Organisation admins see their own organisation; the other organisation's admin sees theirs.
    get: only(["orgAdmin", "otherSupplier"]),
    hidden: [
      { text: (f) => f.secrets.alphaAttendee, from: ["otherSupplier"] },
      { text: (f) => f.secrets.alphaLegalName, from: ["otherSupplier"] },
    ],
    post: {
      fields: () => ({ name: "Colin Colleague", email: "colin.colleague@example.com" }),
      admitted: ["orgAdmin", "otherSupplier"],
      refused: refusedExcept(["orgAdmin", "otherSupplier"]),
    },
  },
  { file: "privacy.tsx", path: "/privacy", get: everyone(200), post: NO_ACTION },
  {
    file: "procurements.$slug._index.tsx",
    path: "/procurements/:slug",
    params: slugOf,
    get: everyone(200),
    hidden: [
      { text: (f) => f.secrets.draftFindingTitle, from: ALL_BUT("staff") },
      { text: (f) => f.secrets.findingResponse, from: ALL_BUT("staff", "supplier", "orgAdmin") },
      { text: (f) => f.secrets.joiningLink, from: ALL_BUT("staff") },
      { text: (f) => f.secrets.venueAddress, from: ALL_BUT("staff") },
    ],
    variants: [
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: everyone(404) },
      { name: "over-long slug", params: () => ({ slug: "x".repeat(61) }), get: everyone(404) },
      { name: "hostile slug", params: () => ({ slug: "' OR 1=1; --" }), get: everyone(404) },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.clarifications._index.tsx",
    path: "/procurements/:slug/clarifications",
    params: slugOf,
    // Staff, evaluators and registered suppliers read the log; an unregistered supplier (the
    // second organisation) is offered registration; admins are refused.
    get: { ...signedIn(200), admin: 403 },
    hidden: [{ text: (f) => f.secrets.alphaQuestion, from: ["otherSupplier", "evaluator", "admin"] }],
    variants: [{ name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: signedIn(404) }],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.clarifications.ask.tsx",
    path: "/procurements/:slug/clarifications/ask",
    params: slugOf,
    get: only(SUPPLIERS),
    variants: [
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: only(SUPPLIERS, 404) },
    ],
    post: {
      fields: () => ({ subject: "A question from someone who may not ask", body: "Should not be stored." }),
      admitted: SUPPLIERS,
      refused: refusedExcept(SUPPLIERS),
    },
  },
  {
    file: "procurements.$slug.clarifications.questions._index.tsx",
    path: "/procurements/:slug/clarifications/questions",
    params: slugOf,
    get: only(SUPPLIERS),
    hidden: [{ text: (f) => f.secrets.alphaQuestion, from: ALL_BUT("supplier", "orgAdmin") }],
    shown: [{ text: (f) => f.secrets.alphaQuestion, to: ["supplier", "orgAdmin"] }],
    variants: [
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: only(SUPPLIERS, 404) },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.clarifications.questions.$questionId.tsx",
    path: "/procurements/:slug/clarifications/questions/:questionId",
    params: (f) => ({ slug: f.procurement.slug, questionId: f.questions.alpha }),
    // The asking organisation's own question: another organisation learns nothing of it.
    get: { ...only(["supplier", "orgAdmin"]), otherSupplier: 404 },
    hidden: [{ text: (f) => f.secrets.alphaQuestion, from: ALL_BUT("supplier", "orgAdmin") }],
    shown: [{ text: (f) => f.secrets.alphaQuestion, to: ["supplier", "orgAdmin"] }],
    variants: [
      {
        name: "another procurement's question",
        params: (f) => ({ slug: f.procurement.slug, questionId: f.questions.elsewhere }),
        get: only(SUPPLIERS, 404),
      },
      ...missingAndMalformed("question", only(SUPPLIERS, 404), slugOf),
    ],
    post: {
      // Withdrawing the question.
      fields: () => ({ version: "1" }),
      admitted: SUPPLIERS,
      refused: refusedExcept(SUPPLIERS),
      variants: [
        {
          name: "withdrawing another organisation's question",
          persona: "otherSupplier",
          fields: () => ({ version: "1" }),
          answer: 404,
        },
        {
          name: "withdrawing a question of another procurement",
          persona: "supplier",
          params: (f) => ({ slug: f.procurement.slug, questionId: f.questions.elsewhere }),
          fields: () => ({ version: "1" }),
          answer: 404,
        },
        ...MALFORMED_IDS.map((m) => ({
          name: `withdrawing by ${m.name}`,
          persona: "supplier" as const,
          params: (f: PortalFixtures) => ({ slug: f.procurement.slug, questionId: m.id }),
          fields: () => ({ version: "1" }),
          answer: 404 as const,
        })),
      ],
    },
  },
  {
    file: "procurements.$slug.clarifications.similar.tsx",
    path: "/procurements/:slug/clarifications/similar",
    params: slugOf,
    query: `?${new URLSearchParams({ q: "DICOM routing PACS" })}`,
    get: { ...signedIn(200), admin: 403 },
    // Unanswered questions are never suggested, to anyone.
    hidden: [{ text: (f) => f.secrets.alphaQuestion, from: [...PERSONAS] }],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.clarifications[.]csv.tsx",
    path: "/procurements/:slug/clarifications.csv",
    params: slugOf,
    // The download needs read access: the unregistered organisation and admins are refused.
    get: { ...signedIn(200), otherSupplier: 403, admin: 403 },
    hidden: [{ text: (f) => f.secrets.alphaQuestion, from: [...PERSONAS] }],
    variants: [{ name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: signedIn(404) }],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.clarifications[.]pdf.tsx",
    path: "/procurements/:slug/clarifications.pdf",
    params: slugOf,
    get: { ...signedIn(200), otherSupplier: 403, admin: 403 },
    variants: [{ name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: signedIn(404) }],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.findings._index.tsx",
    path: "/procurements/:slug/findings",
    params: slugOf,
    get: everyone(200),
    hidden: [
      { text: (f) => f.secrets.draftFindingTitle, from: ALL_BUT("staff") },
      { text: (f) => f.secrets.findingResponse, from: ALL_BUT("staff", "supplier", "orgAdmin") },
    ],
    variants: [
      {
        name: "hostile filters",
        query: `?q=${encodeURIComponent("' OR 1=1; --")}&kind=${encodeURIComponent("<script>")}&theme=${"x".repeat(500)}`,
        params: slugOf,
        get: everyone(200),
        hidden: [{ text: (f) => f.secrets.draftFindingTitle, from: ALL_BUT("staff") }],
      },
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: everyone(404) },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.findings.$findingId.tsx",
    path: "/procurements/:slug/findings/:findingId",
    params: (f) => ({ slug: f.procurement.slug, findingId: f.findings.published }),
    get: everyone(200),
    hidden: [{ text: (f) => f.secrets.findingResponse, from: ALL_BUT("staff", "supplier", "orgAdmin") }],
    shown: [{ text: (f) => f.secrets.findingResponse, to: ["supplier", "orgAdmin"] }],
    variants: [
      // The public page shows published findings only, to staff too (they have their own pages).
      { name: "draft", params: (f) => ({ slug: f.procurement.slug, findingId: f.findings.draft }), get: everyone(404) },
      {
        name: "archived",
        params: (f) => ({ slug: f.procurement.slug, findingId: f.findings.archived }),
        get: everyone(404),
      },
      {
        name: "another procurement's finding",
        params: (f) => ({ slug: f.procurement.slug, findingId: f.findings.elsewhere }),
        get: everyone(404),
      },
      ...missingAndMalformed("finding", everyone(404), slugOf),
    ],
    post: {
      fields: () => ({ body: "A response from someone who may not respond" }),
      admitted: SUPPLIERS,
      refused: refusedExcept(SUPPLIERS),
      variants: [
        ...(["draft", "archived", "elsewhere"] as const).map((which) => ({
          name: `responding to ${which === "elsewhere" ? "another procurement's" : `a ${which}`} finding`,
          persona: "otherSupplier" as const,
          params: (f: PortalFixtures) => ({ slug: f.procurement.slug, findingId: f.findings[which] }),
          fields: () => ({ body: "We should not be able to send this" }),
          answer: 404 as const,
        })),
        ...MALFORMED_IDS.map((m) => ({
          name: `responding by ${m.name}`,
          persona: "supplier" as const,
          params: (f: PortalFixtures) => ({ slug: f.procurement.slug, findingId: m.id }),
          fields: () => ({ body: "We should not be able to send this" }),
          answer: 404 as const,
        })),
      ],
    },
  },
  {
    file: "procurements.$slug.interest.tsx",
    path: "/procurements/:slug/interest",
    params: slugOf,
    get: everyone({ redirect: "/procurements/test-procurement" }),
    post: {
      // On the other procurement, so that a supplier's harmless registration changes nothing the
      // page rows depend on.
      params: (f) => ({ slug: f.otherProcurement.slug }),
      fields: () => ({}),
      admitted: SUPPLIERS,
      refused: refusedExcept(SUPPLIERS),
      probeAnswer: { redirect: "/procurements/other-procurement" },
      probeWrites: true,
      variants: [
        {
          name: "no such procurement",
          persona: "supplier",
          params: () => ({ slug: "no-such-procurement" }),
          fields: () => ({}),
          answer: 404,
        },
      ],
    },
  },
  {
    file: "procurements.$slug.ocds[.]json.tsx",
    path: "/procurements/:slug/ocds.json",
    params: bidSlug,
    // Public open data, stage-limited: before the award nobody learns who bid, or anything they bid.
    get: everyone(200),
    hidden: [
      { text: (f) => f.organisations.alpha.legalName, from: [...PERSONAS] },
      { text: (f) => f.bids.secret, from: [...PERSONAS] },
      { text: (f) => f.bids.reference, from: [...PERSONAS] },
    ],
    shown: [{ text: () => '"ocid": "ocds-', to: [...PERSONAS] }],
    variants: [
      {
        name: "an opened tender, not yet awarded",
        params: evaluationSlug,
        get: everyone(200),
        hidden: [
          { text: (f) => f.organisations.alpha.legalName, from: [...PERSONAS] },
          { text: (f) => f.evaluation.answer, from: [...PERSONAS] },
        ],
      },
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: everyone(404) },
      { name: "hostile slug", params: () => ({ slug: "' OR 1=1; --" }), get: everyone(404) },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.sessions.$sessionId.tsx",
    path: "/procurements/:slug/sessions/:sessionId",
    params: sessionOf((f) => f.sessions.webinar),
    get: everyone(200),
    hidden: [
      // The joining link only for people holding a place (the supplier) and staff.
      { text: (f) => f.secrets.joiningLink, from: ALL_BUT("supplier", "staff") },
      { text: (f) => f.secrets.alphaAttendee, from: ["signedOut", "otherSupplier", "evaluator", "admin"] },
    ],
    shown: [
      { text: (f) => f.secrets.joiningLink, to: ["supplier", "staff"] },
      // The organisation's own places, to both its people.
      { text: (f) => f.secrets.alphaAttendee, to: ["supplier", "orgAdmin"] },
    ],
    variants: [
      {
        name: "in person, unpublished materials",
        params: sessionOf((f) => f.sessions.inPerson),
        get: everyone(200),
        hidden: [
          { text: (f) => f.secrets.venueAddress, from: ALL_BUT("staff") },
          { text: (f) => f.secrets.unpublishedMaterialTitle, from: ALL_BUT("staff") },
        ],
        shown: [
          { text: (f) => f.secrets.venueAddress, to: ["staff"] },
          { text: (f) => f.secrets.unpublishedMaterialTitle, to: ["staff"] },
        ],
      },
      {
        name: "one-to-one, a slot booked by the first organisation",
        params: sessionOf((f) => f.sessions.oneToOne),
        get: everyone(200),
        hidden: [
          { text: (f) => f.secrets.alphaBooker, from: ["signedOut", "otherSupplier", "evaluator", "admin"] },
          { text: (f) => f.secrets.alphaLegalName, from: ["signedOut", "otherSupplier", "evaluator", "admin"] },
        ],
      },
      { name: "cancelled", params: sessionOf((f) => f.sessions.cancelled), get: everyone(200) },
      { name: "another procurement's session", params: sessionOf((f) => f.sessions.elsewhere), get: everyone(404) },
      {
        name: "no such procurement",
        params: (f) => ({ slug: "no-such-procurement", sessionId: f.sessions.webinar.id }),
        get: everyone(404),
      },
      ...missingAndMalformed("session", everyone(404), slugOf),
    ],
    post: {
      fields: (f) => ({ intent: "register", attendees: f.users.supplier.id }),
      admitted: [...SUPPLIERS, "staff"],
      refused: refusedExcept([...SUPPLIERS, "staff"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "cancelling another organisation's place",
          persona: "otherSupplier",
          fields: (f) => ({ intent: "cancel-registration", registrationId: f.registrationId }),
          answer: 404,
        },
        {
          name: "cancelling another organisation's 1:1 booking",
          persona: "otherSupplier",
          params: sessionOf((f) => f.sessions.oneToOne),
          fields: (f) => ({ intent: "cancel-slot", slotId: f.slots.bookedByAlpha }),
          answer: 404,
        },
        {
          name: "registering another organisation's people",
          persona: "otherSupplier",
          fields: (f) => ({ intent: "register", attendees: f.users.orgAdmin.id }),
          answer: 400,
        },
        {
          name: "registering for another procurement's session",
          persona: "supplier",
          params: sessionOf((f) => f.sessions.elsewhere),
          fields: (f) => ({ intent: "register", attendees: f.users.orgAdmin.id }),
          answer: 404,
        },
        {
          name: "booking a slot of another session",
          persona: "otherSupplier",
          params: sessionOf((f) => f.sessions.webinar),
          fields: (f) => ({ intent: "book-slot", slotId: f.slots.free }),
          answer: 409,
        },
        {
          name: "staff registering suppliers",
          persona: "staff",
          fields: (f) => ({ intent: "register", attendees: f.users.orgAdmin.id }),
          answer: 403,
        },
      ],
    },
  },
  {
    file: "procurements.$slug.sessions.$sessionId_.materials.$materialId.tsx",
    path: "/procurements/:slug/sessions/:sessionId/materials/:materialId",
    params: (f) => ({ ...sessionOf((x) => x.sessions.webinar)(f), materialId: f.materials.publishedFile }),
    // Published materials: staff, every supplier registered on the procurement (the second
    // organisation is not), and the buying side's evaluators and admins.
    get: { ...everyone(200), signedOut: 404, otherSupplier: 404 },
    variants: [
      {
        name: "not yet published",
        params: (f) => ({ ...sessionOf((x) => x.sessions.inPerson)(f), materialId: f.materials.unpublishedFile }),
        get: { ...everyone(404), staff: 200 },
      },
      {
        name: "another session's material",
        params: (f) => ({ ...sessionOf((x) => x.sessions.inPerson)(f), materialId: f.materials.publishedFile }),
        get: everyone(404),
      },
      {
        name: "under another procurement",
        params: (f) => ({
          slug: f.otherProcurement.slug,
          sessionId: f.sessions.webinar.id,
          materialId: f.materials.publishedFile,
        }),
        get: everyone(404),
      },
      ...missingAndMalformed(
        "material",
        everyone(404),
        sessionOf((f) => f.sessions.webinar),
      ),
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.tender.tsx",
    path: "/procurements/:slug/tender",
    params: slugOf,
    // The published tender is public; changes staff have not published are nobody's to read here.
    get: everyone(200),
    hidden: [{ text: (f) => f.secrets.draftTenderQuestion, from: [...PERSONAS] }],
    shown: [{ text: () => "How will results return to PACS?", to: [...PERSONAS] }],
    variants: [
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: everyone(404) },
      { name: "no tender yet", params: (f) => ({ slug: f.otherProcurement.slug }), get: everyone(200) },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.tender_.documents.$documentId.tsx",
    path: "/procurements/:slug/tender/documents/:documentId",
    params: (f) => ({ slug: f.procurement.slug, documentId: f.tender.documents.published }),
    get: everyone(200),
    variants: [
      {
        name: "not yet published",
        params: (f) => ({ slug: f.procurement.slug, documentId: f.tender.documents.unpublished }),
        get: { ...everyone(404), staff: 200 },
      },
      {
        name: "under another procurement",
        params: (f) => ({ slug: f.otherProcurement.slug, documentId: f.tender.documents.published }),
        get: everyone(404),
      },
      ...missingAndMalformed("document", everyone(404), slugOf),
    ],
    post: NO_ACTION,
  },
  // Bids: a procurement of their own, the first organisation's bid submitted, the second's started.
  {
    file: "procurements.$slug.bid._index.tsx",
    path: "/procurements/:slug/bid",
    params: bidSlug,
    get: only(SUPPLIERS),
    hidden: [
      { text: (f) => f.bids.secret, from: ALL_BUT("supplier", "orgAdmin") },
      { text: (f) => f.bids.reference, from: ALL_BUT("supplier", "orgAdmin") },
    ],
    shown: [{ text: (f) => f.bids.secret, to: ["supplier", "orgAdmin"] }],
    variants: [
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: only(SUPPLIERS, 404) },
      { name: "no published tender", params: (f) => ({ slug: f.otherProcurement.slug }), get: only(SUPPLIERS, 404) },
    ],
    post: {
      fields: () => ({ intent: "start" }),
      admitted: SUPPLIERS,
      refused: refusedExcept(SUPPLIERS),
      variants: [
        {
          name: "withdrawing another organisation's submission",
          persona: "otherSupplier",
          fields: (f) => ({ intent: "withdraw", reference: f.bids.reference }),
          answer: 409,
        },
      ],
    },
  },
  {
    file: "procurements.$slug.bid.questions.$questionId.tsx",
    path: "/procurements/:slug/bid/questions/:questionId",
    params: (f) => ({ slug: f.bids.slug, questionId: f.bids.questions.text }),
    get: only(SUPPLIERS),
    hidden: [{ text: (f) => f.bids.secret, from: ALL_BUT("supplier", "orgAdmin") }],
    shown: [{ text: (f) => f.bids.secret, to: ["supplier", "orgAdmin"] }],
    variants: missingAndMalformed("question", only(SUPPLIERS, 404), bidSlug),
    post: {
      fields: () => ({ intent: "save", version: "1", mode: "page", text: "Written by someone who may not" }),
      admitted: SUPPLIERS,
      refused: refusedExcept(SUPPLIERS),
      variants: [
        {
          name: "removing another organisation's file",
          persona: "otherSupplier",
          params: (f) => ({ slug: f.bids.slug, questionId: f.bids.questions.file }),
          fields: (f) => ({ intent: "remove-file", fileId: f.bids.fileId }),
          answer: 404,
        },
      ],
    },
  },
  {
    file: "procurements.$slug.bid.submit.tsx",
    path: "/procurements/:slug/bid/submit",
    params: bidSlug,
    get: only(SUPPLIERS),
    hidden: [{ text: (f) => f.bids.secret, from: [...PERSONAS] }],
    post: {
      fields: () => ({ declaration: "on", idempotencyKey: MISSING_UUID }),
      admitted: SUPPLIERS,
      refused: refusedExcept(SUPPLIERS),
    },
  },
  {
    file: "procurements.$slug.bid.receipts.$reference.tsx",
    path: "/procurements/:slug/bid/receipts/:reference",
    params: (f) => ({ slug: f.bids.slug, reference: f.bids.reference }),
    get: { ...only(["supplier", "orgAdmin"]), otherSupplier: 404 },
    hidden: [{ text: (f) => f.bids.digest, from: ALL_BUT("supplier", "orgAdmin") }],
    shown: [{ text: (f) => f.bids.digest, to: ["supplier", "orgAdmin"] }],
    variants: [
      {
        name: "no such receipt",
        params: (f) => ({ slug: f.bids.slug, reference: "AIP-BID-2026-NOTHING0" }),
        get: only(SUPPLIERS, 404),
      },
      {
        name: "over-long reference",
        params: (f) => ({ slug: f.bids.slug, reference: "A".repeat(41) }),
        get: only(SUPPLIERS, 404),
      },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.bid.requests.$requestId.tsx",
    path: "/procurements/:slug/bid/requests/:requestId",
    params: (f) => ({ slug: f.bids.slug, requestId: f.bids.requestId }),
    get: { ...only(["supplier", "orgAdmin"]), otherSupplier: 404 },
    shown: [{ text: (f) => f.bids.reference, to: ["supplier", "orgAdmin"] }],
    variants: missingAndMalformed("request", only(SUPPLIERS, 404), bidSlug),
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.bid.receipts.$reference_.pdf.tsx",
    path: "/procurements/:slug/bid/receipts/:reference/pdf",
    params: (f) => ({ slug: f.bids.slug, reference: f.bids.reference }),
    get: { ...only(["supplier", "orgAdmin"]), otherSupplier: 404 },
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.bid.files.$fileId.tsx",
    path: "/procurements/:slug/bid/files/:fileId",
    params: (f) => ({ slug: f.bids.slug, fileId: f.bids.fileId }),
    get: { ...only(["supplier", "orgAdmin"]), otherSupplier: 404 },
    variants: missingAndMalformed("file", only(SUPPLIERS, 404), bidSlug),
    post: NO_ACTION,
  },
  { file: "receipts.verify.tsx", path: "/receipts/verify", get: everyone(200), post: NO_ACTION },
  {
    file: "staff.procurements.$slug.evaluation.ranking.tsx",
    path: "/staff/procurements/:slug/evaluation/ranking",
    params: evaluationSlug,
    // Staff and admins read the ranking with the bidders' names; only staff decide the award.
    get: only(["staff", "admin"]),
    hidden: [{ text: (f) => f.secrets.alphaLegalName, from: ALL_BUT("staff", "admin") }],
    shown: [{ text: (f) => f.secrets.alphaLegalName, to: ["staff", "admin"] }],
    variants: [
      { name: "bids not yet opened", params: bidSlug, get: only(["staff", "admin"], 403) },
      {
        name: "no such procurement",
        params: () => ({ slug: "no-such-procurement" }),
        get: only(["staff", "admin"], 404),
      },
    ],
    post: {
      fields: (f) => ({
        intent: "award",
        bidId: f.evaluation.bidId,
        rationale: "The highest total on the moderated scores.",
        noticeDate: "2026-12-01",
      }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      variants: [
        // Not moderated yet, so not ranked: no award, and nothing to send.
        {
          name: "awarding an unranked bid",
          persona: "staff",
          fields: (f) => ({
            intent: "award",
            bidId: f.evaluation.bidId,
            rationale: "The highest total on the moderated scores.",
            noticeDate: "2026-12-01",
          }),
          answer: 409,
        },
        {
          name: "sending summaries before the award",
          persona: "staff",
          fields: () => ({ intent: "send-summaries" }),
          answer: 409,
        },
      ],
    },
  },
  {
    file: "procurements.$slug.assessment-summary.tsx",
    path: "/procurements/:slug/assessment-summary",
    params: evaluationSlug,
    // Only a bidding organisation's people, once staff have sent the summaries: none are sent here.
    get: only(SUPPLIERS, 404),
    variants: [
      { name: "no such procurement", params: () => ({ slug: "no-such-procurement" }), get: only(SUPPLIERS, 404) },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.scoring-pack.tsx",
    path: "/procurements/:slug/scoring-pack",
    params: evaluationSlug,
    // The panel's deliberations and every bidder's name: staff and admins only, never evaluators.
    get: only(["staff", "admin"]),
    hidden: [{ text: (f) => f.secrets.alphaLegalName, from: ALL_BUT("staff", "admin") }],
    shown: [{ text: () => "OFFICIAL-SENSITIVE: COMMERCIAL", to: ["staff", "admin"] }],
    variants: [
      { name: "bids not yet opened", params: bidSlug, get: only(["staff", "admin"], 403) },
      {
        name: "no such procurement",
        params: () => ({ slug: "no-such-procurement" }),
        get: only(["staff", "admin"], 404),
      },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.scoring-pack[.]pdf.tsx",
    path: "/procurements/:slug/scoring-pack.pdf",
    params: evaluationSlug,
    get: only(["staff", "admin"]),
    variants: [{ name: "bids not yet opened", params: bidSlug, get: only(["staff", "admin"], 403) }],
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.record[.]zip.tsx",
    path: "/staff/procurements/:slug/record.zip",
    params: evaluationSlug,
    // The whole s.98 record, with every bid once opened: staff and admins only. Sealed, it is still
    // made, holding nothing of the bids (record-bundle.test.ts unpacks it: the zip is compressed).
    get: only(["staff", "admin"]),
    variants: [
      { name: "bids not yet opened", params: bidSlug, get: only(["staff", "admin"]) },
      {
        name: "no such procurement",
        params: () => ({ slug: "no-such-procurement" }),
        get: only(["staff", "admin"], 404),
      },
    ],
    post: NO_ACTION,
  },
  {
    file: "procurements.$slug.assessment-summary[.]pdf.tsx",
    path: "/procurements/:slug/assessment-summary.pdf",
    params: evaluationSlug,
    get: only(SUPPLIERS, 404),
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.tender.bids._index.tsx",
    path: "/staff/procurements/:slug/tender/bids",
    params: bidSlug,
    // Sealed until opened: staff and admins get only the count, with 403.
    get: only(["staff", "admin"], 403),
    hidden: [
      { text: (f) => f.bids.secret, from: [...PERSONAS] },
      { text: (f) => f.bids.reference, from: [...PERSONAS] },
    ],
    shown: [{ text: () => "1 organisation has submitted a bid", to: ["staff", "admin"] }],
    variants: [
      {
        name: "no such procurement",
        params: () => ({ slug: "no-such-procurement" }),
        get: only(["staff", "admin"], 404),
      },
    ],
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.tender.bids.$bidId.tsx",
    path: "/staff/procurements/:slug/tender/bids/:bidId",
    params: (f) => ({ slug: f.bids.slug, bidId: f.bids.bidId }),
    get: only(["staff", "admin"], 403),
    hidden: [
      { text: (f) => f.bids.secret, from: [...PERSONAS] },
      { text: (f) => f.bids.digest, from: [...PERSONAS] },
    ],
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.tender.bids.$bidId_.files.$hash.tsx",
    path: "/staff/procurements/:slug/tender/bids/:bidId/files/:hash",
    params: (f) => ({ slug: f.bids.slug, bidId: f.bids.bidId, hash: f.bids.sha256 }),
    get: only(["staff", "admin"], 403),
    post: NO_ACTION,
  },
  { file: "procurements._index.tsx", path: "/procurements", get: everyone(200), post: NO_ACTION },
  {
    file: "register._index.tsx",
    path: "/register",
    get: signedOutOnly(),
    post: {
      fields: () => registrationFields("87654321"),
      admitted: ["signedOut"],
      refused: { ...everyone("home"), signedOut: undefined },
    },
  },
  { file: "register.check-email.tsx", path: "/register/check-email", get: everyone(200), post: NO_ACTION },
  {
    file: "reset-password.tsx",
    path: "/reset-password",
    get: everyone(200),
    variants: [{ name: "unknown token", query: "?token=nonsense", get: everyone(200) }],
    post: PUBLIC_FORM,
  },
  {
    file: "sign-in.confirm.tsx",
    path: "/sign-in/confirm",
    get: signedOutOnly(),
    variants: [{ name: "unknown token", query: "?token=nonsense", get: signedOutOnly() }],
    post: PUBLIC_FORM,
  },
  { file: "sign-in._index.tsx", path: "/sign-in", get: signedOutOnly(), post: PUBLIC_FORM },
  {
    file: "sign-in.two-factor.tsx",
    path: "/sign-in/two-factor",
    // Only for someone between password and code (see "part-way through sign-in" below).
    get: signedIn({ redirect: "/dashboard" }),
    post: {
      fields: () => ({ code: "123456" }),
      admitted: [],
      refused: signedIn({ redirect: "/dashboard" }),
    },
  },
  // Anyone may sign out (sessions.test.ts): a POST here would end the matrix's own sessions.
  { file: "sign-out.tsx", path: "/sign-out", get: everyone({ redirect: "/" }), post: PUBLIC_FORM },
  { file: "staff._index.tsx", path: "/staff", get: only(["staff"]), post: NO_ACTION },
  {
    file: "staff.procurements.$slug._index.tsx",
    path: "/staff/procurements/:slug",
    params: slugOf,
    get: only(["staff"]),
    variants: staffProcurementVariants(),
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.clarifications._index.tsx",
    path: "/staff/procurements/:slug/clarifications",
    params: slugOf,
    get: only(["staff"]),
    hidden: [{ text: (f) => f.secrets.alphaQuestion, from: ALL_BUT("staff", "supplier", "orgAdmin") }],
    shown: [{ text: (f) => f.secrets.alphaQuestion, to: ["staff"] }],
    variants: staffProcurementVariants(),
    post: {
      // Taking the question.
      fields: (f) => ({ questionId: f.questions.alpha, version: "1" }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      variants: [
        {
          name: "taking another procurement's question",
          persona: "staff",
          fields: (f) => ({ questionId: f.questions.elsewhere, version: "1" }),
          answer: 404,
        },
        ...MALFORMED_IDS.map((m) => ({
          name: `taking a question by ${m.name}`,
          persona: "staff" as const,
          fields: () => ({ questionId: m.id, version: "1" }),
          answer: 404 as const,
        })),
      ],
    },
  },
  {
    file: "staff.procurements.$slug.clarifications.$questionId.tsx",
    path: "/staff/procurements/:slug/clarifications/:questionId",
    params: (f) => ({ slug: f.procurement.slug, questionId: f.questions.alpha }),
    get: only(["staff"]),
    hidden: [{ text: (f) => f.secrets.alphaQuestion, from: ALL_BUT("staff", "supplier", "orgAdmin") }],
    shown: [{ text: (f) => f.secrets.alphaQuestion, to: ["staff"] }],
    variants: [
      {
        name: "another procurement's question",
        params: (f) => ({ slug: f.procurement.slug, questionId: f.questions.elsewhere }),
        get: only(["staff"], 404),
      },
      ...missingAndMalformed("question", only(["staff"], 404), slugOf),
    ],
    post: {
      fields: () => ({ intent: "reject", reason: "Rejected by someone who may not", version: "1" }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "rejecting another procurement's question",
          persona: "staff",
          params: (f) => ({ slug: f.procurement.slug, questionId: f.questions.elsewhere }),
          fields: () => ({ intent: "reject", reason: "Wrong procurement", version: "1" }),
          answer: 404,
        },
        ...MALFORMED_IDS.map((m) => ({
          name: `rejecting by ${m.name}`,
          persona: "staff" as const,
          params: (f: PortalFixtures) => ({ slug: f.procurement.slug, questionId: m.id }),
          fields: () => ({ intent: "reject", reason: "Malformed", version: "1" }),
          answer: 404 as const,
        })),
      ],
    },
  },
  {
    file: "staff.procurements.$slug.edit.tsx",
    path: "/staff/procurements/:slug/edit",
    params: slugOf,
    get: only(["staff"]),
    variants: staffProcurementVariants(),
    post: {
      fields: (f) => ({ ...validProcurement(f.procurement.slug), version: String(f.procurement.version) }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      variants: [
        {
          name: "no such procurement",
          persona: "staff",
          params: () => ({ slug: "no-such-procurement" }),
          fields: () => validProcurement("no-such-procurement"),
          answer: 404,
        },
      ],
    },
  },
  {
    file: "staff.procurements.$slug.engagement-notice._index.tsx",
    path: "/staff/procurements/:slug/engagement-notice",
    params: slugOf,
    get: only(["staff"]),
    variants: staffProcurementVariants(),
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.engagement-notice[.]pdf.tsx",
    path: "/staff/procurements/:slug/engagement-notice.pdf",
    params: slugOf,
    get: only(["staff"]),
    variants: staffProcurementVariants(),
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.evaluation._index.tsx",
    path: "/staff/procurements/:slug/evaluation",
    params: evaluationSlug,
    // The panel, and once opened the bidder mapping and the conflicts register: staff only.
    get: only(["staff"]),
    hidden: [{ text: (f) => f.secrets.alphaLegalName, from: ALL_BUT("staff") }],
    shown: [{ text: (f) => f.secrets.alphaLegalName, to: ["staff"] }],
    variants: [
      ...staffProcurementVariants(),
      {
        name: "a tender not yet opened",
        params: bidSlug,
        get: only(["staff"]),
        hidden: [{ text: (f) => f.secrets.alphaLegalName, from: [...PERSONAS] }],
      },
      { name: "no tender yet", params: (f) => ({ slug: f.otherProcurement.slug }), get: only(["staff"], 404) },
    ],
    post: {
      fields: (f) => ({ intent: "assign", evaluatorId: f.evaluation.spareEvaluatorId, scope: "all" }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "removing an assignment that does not exist",
          persona: "staff",
          fields: () => ({ intent: "remove", assignmentId: MISSING_UUID }),
          answer: 404,
        },
        ...MALFORMED_IDS.map((m) => ({
          name: `removing an assignment by ${m.name}`,
          persona: "staff" as const,
          fields: () => ({ intent: "remove", assignmentId: m.id }),
          answer: 400 as const,
        })),
        {
          name: "assigning someone who is not an evaluator",
          persona: "staff",
          fields: (f) => ({ intent: "assign", evaluatorId: f.users.staff.id, scope: "all" }),
          answer: 409,
        },
      ],
    },
  },
  {
    file: "staff.procurements.$slug.evaluation.bids.$bidId.tsx",
    path: "/staff/procurements/:slug/evaluation/bids/:bidId",
    params: (f) => ({ slug: f.evaluation.slug, bidId: f.evaluation.bidId }),
    // Moderation waits for every evaluator who should mark the bid; staff see who is outstanding.
    get: only(["staff"]),
    shown: [{ text: () => "Still to submit", to: ["staff"] }],
    variants: [
      {
        name: "a bid of a tender not yet opened",
        params: (f) => ({ slug: f.bids.slug, bidId: f.bids.bidId }),
        get: only(["staff"], 404),
        hidden: [{ text: (f) => f.bids.secret, from: [...PERSONAS] }],
      },
      {
        name: "under another procurement",
        params: (f) => ({ slug: f.procurement.slug, bidId: f.evaluation.bidId }),
        get: only(["staff"], 404),
      },
      ...missingAndMalformed("bid", only(["staff"], 404), evaluationSlug),
    ],
    post: {
      fields: (f) => consensusFields(f.evaluation.questions.text),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "before every evaluator has submitted",
          persona: "staff",
          fields: (f) => consensusFields(f.evaluation.questions.text),
          answer: 409,
        },
        {
          name: "a question of another tender",
          persona: "staff",
          fields: (f) => consensusFields(f.tender.questionId),
          answer: 404,
        },
      ],
    },
  },
  {
    file: "staff.procurements.$slug.engagement[.]csv.tsx",
    path: "/staff/procurements/:slug/engagement.csv",
    params: slugOf,
    get: only(["staff"]),
    hidden: [
      { text: (f) => f.secrets.alphaAttendee, from: ALL_BUT("staff", "supplier") },
      { text: (f) => f.secrets.alphaBooker, from: ALL_BUT("staff", "orgAdmin") },
    ],
    shown: [
      { text: (f) => f.secrets.alphaAttendee, to: ["staff"] },
      { text: (f) => f.secrets.alphaBooker, to: ["staff"] },
    ],
    variants: staffProcurementVariants(),
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.findings._index.tsx",
    path: "/staff/procurements/:slug/findings",
    params: slugOf,
    get: only(["staff"]),
    hidden: [{ text: (f) => f.secrets.draftFindingTitle, from: ALL_BUT("staff") }],
    shown: [{ text: (f) => f.secrets.draftFindingTitle, to: ["staff"] }],
    variants: staffProcurementVariants(),
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.findings.new.tsx",
    path: "/staff/procurements/:slug/findings/new",
    params: slugOf,
    get: only(["staff"]),
    variants: staffProcurementVariants(),
    post: { fields: () => validFinding, admitted: ["staff"], refused: refusedExcept(["staff"]) },
  },
  {
    file: "staff.procurements.$slug.findings.$findingId.tsx",
    path: "/staff/procurements/:slug/findings/:findingId",
    params: (f) => ({ slug: f.procurement.slug, findingId: f.findings.draft }),
    get: only(["staff"]),
    hidden: [{ text: (f) => f.secrets.draftFindingTitle, from: ALL_BUT("staff") }],
    variants: [
      {
        name: "published, with a response",
        params: (f) => ({ slug: f.procurement.slug, findingId: f.findings.published }),
        get: only(["staff"]),
        hidden: [{ text: (f) => f.secrets.findingResponse, from: ALL_BUT("staff") }],
        shown: [{ text: (f) => f.secrets.findingResponse, to: ["staff"] }],
      },
      {
        name: "another procurement's finding",
        params: (f) => ({ slug: f.procurement.slug, findingId: f.findings.elsewhere }),
        get: only(["staff"], 404),
      },
      ...missingAndMalformed("finding", only(["staff"], 404), slugOf),
    ],
    post: {
      // Publishing a draft: the one thing no one but staff may ever do to it.
      fields: () => ({ intent: "publish" }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "publishing another procurement's finding",
          persona: "staff",
          params: (f) => ({ slug: f.procurement.slug, findingId: f.findings.elsewhere }),
          fields: () => ({ intent: "archive" }),
          answer: 404,
        },
        ...MALFORMED_IDS.map((m) => ({
          name: `publishing by ${m.name}`,
          persona: "staff" as const,
          params: (f: PortalFixtures) => ({ slug: f.procurement.slug, findingId: m.id }),
          fields: () => ({ intent: "publish" }),
          answer: 404 as const,
        })),
      ],
    },
  },
  {
    file: "staff.procurements.$slug.findings.responses[.]csv.tsx",
    path: "/staff/procurements/:slug/findings/responses.csv",
    params: slugOf,
    get: only(["staff"]),
    hidden: [{ text: (f) => f.secrets.findingResponse, from: ALL_BUT("staff") }],
    shown: [{ text: (f) => f.secrets.findingResponse, to: ["staff"] }],
    variants: staffProcurementVariants(),
    post: NO_ACTION,
  },
  {
    file: "staff.procurements.$slug.sessions.$sessionId.tsx",
    path: "/staff/procurements/:slug/sessions/:sessionId",
    params: sessionOf((f) => f.sessions.webinar),
    get: only(["staff"]),
    // (The supplier's own name is in the header of the 403 page they get.)
    hidden: [{ text: (f) => f.secrets.alphaAttendee, from: ALL_BUT("staff", "supplier") }],
    variants: [
      { name: "in person", params: sessionOf((f) => f.sessions.inPerson), get: only(["staff"]) },
      { name: "one-to-one", params: sessionOf((f) => f.sessions.oneToOne), get: only(["staff"]) },
      { name: "cancelled", params: sessionOf((f) => f.sessions.cancelled), get: only(["staff"]) },
      {
        name: "another procurement's session",
        params: sessionOf((f) => f.sessions.elsewhere),
        get: only(["staff"], 404),
      },
      ...missingAndMalformed("session", only(["staff"], 404), slugOf),
    ],
    post: {
      fields: () => ({ intent: "cancel", reason: "Cancelled by someone who may not" }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "cancelling another procurement's session",
          persona: "staff",
          params: sessionOf((f) => f.sessions.elsewhere),
          fields: () => ({ intent: "cancel", reason: "Wrong procurement" }),
          answer: 404,
        },
        ...MALFORMED_IDS.map((m) => ({
          name: `cancelling by ${m.name}`,
          persona: "staff" as const,
          params: (f: PortalFixtures) => ({ slug: f.procurement.slug, sessionId: m.id }),
          fields: () => ({ intent: "cancel", reason: "Malformed" }),
          answer: 404 as const,
        })),
      ],
    },
  },
  {
    file: "staff.procurements.$slug.sessions.new.tsx",
    path: "/staff/procurements/:slug/sessions/new",
    params: slugOf,
    get: only(["staff"]),
    variants: staffProcurementVariants(),
    post: {
      fields: () => validSession,
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      variants: [
        {
          name: "no such procurement",
          persona: "staff",
          params: () => ({ slug: "no-such-procurement" }),
          fields: () => validSession,
          answer: 404,
        },
      ],
    },
  },
  {
    file: "staff.procurements.$slug.tender._index.tsx",
    path: "/staff/procurements/:slug/tender",
    params: slugOf,
    get: only(["staff"]),
    hidden: [{ text: (f) => f.secrets.draftTenderQuestion, from: ALL_BUT("staff") }],
    shown: [{ text: (f) => f.secrets.draftTenderQuestion, to: ["staff"] }],
    variants: [
      ...staffProcurementVariants(),
      { name: "no tender yet", params: (f) => ({ slug: f.otherProcurement.slug }), get: only(["staff"]) },
    ],
    post: {
      fields: (f) => ({
        intent: "add-section",
        version: String(f.tender.version),
        title: "Added by someone who may not",
      }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: [
        {
          name: "no such procurement",
          persona: "staff",
          params: () => ({ slug: "no-such-procurement" }),
          fields: (f) => ({ intent: "add-section", version: String(f.tender.version), title: "Nowhere" }),
          answer: 404,
        },
        ...MALFORMED_IDS.map((m) => ({
          name: `removing a question by ${m.name}`,
          persona: "staff" as const,
          fields: (f: PortalFixtures) => ({
            intent: "remove-question",
            version: String(f.tender.version),
            itemId: m.id,
          }),
          answer: 400 as const,
        })),
        {
          name: "removing a question that does not exist",
          persona: "staff",
          fields: (f) => ({ intent: "remove-question", version: String(f.tender.version), itemId: MISSING_UUID }),
          answer: 404,
        },
      ],
    },
  },
  {
    file: "staff.procurements.$slug.tender.questions.$questionId.tsx",
    path: "/staff/procurements/:slug/tender/questions/:questionId",
    params: (f) => ({ slug: f.procurement.slug, questionId: f.tender.questionId }),
    get: only(["staff"]),
    variants: [
      {
        name: "under another procurement",
        params: (f) => ({ slug: f.otherProcurement.slug, questionId: f.tender.questionId }),
        get: only(["staff"], 404),
      },
      ...missingAndMalformed("question", only(["staff"], 404), slugOf),
    ],
    post: {
      fields: (f) => ({
        intent: "save",
        version: String(f.tender.version),
        kind: "text",
        title: "Rewritten by someone who may not",
        weight: "100",
        wordLimit: "10",
      }),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
      probe: () => ({ intent: "nothing-known" }),
      variants: MALFORMED_IDS.map((m) => ({
        name: `saving by ${m.name}`,
        persona: "staff" as const,
        params: (f: PortalFixtures) => ({ slug: f.procurement.slug, questionId: m.id }),
        fields: () => ({ intent: "save", version: "1", kind: "text", title: "Malformed" }),
        answer: 404 as const,
      })),
    },
  },
  {
    file: "staff.procurements.new.tsx",
    path: "/staff/procurements/new",
    get: only(["staff"]),
    post: {
      fields: () => validProcurement("refused-procurement"),
      admitted: ["staff"],
      refused: refusedExcept(["staff"]),
    },
  },
  {
    file: "supplier._index.tsx",
    path: "/supplier",
    get: only(SUPPLIERS),
    hidden: [
      { text: (f) => f.secrets.alphaAttendee, from: ["otherSupplier"] },
      { text: (f) => f.sessions.webinar.title, from: ["otherSupplier"] },
    ],
    shown: [{ text: (f) => f.sessions.webinar.title, to: ["supplier", "orgAdmin"] }],
    post: NO_ACTION,
  },
  {
    file: "verify-email.tsx",
    path: "/verify-email",
    get: signedIn({ redirect: "/dashboard" }),
    variants: [{ name: "unknown token", query: "?token=nonsense", get: everyone(200) }],
    post: { fields: () => ({}), admitted: [], refused: signedIn({ redirect: "/dashboard" }) },
  },
];

// --- Running the table -----------------------------------------------------------------------------

function fill(pattern: string, params: Params): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}

function describeAnswer(answer: Answer): string {
  if (typeof answer === "number") return String(answer);
  if (answer === "sign-in") return "302 to /sign-in";
  if (answer === "home") return "302 to own dashboard";
  return `302 to ${answer.redirect}`;
}

function expectAnswer(response: Response, answer: Answer, persona: Persona, requestPath: string) {
  const location = response.headers.get("location");
  const seen = `${response.status}${location ? ` to ${location}` : ""}`;
  if (typeof answer === "number") {
    expect(seen, requestPath).toBe(String(answer));
    return;
  }
  const target =
    answer === "sign-in"
      ? `/sign-in?redirectTo=${encodeURIComponent(requestPath)}`
      : answer === "home"
        ? homeOf(persona)
        : answer.redirect;
  expect(seen, requestPath).toBe(`302 to ${target}`);
}

async function expectHidden(body: string, hidden: Hidden[] | undefined, persona: Persona, requestPath: string) {
  for (const rule of hidden ?? []) {
    if (!rule.from.includes(persona)) continue;
    const text = rule.text(f);
    expect(
      body.includes(text),
      `${requestPath} must not show ${JSON.stringify(text)} to ${PERSONA_LABELS[persona]}`,
    ).toBe(false);
  }
}

type GetCase = { title: string; row: RouteRow; variant: Variant; persona: Persona };

const getCases: GetCase[] = ROUTES.flatMap((row) => {
  const main: Variant = {
    name: "",
    params: row.params,
    query: row.query,
    get: row.get,
    hidden: row.hidden,
    shown: row.shown,
  };
  return [main, ...(row.variants ?? [])].flatMap((variant) =>
    PERSONAS.map((persona) => ({
      title: `GET ${row.path}${variant.name ? ` [${variant.name}]` : ""} as ${PERSONA_LABELS[persona]} → ${describeAnswer(variant.get[persona])}`,
      row,
      variant,
      persona,
    })),
  );
});

describe("GET: every route as every caller", () => {
  it.each(getCases.map((c) => [c.title, c] as const))("%s", async (_title, { row, variant, persona }) => {
    const requestPath = fill(row.path, variant.params?.(f) ?? {}) + (variant.query ?? "");
    const response = await portal.fetch(requestPath, { cookie: f.cookies[persona] });
    const body = await response.text();
    expectAnswer(response, variant.get[persona], persona, requestPath);
    await expectHidden(body, variant.hidden, persona, requestPath);
    for (const rule of variant.shown ?? []) {
      if (!rule.to.includes(persona)) continue;
      const text = rule.text(f);
      expect(
        body.includes(text),
        `${requestPath} should show ${JSON.stringify(text)} to ${PERSONA_LABELS[persona]}`,
      ).toBe(true);
    }
  });
});

type PostCase = {
  title: string;
  row: RouteRow;
  spec: PostSpec;
  persona: Persona;
  answer: Answer;
  admitted: boolean;
  params?: (f: PortalFixtures) => Params;
  fields: (f: PortalFixtures) => FormFields;
};

const postCases: PostCase[] = ROUTES.flatMap((row) => {
  const spec = row.post;
  if (typeof spec === "string") return [];
  const cases = PERSONAS.map((persona): PostCase => {
    const admitted = spec.admitted.includes(persona);
    const answer = admitted ? (spec.probeAnswer ?? 400) : spec.refused[persona];
    if (answer === undefined) throw new Error(`${row.file}: post says nothing about ${persona}`);
    if (admitted && spec.refused[persona] !== undefined)
      throw new Error(`${row.file}: ${persona} is both admitted and refused`);
    return {
      title: `POST ${row.path} as ${PERSONA_LABELS[persona]} → ${describeAnswer(answer)}${admitted ? " (an invalid form: let in, nothing written)" : ", nothing written"}`,
      row,
      spec,
      persona,
      answer,
      admitted,
      params: spec.params ?? row.params,
      fields: admitted ? (spec.probe ?? (() => ({}))) : spec.fields,
    };
  });
  const variants = (spec.variants ?? []).map((v): PostCase => ({
    title: `POST ${row.path} [${v.name}] as ${PERSONA_LABELS[v.persona]} → ${describeAnswer(v.answer)}, nothing written`,
    row,
    spec,
    persona: v.persona,
    answer: v.answer,
    admitted: false,
    params: v.params ?? spec.params ?? row.params,
    fields: v.fields,
  }));
  return [...cases, ...variants];
});

describe("POST: a refused caller changes nothing", () => {
  it.each(postCases.map((c) => [c.title, c] as const))(
    "%s",
    async (_title, { row, spec, persona, answer, admitted, params, fields }) => {
      const requestPath = fill(row.path, params?.(f) ?? {});
      const before = await writeLogPosition(testDb);
      const response = await portal.postForm(requestPath, fields(f), { cookie: f.cookies[persona] });
      await response.text();
      expectAnswer(response, answer, persona, requestPath);
      if (!(admitted && spec.probeWrites)) {
        expect(await tablesWrittenSince(testDb, before), `tables written by POST ${requestPath}`).toEqual([]);
      }
    },
  );

  const withoutAction = ROUTES.filter((row) => row.post === NO_ACTION);
  it.each(
    withoutAction.map((row) => [`POST ${row.path} (no action) → 405 for every caller, nothing written`, row] as const),
  )("%s", async (_title, row) => {
    const requestPath = fill(row.path, row.params?.(f) ?? {});
    const before = await writeLogPosition(testDb);
    for (const persona of PERSONAS) {
      const response = await portal.postForm(requestPath, { intent: "anything" }, { cookie: f.cookies[persona] });
      await response.text();
      expect(response.status, `${PERSONA_LABELS[persona]}: POST ${requestPath}`).toBe(405);
    }
    expect(await tablesWrittenSince(testDb, before)).toEqual([]);
  });
});

// --- People part-way through sign-in ----------------------------------------------------------------

type PartWay = "staffWithoutTwoFactor" | "twoFactorPending" | "unverified";
const PART_WAY_LABELS: Record<PartWay, string> = {
  staffWithoutTwoFactor: "staff without two-factor",
  twoFactorPending: "staff who has not yet entered the code",
  unverified: "supplier with an unconfirmed email",
};

const partWayCases: { who: PartWay; path: string; answer: Answer }[] = [
  // Staff must set up two-factor sign-in before anything else (no demo instance in tests).
  { who: "staffWithoutTwoFactor", path: "/staff", answer: { redirect: "/account/two-factor" } },
  { who: "staffWithoutTwoFactor", path: "/dashboard", answer: { redirect: "/account/two-factor" } },
  { who: "staffWithoutTwoFactor", path: "/account", answer: { redirect: "/account/two-factor" } },
  {
    who: "staffWithoutTwoFactor",
    path: "/staff/procurements/test-procurement/engagement.csv",
    answer: { redirect: "/account/two-factor" },
  },
  { who: "staffWithoutTwoFactor", path: "/account/two-factor", answer: 200 },
  { who: "twoFactorPending", path: "/staff", answer: { redirect: "/sign-in/two-factor" } },
  { who: "twoFactorPending", path: "/account/two-factor", answer: { redirect: "/sign-in/two-factor" } },
  { who: "twoFactorPending", path: "/sign-in/two-factor", answer: 200 },
  { who: "unverified", path: "/supplier", answer: { redirect: "/verify-email" } },
  { who: "unverified", path: "/organisation", answer: { redirect: "/verify-email" } },
  { who: "unverified", path: "/verify-email", answer: 200 },
];

describe("part-way through sign-in", () => {
  it.each(
    partWayCases.map((c) => [`GET ${c.path} as ${PART_WAY_LABELS[c.who]} → ${describeAnswer(c.answer)}`, c] as const),
  )("%s", async (_title, { who, path: requestPath, answer }) => {
    const response = await portal.fetch(requestPath, { cookie: f.partialCookies[who] });
    await response.text();
    expectAnswer(response, answer, "staff", requestPath);
  });

  it("public pages treat someone part-way through sign-in as signed out, without secrets", async () => {
    for (const who of Object.keys(PART_WAY_LABELS) as PartWay[]) {
      const response = await portal.fetch(`/procurements/test-procurement/sessions/${f.sessions.webinar.id}`, {
        cookie: f.partialCookies[who],
      });
      expect(response.status).toBe(200);
      expect(await response.text()).not.toContain(f.secrets.joiningLink);
    }
  });

  it("POST /staff/procurements/new as staff without two-factor → 302 to /account/two-factor, nothing written", async () => {
    const before = await writeLogPosition(testDb);
    const response = await portal.postForm("/staff/procurements/new", validProcurement("no-two-factor"), {
      cookie: f.partialCookies.staffWithoutTwoFactor,
    });
    expectAnswer(response, { redirect: "/account/two-factor" }, "staff", "/staff/procurements/new");
    expect(await tablesWrittenSince(testDb, before)).toEqual([]);
  });

  it("POST /staff/procurements/:slug/sessions/:sessionId as staff awaiting the code → 302 to /sign-in/two-factor, nothing written", async () => {
    const before = await writeLogPosition(testDb);
    const requestPath = `/staff/procurements/test-procurement/sessions/${f.sessions.webinar.id}`;
    const response = await portal.postForm(
      requestPath,
      { intent: "cancel", reason: "Not yet signed in" },
      {
        cookie: f.partialCookies.twoFactorPending,
      },
    );
    expectAnswer(response, { redirect: "/sign-in/two-factor" }, "staff", requestPath);
    expect(await tablesWrittenSince(testDb, before)).toEqual([]);
  });
});

// --- The matrix keeps up with app/routes -------------------------------------------------------------

/** The URL a Remix v2 flat-routes file serves: `a.$b_.c[.]d.tsx` → `/a/:b/c.d`. */
function pathOfRouteFile(file: string): string {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "").replace(/\[\.\]/g, "\u0000");
  const segments = name
    .split(".")
    .map((s) => s.replace(/\u0000/g, "."))
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => s.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1"))
    .map((s) => (s === "$" ? "*" : s.startsWith("$") ? `:${s.slice(1)}` : s));
  return `/${segments.join("/")}`;
}

describe("the matrix itself", () => {
  it("has a row for every route file in app/routes, and none for files that are gone", async () => {
    const entries = await readdir(path.join(projectRoot(), "app", "routes"), { withFileTypes: true });
    const files = entries.map((e) => e.name).filter((name) => !name.startsWith("."));
    const rows = ROUTES.map((r) => r.file);
    expect(
      files.filter((name) => !rows.includes(name)),
      "route files with no row in ROUTES (tests/integration/access-control.test.ts): every new route joins the matrix",
    ).toEqual([]);
    expect(
      rows.filter((name) => !files.includes(name)),
      "rows for route files that no longer exist",
    ).toEqual([]);
    expect(
      rows.filter((name, i) => rows.indexOf(name) !== i),
      "route files with more than one row",
    ).toEqual([]);
  });

  it("names each row's path as its file serves it", () => {
    const wrong = ROUTES.filter((r) => pathOfRouteFile(r.file) !== r.path).map(
      (r) => `${r.file}: row says ${r.path}, file serves ${pathOfRouteFile(r.file)}`,
    );
    expect(wrong).toEqual([]);
  });
});
