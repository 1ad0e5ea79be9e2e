CREATE TYPE "public"."throttle_kind" AS ENUM('sign_in_failure', 'second_factor_failure', 'password_reset_email', 'sign_in_link_email');--> statement-breakpoint
ALTER TYPE "public"."token_purpose" ADD VALUE 'sign_in_confirmation';--> statement-breakpoint
CREATE TABLE "throttle_counters" (
	"kind" "throttle_kind" NOT NULL,
	"account" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "throttle_counters_kind_account_address_pk" PRIMARY KEY("kind","account","address")
);
--> statement-breakpoint
DROP TABLE "sign_in_failures" CASCADE;--> statement-breakpoint
CREATE INDEX "throttle_counters_account_idx" ON "throttle_counters" USING btree ("account");--> statement-breakpoint
CREATE INDEX "throttle_counters_last_at_idx" ON "throttle_counters" USING btree ("last_at");