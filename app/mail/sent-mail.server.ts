// The admin's view of the email outbox ("sent mail"): admins only, and never mail about sealed bids.
import type { SignedInUser } from "../auth/guards.server";
import { findOutboxMessage, listOutbox } from "../../emails/outbox.server";
import { mailShownNow } from "../bids/seal-redaction.server";
import { isUuid } from "../ids";

function assertAdmin(user: SignedInUser) {
  if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
}

export async function listSentMail(admin: SignedInUser, options: { limit: number; offset: number }) {
  assertAdmin(admin);
  return listOutbox({ ...options, shown: mailShownNow() });
}

export async function findSentMail(admin: SignedInUser, id: string) {
  assertAdmin(admin);
  if (!isUuid(id)) return null;
  // A receipt of a sealed bid is not found: the same answer as for an id that never existed.
  return findOutboxMessage(id, mailShownNow());
}
