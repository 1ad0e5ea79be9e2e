// The evaluation method of a tender: score scale, tie-break and minimum justification, set by staff
// before the first publication (bidders read it in the tender, so once published it stands).
import { eq } from "drizzle-orm";
import { evaluationRules } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import type { Procurement } from "../procurements/procurements.server";
import { refusal } from "../refusals.server";
import type { EvaluationMethodInput } from "../tenders/schema";
import { editTender, isTenderPublished } from "../tenders/shared.server";

/**
 * Sets how the tender's bids will be evaluated (score scale, tie-break, minimum justification).
 * Only before the first publication: bidders read it in the tender, so once published it stands.
 */
export async function setEvaluationMethod(user: SignedInUser, procurement: Procurement, input: EvaluationMethodInput) {
  return editTender(user, procurement, input.version, async (tx, tender) => {
    if (isTenderPublished(tender)) {
      return refusal("The tender has been published with its evaluation method: it can no longer be changed here");
    }
    const [before] = await tx.select().from(evaluationRules).where(eq(evaluationRules.tenderId, tender.id));
    const after = {
      scaleMax: input.scaleMax,
      tieBreak: input.tieBreak,
      justificationMinChars: input.justificationMinChars,
    };
    await tx
      .insert(evaluationRules)
      .values({ tenderId: tender.id, ...after })
      .onConflictDoUpdate({ target: evaluationRules.tenderId, set: after });
    return {
      ok: true,
      value: tender.id,
      audit: {
        action: "tender.evaluation_method_set",
        subjectType: "tender",
        subjectId: tender.id,
        summary: {
          before: before
            ? {
                scaleMax: before.scaleMax,
                tieBreak: before.tieBreak,
                justificationMinChars: before.justificationMinChars,
              }
            : null,
          after,
        },
      },
    };
  });
}
