// The append-only, hash-chained audit log (Procurement Act 2023 s.98 records): the events, written
// by the transactions that make the changes they record, and the chain's links, appended after
// them in seq order by one linker at a time (docs/decisions/027).
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid("actor_user_id"),
    actorEmail: text("actor_email"),
    organisationId: uuid("organisation_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    procurementId: uuid("procurement_id"),
    ip: text("ip"),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_subject_idx").on(t.subjectType, t.subjectId),
    index("audit_events_procurement_idx").on(t.procurementId),
  ],
);

/**
 * One link of the chain per linked event: the hash of the event's content with `prevHash`, the
 * hash of the link before it (the event `prevSeq`; events between them were rolled back).
 */
export const auditLinks = pgTable(
  "audit_links",
  {
    seq: bigint("seq", { mode: "number" })
      .primaryKey()
      .references(() => auditEvents.seq),
    prevSeq: bigint("prev_seq", { mode: "number" }),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
    linkedAt: timestamp("linked_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex("audit_links_prev_seq_idx").on(t.prevSeq)],
);
