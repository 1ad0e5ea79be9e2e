// The procurement record (Procurement Act 2023 s.98): every record of one procurement streamed as
// one zip, with a manifest of every file's size and SHA-256 written last (docs/decisions/013).
import { createHash } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { and, asc, eq, or } from "drizzle-orm";
import { ZipFile } from "yazl";
import { db } from "../../db/client.server";
import {
  auditEvents,
  bids,
  clarificationAnswers,
  clarificationQuestions,
  conflictDeclarations,
  engagementSessions,
  evaluationScores,
  evaluatorAssignments,
  moderatedScores,
  organisations,
  sessionMaterials,
  storedFiles,
  tenderDocuments,
  tenders,
  tenderVersions,
  users,
} from "../../db/schema";
import { recordAudit, verifyAuditChain, type ChainVerification } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { receiptOf, renderReceiptPdfOffThread } from "../bids/receipt-pdf.server";
import { auditEventsAsShown } from "../bids/seal-redaction.server";
import { countSubmittedBids, lateBidRegister, openedSubmissionVersions, type Tender } from "../bids/sealed.server";
import { clarificationNumber } from "../clarifications/schema";
import { config } from "../config.server";
import { registrationsAndBookings } from "../engagement/attendance.server";
import { toCsv } from "../csv.server";
import { summariesOf } from "../evaluation/award.server";
import {
  renderAssessmentSummaryPdfOffThread,
  renderScoringPackPdfOffThread,
} from "../evaluation/evaluation-pdf.server";
import { evaluationResults } from "../evaluation/results.server";
import { scoringPack } from "../evaluation/scoring-pack.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { fileStorage, sanitiseFilename } from "../storage/storage.server";
import type { PublishedQuestionnaire } from "../tenders/questionnaire";
import { retentionOf } from "./retention.server";
import * as clock from "../clock.server";
import { requireRole } from "../refusals.server";

export const MANIFEST_PATH = "manifest.json";

export type ManifestFile = { path: string; size: number; sha256: string };
export type Manifest = {
  format: "aip-procurement-record/1";
  procurement: { id: string; slug: string; title: string };
  generatedAt: string;
  generatedBy: string;
  bidsSealed: boolean;
  /** Every file in the zip but this manifest, in the order written. */
  files: ManifestFile[];
  /** Files the record names that file storage no longer holds (none, unless something is wrong). */
  missing: { path: string; sha256: string }[];
};

type Source = () => Promise<Buffer | string | Readable>;

