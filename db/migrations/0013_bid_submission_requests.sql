CREATE TYPE "public"."bid_submission_request_status" AS ENUM('received', 'finished', 'refused');--> statement-breakpoint
CREATE TABLE "bid_submission_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bid_id" uuid NOT NULL,
	"tender_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"tender_version" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" "bid_submission_request_status" DEFAULT 'received' NOT NULL,
	"submission_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"refusal" jsonb,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "bid_submissions" ADD COLUMN "recorded_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Submissions made before this migration were stamped as their transaction ran: that time is both.
UPDATE "bid_submissions" SET "recorded_at" = "submitted_at";--> statement-breakpoint
-- The time a submission was recorded is frozen with the rest of it.
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
     OR NEW.submitted_at <> OLD.submitted_at OR NEW.recorded_at <> OLD.recorded_at THEN
    RAISE EXCEPTION 'a bid submission is frozen: only its withdrawal or supersession may be recorded';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
ALTER TABLE "bid_submission_requests" ADD CONSTRAINT "bid_submission_requests_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submission_requests" ADD CONSTRAINT "bid_submission_requests_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submission_requests" ADD CONSTRAINT "bid_submission_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submission_requests" ADD CONSTRAINT "bid_submission_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_submission_requests" ADD CONSTRAINT "bid_submission_requests_submission_id_bid_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."bid_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bid_submission_requests_idempotency_key" ON "bid_submission_requests" USING btree ("bid_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "bid_submission_requests_tender_status_idx" ON "bid_submission_requests" USING btree ("tender_id","status");