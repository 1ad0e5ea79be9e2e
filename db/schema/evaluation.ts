// Evaluation of an opened tender: who evaluates what, their conflict-of-interest declarations,
// their independent scores, the moderator's consensus, and the award with its standstill date.
// Price questions are scored by formula (app/evaluation/ranking.ts), never by an evaluator.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { bids, tenderQuestions, tenders } from "./tenders";

export const tieBreakEnum = pgEnum("evaluation_tie_break", ["quality", "price"]);

/** How a tender is evaluated: the score scale and the tie-break rule stated in the tender. */
export const evaluationRules = pgTable("evaluation_rules", {
  tenderId: uuid("tender_id")
    .primaryKey()
    .references(() => tenders.id),
  // Scores run 0..scaleMax (default 0–4: unacceptable, poor, satisfactory, good, excellent).
  scaleMax: integer("scale_max").notNull().default(4),
  // Equal totals: the higher quality score wins ("quality") or the lower price ("price").
  tieBreak: tieBreakEnum("tie_break").notNull().default("quality"),
  // A justification must say at least this much about the bid.
  justificationMinChars: integer("justification_min_chars").notNull().default(50),
});

/**
 * An evaluator on a tender's panel, for every section (sectionIds null) or some. Removing an
 * evaluator keeps the row (removedAt) and every score they gave.
 */
export const evaluatorAssignments = pgTable(
  "evaluator_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    evaluatorUserId: uuid("evaluator_user_id")
      .notNull()
      .references(() => users.id),
    // tender_sections ids; null means every section.
    sectionIds: uuid("section_ids").array(),
    assignedByUserId: uuid("assigned_by_user_id")
      .notNull()
      .references(() => users.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("evaluator_assignments_active_key")
      .on(t.tenderId, t.evaluatorUserId)
      .where(sql`${t.removedAt} is null`),
  ],
);

/**
 * An evaluator's conflict-of-interest declaration for one bid, made before any of it is shown.
 * A declared conflict removes them from that bid; staff see every declaration in the register.
 */
export const conflictDeclarations = pgTable(
  "conflict_declarations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id),
    evaluatorUserId: uuid("evaluator_user_id")
      .notNull()
      .references(() => users.id),
    hasConflict: boolean("has_conflict").notNull(),
    details: text("details").notNull().default(""),
    declaredAt: timestamp("declared_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("conflict_declarations_key").on(t.bidId, t.evaluatorUserId),
    check("conflict_declarations_details", sql`not ${t.hasConflict} or length(${t.details}) > 0`),
  ],
);

/**
 * One evaluator's mark for one question of one bid: a score (scored questions) or pass/fail, with
 * a justification. A draft until the evaluator submits their marks for the bid; never changed after.
 */
export const evaluationScores = pgTable(
  "evaluation_scores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id),
    questionId: uuid("question_id")
      .notNull()
      .references(() => tenderQuestions.id),
    evaluatorUserId: uuid("evaluator_user_id")
      .notNull()
      .references(() => users.id),
    score: integer("score"),
    pass: boolean("pass"),
    justification: text("justification").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("evaluation_scores_key").on(t.bidId, t.questionId, t.evaluatorUserId),
    index("evaluation_scores_tender_idx").on(t.tenderId),
    check("evaluation_scores_one_mark", sql`(${t.score} is null) <> (${t.pass} is null)`),
  ],
);

/** The moderator's consensus for one question of one bid, next to the individual scores it leaves unchanged. */
export const moderatedScores = pgTable(
  "moderated_scores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id),
    questionId: uuid("question_id")
      .notNull()
      .references(() => tenderQuestions.id),
    score: integer("score"),
    pass: boolean("pass"),
    rationale: text("rationale").notNull(),
    moderatorUserId: uuid("moderator_user_id")
      .notNull()
      .references(() => users.id),
    agreedAt: timestamp("agreed_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("moderated_scores_key").on(t.bidId, t.questionId),
    check("moderated_scores_one_mark", sql`(${t.score} is null) <> (${t.pass} is null)`),
  ],
);

/** The award decision: the winning bid, the award notice date and the standstill end it gives. */
export const awards = pgTable(
  "awards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenderId: uuid("tender_id")
      .notNull()
      .references(() => tenders.id),
    bidId: uuid("bid_id")
      .notNull()
      .references(() => bids.id),
    rationale: text("rationale").notNull(),
    decidedByUserId: uuid("decided_by_user_id")
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
    // The day the award notice is published (UK date); standstill ends 8 working days after it.
    noticeDate: date("notice_date", { mode: "string" }).notNull(),
    standstillEndsOn: date("standstill_ends_on", { mode: "string" }).notNull(),
    // When staff sent every bidder its assessment summary (all at once).
    summariesSentAt: timestamp("summaries_sent_at", { withTimezone: true }),
    summariesSentByUserId: uuid("summaries_sent_by_user_id").references(() => users.id),
  },
  (t) => [uniqueIndex("awards_tender_key").on(t.tenderId)],
);
