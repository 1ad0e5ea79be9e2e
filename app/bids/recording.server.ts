// Housekeeping's part in decision 026: a submit request received before the deadline and recorded,
// but not finished (every try failed, or the server stopped mid-way), is finished here on the next
// round, under the job's claim (one server at a time). It is finished exactly as the request itself
// would have been (./submitting.server.ts): the draft read again, the same checks, and the time the
// portal received the request still the time that counts.
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { bidSubmissionRequests, procurements, tenders, users } from "../../db/schema";
import { log } from "../log.server";
import { tenderForBids } from "../tenders/published.server";
import { finishSubmitRequest, noteFailedAttempt } from "./submitting.server";

// Each round finishes at most this many, oldest received first; the rest wait for the next.
const BATCH = 50;

/** Finishes the requests still being recorded; returns how many it finished, refused and could not finish. */
export async function finishReceivedSubmissions() {
  const due = await db()
    .select({
      requestId: bidSubmissionRequests.id,
      submitter: { id: users.id, email: users.email, name: users.name },
      organisationId: bidSubmissionRequests.organisationId,
      procurement: procurements,
    })
    .from(bidSubmissionRequests)
    .innerJoin(users, eq(users.id, bidSubmissionRequests.userId))
    .innerJoin(tenders, eq(tenders.id, bidSubmissionRequests.tenderId))
    .innerJoin(procurements, eq(procurements.id, tenders.procurementId))
    .where(eq(bidSubmissionRequests.status, "received"))
    .orderBy(asc(bidSubmissionRequests.receivedAt))
    .limit(BATCH);
  const outcome = { finished: 0, refused: 0, failed: 0 };
  for (const request of due) {
    try {
      const published = await tenderForBids(request.procurement);
      if (!published) throw new Error("The tender is no longer published");
      const submitter = { ...request.submitter, organisationId: request.organisationId, ip: null };
      const result = await finishSubmitRequest(request.requestId, submitter, request.procurement, published);
      outcome[result.ok ? "finished" : "refused"]++;
    } catch (error) {
      outcome.failed++;
      await noteFailedAttempt(request.requestId, error);
      log.error("A bid received in time could not be recorded yet: the next round tries again", {
        request: request.requestId,
        error: String(error),
      });
    }
  }
  return outcome;
}