/** A path segment from a name: readable, and safe in a zip on any system. */
function segment(name: string): string {
  return (
    sanitiseFilename(name)
      .replace(/[\\/]/g, "-")
      .replace(/\s+/g, "-")
      .replace(/[^\p{L}\p{N}._-]/gu, "")
      .slice(0, 80) || "unnamed"
  );
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const yesNo = (value: boolean | null) => (value === null ? "" : value ? "yes" : "no");

/**
 * A zip written as it is read: each entry's content is made (a query's CSV, a stored file, a PDF
 * rendered off thread) only when the zip reaches it, hashed on its way in, and the manifest follows.
 */
class RecordZip {
  readonly zip = new ZipFile();
  readonly files: ManifestFile[] = [];
  readonly missing: Manifest["missing"] = [];
  private readonly mtime = clock.now();

  add(path: string, source: Source) {
    const compress = /\.(csv|json|txt)$/.test(path);
    this.zip.addReadStreamLazy(path, { mtime: this.mtime, compress }, (done) => {
      source().then(
        (content) => {
          const input = content instanceof Readable ? content : Readable.from([Buffer.from(content)]);
          const hash = createHash("sha256");
          let size = 0;
          const files = this.files;
          const counter = new Transform({
            transform(chunk: Buffer, _encoding, next) {
              hash.update(chunk);
              size += chunk.byteLength;
              next(null, chunk);
            },
            flush(next) {
              files.push({ path, size, sha256: hash.digest("hex") });
              next();
            },
          });
          // A read failing half way cannot be undone in a zip already sent: end the download.
          input.once("error", (error) => this.fail(error));
          done(null, input.pipe(counter));
        },
        (error: unknown) => this.fail(error),
      );
    });
  }

  /** A stored file under its SHA-256; one storage no longer holds is listed as missing instead. */
  async addStored(path: string, sha256: string) {
    if (await fileStorage().exists(sha256)) this.add(path, async () => fileStorage().open(sha256));
    else this.missing.push({ path, sha256 });
  }

  private fail(error: unknown) {
    this.zip.outputStream.emit("error", error instanceof Error ? error : new Error(String(error)));
  }
}

// --- What goes in ----------------------------------------------------------------------------------

async function addAudit(zip: RecordZip, procurement: Procurement) {
  const stored = await db()
    .select()
    .from(auditEvents)
    .where(
      or(
        eq(auditEvents.procurementId, procurement.id),
        and(eq(auditEvents.subjectType, "procurement"), eq(auditEvents.subjectId, procurement.id)),
      ),
    )
    .orderBy(asc(auditEvents.seq));
  // Through the seal: before the opening, events about bids are written without who or what.
  const rows = await auditEventsAsShown(stored);
  zip.add("audit/events.csv", async () =>
    toCsv(
      [
        "seq",
        "at",
        "actor_user_id",
        "actor_email",
        "organisation_id",
        "action",
        "subject_type",
        "subject_id",
        "procurement_id",
        "ip",
        "summary",
        "prev_hash",
        "hash",
        "sealed",
      ],
      rows.map((r) => [
        r.seq,
        r.at,
        r.actorUserId,
        r.actorEmail,
        r.organisationId,
        r.action,
        r.subjectType,
        r.subjectId,
        r.procurementId,
        r.ip,
        JSON.stringify(r.summary),
        r.prevHash,
        r.hash,
        r.sealed ? "yes" : "",
      ]),
    ),
  );
  const chain = await verifyAuditChain();
  const sealed = rows.filter((r) => r.sealed).length;
  zip.add("audit/chain-verification.json", async () => json(chainStatement(chain, rows, sealed)));
}

function chainStatement(chain: ChainVerification, rows: { seq: number }[], sealed: number) {
  const lastSeq = rows.length ? rows[rows.length - 1].seq : null;
  // A fault in the anchor file (brokenAt null) leaves no row of the chain vouched for.
  const coversAll = chain.ok || lastSeq === null || (chain.brokenAt !== null && lastSeq < chain.brokenAt);
  const sealedNote =
    sealed > 0
      ? ` ${sealed} events about the sealed bids are written without who made them, their subject, address or details (sealed = yes): their hashes are as stored, so they cannot be recomputed from this file; the record downloaded after the opening holds them in full.`
      : "";
  return {
    verifiedAt: clock.now().toISOString(),
    wholeChain: chain.ok
      ? {
          verifies: true,
          rows: chain.rows,
          lastHash: chain.lastHash,
          keyedFrom: chain.keyedFrom,
          anchoredUpTo: chain.anchors.newestSeq,
        }
      : { verifies: false, verifiedRows: chain.rows, brokenAt: chain.brokenAt, reason: chain.reason },
    procurementEvents: { rows: rows.length, firstSeq: rows[0]?.seq ?? null, lastSeq, sealed },
    procurementEventsVerified: coversAll,
    statement:
      (chain.ok
        ? `The whole audit chain verifies: all ${chain.rows} events link to the one before them and match their hashes, including the ${rows.length} events of this procurement in audit/events.csv.` +
          (chain.anchors.newestSeq === null
            ? ""
            : ` Its head was last anchored outside the database at ${chain.anchors.newestAt}, at event ${chain.anchors.newestSeq}.`)
        : chain.brokenAt === null
          ? `The audit chain cannot be relied upon: the ${chain.reason}.`
          : `The audit chain verifies up to event ${chain.brokenAt - 1} only: event ${chain.brokenAt}: ${chain.reason}. ` +
            (coversAll
              ? "Every event of this procurement comes before the break."
              : "Events of this procurement from that point on cannot be relied upon.")) + sealedNote,
  };
}

async function addClarifications(zip: RecordZip, procurement: Procurement) {
  const questions = await db()
    .select({ question: clarificationQuestions, organisation: organisations.legalName, askedBy: users.name })
    .from(clarificationQuestions)
    .innerJoin(organisations, eq(organisations.id, clarificationQuestions.organisationId))
    .innerJoin(users, eq(users.id, clarificationQuestions.askedByUserId))
    .where(eq(clarificationQuestions.procurementId, procurement.id))
    .orderBy(asc(clarificationQuestions.createdAt), asc(clarificationQuestions.id));
  const answers = await db()
    .select()
    .from(clarificationAnswers)
    .where(eq(clarificationAnswers.procurementId, procurement.id))
    .orderBy(asc(clarificationAnswers.questionId), asc(clarificationAnswers.version));
  const index: unknown[][] = [];
  for (const { question: q, organisation, askedBy } of questions) {
    const versions = answers.filter((a) => a.questionId === q.id);
    const current = versions.find((a) => a.current) ?? versions[versions.length - 1];
    const label = current?.number
      ? clarificationNumber(current.number)
      : current
        ? `private-${q.id.slice(0, 8)}`
        : `unanswered-${q.id.slice(0, 8)}`;
    const path = `clarifications/${label}.json`;
    index.push([
      label,
      q.id,
      q.status,
      current?.audience ?? "",
      versions.length,
      organisation,
      q.createdAt,
      current?.firstPublishedAt ?? "",
      q.subject,
      path,
    ]);
    zip.add(path, async () =>
      json({
        label,
        question: { ...q, askingOrganisation: organisation, askedBy },
        answerVersions: versions.map(({ search: _s, ...version }) => version),
      }),
    );
  }
  zip.add("clarifications/index.csv", async () =>
    toCsv(
      [
        "Label",
        "Question id",
        "Status",
        "Audience",
        "Answer versions",
        "Asking organisation",
        "Asked at (UTC)",
        "First published (UTC)",
        "Subject",
        "File",
      ],
      index,
    ),
  );
}

async function addEngagement(zip: RecordZip, procurement: Procurement) {
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

async function addTender(zip: RecordZip, tender: Tender) {
  const versions = await db()
    .select()
    .from(tenderVersions)
    .where(eq(tenderVersions.tenderId, tender.id))
    .orderBy(asc(tenderVersions.number));
  for (const v of versions) zip.add(`tender/versions/version-${v.number}.json`, async () => json(v));
  const documents = await db()
    .select({ document: tenderDocuments, file: storedFiles })
    .from(tenderDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, tenderDocuments.fileId))
    .where(eq(tenderDocuments.tenderId, tender.id))
    .orderBy(asc(tenderDocuments.createdAt));
  for (const { document, file } of documents) {
    await zip.addStored(`tender/documents/${document.id.slice(0, 8)}-${segment(file.filename)}`, file.sha256);
  }
  zip.add("tender/documents.csv", async () =>
    toCsv(
      ["Document id", "Kind", "Title", "File name", "SHA-256", "Added (UTC)", "Removed (UTC)"],
      documents.map(({ document: d, file }) => [
        d.id,
        d.kind,
        d.title,
        file.filename,
        file.sha256,
        d.createdAt,
        d.removedAt,
      ]),
    ),
  );
  return new Map(versions.map((v) => [v.number, v.questionnaire as PublishedQuestionnaire]));
}

/** Every submission, its files and receipt: only through the seal, and only once opened. */
async function addBids(
  zip: RecordZip,
  user: SignedInUser,
  procurement: Procurement,
  tender: Tender,
  questionnaires: Map<number, PublishedQuestionnaire>,
) {
  const late = await lateBidRegister(user, tender);
  if (late.attempts !== null) {
    const attempts = late.attempts;
    zip.add("bids/late-bid-attempts.csv", async () =>
      toCsv(
        ["Organisation", "Attempted (UTC)", "Deadline (UTC)"],
        attempts.map((l) => [l.organisation, l.attemptedAt, l.deadline]),
      ),
    );
  }
  if (tender.openedAt === null) {
    const submitted = await countSubmittedBids(tender.id);
    zip.add("bids/SEALED.txt", async () =>
      [
        "The bids on this procurement are sealed: the tender has not been opened.",
        `${submitted} organisation(s) have a submitted bid; ${late.count} attempt(s) to submit after the deadline`,
        "were refused. Nothing of any bid (answers, files, receipts, who bid or tried to) leaves the seal",
        "before the two-person opening; download the record again after it.",
        "",
      ].join("\n"),
    );
    return;
  }
  const submissions = await openedSubmissionVersions(user, tender);
  const verifyUrl = new URL("/receipts/verify", config().publicUrl).toString();
  const index: unknown[][] = [];
  for (const s of submissions) {
    const folder = `bids/${segment(s.organisation)}/${s.sequence}-${segment(s.reference)}`;
    const status = s.withdrawnAt ? "withdrawn" : s.supersededAt ? "superseded" : "counting";
    index.push([s.organisation, s.reference, s.sequence, status, s.submittedAt, s.submittedBy, s.digest, folder]);
    zip.add(`${folder}/submission.json`, async () =>
      json({
        reference: s.reference,
        organisation: s.organisation,
        sequence: s.sequence,
        status,
        submittedAt: s.submittedAt,
        submittedBy: s.submittedBy,
        withdrawnAt: s.withdrawnAt,
        supersededAt: s.supersededAt,
        digest: s.digest,
        content: s.content,
      }),
    );
    for (const file of s.content.files) {
      await zip.addStored(`${folder}/files/${file.sha256}/${segment(file.filename)}`, file.sha256);
    }
    const questionnaire = questionnaires.get(s.tenderVersion) ?? { sections: [], documents: [] };
    zip.add(`${folder}/receipt.pdf`, () =>
      renderReceiptPdfOffThread(receiptOf(s, questionnaire, procurement.title, s.organisation, verifyUrl)),
    );
  }
  zip.add("bids/submissions.csv", async () =>
    toCsv(
      ["Organisation", "Reference", "Sequence", "Status", "Submitted (UTC)", "Submitted by", "Digest", "Folder"],
      index,
    ),
  );
}

async function addEvaluation(zip: RecordZip, user: SignedInUser, procurement: Procurement, tender: Tender) {
  const [panel, conflicts, scores, consensus] = await Promise.all([
    db()
      .select({
        evaluator: users.name,
        sectionIds: evaluatorAssignments.sectionIds,
        assignedAt: evaluatorAssignments.assignedAt,
        removedAt: evaluatorAssignments.removedAt,
      })
      .from(evaluatorAssignments)
      .innerJoin(users, eq(users.id, evaluatorAssignments.evaluatorUserId))
      .where(eq(evaluatorAssignments.tenderId, tender.id))
      .orderBy(asc(evaluatorAssignments.assignedAt)),
    db()
      .select({ declaration: conflictDeclarations, evaluator: users.name, organisation: organisations.legalName })
      .from(conflictDeclarations)
      .innerJoin(users, eq(users.id, conflictDeclarations.evaluatorUserId))
      .innerJoin(bids, eq(bids.id, conflictDeclarations.bidId))
      .innerJoin(organisations, eq(organisations.id, bids.organisationId))
      .where(eq(conflictDeclarations.tenderId, tender.id))
      .orderBy(asc(conflictDeclarations.declaredAt)),
    db()
      .select({ score: evaluationScores, evaluator: users.name, organisation: organisations.legalName })
      .from(evaluationScores)
      .innerJoin(users, eq(users.id, evaluationScores.evaluatorUserId))
      .innerJoin(bids, eq(bids.id, evaluationScores.bidId))
      .innerJoin(organisations, eq(organisations.id, bids.organisationId))
      .where(eq(evaluationScores.tenderId, tender.id))
      .orderBy(asc(organisations.legalName), asc(evaluationScores.questionId), asc(users.name)),
    db()
      .select({ consensus: moderatedScores, moderator: users.name, organisation: organisations.legalName })
      .from(moderatedScores)
      .innerJoin(users, eq(users.id, moderatedScores.moderatorUserId))
      .innerJoin(bids, eq(bids.id, moderatedScores.bidId))
      .innerJoin(organisations, eq(organisations.id, bids.organisationId))
      .where(eq(moderatedScores.tenderId, tender.id))
      .orderBy(asc(organisations.legalName), asc(moderatedScores.questionId)),
  ]);
  zip.add("evaluation/panel.csv", async () =>
    toCsv(
      ["Evaluator", "Sections", "Assigned (UTC)", "Removed (UTC)"],
      panel.map((p) => [p.evaluator, p.sectionIds?.join(" ") ?? "every section", p.assignedAt, p.removedAt]),
    ),
  );
  zip.add("evaluation/conflicts-register.csv", async () =>
    toCsv(
      ["Evaluator", "Bid id", "Bidder", "Declaration", "Details", "Declared (UTC)"],
      conflicts.map(({ declaration: c, evaluator, organisation }) => [
        evaluator,
        c.bidId,
        organisation,
        c.hasConflict ? "Conflict" : "No conflict",
        c.details,
        c.declaredAt,
      ]),
    ),
  );
  zip.add("evaluation/scores.csv", async () =>
    toCsv(
      [
        "Bid id",
        "Bidder",
        "Question id",
        "Evaluator",
        "Score",
        "Pass",
        "Justification",
        "Version",
        "Saved (UTC)",
        "Submitted (UTC)",
      ],
      scores.map(({ score: s, evaluator, organisation }) => [
        s.bidId,
        organisation,
        s.questionId,
        evaluator,
        s.score,
        yesNo(s.pass),
        s.justification,
        s.version,
        s.updatedAt,
        s.submittedAt ?? "draft, not submitted",
      ]),
    ),
  );
  zip.add("evaluation/moderation.csv", async () =>
    toCsv(
      [
        "Bid id",
        "Bidder",
        "Question id",
        "Consensus score",
        "Pass",
        "Rationale",
        "Moderator",
        "Agreed (UTC)",
        "Version",
      ],
      consensus.map(({ consensus: c, moderator, organisation }) => [
        c.bidId,
        organisation,
        c.questionId,
        c.score,
        yesNo(c.pass),
        c.rationale,
        moderator,
        c.agreedAt,
        c.version,
      ]),
    ),
  );
  const results = await evaluationResults(user, procurement);
  if (!results.award) return;
  const { award } = results;
  zip.add("evaluation/award.json", async () => json(award));
  const pack = await scoringPack(user, procurement);
  zip.add("evaluation/scoring-pack.pdf", () => renderScoringPackPdfOffThread(pack));
  for (const { bidder: b, summary } of summariesOf(results, procurement)) {
    zip.add(`evaluation/assessment-summaries/${b.label.replace(/\W+/g, "-")}-${segment(b.organisation)}.pdf`, () =>
      renderAssessmentSummaryPdfOffThread(summary),
    );
  }
}

// --- The bundle ------------------------------------------------------------------------------------

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
