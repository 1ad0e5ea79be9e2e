// Gathers a tender's scoring pack (staff and admins): the ranked results, every evaluator's
// submitted marks and justifications, the consensus, the conflicts register and the key audit
// events, as text ready for the page and the PDF (scoring-pack.pdf.tsx).
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { db } from "../../db/client.server";
import { auditEvents, evaluationScores, moderatedScores, users } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { isUuid } from "../ids";
import type { Procurement } from "../procurements/procurements.server";
import { QUESTION_KIND_LABELS, weightSummary } from "../tenders/questionnaire";
import { formatDate, formatDateTime } from "../time";
import { formatPoints } from "./ranking";
import { declarationsFor } from "./conflicts.server";
import { methodologyOf, rankingNotes, rankingRows, standingOf } from "./results-text";
import { evaluationResults } from "./results.server";
import { PROTECTIVE_MARKING, type PackEvent, type ScoringPack } from "./scoring-pack";
import * as clock from "../clock.server";

// The key events of an evaluation, in the order they happen: the opening of the bids, each
// evaluator's submitted marks, each consensus, the award and the summaries.
const KEY_EVENTS: Record<string, string> = {
  "tender.opening_requested": "Opening of bids requested",
  "tender.opened": "Bids opened",
  "evaluation.scores_submitted": "Marks submitted",
  "moderation.consensus_agreed": "Consensus agreed",
  "award.decided": "Award decided",
  "award.summaries_sent": "Assessment summaries sent",
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** An audit row's summary as a reader would write it: "bid: Bidder C; number: 1.2; pass: yes". */
function eventDetail(summary: Record<string, unknown>, names: Map<string, string>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(summary)) {
    if (value === null || value === undefined || typeof value === "object") continue;
    const name = key
      .replace(/(User)?Id$/, "")
      .replace(/([A-Z])/g, " $1")
      .toLowerCase();
    let text: string;
    if (typeof value === "boolean") text = value ? "yes" : "no";
    else if (typeof value === "string" && isUuid(value)) {
      const known = names.get(value);
      if (!known) continue;
      text = known;
    } else if (typeof value === "string" && ISO_INSTANT.test(value)) text = formatDateTime(value);
    else if (typeof value === "number" && !Number.isInteger(value)) text = formatPoints(value);
    else text = String(value);
    parts.push(`${name}: ${text.length > 120 ? `${text.slice(0, 117)}…` : text}`);
  }
  return parts.join("; ");
}

