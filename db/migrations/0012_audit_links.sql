-- The audit chain's links move out of audit_events into their own append-only table, written after
-- the events by one linker at a time, so that recording an event takes no lock (docs/decisions/027).
CREATE TABLE "audit_links" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"prev_seq" bigint,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"linked_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_links" ADD CONSTRAINT "audit_links_seq_audit_events_seq_fk" FOREIGN KEY ("seq") REFERENCES "public"."audit_events"("seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_links_prev_seq_idx" ON "audit_links" USING btree ("prev_seq");--> statement-breakpoint
-- Every event written so far was linked as it was written: its link is copied as it is.
INSERT INTO "audit_links" ("seq", "prev_seq", "prev_hash", "hash", "linked_at")
  SELECT "seq", lag("seq") OVER (ORDER BY "seq"), "prev_hash", "hash", "at" FROM "audit_events" ORDER BY "seq";
--> statement-breakpoint
-- Events used to be numbered by the appender (the last row's seq + 1); from now on by the sequence.
SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), max("seq")) FROM "audit_events" HAVING count(*) > 0;
--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "hash";--> statement-breakpoint
-- The links are append-only too: the database refuses to change or remove one. One function refuses
-- for both tables, naming the table it refuses for.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_links_no_update BEFORE UPDATE OR DELETE ON audit_links
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_links_no_truncate BEFORE TRUNCATE ON audit_links
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
