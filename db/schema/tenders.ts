// The tender of a procurement: its questionnaire (edited as sections and questions, fixed at each
// publication as a numbered version), its documents, the suppliers' bids with their answers and
// files, every submission (sealed until the two-person opening), and the late-bids register.
// The bid deadline is the procurement's `bid_deadline`: one date, shown on the timeline too.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organisations, users } from "./accounts";
import { storedFiles } from "./files";
import { procurements } from "./procurements";

export const tenderQuestionKindEnum = pgEnum("tender_question_kind", ["pass_fail", "text", "file", "price"]);
export const tenderDocumentKindEnum = pgEnum("tender_document_kind", [
  "specification",
  "draft_contract",
  "pricing_instructions",
  "other",
]);
export const bidStatusEnum = pgEnum("bid_status", ["draft", "submitted", "withdrawn"]);

export const tenders = pgTable(
  "tenders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procurementId: uuid("procurement_id")
      .notNull()
      .references(() => procurements.id),
    // The number of the latest published questionnaire version; 0 while never published.
    publishedVersion: integer("published_version").notNull().default(0),
    // True when the editable questionnaire differs from the latest published version.
    hasUnpublishedChanges: boolean("has_unpublished_changes").notNull().default(true),
    // Opening needs two different members of staff: the first asks, the second confirms.
    openingRequestedByUserId: uuid("opening_requested_by_user_id").references(() => users.id),
    openingRequestedAt: timestamp("opening_requested_at", { withTimezone: true }),
    openedByUserId: uuid("opened_by_user_id").references(() => users.id),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // Optimistic locking of staff edits to the tender and its questionnaire.
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("tenders_procurement_key").on(t.procurementId),
    check(
      "tenders_two_person_opening",
      sql`${t.openedByUserId} is null or ${t.openedByUserId} <> ${t.openingRequestedByUserId}`,
    ),
  ],
);

/** The editable questionnaire: ordered sections… */
export const tenderSections = pgTable(
  "tender_sections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [index("tender_sections_tender_idx").on(t.tenderId, t.position)],
);

/**
 * …each with ordered questions. A question's id is its stable key: answers refer to it, so that an
 * answer carries over an amendment that leaves the question in place.
 */
