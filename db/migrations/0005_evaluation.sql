CREATE TYPE "public"."evaluation_tie_break" AS ENUM('quality', 'price');--> statement-breakpoint
CREATE TABLE "awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"rationale" text NOT NULL,
	"decided_by_user_id" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notice_date" date NOT NULL,
	"standstill_ends_on" date NOT NULL,
	"summaries_sent_at" timestamp with time zone,
	"summaries_sent_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "conflict_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"evaluator_user_id" uuid NOT NULL,
	"has_conflict" boolean NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conflict_declarations_details" CHECK (not "conflict_declarations"."has_conflict" or length("conflict_declarations"."details") > 0)
);
--> statement-breakpoint
CREATE TABLE "evaluation_rules" (
	"tender_id" uuid PRIMARY KEY NOT NULL,
	"scale_max" integer DEFAULT 4 NOT NULL,
	"tie_break" "evaluation_tie_break" DEFAULT 'quality' NOT NULL,
	"justification_min_chars" integer DEFAULT 50 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"evaluator_user_id" uuid NOT NULL,
	"score" integer,
	"pass" boolean,
	"justification" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "evaluation_scores_one_mark" CHECK (("evaluation_scores"."score" is null) <> ("evaluation_scores"."pass" is null))
);
--> statement-breakpoint
CREATE TABLE "evaluator_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"evaluator_user_id" uuid NOT NULL,
	"section_ids" uuid[],
	"assigned_by_user_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "moderated_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"score" integer,
	"pass" boolean,
	"rationale" text NOT NULL,
	"moderator_user_id" uuid NOT NULL,
	"agreed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "moderated_scores_one_mark" CHECK (("moderated_scores"."score" is null) <> ("moderated_scores"."pass" is null))
);
--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_summaries_sent_by_user_id_users_id_fk" FOREIGN KEY ("summaries_sent_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_declarations" ADD CONSTRAINT "conflict_declarations_evaluator_user_id_users_id_fk" FOREIGN KEY ("evaluator_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_rules" ADD CONSTRAINT "evaluation_rules_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_question_id_tender_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."tender_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_evaluator_user_id_users_id_fk" FOREIGN KEY ("evaluator_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_assignments" ADD CONSTRAINT "evaluator_assignments_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_assignments" ADD CONSTRAINT "evaluator_assignments_evaluator_user_id_users_id_fk" FOREIGN KEY ("evaluator_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_assignments" ADD CONSTRAINT "evaluator_assignments_assigned_by_user_id_users_id_fk" FOREIGN KEY ("assigned_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderated_scores" ADD CONSTRAINT "moderated_scores_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderated_scores" ADD CONSTRAINT "moderated_scores_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderated_scores" ADD CONSTRAINT "moderated_scores_question_id_tender_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."tender_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderated_scores" ADD CONSTRAINT "moderated_scores_moderator_user_id_users_id_fk" FOREIGN KEY ("moderator_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "awards_tender_key" ON "awards" USING btree ("tender_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conflict_declarations_key" ON "conflict_declarations" USING btree ("bid_id","evaluator_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_scores_key" ON "evaluation_scores" USING btree ("bid_id","question_id","evaluator_user_id");--> statement-breakpoint
CREATE INDEX "evaluation_scores_tender_idx" ON "evaluation_scores" USING btree ("tender_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluator_assignments_active_key" ON "evaluator_assignments" USING btree ("tender_id","evaluator_user_id") WHERE "evaluator_assignments"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "moderated_scores_key" ON "moderated_scores" USING btree ("bid_id","question_id");--> statement-breakpoint
-- An evaluator's submitted marks are kept as given: moderation records a consensus next to them.
CREATE OR REPLACE FUNCTION evaluation_scores_frozen() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.submitted_at IS NOT NULL THEN
    RAISE EXCEPTION 'a submitted evaluation score is kept: DELETE refused';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.submitted_at IS NOT NULL THEN
    RAISE EXCEPTION 'a submitted evaluation score is frozen: moderation records a consensus beside it';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER evaluation_scores_frozen BEFORE UPDATE OR DELETE ON evaluation_scores
  FOR EACH ROW EXECUTE FUNCTION evaluation_scores_frozen();
