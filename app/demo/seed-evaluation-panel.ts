// Seeds the pilot's evaluation panel: three evaluators assigned before the deadline (one on some sections
// only), and each one's declaration for each bid after opening, one of them declaring a conflict.
import { recordAudit } from "../audit/audit.server";
import type { Transaction } from "../../db/client.server";
import { conflictDeclarations, evaluationRules, evaluatorAssignments } from "../../db/schema";
import { BIDS } from "./seed-evaluation-bids";
import type { BidderKey, EvaluatorKey } from "./seed-evaluation-demo-bid";
import { HOUR, type Pilot } from "./seed-evaluation-tender";

export const PANEL: { key: EvaluatorKey; email: string; sections: number[] | null }[] = [
  { key: "rahman", email: "evaluator@example.com", sections: null },
  { key: "whitfield", email: "evaluator2@example.com", sections: null },
  // The network's information governance and digital lead: the gate, integration and IG only.
  { key: "castell", email: "evaluator3@example.com", sections: [1, 3, 4] },
];

export const CONFLICT = {
  evaluator: "whitfield" as EvaluatorKey,
  bidder: "lumen" as BidderKey,
  details:
    "My wife is employed by Lumen Radiology Systems Ltd as a senior product manager, and I gave a paid lecture at their clinical advisory day last year.",
};

/** An evaluator as the audit names them. */
export type EvaluatorActor = (key: EvaluatorKey) => { userId: string; email: string };

/** The panel, assigned before the deadline. */
export async function seedPanel(tx: Transaction, pilot: Pilot): Promise<EvaluatorActor> {
  const { userId, staff, after, procurement, tender, questionnaire } = pilot;
  await tx.insert(evaluationRules).values({ tenderId: tender.id });
  const evaluatorIds = new Map<EvaluatorKey, string>();
  for (const member of PANEL) {
    const evaluatorUserId = userId(member.email);
    evaluatorIds.set(member.key, evaluatorUserId);
    const sectionIds = member.sections?.map((n) => questionnaire.sections[n - 1].id) ?? null;
    const [row] = await tx
      .insert(evaluatorAssignments)
      .values({
        tenderId: tender.id,
        evaluatorUserId,
        sectionIds,
        assignedByUserId: staff.userId,
        assignedAt: after(-3, 10),
      })
      .returning({ id: evaluatorAssignments.id });
    await recordAudit(tx, staff, {
      action: "evaluation.evaluator_assigned",
      subjectType: "evaluator_assignment",
      subjectId: row.id,
      procurementId: procurement.id,
      summary: { evaluatorUserId, sections: member.sections ?? "all" },
    });
  }
  const evaluatorActor = (key: EvaluatorKey) => {
    const member = PANEL.find((m) => m.key === key);
    const id = evaluatorIds.get(key);
    if (!member || !id) throw new Error(`Pilot evaluator ${key} is missing`);
    return { userId: id, email: member.email };
  };
  return evaluatorActor;
}

/** Each evaluator's declaration for each bid, after opening. */
export async function seedDeclarations(
  tx: Transaction,
  pilot: Pilot,
  bidIds: Map<BidderKey, string>,
  evaluatorActor: EvaluatorActor,
) {
  const { after, procurement, tender } = pilot;
  for (const [i, member] of PANEL.entries()) {
    for (const demo of BIDS) {
      const conflicted = member.key === CONFLICT.evaluator && demo.bidder === CONFLICT.bidder;
      const actor = evaluatorActor(member.key);
      const bidId = bidIds.get(demo.bidder) as string;
      const [row] = await tx
        .insert(conflictDeclarations)
        .values({
          tenderId: tender.id,
          bidId,
          evaluatorUserId: actor.userId,
          hasConflict: conflicted,
          details: conflicted ? CONFLICT.details : "",
          declaredAt: new Date(after(1, 11).getTime() + i * HOUR),
        })
        .returning({ id: conflictDeclarations.id });
      await recordAudit(tx, actor, {
        action: "evaluation.conflict_declared",
        subjectType: "conflict_declaration",
        subjectId: row.id,
        procurementId: procurement.id,
        summary: { bidId, hasConflict: conflicted },
      });
    }
  }
}
