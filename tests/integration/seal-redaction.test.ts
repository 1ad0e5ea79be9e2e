// The seal's rule for what is shown (docs/decisions/016), case by case: audit events about a bid
// of a procurement whose bids are not opened are shown without who, subject id, address or
// details, and whole after the opening, while the stored rows and the chain stay as written; mail
// about such a bid is left out of the admin's sent mail (list, message page, counts) until then.
// tests/integration/seal-invariant.test.ts checks the same over every route.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEventsWithLinks, recordAudit, verifyAuditChain } from "../../app/audit/audit.server";
import { keyAuditChain, linkAuditChain } from "../../app/audit/linking.server";
import { auditEventsAsShown, SEALED_EVENT_SUMMARY } from "../../app/bids/seal-redaction.server";
import { findSentMail, listSentMail, mailCounts } from "../../app/mail/sent-mail.server";
import { db } from "../../db/client.server";
import { enqueueEmail } from "../../emails/outbox.server";
import { asSignedIn, createOrganisation, createProcurement, createUser, daysFromNow } from "../factories";
import { createPublishedTender, openTender } from "../factories/tenders";
import { useTestDatabase } from "../setup/database";

await useTestDatabase();

// As the server does at start: the chain is keyed before any event.
beforeAll(() => keyAuditChain());

async function scene() {
  const procurement = await createProcurement({ bidDeadline: daysFromNow(-1) });
  const staff = await createUser({ role: "staff", totp: true });
  const organisation = await createOrganisation({ legalName: "Sealed Rule Imaging Ltd" });
  const bidder = await createUser({ role: "supplier", organisationId: organisation.id });
  const { tender } = await createPublishedTender(procurement.id, staff.id);
  const actor = { userId: bidder.id, email: bidder.email, organisationId: organisation.id, ip: "198.51.100.7" };
  const bidId = randomUUID();
  await db().transaction(async (tx) => {
    await recordAudit(tx, actor, {
      action: "bid.submitted",
      subjectType: "bid_submission",
      subjectId: randomUUID(),
      procurementId: procurement.id,
      summary: { reference: "AIP-BID-2026-RULE0001" },
    });
    await recordAudit(tx, actor, { action: "bid.started", subjectType: "bid", subjectId: bidId, procurementId: null });
    await recordAudit(tx, actor, {
      action: "clarification.asked",
      subjectType: "clarification_question",
      subjectId: randomUUID(),
      procurementId: procurement.id,
    });
  });
  await linkAuditChain();
  const stored = await auditEventsWithLinks(undefined);
  return { procurement, tender, organisation, bidder, stored: stored.slice(-3) };
}

describe("audit events as shown", () => {
  it("shows an event about a bid without who, what or where until the opening, then whole; the chain as written", async () => {
    const { tender, bidder, stored } = await scene();
    const [submitted, startedNowhere, asked] = await auditEventsAsShown(stored);
    expect(submitted).toMatchObject({
      seq: stored[0].seq,
      at: stored[0].at,
      action: "bid.submitted",
      subjectType: "bid_submission",
      procurementId: stored[0].procurementId,
      prevHash: stored[0].prevHash,
      hash: stored[0].hash,
      actorUserId: null,
      actorEmail: null,
      organisationId: null,
      subjectId: null,
      ip: null,
      summary: SEALED_EVENT_SUMMARY,
      sealed: true,
    });
    // An event about a bid that names no procurement cannot be shown to be opened: sealed for good.
    expect(startedNowhere).toMatchObject({ sealed: true, actorEmail: null, subjectId: null });
    // Events about anything else are shown as they are.
    expect(asked).toEqual({ ...stored[2], sealed: false });
    expect((await verifyAuditChain()).ok).toBe(true);

    await openTender(tender.id);
    const [opened, stillNowhere] = await auditEventsAsShown(stored);
    expect(opened).toEqual({ ...stored[0], sealed: false });
    expect(opened.actorEmail).toBe(bidder.email);
    expect(stillNowhere.sealed).toBe(true);
    const inDatabase = await auditEventsWithLinks(undefined);
    expect(inDatabase.slice(-3)).toEqual(stored);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});

describe("mail about a bid", () => {
  it("is left out of the sent mail, its page and its counts until the opening, then shown", async () => {
    const { tender, bidder } = await scene();
    const admin = asSignedIn(await createUser({ role: "admin", totp: true }));
    const before = await mailCounts(admin);
    const content = {
      subject: "Bid receipt AIP-BID-2026-RULE0001: a procurement",
      html: "<p>Receipt</p>",
      text: "Receipt",
    };
    const [receipt, other] = await db().transaction(async (tx) => [
      await enqueueEmail(tx, { to: bidder.email, template: "bid-receipt", content, sealedTenderId: tender.id }),
      await enqueueEmail(tx, {
        to: bidder.email,
        template: "verify-email",
        content: { ...content, subject: "Verify" },
      }),
    ]);
    const listed = async () => (await listSentMail(admin, { limit: 500, offset: 0 })).map((m) => m.id);

    expect(await listed()).toContain(other);
    expect(await listed()).not.toContain(receipt);
    expect(await findSentMail(admin, receipt)).toBeNull();
    expect(await findSentMail(admin, other)).not.toBeNull();
    // Counted as listed: the number of receipts would tell how many people the bidder has.
    expect((await mailCounts(admin)).pendingMail).toBe(before.pendingMail + 1);

    await openTender(tender.id);
    expect(await listed()).toContain(receipt);
    expect((await findSentMail(admin, receipt))?.subject).toBe(content.subject);
    expect((await mailCounts(admin)).pendingMail).toBe(before.pendingMail + 2);
  });
});
