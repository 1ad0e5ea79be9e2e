CREATE TYPE "public"."bid_status" AS ENUM('draft', 'submitted', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."tender_document_kind" AS ENUM('specification', 'draft_contract', 'pricing_instructions', 'other');--> statement-breakpoint
CREATE TYPE "public"."tender_question_kind" AS ENUM('pass_fail', 'text', 'file', 'price');--> statement-breakpoint
CREATE TABLE "bid_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bid_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by_user_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bid_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bid_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"added_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bid_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bid_id" uuid NOT NULL,
	"tender_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"reference" text NOT NULL,
	"tender_version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"digest" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"submitted_by_user_id" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by_user_id" uuid,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" "bid_status" DEFAULT 'draft' NOT NULL,
	"reviewed_version" integer NOT NULL,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "late_bid_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"kind" "tender_document_kind" NOT NULL,
	"title" text NOT NULL,
	"file_id" uuid NOT NULL,
	"added_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tender_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" "tender_question_kind" NOT NULL,
	"title" text NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"weight" numeric(5, 2),
	"word_limit" integer,
	"allowed_types" text[],
	"max_bytes" bigint,
	"price_items" jsonb,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tender_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tender_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"reason" text,
	"questionnaire" jsonb NOT NULL,
	"published_by_user_id" uuid NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procurement_id" uuid NOT NULL,
	"published_version" integer DEFAULT 0 NOT NULL,
	"has_unpublished_changes" boolean DEFAULT true NOT NULL,
	"opening_requested_by_user_id" uuid,
	"opening_requested_at" timestamp with time zone,
	"opened_by_user_id" uuid,
	"opened_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tenders_two_person_opening" CHECK ("tenders"."opened_by_user_id" is null or "tenders"."opened_by_user_id" <> "tenders"."opening_requested_by_user_id")
);
--> statement-breakpoint
ALTER TABLE "bid_answers" ADD CONSTRAINT "bid_answers_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_answers" ADD CONSTRAINT "bid_answers_question_id_tender_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."tender_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_answers" ADD CONSTRAINT "bid_answers_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_files" ADD CONSTRAINT "bid_files_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_files" ADD CONSTRAINT "bid_files_question_id_tender_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."tender_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_files" ADD CONSTRAINT "bid_files_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_files" ADD CONSTRAINT "bid_files_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submissions" ADD CONSTRAINT "bid_submissions_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submissions" ADD CONSTRAINT "bid_submissions_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submissions" ADD CONSTRAINT "bid_submissions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submissions" ADD CONSTRAINT "bid_submissions_submitted_by_user_id_users_id_fk" FOREIGN KEY ("submitted_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submissions" ADD CONSTRAINT "bid_submissions_withdrawn_by_user_id_users_id_fk" FOREIGN KEY ("withdrawn_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "late_bid_attempts" ADD CONSTRAINT "late_bid_attempts_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "late_bid_attempts" ADD CONSTRAINT "late_bid_attempts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "late_bid_attempts" ADD CONSTRAINT "late_bid_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_documents" ADD CONSTRAINT "tender_documents_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_documents" ADD CONSTRAINT "tender_documents_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_documents" ADD CONSTRAINT "tender_documents_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_questions" ADD CONSTRAINT "tender_questions_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_questions" ADD CONSTRAINT "tender_questions_section_id_tender_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."tender_sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_sections" ADD CONSTRAINT "tender_sections_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_versions" ADD CONSTRAINT "tender_versions_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_versions" ADD CONSTRAINT "tender_versions_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_procurement_id_procurements_id_fk" FOREIGN KEY ("procurement_id") REFERENCES "public"."procurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_opening_requested_by_user_id_users_id_fk" FOREIGN KEY ("opening_requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_opened_by_user_id_users_id_fk" FOREIGN KEY ("opened_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bid_answers_question_key" ON "bid_answers" USING btree ("bid_id","question_id");--> statement-breakpoint
CREATE INDEX "bid_files_bid_idx" ON "bid_files" USING btree ("bid_id","question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bid_submissions_sequence_key" ON "bid_submissions" USING btree ("bid_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "bid_submissions_reference_key" ON "bid_submissions" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "bid_submissions_idempotency_key" ON "bid_submissions" USING btree ("bid_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "bid_submissions_tender_idx" ON "bid_submissions" USING btree ("tender_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bids_tender_organisation_key" ON "bids" USING btree ("tender_id","organisation_id");--> statement-breakpoint
CREATE INDEX "late_bid_attempts_tender_idx" ON "late_bid_attempts" USING btree ("tender_id");--> statement-breakpoint
CREATE INDEX "tender_documents_tender_idx" ON "tender_documents" USING btree ("tender_id");--> statement-breakpoint
CREATE INDEX "tender_questions_section_idx" ON "tender_questions" USING btree ("section_id","position");--> statement-breakpoint
CREATE INDEX "tender_sections_tender_idx" ON "tender_sections" USING btree ("tender_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "tender_versions_number_key" ON "tender_versions" USING btree ("tender_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "tenders_procurement_key" ON "tenders" USING btree ("procurement_id");--> statement-breakpoint
-- A submitted bid is frozen: the database refuses to change what was submitted or to remove it.
-- Only withdrawal and supersession (by a resubmission) may be recorded on a submission.
CREATE OR REPLACE FUNCTION bid_submissions_frozen() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'bid_submissions are kept: DELETE refused';
  END IF;
  IF NEW.id <> OLD.id OR NEW.bid_id <> OLD.bid_id OR NEW.tender_id <> OLD.tender_id
     OR NEW.organisation_id <> OLD.organisation_id OR NEW.sequence <> OLD.sequence
     OR NEW.reference <> OLD.reference OR NEW.tender_version <> OLD.tender_version
     OR NEW.content <> OLD.content OR NEW.digest <> OLD.digest
     OR NEW.idempotency_key <> OLD.idempotency_key OR NEW.submitted_by_user_id <> OLD.submitted_by_user_id
     OR NEW.submitted_at <> OLD.submitted_at THEN
    RAISE EXCEPTION 'a bid submission is frozen: only its withdrawal or supersession may be recorded';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER bid_submissions_frozen BEFORE UPDATE OR DELETE ON bid_submissions
  FOR EACH ROW EXECUTE FUNCTION bid_submissions_frozen();