export const tenderQuestions = pgTable(
  "tender_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => tenderSections.id),
    position: integer("position").notNull(),
    kind: tenderQuestionKindEnum("kind").notNull(),
    title: text("title").notNull(),
    guidance: text("guidance").notNull().default(""),
    required: boolean("required").notNull().default(true),
    // Scored questions (text, file, price) carry a weight in percent; every weight adds up to 100.
    // Pass/fail questions gate and carry none.
    weight: numeric("weight", { precision: 5, scale: 2 }),
    // text: the word limit.
    wordLimit: integer("word_limit"),
    // file: the allowed MIME types (from storage's MIME list) and the size limit.
    allowedTypes: text("allowed_types").array(),
    maxBytes: bigint("max_bytes", { mode: "number" }),
    // price: the line items [{ key, description, unit, quantity }]; the bidder gives unit prices.
    priceItems: jsonb("price_items").$type<PriceItem[]>(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [index("tender_questions_section_idx").on(t.sectionId, t.position)],
);

export type PriceItem = { key: string; description: string; unit: string; quantity: number };

/** A published questionnaire, fixed: what bidders answered, with the amendment's reason. */
export const tenderVersions = pgTable(
  "tender_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    number: integer("number").notNull(),
    // Null for the first publication; the reason for every amendment after it.
    reason: text("reason"),
    // The sections, questions and documents as published (see app/tenders for the shape).
    questionnaire: jsonb("questionnaire").notNull(),
    publishedByUserId: uuid("published_by_user_id")
      .notNull()
      .references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tender_versions_number_key").on(t.tenderId, t.number)],
);

/** The buyer's tender documents (specification, draft contract, pricing instructions). */
export const tenderDocuments = pgTable(
  "tender_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    kind: tenderDocumentKindEnum("kind").notNull(),
    title: text("title").notNull(),
    fileId: uuid("file_id")
      .notNull()
      .references(() => storedFiles.id),
    addedByUserId: uuid("added_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // A replaced or withdrawn document stays on record; the next published version leaves it out.
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [index("tender_documents_tender_idx").on(t.tenderId)],
);

/** One bid per organisation per tender: its working draft, editable by any of its users. */
export const bids = pgTable(
  "bids",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    status: bidStatusEnum("status").notNull().default("draft"),
    // The questionnaire version the bidder last reviewed their answers against; lower than the
    // tender's published version after an amendment, until the bidder reviews.
    reviewedVersion: integer("reviewed_version").notNull(),
    createdByUserId: uuid("created_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("bids_tender_organisation_key").on(t.tenderId, t.organisationId)],
);

/** A draft answer to one question; `version` makes a colleague's concurrent save visible. */
export const bidAnswers = pgTable(
  "bid_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id),
    questionId: uuid("question_id")
      .notNull()
      .references(() => tenderQuestions.id),
    // pass_fail: { answer: "yes" | "no", evidence }; text: { text }; price: { unitPrices: { [key]: "12.50" } }.
    value: jsonb("value").notNull(),
    updatedByUserId: uuid("updated_by_user_id")
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("bid_answers_question_key").on(t.bidId, t.questionId)],
);

/** Files attached to a file-upload question of a draft bid. */
export const bidFiles = pgTable(
  "bid_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id),
    questionId: uuid("question_id")
      .notNull()
      .references(() => tenderQuestions.id),
    fileId: uuid("file_id")
      .notNull()
      .references(() => storedFiles.id),
    addedByUserId: uuid("added_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [index("bid_files_bid_idx").on(t.bidId, t.questionId)],
);

/**
 * Every submission of a bid, kept: the frozen content (every answer, every file's SHA-256) in the
 * canonical form the receipt digest is computed over. Sealed: read only through app/bids, which
 * refuses everyone but the bidding organisation until the tender is opened.
 */
export const bidSubmissions = pgTable(
  "bid_submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    // 1, 2, … per bid: a resubmission is a new row.
    sequence: integer("sequence").notNull(),
    // The receipt reference shown to the bidder, unique across the portal.
    reference: text("reference").notNull(),
    tenderVersion: integer("tender_version").notNull(),
    content: jsonb("content").notNull(),
    // SHA-256 (hex) over the canonical form of `content`.
    digest: text("digest").notNull(),
    // Set by the client for each submit form; a retried or double-clicked submit finds its row.
    idempotencyKey: text("idempotency_key").notNull(),
    submittedByUserId: uuid("submitted_by_user_id")
      .notNull()
      .references(() => users.id),
    // The time that counts: when the portal received the complete submit request (decision 026).
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    // When the submitting transaction wrote it (later than the received time by the queue, the
    // locks and any retries); kept for the record, outside the digest.
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    // Set when the bidder withdraws it or a later submission replaces it.
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawnByUserId: uuid("withdrawn_by_user_id").references(() => users.id),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("bid_submissions_sequence_key").on(t.bidId, t.sequence),
    uniqueIndex("bid_submissions_reference_key").on(t.reference),
    uniqueIndex("bid_submissions_idempotency_key").on(t.bidId, t.idempotencyKey),
    index("bid_submissions_tender_idx").on(t.tenderId),
  ],
);

export const submitRequestStatusEnum = pgEnum("bid_submission_request_status", ["received", "finished", "refused"]);

/**
 * Each submit request received before the deadline, recorded at once in its own small transaction
 * (no bid content: the content is frozen when the request is finished). "received" until the
 * submitting transaction makes the submission ("finished", in that same transaction) or refuses it
 * ("refused", with the refusal); a request left "received" is finished by housekeeping, and the
 * opening waits for it (decision 026).
 */
export const bidSubmissionRequests = pgTable(
  "bid_submission_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    idempotencyKey: text("idempotency_key").notNull(),
    // The tender version the bidder submitted against.
    tenderVersion: integer("tender_version").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    status: submitRequestStatusEnum("status").notNull().default("received"),
    submissionId: uuid("submission_id").references(() => bidSubmissions.id),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    // The refusal's field errors, as shown to the bidder.
    refusal: jsonb("refusal"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("bid_submission_requests_idempotency_key").on(t.bidId, t.idempotencyKey),
    index("bid_submission_requests_tender_status_idx").on(t.tenderId, t.status),
  ],
);

/** The late-bids register: each submit refused because the deadline had passed. */
export const lateBidAttempts = pgTable(
  "late_bid_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull(),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
  },
  (t) => [index("late_bid_attempts_tender_idx").on(t.tenderId)],
);
