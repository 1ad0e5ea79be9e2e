// Uploaded files: the bytes live in file storage under their SHA-256; this table names them.
import {
  bigint,
  check,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
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

// The bytes themselves when the database is the file store (FILE_STORE=database, decision 025).
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  // postgres.js gives a Buffer, PGlite a Uint8Array: the same bytes either way.
  fromDriver: (value) =>
    Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/** One row per stored content, written in the transaction that writes its chunks: present means whole. */
export const fileContents = pgTable(
  "file_contents",
  {
    sha256: text("sha256").primaryKey(),
    size: bigint("size", { mode: "number" }).notNull(),
    chunkCount: integer("chunk_count").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("file_contents_sha256_check", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("file_contents_counts_check", sql`${t.size} >= 0 and ${t.chunkCount} >= 0`),
  ],
);

/** The content's bytes in order, a few hundred KiB a row, so neither writing nor reading holds a whole file. */
export const fileContentChunks = pgTable(
  "file_content_chunks",
  {
    sha256: text("sha256").notNull(),
    n: integer("n").notNull(),
    bytes: bytea("bytes").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sha256, t.n] }),
    foreignKey({
      columns: [t.sha256],
      foreignColumns: [fileContents.sha256],
      name: "file_content_chunks_sha256_fk",
    }).onDelete("cascade"),
  ],
);
