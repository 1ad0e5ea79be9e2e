-- A privileged account's first two-factor enrolment also proves its mailbox: a short code, emailed,
-- held as a digest like every account token, that ends after a few wrong entries and, once
-- entered, vouches only for the session it was entered in.
ALTER TYPE "public"."token_purpose" ADD VALUE 'mailbox_proof';--> statement-breakpoint
ALTER TABLE "account_tokens" ADD COLUMN "failed_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD COLUMN "entered_in_session" text;