// Conflicts of interest on a tender: each evaluator declares a conflict (or none) for each bidding
// organisation by name, once and for good; staff and the scoring pack read the declarations made.
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { conflictDeclarations, users } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { requirePublishedTender } from "../tenders/published.server";
import { bidToDeclare } from "../bids/sealed.server";
import type { Procurement } from "../procurements/procurements.server";
import { bidderLabel } from "./bidders.server";
import { auditEvaluation } from "./evaluation-audit.server";
import type { DeclarationInput } from "./schema";
import * as clock from "../clock.server";
import { refusal, requireRole, type ActionResult } from "../refusals.server";

/** Every declaration made on the tender, oldest first, with who made it. */
export async function declarationsFor(tenderId: string) {
  return db()
    .select({
      bidId: conflictDeclarations.bidId,
      evaluatorUserId: conflictDeclarations.evaluatorUserId,
      evaluator: users.name,
      hasConflict: conflictDeclarations.hasConflict,
      details: conflictDeclarations.details,
      declaredAt: conflictDeclarations.declaredAt,
    })
    .from(conflictDeclarations)
    .innerJoin(users, eq(users.id, conflictDeclarations.evaluatorUserId))
    .where(eq(conflictDeclarations.tenderId, tenderId))
    .orderBy(asc(conflictDeclarations.declaredAt));
}
/**
 * The evaluator's one, final declaration for a bidding organisation (named: nobody can declare
 * honestly against a label): no conflict, or a conflict with its details. Recorded against that
 * organisation's counting bid, which the evaluator is never told.
 */
export async function declareConflict(
  user: SignedInUser,
  procurement: Procurement,
  input: DeclarationInput,
): Promise<ActionResult<{ organisation: string; hasConflict: boolean; declaredForAll: boolean }>> {
  requireRole(user, "evaluator");
  const { tender } = await requirePublishedTender(procurement);
  const target = await bidToDeclare(user, tender, input.organisationId);
  const { bidId, organisation } = target;
  const hasConflict = input.hasConflict === "yes";
  const already = refusal(`You have already made your declaration for ${organisation}: a declaration is final`);
  if (target.declared) return already;
  return db().transaction(async (tx) => {
    const [row] = await tx
      .insert(conflictDeclarations)
      .values({
        tenderId: tender.id,
        bidId,
        evaluatorUserId: user.id,
        hasConflict,
        details: hasConflict ? input.details.trim() : "",
        declaredAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: conflictDeclarations.id });
    if (!row) return already;
    await auditEvaluation(
      tx,
      user,
      procurement,
      "evaluation.conflict_declared",
      { type: "bid", id: bidId },
      {
        label: bidderLabel(target.position),
        organisationId: input.organisationId,
        hasConflict,
      },
    );
    return { ok: true as const, organisation, hasConflict, declaredForAll: target.undeclaredElsewhere === 0 };
  });
}
