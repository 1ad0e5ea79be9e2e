// Uploaded files: the bytes live in file storage under their SHA-256; this table names them.
import { bigint, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organisations, users } from "./accounts";

export const storedFiles = pgTable(
  "stored_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    contentType: text("content_type").notNull(),
    filename: text("filename").notNull(),
    uploadedByUserId: uuid("uploaded_by_user_id").references(() => users.id),
    // The organisation that owns the file (a bidder's upload); null for the buyer's own documents.
    organisationId: uuid("organisation_id").references(() => organisations.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("stored_files_sha256_idx").on(t.sha256)],
);