/** The scoring pack of an opened tender, for staff and admins (the seal refuses everyone before opening). */
export async function scoringPack(user: SignedInUser, procurement: Procurement): Promise<ScoringPack> {
  const results = await evaluationResults(user, procurement);
  const { tender, questions, rules, award } = results;
  const [marks, consensusRows, declarations, events] = await Promise.all([
    db()
      .select({
        bidId: evaluationScores.bidId,
        questionId: evaluationScores.questionId,
        evaluator: users.name,
        score: evaluationScores.score,
        pass: evaluationScores.pass,
        justification: evaluationScores.justification,
        submittedAt: evaluationScores.submittedAt,
      })
      .from(evaluationScores)
      .innerJoin(users, eq(users.id, evaluationScores.evaluatorUserId))
      .where(and(eq(evaluationScores.tenderId, tender.id), isNotNull(evaluationScores.submittedAt)))
      .orderBy(asc(users.name)),
    db()
      .select({
        bidId: moderatedScores.bidId,
        questionId: moderatedScores.questionId,
        moderator: users.name,
        agreedAt: moderatedScores.agreedAt,
      })
      .from(moderatedScores)
      .innerJoin(users, eq(users.id, moderatedScores.moderatorUserId))
      .where(eq(moderatedScores.tenderId, tender.id)),
    declarationsFor(tender.id),
    db()
      .select({
        at: auditEvents.at,
        action: auditEvents.action,
        actorEmail: auditEvents.actorEmail,
        actorUserId: auditEvents.actorUserId,
        summary: auditEvents.summary,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.procurementId, procurement.id), inArray(auditEvents.action, Object.keys(KEY_EVENTS))))
      .orderBy(asc(auditEvents.seq)),
  ]);
  // Everyone an event names, as actor or in its summary.
  const userIds = new Set<string>();
  for (const e of events) {
    if (e.actorUserId) userIds.add(e.actorUserId);
    for (const value of Object.values(e.summary)) if (typeof value === "string" && isUuid(value)) userIds.add(value);
  }
  const actors = new Map(
    (userIds.size
      ? await db()
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, [...userIds]))
      : []
    ).map((u) => [u.id, u.name]),
  );
  const byBid = new Map(results.bidders.map((b) => [b.bidId, b]));
  // Ids in audit summaries read as the bidder's label or the person's name.
  const names = new Map<string, string>([...actors, ...results.bidders.map((b) => [b.bidId, b.label] as const)]);
  const labels = new Map(results.bidders.map((b) => [b.bidId, b.label]));
  const consensusMeta = new Map(consensusRows.map((c) => [`${c.bidId}:${c.questionId}`, c]));
  const marksOf = new Map<string, typeof marks>();
  for (const m of marks) {
    const key = `${m.bidId}:${m.questionId}`;
    marksOf.set(key, [...(marksOf.get(key) ?? []), m]);
  }
  const markText = (m: { score: number | null; pass: boolean | null }) =>
    m.pass !== null ? (m.pass ? "Pass" : "Fail") : `${m.score} out of ${rules.scaleMax}`;
  const weights = weightSummary(questions);
  const evaluators = [...new Set([...marks.map((m) => m.evaluator), ...declarations.map((d) => d.evaluator)])].sort();
  const winner = award ? byBid.get(award.bidId) : undefined;

  const pack: ScoringPack = {
    procurementTitle: procurement.title,
    generatedAtText: formatDateTime(clock.now()),
    marking: PROTECTIVE_MARKING,
    facts: [
      { name: "Tender version bid against", value: `Version ${tender.publishedVersion}` },
      {
        name: "Bid deadline",
        value: procurement.bidDeadline ? `${formatDateTime(procurement.bidDeadline)} (UK time)` : "None set",
      },
      { name: "Bids opened", value: tender.openedAt ? `${formatDateTime(tender.openedAt)} (UK time)` : "Not opened" },
      { name: "Bids evaluated", value: String(results.bidders.length) },
      { name: "Evaluators", value: evaluators.join(", ") || "None yet" },
      {
        name: "Award",
        value: winner
          ? `${winner.label} (${winner.organisation}), notice ${formatDate(award!.noticeDate)}`
          : "Not yet decided",
      },
    ],
    methodology: methodologyOf(results),
    criteria: questions.map((q) => ({
      number: q.number,
      title: q.title,
      kind: QUESTION_KIND_LABELS[q.kind],
      weight: q.kind === "pass_fail" ? "Pass or fail" : `${q.weight ?? 0}%`,
      available: q.kind === "pass_fail" ? "–" : `${formatPoints(q.weight ?? 0)} points`,
    })),
    weights: { quality: `${weights.quality}%`, price: `${weights.price}%` },
    ranking: rankingRows(results),
    rankingNotes: rankingNotes(results),
    award:
      award && winner
        ? [
            { name: "Winning bid", value: `${winner.label}: ${winner.organisation}` },
            { name: "Reasons", value: award.rationale },
            { name: "Decided by", value: `${award.decidedBy}, ${formatDateTime(award.decidedAt)}` },
            { name: "Award notice", value: formatDate(award.noticeDate) },
            { name: "Standstill ends", value: `Midnight at the end of ${formatDate(award.standstillEndsOn)}` },
            {
              name: "Assessment summaries",
              value: award.summariesSentAt
                ? `Sent to every bidder ${formatDateTime(award.summariesSentAt)}${award.summariesSentBy ? ` by ${award.summariesSentBy}` : ""}`
                : "Not sent yet",
            },
          ]
        : null,
    bids: results.ranked.map((r) => {
      const bidder = byBid.get(r.bidId);
      const conflicted = declarations
        .filter((d) => d.bidId === r.bidId && d.hasConflict)
        .map((d) => `${d.evaluator} (conflict declared)`);
      return {
        label: r.label,
        organisation: bidder?.organisation ?? "",
        reference: bidder?.reference ?? "",
        submittedAtText: formatDateTime(bidder?.submittedAt),
        standing: `${standingOf(r)}: quality ${formatPoints(r.quality)}, price ${formatPoints(r.price)}, total ${formatPoints(r.total)} points`,
        questions: r.questions.map((q) => {
          const key = `${r.bidId}:${q.questionId}`;
          const meta = consensusMeta.get(key);
          const decided = q.kind === "price" || meta !== undefined;
          return {
            number: q.number,
            title: q.title,
            kind: QUESTION_KIND_LABELS[q.kind],
            weight: q.kind === "pass_fail" ? "gate, no weight" : `weight ${q.weight ?? 0}%`,
            marks: (marksOf.get(key) ?? []).map((m) => ({
              evaluator: m.evaluator,
              mark: markText(m),
              justification: m.justification,
              submittedAtText: formatDateTime(m.submittedAt),
            })),
            notScoredBy: q.kind === "price" ? [] : conflicted,
            consensus: !decided
              ? null
              : q.kind === "price"
                ? {
                    mark: "Scored by formula",
                    points: `${formatPoints(q.weighted)} points`,
                    rationale: q.rationale,
                    byline: "Computed by the portal from the submitted price schedules",
                  }
                : {
                    mark: q.kind === "pass_fail" ? (q.pass ? "Pass" : "Fail") : `${q.raw} out of ${rules.scaleMax}`,
                    points: q.kind === "pass_fail" ? "" : `${formatPoints(q.weighted)} points`,
                    rationale: q.rationale,
                    byline: `Agreed by ${meta?.moderator ?? ""} on ${formatDateTime(meta?.agreedAt)} (UK time)`,
                  },
          };
        }),
      };
    }),
    conflicts: declarations.map((d) => ({
      evaluator: d.evaluator,
      bid: `${labels.get(d.bidId) ?? ""}: ${byBid.get(d.bidId)?.organisation ?? ""}`,
      declaration: d.hasConflict ? "Conflict" : "No conflict",
      details: d.details || "–",
      declaredAtText: formatDateTime(d.declaredAt),
    })),
    events: events.map((e): PackEvent => ({
      atText: formatDateTime(e.at),
      what: KEY_EVENTS[e.action] ?? e.action,
      who: (e.actorUserId && actors.get(e.actorUserId)) || e.actorEmail || "The portal",
      detail: eventDetail(e.summary, names),
    })),
  };
  return pack;
}
