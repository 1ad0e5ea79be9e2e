// The procurement record (Procurement Act 2023 s.98): every record of one procurement streamed as
// one zip, with a manifest of every file's size and SHA-256 written last (docs/decisions/013).
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { tenders } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { retentionOf } from "./retention.server";
import * as clock from "../clock.server";
import { requireRole } from "../refusals.server";
import { json, MANIFEST_PATH, RecordZip, type Manifest } from "./record-zip.server";
import { addAudit } from "./record-audit.server";
import { addClarifications } from "./record-clarifications.server";
import { addEngagement } from "./record-engagement.server";
import { addBids, addTender } from "./record-tender.server";
import { addEvaluation } from "./record-evaluation.server";

/**
 * The procurement's whole record as a zip stream (staff and admins). The download is audited
 * before anything is read; bids are read through the seal and left out while the tender is sealed.
 */
export async function procurementRecordZip(user: SignedInUser, procurement: Procurement): Promise<Readable> {
  requireRole(user, ["staff", "admin"]);
  const [tender] = await db().select().from(tenders).where(eq(tenders.procurementId, procurement.id));
  const opened = tender?.openedAt != null;
  await db().transaction((tx) =>
    recordAudit(tx, actorOf(user), {
      action: "record.downloaded",
      subjectType: "procurement",
      subjectId: procurement.id,
      procurementId: procurement.id,
      summary: { bidsIncluded: opened },
    }),
  );
  const zip = new RecordZip();
  const generatedAt = clock.now().toISOString();
  zip.add("procurement.json", async () => json({ procurement, retention: await retentionOf(procurement) }));
  await addAudit(zip, procurement);
  await addClarifications(zip, procurement);
  await addEngagement(zip, procurement);
  if (tender) {
    const questionnaires = await addTender(zip, tender);
    await addBids(zip, user, procurement, tender, questionnaires);
    if (opened) await addEvaluation(zip, user, procurement, tender);
  } else {
    zip.add("bids/NO-TENDER.txt", async () => "No tender has been created for this procurement: there are no bids.\n");
  }
  zip.add("README.txt", async () => readme(procurement, user, generatedAt, opened));
  zip.add(MANIFEST_PATH, async () => {
    const manifest: Manifest = {
      format: "aip-procurement-record/1",
      procurement: { id: procurement.id, slug: procurement.slug, title: procurement.title },
      generatedAt,
      generatedBy: user.email,
      bidsSealed: !opened,
      files: zip.files,
      missing: zip.missing,
    };
    return json(manifest);
  });
  zip.zip.end();
  return zip.zip.outputStream as Readable;
}

function readme(procurement: Procurement, user: SignedInUser, generatedAt: string, opened: boolean): string {
  return [
    `The procurement record of "${procurement.title}" (${procurement.slug})`,
    `Made ${generatedAt} for ${user.email}. Kept under s.98 of the Procurement Act 2023.`,
    "",
    "procurement.json           the procurement, its stage dates and when its retention period ends",
    "audit/events.csv           every audit event of this procurement; chain-verification.json says",
    "                           whether the whole hash chain verifies, and up to where",
    ...(opened
      ? []
      : ["                           (events about the sealed bids without who, what or where: sealed = yes)"]),
    "clarifications/            every question with every published or private answer version",
    "engagement/                sessions, registrations and 1:1 bookings, and the session materials",
    "tender/                    each published questionnaire version and the tender documents",
    opened
      ? "bids/                      every submission (counting, replaced, withdrawn): its frozen content, files and receipt"
      : "bids/SEALED.txt           the tender is not opened: no bid content is in this record",
    opened
      ? "evaluation/                panel, conflicts register, every mark, the consensus, scoring pack, summaries"
      : "",
    "manifest.json              every file's size and SHA-256, written last",
    "",
    "Times in CSV and JSON files are UTC.",
    "",
  ]
    .filter((line, i, all) => line !== "" || all[i - 1] !== "")
    .join("\n");
}
