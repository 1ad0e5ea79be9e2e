// Clarification questions, their drafted and published answers (versioned, numbered per
// procurement), the numbering counter, and the queue of answers waiting to go out in a digest.
import { sql, type SQL } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organisations, users } from "./accounts";
import { procurements } from "./procurements";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const clarificationStatusEnum = pgEnum("clarification_status", [
  "submitted",
  "in_review",
  "answer_drafted",
  "approved",
  "published",
  "answered_privately",
  "rejected",
  "withdrawn",
]);

export const clarificationAudienceEnum = pgEnum("clarification_audience", ["all", "organisation"]);
export const confidentialDecisionEnum = pgEnum("clarification_confidential_decision", ["accepted", "refused"]);

export const clarificationQuestions = pgTable(
  "clarification_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procurementId: uuid("procurement_id")
      .notNull()
      .references(() => procurements.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    askedByUserId: uuid("asked_by_user_id")
      .notNull()
      .references(() => users.id),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    documentRef: text("document_ref"),
    sectionRef: text("section_ref"),
    confidentialRequested: boolean("confidential_requested").notNull().default(false),
    confidentialReason: text("confidential_reason"),
    confidentialDecision: confidentialDecisionEnum("confidential_decision"),
    confidentialDecisionNote: text("confidential_decision_note"),
    status: clarificationStatusEnum("status").notNull().default("submitted"),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id),
    // The question as it will be published, without the asker's identity, and the answer.
    anonymisedQuestion: text("anonymised_question"),
    answer: text("answer"),
    // Identifying-text flags the drafter has looked at and confirmed are fine to publish.
    confirmedFlags: jsonb("confirmed_flags").$type<string[]>().notNull().default([]),
    draftedByUserId: uuid("drafted_by_user_id").references(() => users.id),
    draftedAt: timestamp("drafted_at", { withTimezone: true }),
    approvedByUserId: uuid("approved_by_user_id").references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    reviewComment: text("review_comment"),
    // An amendment to a sent answer waits here until a second member of staff approves it.
    proposedQuestion: text("proposed_question"),
    proposedAnswer: text("proposed_answer"),
    proposedReason: text("proposed_reason"),
    proposedFlags: jsonb("proposed_flags").$type<string[]>().notNull().default([]),
    proposedByUserId: uuid("proposed_by_user_id").references(() => users.id),
    proposedAt: timestamp("proposed_at", { withTimezone: true }),
    rejectionReason: text("rejection_reason"),
    // A repeated form post (double click, resubmitted page) finds the question it already made.
    idempotencyKey: text("idempotency_key"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    index("clarification_questions_procurement_status_idx").on(t.procurementId, t.status),
    index("clarification_questions_organisation_idx").on(t.organisationId, t.procurementId),
    uniqueIndex("clarification_questions_idempotency_key").on(t.askedByUserId, t.idempotencyKey),
  ],
);

/**
 * Every version of every answer sent out. Answers to all carry the procurement's next public number
 * (CQ-001…); private answers carry none, so the public sequence has no gaps. A new version is a new
 * row: nothing here is edited in place except `current`, which moves to the newest version.
 */
export const clarificationAnswers = pgTable(
  "clarification_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procurementId: uuid("procurement_id")
      .notNull()
      .references(() => procurements.id),
    questionId: uuid("question_id")
      .notNull()
      .references(() => clarificationQuestions.id),
    audience: clarificationAudienceEnum("audience").notNull(),
    // Private answers only: the asking organisation, the one organisation that may read it.
    organisationId: uuid("organisation_id").references(() => organisations.id),
    number: integer("number"),
    version: integer("version").notNull(),
    current: boolean("current").notNull().default(true),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    documentRef: text("document_ref"),
    sectionRef: text("section_ref"),
    firstPublishedAt: timestamp("first_published_at", { withTimezone: true }).notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    publishedByUserId: uuid("published_by_user_id").references(() => users.id),
    amendmentReason: text("amendment_reason"),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${clarificationAnswers.question}, '')), 'A') || setweight(to_tsvector('english', coalesce(${clarificationAnswers.answer}, '')), 'B') || setweight(to_tsvector('english', coalesce(${clarificationAnswers.documentRef}, '') || ' ' || coalesce(${clarificationAnswers.sectionRef}, '')), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex("clarification_answers_number_version_key").on(t.procurementId, t.number, t.version),
    uniqueIndex("clarification_answers_question_version_key").on(t.questionId, t.version),
    index("clarification_answers_log_idx")
      .on(t.procurementId, t.firstPublishedAt.desc())
      .where(sql`${t.current}`),
    index("clarification_answers_search_idx").using("gin", t.search),
  ],
);

/** The last public number given on each procurement; publishing increments it in its transaction. */
export const clarificationCounters = pgTable("clarification_counters", {
  procurementId: uuid("procurement_id")
    .primaryKey()
    .references(() => procurements.id),
  lastNumber: integer("last_number").notNull().default(0),
});

export const clarificationDigestKindEnum = pgEnum("clarification_digest_kind", ["published", "amended"]);

/** Answers to all waiting to be emailed: a housekeeping job sends them as one digest per recipient. */
export const clarificationDigestItems = pgTable(
  "clarification_digest_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procurementId: uuid("procurement_id")
      .notNull()
      .references(() => procurements.id),
    answerId: uuid("answer_id")
      .notNull()
      .references(() => clarificationAnswers.id),
    kind: clarificationDigestKindEnum("kind").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    index("clarification_digest_pending_idx")
      .on(t.procurementId, t.createdAt)
      .where(sql`sent_at is null`),
  ],
);
