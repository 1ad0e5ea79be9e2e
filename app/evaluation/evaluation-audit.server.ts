// The audit row every evaluation write carries (panel changes, declarations, marks), shared by the
// evaluation workflows.
import type { Executor } from "../../db/client.server";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";

export function auditEvaluation(
  tx: Executor,
  user: SignedInUser,
  procurement: Procurement,
  action: string,
  subject: { type: "tender" | "bid"; id: string },
  summary: Record<string, unknown>,
) {
  return recordAudit(tx, actorOf(user), {
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    procurementId: procurement.id,
    summary,
  });
}
