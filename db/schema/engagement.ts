// Preliminary market engagement: sessions (webinars, in-person days, 1:1 slots), registrations
// with a waitlist, attendance, and the materials published to every interested supplier.
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./accounts";
import { storedFiles } from "./files";
import { procurements } from "./procurements";

export const engagementKindEnum = pgEnum("engagement_kind", ["webinar", "in_person", "one_to_one"]);
export const engagementStatusEnum = pgEnum("engagement_status", ["scheduled", "cancelled"]);
export const registrationStatusEnum = pgEnum("registration_status", ["confirmed", "waitlisted", "cancelled"]);
export const materialKindEnum = pgEnum("material_kind", ["file", "notes", "question_answer", "summary"]);

export const engagementSessions = pgTable(
  "engagement_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    procurementId: uuid("procurement_id")
      .notNull()
      .references(() => procurements.id),
    kind: engagementKindEnum("kind").notNull(),
    title: text("title").notNull(),
    agenda: text("agenda").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    // Attendees in all (webinar, in person); for 1:1 sessions the slots set the capacity.
    capacity: integer("capacity").notNull(),
    registrationDeadline: timestamp("registration_deadline", { withTimezone: true }).notNull(),
    maxPerOrganisation: integer("max_per_organisation").notNull().default(2),
    joiningLink: text("joining_link"),
    venueName: text("venue_name"),
    venueAddress: text("venue_address"),
    status: engagementStatusEnum("status").notNull().default("scheduled"),
    // iCalendar SEQUENCE: bumped whenever attendees must be sent an updated invite.
    sequence: integer("sequence").notNull().default(0),
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
    materialsPublishedAt: timestamp("materials_published_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("engagement_sessions_procurement_idx").on(t.procurementId, t.startsAt)],
);

export const engagementSlots = pgTable(
  "engagement_slots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => engagementSessions.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    bookedByOrganisationId: uuid("booked_by_organisation_id").references(() => organisations.id),
    bookedByUserId: uuid("booked_by_user_id").references(() => users.id),
    bookedAt: timestamp("booked_at", { withTimezone: true }),
    attended: boolean("attended"),
  },
  (t) => [
    index("engagement_slots_session_idx").on(t.sessionId, t.startsAt),
    // One slot per organisation per 1:1 session: no one books the whole day.
    uniqueIndex("engagement_slots_one_per_org")
      .on(t.sessionId, t.bookedByOrganisationId)
      .where(sql`booked_by_organisation_id is not null`),
  ],
);

export const engagementRegistrations = pgTable(
  "engagement_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => engagementSessions.id),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id),
    // The attendee: a user of the organisation.
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    registeredByUserId: uuid("registered_by_user_id")
      .notNull()
      .references(() => users.id),
    status: registrationStatusEnum("status").notNull(),
    attended: boolean("attended"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    promotedAt: timestamp("promoted_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [
    index("engagement_registrations_session_idx").on(t.sessionId, t.status, t.createdAt),
    uniqueIndex("engagement_registrations_active_key")
      .on(t.sessionId, t.userId)
      .where(sql`status <> 'cancelled'`),
  ],
);

export const sessionMaterials = pgTable(
  "session_materials",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => engagementSessions.id),
    // For a 1:1 slot's summary: which slot it summarises (never who booked it).
    slotId: uuid("slot_id").references(() => engagementSlots.id),
    kind: materialKindEnum("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    fileId: uuid("file_id").references(() => storedFiles.id),
    position: integer("position").notNull().default(0),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("session_materials_session_idx").on(t.sessionId, t.position)],
);
