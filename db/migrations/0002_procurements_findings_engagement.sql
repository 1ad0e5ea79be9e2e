CREATE TYPE "public"."engagement_kind" AS ENUM('webinar', 'in_person', 'one_to_one');--> statement-breakpoint
CREATE TYPE "public"."engagement_status" AS ENUM('scheduled', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."material_kind" AS ENUM('file', 'notes', 'question_answer', 'summary');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('confirmed', 'waitlisted', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."finding_impact" AS ENUM('low', 'medium', 'high');--> statement-breakpoint
CREATE TYPE "public"."finding_kind" AS ENUM('opportunity', 'blocker');--> statement-breakpoint
CREATE TYPE "public"."finding_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TABLE "engagement_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"registered_by_user_id" uuid NOT NULL,
	"status" "registration_status" NOT NULL,
	"attended" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "engagement_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procurement_id" uuid NOT NULL,
	"kind" "engagement_kind" NOT NULL,
	"title" text NOT NULL,
	"agenda" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"registration_deadline" timestamp with time zone NOT NULL,
	"max_per_organisation" integer DEFAULT 2 NOT NULL,
	"joining_link" text,
	"venue_name" text,
	"venue_address" text,
	"status" "engagement_status" DEFAULT 'scheduled' NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"reminder_sent_at" timestamp with time zone,
	"materials_published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"booked_by_organisation_id" uuid,
	"booked_by_user_id" uuid,
	"booked_at" timestamp with time zone,
	"attended" boolean
);
--> statement-breakpoint
CREATE TABLE "session_materials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"slot_id" uuid,
	"kind" "material_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"file_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"filename" text NOT NULL,
	"uploaded_by_user_id" uuid,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procurement_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procurement_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" "finding_kind" NOT NULL,
	"theme" text NOT NULL,
	"description" text NOT NULL,
	"evidence_source" text NOT NULL,
	"evidence_count" integer DEFAULT 1 NOT NULL,
	"impact" "finding_impact" NOT NULL,
	"status" "finding_status" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("findings"."title", '')), 'A') || setweight(to_tsvector('english', coalesce("findings"."theme", '') || ' ' || coalesce("findings"."description", '')), 'B') || setweight(to_tsvector('english', coalesce("findings"."evidence_source", '')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "procurement_interests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procurement_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"registered_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procurements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"estimated_value" numeric(14, 2),
	"cpv_code" text,
	"discovery_starts_at" timestamp with time zone,
	"engagement_starts_at" timestamp with time zone,
	"engagement_closes_at" timestamp with time zone,
	"tender_published_at" timestamp with time zone,
	"clarification_deadline" timestamp with time zone,
	"bid_deadline" timestamp with time zone,
	"evaluation_starts_at" timestamp with time zone,
	"award_at" timestamp with time zone,
	"standstill_ends_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"engagement_contact_email" text DEFAULT 'ai-lab-commercial@example.nhs.uk' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "engagement_registrations" ADD CONSTRAINT "engagement_registrations_session_id_engagement_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."engagement_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_registrations" ADD CONSTRAINT "engagement_registrations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_registrations" ADD CONSTRAINT "engagement_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_registrations" ADD CONSTRAINT "engagement_registrations_registered_by_user_id_users_id_fk" FOREIGN KEY ("registered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_sessions" ADD CONSTRAINT "engagement_sessions_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_slots" ADD CONSTRAINT "engagement_slots_session_id_engagement_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."engagement_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_slots" ADD CONSTRAINT "engagement_slots_booked_by_organisation_id_organisations_id_fk" FOREIGN KEY ("booked_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_slots" ADD CONSTRAINT "engagement_slots_booked_by_user_id_users_id_fk" FOREIGN KEY ("booked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_materials" ADD CONSTRAINT "session_materials_session_id_engagement_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."engagement_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_materials" ADD CONSTRAINT "session_materials_slot_id_engagement_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."engagement_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_materials" ADD CONSTRAINT "session_materials_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_materials" ADD CONSTRAINT "session_materials_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_responses" ADD CONSTRAINT "finding_responses_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_responses" ADD CONSTRAINT "finding_responses_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_responses" ADD CONSTRAINT "finding_responses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_themes" ADD CONSTRAINT "finding_themes_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_interests" ADD CONSTRAINT "procurement_interests_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_interests" ADD CONSTRAINT "procurement_interests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procurement_interests" ADD CONSTRAINT "procurement_interests_registered_by_user_id_users_id_fk" FOREIGN KEY ("registered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "engagement_registrations_session_idx" ON "engagement_registrations" USING btree ("session_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "engagement_registrations_active_key" ON "engagement_registrations" USING btree ("session_id","user_id") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "engagement_sessions_procurement_idx" ON "engagement_sessions" USING btree ("procurement_id","starts_at");--> statement-breakpoint
CREATE INDEX "engagement_slots_session_idx" ON "engagement_slots" USING btree ("session_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "engagement_slots_one_per_org" ON "engagement_slots" USING btree ("session_id","booked_by_organisation_id") WHERE booked_by_organisation_id is not null;--> statement-breakpoint
CREATE INDEX "session_materials_session_idx" ON "session_materials" USING btree ("session_id","position");--> statement-breakpoint
CREATE INDEX "stored_files_sha256_idx" ON "stored_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "finding_responses_finding_idx" ON "finding_responses" USING btree ("finding_id");--> statement-breakpoint
CREATE UNIQUE INDEX "finding_themes_key" ON "finding_themes" USING btree ("procurement_id",lower("name"));--> statement-breakpoint
CREATE INDEX "findings_procurement_status_idx" ON "findings" USING btree ("procurement_id","status");--> statement-breakpoint
CREATE INDEX "findings_search_idx" ON "findings" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "procurement_interests_key" ON "procurement_interests" USING btree ("procurement_id","organisation_id");--> statement-breakpoint
CREATE INDEX "procurement_interests_org_idx" ON "procurement_interests" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "procurements_slug_key" ON "procurements" USING btree ("slug");