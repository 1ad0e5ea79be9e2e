// The results of an opened tender's evaluation: the questionnaire bidders answered, the rules, the
// labelled bids with their moderated consensus and price totals, ranked (ranking.ts), and the award.
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { awards, evaluationRules, moderatedScores, users } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { requirePublishedTender } from "../tenders/published.server";
import type { Tender } from "../bids/sealed.server";
import type { Procurement } from "../procurements/procurements.server";
import { allQuestions, type PublishedQuestion, type PublishedQuestionnaire } from "../tenders/questionnaire";
import { labelledBidders, type Bidder } from "./bidders.server";
import { rankBids, type RankedBid } from "./ranking";
import { notFound, requireRole } from "../refusals.server";

export type EvaluationRules = { scaleMax: number; tieBreak: "quality" | "price"; justificationMinChars: number };

export const DEFAULT_RULES: EvaluationRules = { scaleMax: 4, tieBreak: "quality", justificationMinChars: 50 };

export type Award = typeof awards.$inferSelect & { decidedBy: string; summariesSentBy: string | null };

export type EvaluationResults = {
  tender: Tender;
  questionnaire: PublishedQuestionnaire;
  questions: PublishedQuestion[];
  rules: EvaluationRules;
  bidders: Bidder[];
  ranked: RankedBid[];
  award: Award | null;
};

export async function rulesFor(tenderId: string): Promise<EvaluationRules> {
  const [row] = await db().select().from(evaluationRules).where(eq(evaluationRules.tenderId, tenderId));
  return row
    ? { scaleMax: row.scaleMax, tieBreak: row.tieBreak, justificationMinChars: row.justificationMinChars }
    : DEFAULT_RULES;
}

export async function awardFor(tenderId: string): Promise<Award | null> {
  const [row] = await db()
    .select({ award: awards, decidedBy: users.name })
    .from(awards)
    .innerJoin(users, eq(users.id, awards.decidedByUserId))
    .where(eq(awards.tenderId, tenderId));
  if (!row) return null;
  let summariesSentBy: string | null = null;
  if (row.award.summariesSentByUserId) {
    const [sender] = await db()
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, row.award.summariesSentByUserId));
    summariesSentBy = sender?.name ?? null;
  }
  return { ...row.award, decidedBy: row.decidedBy, summariesSentBy };
}

/** Each counting submission's price schedule totals, by question: what the price formula compares. */
export function priceTotalsOf(bidder: Pick<Bidder, "content">): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const answer of bidder.content.answers) {
    if (answer.kind === "price" && typeof answer.totalPence === "number") totals[answer.questionId] = answer.totalPence;
  }
  return totals;
}

/**
 * Ranks the bids of an opened tender from the moderated consensus (staff and admins; the seal
 * refuses everyone before opening). The questionnaire is the one bidders answered: after the
 * deadline the tender stands as published.
 */
export async function evaluationResults(user: SignedInUser, procurement: Procurement): Promise<EvaluationResults> {
  requireRole(user, ["staff", "admin"]);
  const { tender, questionnaire } = await requirePublishedTender(procurement);
  const bidders = await labelledBidders(user, tender);
  const [rules, consensusRows, award] = await Promise.all([
    rulesFor(tender.id),
    db()
      .select()
      .from(moderatedScores)
      .where(eq(moderatedScores.tenderId, tender.id))
      .orderBy(asc(moderatedScores.bidId)),
    awardFor(tender.id),
  ]);
  const questions = allQuestions(questionnaire);
  const consensus = new Map<
    string,
    Record<string, { score: number | null; pass: boolean | null; rationale: string }>
  >();
  for (const row of consensusRows) {
    const forBid = consensus.get(row.bidId) ?? {};
    forBid[row.questionId] = { score: row.score, pass: row.pass, rationale: row.rationale };
    consensus.set(row.bidId, forBid);
  }
  const ranked = rankBids({
    questions,
    bids: bidders.map((b) => ({
      bidId: b.bidId,
      label: b.label,
      consensus: consensus.get(b.bidId) ?? {},
      priceTotals: priceTotalsOf(b),
    })),
    scaleMax: rules.scaleMax,
    tieBreak: rules.tieBreak,
  });
  return { tender, questionnaire, questions, rules, bidders, ranked, award };
}

/** One ranked bid of the results, or a 404. */
export function rankedBid(results: Pick<EvaluationResults, "ranked">, bidId: string): RankedBid {
  return results.ranked.find((r) => r.bidId === bidId) ?? notFound();
}

/** The counting bid of an organisation in the results (null if it did not bid). */
export function bidderOf(results: Pick<EvaluationResults, "bidders">, organisationId: string): Bidder | null {
  return results.bidders.find((b) => b.organisationId === organisationId) ?? null;
}
