// The procurement record's engagement part: sessions, registrations and 1:1 bookings, and the
// session materials.
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { engagementSessions, sessionMaterials, storedFiles } from "../../db/schema";
import { registrationsAndBookings } from "../engagement/attendance.server";
import { toCsv } from "../csv.server";
import type { Procurement } from "../procurements/procurements.server";
import { RecordZip, segment, yesNo } from "./record-zip.server";

export async function addEngagement(zip: RecordZip, procurement: Procurement) {
  const sessions = await db()
    .select()
    .from(engagementSessions)
    .where(eq(engagementSessions.procurementId, procurement.id))
    .orderBy(asc(engagementSessions.startsAt));
  zip.add("engagement/sessions.csv", async () =>
    toCsv(
      [
        "Session id",
        "Kind",
        "Title",
        "Starts (UTC)",
        "Ends (UTC)",
        "Status",
        "Capacity",
        "Venue",
        "Materials published",
      ],
      sessions.map((s) => [
        s.id,
        s.kind,
        s.title,
        s.startsAt,
        s.endsAt,
        s.status,
        s.capacity,
        s.venueName ?? (s.kind === "webinar" ? "online" : ""),
        s.materialsPublishedAt ?? "",
      ]),
    ),
  );
  const attendance = await registrationsAndBookings(procurement.id);
  zip.add("engagement/registrations.csv", async () =>
    toCsv(
      [
        "Session id",
        "Session",
        "Organisation",
        "Person (email)",
        "Status",
        "Attended",
        "Registered or booked (UTC)",
        "Cancelled (UTC)",
        "1:1 slot (UTC)",
      ],
      attendance.map((r) => [
        r.sessionId,
        r.session,
        r.organisation,
        r.email,
        r.status,
        yesNo(r.attended),
        r.registeredAt,
        r.cancelledAt,
        r.slot ? r.startsAt : "",
      ]),
    ),
  );
  const materials = await db()
    .select({ material: sessionMaterials, file: storedFiles })
    .from(sessionMaterials)
    .innerJoin(engagementSessions, eq(engagementSessions.id, sessionMaterials.sessionId))
    .leftJoin(storedFiles, eq(storedFiles.id, sessionMaterials.fileId))
    .where(eq(engagementSessions.procurementId, procurement.id))
    .orderBy(asc(engagementSessions.startsAt), asc(sessionMaterials.position), asc(sessionMaterials.createdAt));
  const rows: unknown[][] = [];
  for (const { material: m, file } of materials) {
    const path = file
      ? `engagement/materials/${m.sessionId.slice(0, 8)}/${m.id.slice(0, 8)}-${segment(file.filename)}`
      : "";
    if (file) await zip.addStored(path, file.sha256);
    rows.push([m.sessionId, m.kind, m.title, m.body, m.createdAt, file?.filename ?? "", file?.sha256 ?? "", path]);
  }
  zip.add("engagement/materials.csv", async () =>
    toCsv(
      ["Session id", "Kind", "Title", "Text", "Added (UTC)", "File name", "File SHA-256", "File in this record"],
      rows,
    ),
  );
}
