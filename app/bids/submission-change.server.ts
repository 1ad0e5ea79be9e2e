// What submitting and withdrawing share: who submits, the deadline locked for the transaction and
// read against the time the request was received (decision 026), and the record of a submission
// made or withdrawn (the bid's status, an email to everyone in the organisation, the audit row).
import { eq } from "drizzle-orm";
import type { Transaction } from "../../db/client.server";
import { bids, procurements } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import type { EmailContent } from "../../emails/templates/layout";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { notFound } from "../refusals.server";
import { organisationRecipients } from "../users/users.server";

/** Who submits: a signed-in supplier, or (when housekeeping finishes a request) the one who sent it. */
export type Submitter = Pick<SignedInUser, "id" | "email" | "name" | "ip"> & { organisationId: string };

/** Locks the procurement against a deadline change for the rest of the transaction (staff extend FOR UPDATE). */
export async function lockDeadline(tx: Transaction, procurementId: string): Promise<Date | null> {
  const [row] = await tx
    .select({ deadline: procurements.bidDeadline })
    .from(procurements)
    .where(eq(procurements.id, procurementId))
    .for("share");
  if (!row) notFound();
  return row.deadline;
}

export const receivedInTime = (receivedAt: Date, deadline: Date | null): deadline is Date =>
  deadline !== null && receivedAt.getTime() < deadline.getTime();

/** A submission made or withdrawn: the bid's status, the audit row and an email to everyone in the organisation. */
export async function recordSubmissionChange(
  tx: Transaction,
  user: Submitter,
  procurement: Procurement,
  change: {
    bidId: string;
    tenderId: string;
    status: "submitted" | "withdrawn";
    at: Date;
    action: string;
    submissionId: string;
    summary: Record<string, unknown>;
    template: string;
    message: (person: { name: string }) => EmailContent;
  },
) {
  await tx.update(bids).set({ status: change.status, updatedAt: change.at }).where(eq(bids.id, change.bidId));
  for (const person of await organisationRecipients(tx, user.organisationId)) {
    await enqueueEmail(tx, {
      to: person.email,
      template: change.template,
      content: change.message(person),
      // Who was told names the bidder: the outbox's views leave this mail out until the opening.
      sealedTenderId: change.tenderId,
    });
  }
  await recordAudit(tx, actorOf(user), {
    action: change.action,
    subjectType: "bid_submission",
    subjectId: change.submissionId,
    procurementId: procurement.id,
    summary: change.summary,
  });
}
