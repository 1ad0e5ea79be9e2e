// Finds text that may identify the supplier who asked a clarification question: its names, its
// people, their email addresses, phone numbers, web addresses and its Companies House number.
// Pure, so the drafting page flags as staff type and the server checks again before publishing.

export type AskerIdentity = {
  legalName: string;
  /** Comma-, semicolon- or line-separated, as organisations record them. */
  tradingNames: string;
  companiesHouseNumber: string;
  people: { name: string; email: string }[];
  phones: string[];
  websites: string[];
};

export type FlagKind = "organisation" | "trading-name" | "person" | "email" | "phone" | "web" | "company-number";

export type IdentifyingFlag = {
  /** Stable across edits, so a confirmation survives re-saving the same text. */
  key: string;
  kind: FlagKind;
  label: string;
  /** The text as it appears. */
  text: string;
  /** Which fields it appears in. */
  fields: string[];
};

const LABELS: Record<FlagKind, string> = {
  organisation: "The asking organisation's name",
  "trading-name": "A trading name of the asking organisation",
  person: "The name of someone at the asking organisation",
  email: "An email address",
  phone: "A phone number",
  web: "A web address",
  "company-number": "A Companies House number",
};

// Mail providers and public-sector hosts say nothing about who asked.
const GENERIC_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.co.uk",
  "yahoo.com",
  "yahoo.co.uk",
  "icloud.com",
  "live.com",
  "btinternet.com",
  "nhs.net",
]);
const PUBLIC_HOST = /(^|\.)(nhs\.uk|gov\.uk|nhs\.net|legislation\.gov\.uk|ihe\.net|hl7\.org|dicomstandard\.org)$/i;

const COMPANY_SUFFIX = /[\s,]+(limited|ltd\.?|plc|llp|l\.l\.p\.|cic|inc\.?)$/i;

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function normalise(text: string) {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function hostOf(address: string): string | null {
  const trimmed = address.trim().replace(/[).,;:]+$/, "");
  if (!trimmed) return null;
  try {
    const url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
    return url.hostname.replace(/^www\./i, "").toLowerCase() || null;
  } catch {
    return null;
  }
}

/** A literal term, matched whole (not inside a longer word), case-insensitively, any spacing. */
function termPattern(term: string): RegExp {
  const body = term.trim().split(/\s+/).map(escapeRegExp).join("\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "giu");
}

type Term = { kind: FlagKind; text: string; key?: string };

function identityTerms(identity: AskerIdentity): Term[] {
  const terms: Term[] = [];
  const add = (kind: FlagKind, text: string | null | undefined, key?: string) => {
    const value = text?.trim();
    if (value && value.length >= 3) terms.push({ kind, text: value, key });
  };
  add("organisation", identity.legalName);
  const shortName = identity.legalName.replace(COMPANY_SUFFIX, "").trim();
  if (shortName !== identity.legalName.trim()) add("organisation", shortName);
  for (const name of identity.tradingNames.split(/[,;\n]/)) add("trading-name", name);
  for (const person of identity.people) {
    add("person", person.name);
    add("email", person.email);
    const domain = person.email.split("@")[1]?.toLowerCase();
    if (domain && !GENERIC_MAIL_DOMAINS.has(domain)) add("web", domain, `web:${domain}`);
  }
  for (const phone of identity.phones) add("phone", phone, `phone:${phone.replace(/\D/g, "")}`);
  for (const site of identity.websites) {
    const host = hostOf(site);
    if (host) add("web", host, `web:${host}`);
  }
  add("company-number", identity.companiesHouseNumber, `company-number:${normalise(identity.companiesHouseNumber)}`);
  return terms;
}

// Each pattern starts only where a token starts, so a long run of letters costs one attempt, not one per letter.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[a-z]{2,}/giu;
const WEB =
  /(?<![a-z0-9.-])(?:https?:\/\/[^\s<>"']+|www\.[^\s<>"']+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co\.uk|org\.uk|org|net|io|ai|health|tech|uk|eu)\b(?:\/[^\s<>"']*)?)/gi;
// UK numbers as people write them: 0113 496 0000, (0131) 4960000, +44 20 7946 0000.
const PHONE = /(?<![\d\p{L}])(?:\+44\s?\(?0?\)?\s?\d|\(?0\d)[\d\s()-]{7,14}\d(?!\d)/gu;
const COMPANY_NUMBER = /\b(?:[A-Z]{2}\d{6}|\d{8})\b/g;

// Longer than any field the portal stores; a pasted novel is checked only this far.
const MAX_CHECKED_CHARS = 20_000;

/** Every flag in the given fields' text (e.g. { anonymisedQuestion, answer }). */
export function findIdentifyingText(given: Record<string, string>, identity: AskerIdentity): IdentifyingFlag[] {
  const fields = Object.fromEntries(
    Object.entries(given).map(([field, text]) => [field, (text ?? "").slice(0, MAX_CHECKED_CHARS)]),
  );
  const flags = new Map<string, IdentifyingFlag>();
  const record = (kind: FlagKind, key: string, text: string, field: string) => {
    const existing = flags.get(key);
    if (existing) {
      if (!existing.fields.includes(field)) existing.fields.push(field);
      return;
    }
    flags.set(key, { key, kind, label: LABELS[kind], text, fields: [field] });
  };
  const terms = identityTerms(identity);
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    for (const term of terms) {
      for (const match of text.matchAll(termPattern(term.text))) {
        record(term.kind, term.key ?? `${term.kind}:${normalise(term.text)}`, match[0], field);
      }
    }
    for (const match of text.matchAll(EMAIL)) record("email", `email:${normalise(match[0])}`, match[0], field);
    for (const match of text.matchAll(WEB)) {
      if (match[0].includes("@") || new RegExp(`@${escapeRegExp(match[0])}`, "i").test(text)) continue;
      const host = hostOf(match[0]);
      if (!host || PUBLIC_HOST.test(host)) continue;
      record("web", `web:${host}`, match[0].replace(/[).,;:]+$/, ""), field);
    }
    for (const match of text.matchAll(PHONE)) {
      const digits = match[0].replace(/\D/g, "");
      if (digits.length < 10 || digits.length > 13) continue;
      record("phone", `phone:${digits}`, match[0].trim(), field);
    }
    for (const match of text.matchAll(COMPANY_NUMBER)) {
      record("company-number", `company-number:${normalise(match[0])}`, match[0], field);
    }
  }
  // A longer flag that contains a shorter one at the same place says it once ("Radiant AI Ltd"
  // flags the legal name; "Radiant AI" inside it is the same finding).
  const all = [...flags.values()];
  return all.filter(
    (flag) =>
      !all.some(
        (other) =>
          other !== flag &&
          other.text.length > flag.text.length &&
          other.kind !== "email" &&
          normalise(other.text).includes(normalise(flag.text)) &&
          flag.fields.every((f) => other.fields.includes(f)) &&
          countOccurrences(fields, flag.text) === countOccurrences(fields, other.text),
      ),
  );
}

function countOccurrences(fields: Record<string, string>, text: string) {
  const pattern = termPattern(text);
  return Object.values(fields).reduce((n, value) => n + [...(value ?? "").matchAll(pattern)].length, 0);
}

/** The flags the drafter has not confirmed. */
export function unconfirmedFlags(flags: IdentifyingFlag[], confirmed: readonly string[]): IdentifyingFlag[] {
  const set = new Set(confirmed);
  return flags.filter((flag) => !set.has(flag.key));
}
