// Discovery findings (opportunities and blockers), staff-added themes and supplier responses.
import { sql, type SQL } from "drizzle-orm";
import { customType, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./accounts";
import { procurements } from "./procurements";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const findingKindEnum = pgEnum("finding_kind", ["opportunity", "blocker"]);
export const findingImpactEnum = pgEnum("finding_impact", ["low", "medium", "high"]);
export const findingStatusEnum = pgEnum("finding_status", ["draft", "published", "archived"]);

export const findings = pgTable(
  "findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procurementId: uuid("procurement_id")
      .notNull()
      .references(() => procurements.id),
    title: text("title").notNull(),
    kind: findingKindEnum("kind").notNull(),
    theme: text("theme").notNull(),
    description: text("description").notNull(),
    evidenceSource: text("evidence_source").notNull(),
    evidenceCount: integer("evidence_count").notNull().default(1),
    impact: findingImpactEnum("impact").notNull(),
    status: findingStatusEnum("status").notNull().default("draft"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${findings.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${findings.theme}, '') || ' ' || coalesce(${findings.description}, '')), 'B') || setweight(to_tsvector('english', coalesce(${findings.evidenceSource}, '')), 'C')`,
    ),
  },
  (t) => [
    index("findings_procurement_status_idx").on(t.procurementId, t.status),
    index("findings_search_idx").using("gin", t.search),
  ],
);

export const findingThemes = pgTable(
  "finding_themes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procurementId: uuid("procurement_id")
      .notNull()
      .references(() => procurements.id),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("finding_themes_key").on(t.procurementId, sql`lower(${t.name})`)],
);

export const findingResponses = pgTable(
  "finding_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("finding_responses_finding_idx").on(t.findingId)],
);
