// Seeds the pilot's moderation (the panel's consensus and rationale for every question but price) and
// the award to the best-ranked compliant bid, with standstill and the bidders' summaries sent.
import { recordAudit } from "../audit/audit.server";
import { formatPoints, rankBids } from "../evaluation/ranking";
import { allQuestions, priceTotals } from "../tenders/questionnaire";
import type { Transaction } from "../../db/client.server";
import { awards, moderatedScores } from "../../db/schema";
import { BIDS } from "./seed-evaluation-bids";
import type { BidderKey } from "./seed-evaluation-demo-bid";
import { PRICE_ITEMS } from "./seed-evaluation-questionnaire";
import type { Pilot } from "./seed-evaluation-tender";

/** Moderation: a consensus and rationale for every question but price (scored by formula). */
export async function seedModeration(tx: Transaction, pilot: Pilot, bidIds: Map<BidderKey, string>) {
  const { staff, after, procurement, tender, question } = pilot;
  for (const [b, demo] of BIDS.entries()) {
    const bidId = bidIds.get(demo.bidder) as string;
    const agreedAt = after(20 + Math.floor(b / 2), 11 + (b % 2) * 3);
    for (const key of [
      "ukca",
      "insurance",
      "dtac",
      "clinical",
      "integration",
      "ig",
      "surveillance",
      "plan",
      "social",
    ] as const) {
      const [mark, rationale] =
        key === "ukca" || key === "insurance" || key === "dtac"
          ? demo.passFail[key].consensus
          : demo.marks[key].consensus;
      const q = question(key);
      const [row] = await tx
        .insert(moderatedScores)
        .values({
          tenderId: tender.id,
          bidId,
          questionId: q.id,
          score: typeof mark === "number" ? mark : null,
          pass: typeof mark === "boolean" ? mark : null,
          rationale,
          moderatorUserId: staff.userId,
          agreedAt,
        })
        .returning({ id: moderatedScores.id });
      await recordAudit(tx, staff, {
        action: "moderation.consensus_agreed",
        subjectType: "moderated_score",
        subjectId: row.id,
        procurementId: procurement.id,
        summary: { bidId, number: q.number, ...(typeof mark === "number" ? { score: mark } : { pass: mark }) },
      });
    }
  }
}

/**
 * The award to the best-ranked compliant bid, as the ranking computes it from the consensus and
 * the price totals; every bidder's assessment summary sent at once.
 */
export async function seedAward(tx: Transaction, pilot: Pilot, bidIds: Map<BidderKey, string>) {
  const { staff, staff2, decidedAt, noticeDate, standstillEnds, summariesSentAt } = pilot;
  const { procurement, tender, questionnaire, question } = pilot;
  const priceQuestion = question("price");
  const ranking = rankBids({
    questions: allQuestions(questionnaire).map(({ id, number, title, kind, weight }) => ({
      id,
      number,
      title,
      kind,
      weight,
    })),
    bids: BIDS.map((demo) => ({
      bidId: bidIds.get(demo.bidder) as string,
      label: demo.bidder,
      consensus: Object.fromEntries(
        (["ukca", "insurance", "dtac", "clinical", "integration", "ig", "surveillance", "plan", "social"] as const).map(
          (key) => {
            const [mark, rationale] =
              key === "ukca" || key === "insurance" || key === "dtac"
                ? demo.passFail[key].consensus
                : demo.marks[key].consensus;
            return [
              question(key).id,
              {
                score: typeof mark === "number" ? mark : null,
                pass: typeof mark === "boolean" ? mark : null,
                rationale,
              },
            ];
          },
        ),
      ),
      priceTotals: { [priceQuestion.id]: priceTotals(PRICE_ITEMS, demo.unitPrices).totalPence },
    })),
    scaleMax: 4,
    tieBreak: "quality",
  });
  const [first, second] = ranking;
  const excluded = ranking.filter((r) => r.excluded).map((r) => r.label);
  if (first?.label !== "radiant" || second?.label !== "northern" || excluded.join() !== "kestrel") {
    throw new Error(
      `The pilot's demo ranking changed: ${ranking.map((r) => `${r.label} ${formatPoints(r.total)}`).join(", ")}`,
    );
  }
  const rationale = `The highest total score of the compliant bids: ${formatPoints(first.total)} of 100 (quality ${formatPoints(first.quality)} of 70, price ${formatPoints(first.price)} of 30), ahead of the second-ranked bid's ${formatPoints(second.total)}. The winning bid gave the strongest clinical evidence and post-market surveillance, at a price within the pilot's budget. One bid was excluded for failing the insurance requirement (question 1.2) and was not ranked.`;
  const [award] = await tx
    .insert(awards)
    .values({
      tenderId: tender.id,
      bidId: bidIds.get("radiant") as string,
      rationale,
      decidedByUserId: staff.userId,
      decidedAt,
      noticeDate,
      standstillEndsOn: standstillEnds,
      summariesSentAt,
      summariesSentByUserId: staff2.userId,
    })
    .returning({ id: awards.id });
  const awardAudit = { subjectType: "award", subjectId: award.id, procurementId: procurement.id };
  await recordAudit(tx, staff, {
    ...awardAudit,
    action: "award.decided",
    summary: { bidId: bidIds.get("radiant"), noticeDate, standstillEndsOn: standstillEnds },
  });
  await recordAudit(tx, staff2, { ...awardAudit, action: "award.summaries_sent", summary: { bidders: BIDS.length } });
}
