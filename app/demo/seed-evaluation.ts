// Demo data for the AI imaging pilot (imaging-ai-pilot), a procurement already through every stage:
// its tender published and closed, five bids submitted and opened by two staff, a panel of three
// evaluators (one on some sections, one with a declared conflict) whose marks are submitted, the
// moderated consensus, one bidder excluded on a pass/fail question, and the award with standstill.
//
// Intended ranking (quality 70 from the consensus scores, price 30 = lowest compliant total ÷ total × 30),
// asserted by tests/integration/ocds.test.ts so that these figures cannot drift from the data:
//   1 Radiant 60.00 + 23.25 = 83.25 (awarded)   2 Northern 55.00 + 27.02 = 82.02
//   3 Lumen 47.50 + 30.00 = 77.50               4 Severn 40.00 + 25.07 = 65.07
//   Kestrel is excluded: its professional indemnity cover (£2m) fails question 1.2.
//
// Bids are written as submitBid would leave them (bid, answers, files, a submission frozen with the
// receipt module's reference and digest) rather than through submitBid itself: it stamps the
// portal's clock now, and these bids were made before a deadline three months ago. Runs inside the demo
// seed's one transaction, so it is seeded exactly when the rest is: into a database with no users.
//
// The stages are in seed-evaluation-*.ts; this runs them in order (the audit chain follows it).
import type { Transaction } from "../../db/client.server";
import { seedPilotAccounts, type Ids } from "./seed-evaluation-accounts";
import { seedAward, seedModeration } from "./seed-evaluation-award";
import { openPilotTender, seedPilotBids } from "./seed-evaluation-bids";
import { seedMarks } from "./seed-evaluation-marks";
import { seedDeclarations, seedPanel } from "./seed-evaluation-panel";
import { pilotTimeline, seedPilotProcurement, seedPilotTender } from "./seed-evaluation-tender";

export { IMAGING_AI_PILOT } from "./seed-evaluation-tender";

/** The pilot procurement, its organisations, accounts, tender, bids, evaluation and award. */
export async function seedEvaluation(tx: Transaction, ids: Ids) {
  const people = await seedPilotAccounts(tx, ids);
  const timeline = pilotTimeline();
  const procurement = await seedPilotProcurement(tx, people, timeline);
  const pilot = await seedPilotTender(tx, people, timeline, procurement);
  const bidIds = await seedPilotBids(tx, pilot);
  await openPilotTender(tx, pilot);
  const evaluatorActor = await seedPanel(tx, pilot);
  await seedDeclarations(tx, pilot, bidIds, evaluatorActor);
  await seedMarks(tx, pilot, bidIds, evaluatorActor);
  await seedModeration(tx, pilot, bidIds);
  await seedAward(tx, pilot, bidIds);
}
