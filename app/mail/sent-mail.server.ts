// The admin's view of the email outbox ("sent mail"): admins only, never mail about sealed bids,
// and outside the demo never the single-use links and codes that mail carries.
import { sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { outboxMessages } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { config } from "../config.server";
import { findOutboxMessage, listOutbox } from "../../emails/outbox.server";
import { mailShownNow } from "../bids/seal-redaction.server";
import { isUuid } from "../ids";
import { requireRole } from "../refusals.server";

// Emails whose whole point is a credential for their addressee alone: a link or a code that signs
// someone up, in, or through a check. An admin who could read them could become that person.
const CREDENTIAL_TEMPLATES = new Set(["verify-email", "password-reset", "invitation", "mailbox-proof"]);

export const WITHHELD_BODY = "Not shown: this email carries a single-use link or code that only its addressee may use.";

export async function listSentMail(admin: SignedInUser, options: { limit: number; offset: number }) {
  requireRole(admin, "admin");
  return listOutbox({ ...options, shown: mailShownNow() });
}

/** How much mail waits to be sent and how much failed, counted as the sent-mail view lists it. */
export async function mailCounts(admin: SignedInUser) {
  requireRole(admin, "admin");
  const [counts] = await db()
    .select({
      pendingMail: sql<number>`count(*) filter (where ${outboxMessages.status} = 'pending')::int`,
      failedMail: sql<number>`count(*) filter (where ${outboxMessages.status} = 'failed')::int`,
    })
    .from(outboxMessages)
    // Mail about sealed bids is not counted either: it would tell the bidder's size.
    .where(mailShownNow());
  return counts;
}

/**
 * One message as an admin may read it. On the demo, everything: it is how a visitor follows the
 * links the demo sends. Elsewhere an admin sees who was sent what and whether it went, but the body
 * of a credential email is withheld, and any other link's token is blanked.
 */
export async function findSentMail(admin: SignedInUser, id: string) {
  requireRole(admin, "admin");
  if (!isUuid(id)) return null;
  // A receipt of a sealed bid is not found: the same answer as for an id that never existed.
  const message = await findOutboxMessage(id, mailShownNow());
  if (!message) return null;
  if (config().demoInstance) return { ...message, bodyWithheld: false };
  if (CREDENTIAL_TEMPLATES.has(message.template)) {
    return { ...message, text: WITHHELD_BODY, html: "", bodyWithheld: true };
  }
  const blank = (body: string) => body.replace(/token=[\w-]+/g, "token=[hidden]");
  return { ...message, text: blank(message.text), html: blank(message.html), bodyWithheld: false };
}
