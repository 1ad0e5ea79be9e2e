// Who may read a procurement's clarification log: staff and evaluators, and suppliers once their
// organisation has registered interest.
import type { SignedInUser } from "../auth/guards.server";
import { hasRegisteredInterest } from "../procurements/procurements.server";
import { forbidden } from "../refusals.server";
import type { Procurement } from "./shared.server";

export type LogAccess = "read" | "register-interest";

/**
 * Staff and evaluators read the log; suppliers once their organisation is registered on the
 * procurement (before that they are offered registration); anyone else is refused.
 */
export async function logAccessFor(user: SignedInUser, procurement: Procurement): Promise<LogAccess> {
  if (user.role === "staff" || user.role === "evaluator") return "read";
  if (user.role === "supplier" && user.organisationId) {
    return (await hasRegisteredInterest(user, procurement.id)) ? "read" : "register-interest";
  }
  forbidden();
}
