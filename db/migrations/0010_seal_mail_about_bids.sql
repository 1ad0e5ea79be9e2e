ALTER TABLE "outbox_messages" ADD COLUMN "sealed_tender_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_sealed_tender_id_tenders_id_fk" FOREIGN KEY ("sealed_tender_id") REFERENCES "public"."tenders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Receipts and withdrawal notices queued before this migration: sealed by the tender of the
-- submission their subject names (both templates put the receipt reference in the subject).
UPDATE "outbox_messages" AS "m" SET "sealed_tender_id" = "s"."tender_id"
FROM "bid_submissions" AS "s"
WHERE "m"."template" IN ('bid-receipt', 'bid-withdrawn')
  AND "m"."sealed_tender_id" IS NULL
  AND position("s"."reference" in "m"."subject") > 0;
