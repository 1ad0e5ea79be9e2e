// Seeds each evaluator's marks for the pilot's bids (not for the bid they declared a conflict on, and only
// on their own sections), submitted bid by bid over the fortnight after opening.
import { recordAudit } from "../audit/audit.server";
import type { Transaction } from "../../db/client.server";
import { evaluationScores } from "../../db/schema";
import { BIDS } from "./seed-evaluation-bids";
import type { BidderKey } from "./seed-evaluation-demo-bid";
import { CONFLICT, PANEL, type EvaluatorActor } from "./seed-evaluation-panel";
import { HOUR, type Pilot } from "./seed-evaluation-tender";

/** Each evaluator's marks, submitted bid by bid over the following fortnight. */
export async function seedMarks(
  tx: Transaction,
  pilot: Pilot,
  bidIds: Map<BidderKey, string>,
  evaluatorActor: EvaluatorActor,
) {
  const { after, procurement, tender, question } = pilot;
  const markedQuestions = (member: (typeof PANEL)[number]) =>
    (["ukca", "insurance", "dtac", "clinical", "integration", "ig", "surveillance", "plan", "social"] as const).filter(
      (key) => member.sections === null || member.sections.includes(Number(question(key).number.split(".")[0])),
    );
  for (const [i, member] of PANEL.entries()) {
    for (const [b, demo] of BIDS.entries()) {
      if (member.key === CONFLICT.evaluator && demo.bidder === CONFLICT.bidder) continue;
      const actor = evaluatorActor(member.key);
      const bidId = bidIds.get(demo.bidder) as string;
      const submittedAt = after(4 + b * 2 + i, 16);
      const rows = markedQuestions(member).map((key) => {
        const mark =
          key === "ukca" || key === "insurance" || key === "dtac"
            ? demo.passFail[key].marks[member.key]
            : demo.marks[key].by[member.key];
        if (!mark) throw new Error(`Pilot mark missing: ${demo.bidder} ${key} ${member.key}`);
        if (mark[1].length < 50) throw new Error(`Pilot justification too short: ${demo.bidder} ${key} ${member.key}`);
        return {
          tenderId: tender.id,
          bidId,
          questionId: question(key).id,
          evaluatorUserId: actor.userId,
          score: typeof mark[0] === "number" ? mark[0] : null,
          pass: typeof mark[0] === "boolean" ? mark[0] : null,
          justification: mark[1],
          updatedAt: new Date(submittedAt.getTime() - 2 * HOUR),
          submittedAt,
        };
      });
      await tx.insert(evaluationScores).values(rows);
      await recordAudit(tx, actor, {
        action: "evaluation.scores_submitted",
        subjectType: "bid",
        subjectId: bidId,
        procurementId: procurement.id,
        summary: { marks: rows.length },
      });
    }
  }
}
