// Procurements, their stage dates, and the supplier organisations that registered interest.
import { date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./accounts";

export const procurements = pgTable(
  "procurements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    description: text("description").notNull().default(""),
    // Estimated total value in pounds, excluding VAT (published in the tender and in OCDS).
    estimatedValue: numeric("estimated_value", { precision: 14, scale: 2 }),
    cpvCode: text("cpv_code"),
    discoveryStartsAt: timestamp("discovery_starts_at", { withTimezone: true }),
    engagementStartsAt: timestamp("engagement_starts_at", { withTimezone: true }),
    engagementClosesAt: timestamp("engagement_closes_at", { withTimezone: true }),
    tenderPublishedAt: timestamp("tender_published_at", { withTimezone: true }),
    clarificationDeadline: timestamp("clarification_deadline", { withTimezone: true }),
    bidDeadline: timestamp("bid_deadline", { withTimezone: true }),
    evaluationStartsAt: timestamp("evaluation_starts_at", { withTimezone: true }),
    awardAt: timestamp("award_at", { withTimezone: true }),
    standstillEndsAt: timestamp("standstill_ends_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    // The last day the s.98 records must be kept (UK date). Null: 3 years after the award notice
    // (app/transparency/retention.server.ts); set to keep them longer (a dispute, an audit).
    retentionEndsOn: date("retention_ends_on", { mode: "string" }),
    engagementContactEmail: text("engagement_contact_email").notNull().default("ai-lab-commercial@example.nhs.uk"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("procurements_slug_key").on(t.slug)],
);

export const procurementInterests = pgTable(
  "procurement_interests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procurementId: uuid("procurement_id")
      .notNull()
      .references(() => procurements.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    registeredByUserId: uuid("registered_by_user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("procurement_interests_key").on(t.procurementId, t.organisationId),
    index("procurement_interests_org_idx").on(t.organisationId),
  ],
);
