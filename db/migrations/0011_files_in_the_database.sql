CREATE TABLE "file_content_chunks" (
	"sha256" text NOT NULL,
	"n" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "file_content_chunks_sha256_n_pk" PRIMARY KEY("sha256","n")
);
--> statement-breakpoint
CREATE TABLE "file_contents" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"chunk_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_contents_sha256_check" CHECK ("file_contents"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "file_contents_counts_check" CHECK ("file_contents"."size" >= 0 and "file_contents"."chunk_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "file_content_chunks" ADD CONSTRAINT "file_content_chunks_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."file_contents"("sha256") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Uploads are mostly compressed already (PDF, DOCX, PNG): keep chunks out of line, uncompressed.
ALTER TABLE "file_content_chunks" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
