// Organisations, people, their sessions, the one-time tokens that verify, invite and reset them, and the sign-in throttle.
import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const roleEnum = pgEnum("role", ["supplier", "staff", "evaluator", "admin"]);

export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    legalName: text("legal_name").notNull(),
    tradingNames: text("trading_names").notNull().default(""),
    companiesHouseNumber: text("companies_house_number").notNull(),
    dunsNumber: text("duns_number"),
    addressLine1: text("address_line1").notNull(),
    addressLine2: text("address_line2"),
    town: text("town").notNull(),
    postcode: text("postcode").notNull(),
    isSme: boolean("is_sme").notNull().default(false),
    isVcse: boolean("is_vcse").notNull().default(false),
    contactName: text("contact_name").notNull(),
    contactEmail: text("contact_email").notNull(),
    contactPhone: text("contact_phone"),
    website: text("website"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("organisations_companies_house_number_key").on(t.companiesHouseNumber)],
);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    isOrganisationAdmin: boolean("is_organisation_admin").notNull().default(false),
    passwordHash: text("password_hash"),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    totpLastCounter: integer("totp_last_counter"),
    // Seeded demo accounts may skip two-factor sign-in, on the demo only (DEMO=true, `npm start`).
    isDemoAccount: boolean("is_demo_account").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    index("users_organisation_idx").on(t.organisationId),
  ],
);

// Lucia sessions; `id` holds the SHA-256 of the session token, never the token itself.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    twoFactorVerified: boolean("two_factor_verified").notNull().default(false),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const tokenPurposeEnum = pgEnum("token_purpose", [
  "verify_email",
  "reset_password",
  "invitation",
  // Past the cap of failures from all addresses, a right password also needs this emailed link.
  "sign_in_confirmation",
  // A short code emailed at a privileged account's first two-factor enrolment: the mailbox is theirs.
  "mailbox_proof",
]);

export const accountTokens = pgTable(
  "account_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    purpose: tokenPurposeEnum("purpose").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    // Short codes only: wrong entries so far (the code ends once too many are wrong), and the
    // session (its digest) in which the right one was entered, the only one it then vouches for.
    failedAttempts: integer("failed_attempts").notNull().default(0),
    enteredInSession: text("entered_in_session"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("account_tokens_hash_key").on(t.tokenHash)],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

export const throttleKindEnum = pgEnum("throttle_kind", [
  "sign_in_failure",
  "second_factor_failure",
  "password_reset_email",
  "sign_in_link_email",
]);

// The sign-in throttle's counters (decision 018): failed sign-ins per account from one client
// address, per address and per account from everywhere, and the emails sent per account and per
// address. "" in `account` (a lower-cased email address) or `address` means "any".
export const throttleCounters = pgTable(
  "throttle_counters",
  {
    kind: throttleKindEnum("kind").notNull(),
    account: text("account").notNull().default(""),
    address: text("address").notNull().default(""),
    count: integer("count").notNull().default(0),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.account, t.address] }),
    index("throttle_counters_account_idx").on(t.account),
    index("throttle_counters_last_at_idx").on(t.lastAt),
  ],
);

// A repeated form post carries the same key; the first one to commit wins.
export const idempotencyKeys = pgTable("idempotency_keys", {
  key: text("key").primaryKey(),
  userId: uuid("user_id"),
  resultLocation: text("result_location"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
