CREATE TYPE "public"."clarification_audience" AS ENUM('all', 'organisation');--> statement-breakpoint
CREATE TYPE "public"."clarification_digest_kind" AS ENUM('published', 'amended');--> statement-breakpoint
CREATE TYPE "public"."clarification_status" AS ENUM('submitted', 'in_review', 'answer_drafted', 'approved', 'published', 'answered_privately', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."clarification_confidential_decision" AS ENUM('accepted', 'refused');--> statement-breakpoint
CREATE TABLE "clarification_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procurement_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"audience" "clarification_audience" NOT NULL,
	"organisation_id" uuid,
	"number" integer,
	"version" integer NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"document_ref" text,
	"section_ref" text,
	"first_published_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by_user_id" uuid,
	"amendment_reason" text,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("clarification_answers"."question", '')), 'A') || setweight(to_tsvector('english', coalesce("clarification_answers"."answer", '')), 'B') || setweight(to_tsvector('english', coalesce("clarification_answers"."document_ref", '') || ' ' || coalesce("clarification_answers"."section_ref", '')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "clarification_counters" (
	"procurement_id" uuid PRIMARY KEY NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clarification_digest_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procurement_id" uuid NOT NULL,
	"answer_id" uuid NOT NULL,
	"kind" "clarification_digest_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "clarification_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procurement_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"asked_by_user_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"document_ref" text,
	"section_ref" text,
	"confidential_requested" boolean DEFAULT false NOT NULL,
	"confidential_reason" text,
	"confidential_decision" "clarification_confidential_decision",
	"confidential_decision_note" text,
	"status" "clarification_status" DEFAULT 'submitted' NOT NULL,
	"assignee_user_id" uuid,
	"anonymised_question" text,
	"answer" text,
	"confirmed_flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"drafted_by_user_id" uuid,
	"drafted_at" timestamp with time zone,
	"approved_by_user_id" uuid,
	"approved_at" timestamp with time zone,
	"review_comment" text,
	"proposed_question" text,
	"proposed_answer" text,
	"proposed_reason" text,
	"proposed_flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposed_by_user_id" uuid,
	"proposed_at" timestamp with time zone,
	"rejection_reason" text,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "clarification_answers" ADD CONSTRAINT "clarification_answers_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_answers" ADD CONSTRAINT "clarification_answers_question_id_clarification_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."clarification_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_answers" ADD CONSTRAINT "clarification_answers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_answers" ADD CONSTRAINT "clarification_answers_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_counters" ADD CONSTRAINT "clarification_counters_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_digest_items" ADD CONSTRAINT "clarification_digest_items_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_digest_items" ADD CONSTRAINT "clarification_digest_items_answer_id_clarification_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."clarification_answers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_questions" ADD CONSTRAINT "clarification_questions_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_questions" ADD CONSTRAINT "clarification_questions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_questions" ADD CONSTRAINT "clarification_questions_asked_by_user_id_users_id_fk" FOREIGN KEY ("asked_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_questions" ADD CONSTRAINT "clarification_questions_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_questions" ADD CONSTRAINT "clarification_questions_drafted_by_user_id_users_id_fk" FOREIGN KEY ("drafted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_questions" ADD CONSTRAINT "clarification_questions_approved_by_user_id_users_id_fk" FOREIGN KEY ("approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clarification_questions" ADD CONSTRAINT "clarification_questions_proposed_by_user_id_users_id_fk" FOREIGN KEY ("proposed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clarification_answers_number_version_key" ON "clarification_answers" USING btree ("procurement_id","number","version");--> statement-breakpoint
CREATE UNIQUE INDEX "clarification_answers_question_version_key" ON "clarification_answers" USING btree ("question_id","version");--> statement-breakpoint
CREATE INDEX "clarification_answers_log_idx" ON "clarification_answers" USING btree ("procurement_id","first_published_at" DESC NULLS LAST) WHERE "clarification_answers"."current";--> statement-breakpoint
CREATE INDEX "clarification_answers_search_idx" ON "clarification_answers" USING gin ("search");--> statement-breakpoint
CREATE INDEX "clarification_digest_pending_idx" ON "clarification_digest_items" USING btree ("procurement_id","created_at") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "clarification_questions_procurement_status_idx" ON "clarification_questions" USING btree ("procurement_id","status");--> statement-breakpoint
CREATE INDEX "clarification_questions_organisation_idx" ON "clarification_questions" USING btree ("organisation_id","procurement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clarification_questions_idempotency_key" ON "clarification_questions" USING btree ("asked_by_user_id","idempotency_key");