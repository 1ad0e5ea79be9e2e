// The procurement record's evaluation part: panel, conflicts register, every mark, the consensus,
// scoring pack and summaries.
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import {
  bids,
  conflictDeclarations,
  evaluationScores,
  evaluatorAssignments,
  moderatedScores,
  organisations,
  users,
} from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import type { Tender } from "../bids/sealed.server";
import { toCsv } from "../csv.server";
import { summariesOf } from "../evaluation/award.server";
import {
  renderAssessmentSummaryPdfOffThread,
  renderScoringPackPdfOffThread,
} from "../evaluation/evaluation-pdf.server";
import { evaluationResults } from "../evaluation/results.server";
import { scoringPack } from "../evaluation/scoring-pack.server";
import type { Procurement } from "../procurements/procurements.server";
import { json, RecordZip, segment, yesNo } from "./record-zip.server";

export async function addEvaluation(zip: RecordZip, user: SignedInUser, procurement: Procurement, tender: Tender) {
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
