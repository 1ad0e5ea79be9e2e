// Seeds the pilot's three further supplier organisations and four further demo accounts (their admins
// and a third evaluator), and names the staff and bidders the later stages act as.
import { recordAudit, type AuditActor } from "../audit/audit.server";
import type { Transaction } from "../../db/client.server";
import { organisations, users } from "../../db/schema";
import type { BidderKey } from "./seed-evaluation-demo-bid";
import * as clock from "../clock.server";

const ORGANISATIONS = [
  {
    key: "lumen",
    legalName: "Lumen Radiology Systems Ltd",
    tradingNames: "Lumen Radiology",
    companiesHouseNumber: "11223344",
    dunsNumber: "227334455",
    addressLine1: "Salisbury House, Station Road",
    town: "Cambridge",
    postcode: "CB1 2LA",
    isSme: true,
    isVcse: false,
    contactName: "Olivia Grant",
    contactEmail: "supplier3@example.com",
    contactPhone: "01223 496 000",
    website: "https://lumen-radiology.example.com",
  },
  {
    key: "severn",
    legalName: "Severn Medical Imaging Ltd",
    tradingNames: "",
    companiesHouseNumber: "09876543",
    dunsNumber: null,
    addressLine1: "Engine Shed, Station Approach",
    town: "Bristol",
    postcode: "BS1 6QH",
    isSme: true,
    isVcse: false,
    contactName: "Rhys Evans",
    contactEmail: "supplier4@example.com",
    contactPhone: "0117 496 0000",
    website: "https://severn-imaging.example.com",
  },
  {
    key: "kestrel",
    legalName: "Kestrel Health Technologies Ltd",
    tradingNames: "Kestrel Health",
    companiesHouseNumber: "10457812",
    dunsNumber: null,
    addressLine1: "Bruntwood Works, 2 Hardman Street",
    town: "Manchester",
    postcode: "M3 3HF",
    isSme: true,
    isVcse: false,
    contactName: "Nadia Hussain",
    contactEmail: "supplier5@example.com",
    contactPhone: "0161 496 0000",
    website: "https://kestrel-health.example.com",
  },
] as const;

const ACCOUNTS = [
  { email: "supplier3@example.com", name: "Olivia Grant", role: "supplier", organisation: "lumen" },
  { email: "supplier4@example.com", name: "Rhys Evans", role: "supplier", organisation: "severn" },
  { email: "supplier5@example.com", name: "Nadia Hussain", role: "supplier", organisation: "kestrel" },
  { email: "evaluator3@example.com", name: "Helen Castell", role: "evaluator" },
] as const;

export type Ids = { passwordHash: string; organisationIds: Map<string, string>; userIds: Map<string, string> };

/** The people the pilot's stages act as: staff, bidders and (by email) anyone else. */
export type People = Awaited<ReturnType<typeof seedPilotAccounts>>;

/** The organisations and accounts, added to those the demo seed made already. */
export async function seedPilotAccounts(tx: Transaction, ids: Ids) {
  const organisationIds = new Map(ids.organisationIds);
  const userIds = new Map(ids.userIds);
  const seedActor: AuditActor = { email: "seed" };
  for (const { key, ...organisation } of ORGANISATIONS) {
    const [row] = await tx.insert(organisations).values(organisation).returning({ id: organisations.id });
    organisationIds.set(key, row.id);
  }
  for (const account of ACCOUNTS) {
    const [user] = await tx
      .insert(users)
      .values({
        email: account.email,
        name: account.name,
        role: account.role,
        organisationId: "organisation" in account ? organisationIds.get(account.organisation) : null,
        isOrganisationAdmin: "organisation" in account,
        passwordHash: ids.passwordHash,
        emailVerifiedAt: clock.now(),
        isDemoAccount: true,
      })
      .returning({ id: users.id });
    userIds.set(account.email, user.id);
    await recordAudit(tx, seedActor, {
      action: "seed.account_created",
      subjectType: "user",
      subjectId: user.id,
      summary: { after: { email: account.email, role: account.role } },
    });
  }
  const userId = (email: string) => {
    const id = userIds.get(email);
    if (!id) throw new Error(`Seed account ${email} is missing`);
    return id;
  };
  const staff = { userId: userId("staff@example.com"), email: "staff@example.com" };
  const staff2 = { userId: userId("staff2@example.com"), email: "staff2@example.com" };
  const supplierEmail: Record<BidderKey, string> = {
    radiant: "supplier@example.com",
    northern: "supplier2@example.com",
    lumen: "supplier3@example.com",
    severn: "supplier4@example.com",
    kestrel: "supplier5@example.com",
  };
  const bidder = (key: BidderKey) => {
    const organisationId = organisationIds.get(key);
    if (!organisationId) throw new Error(`Seed organisation ${key} is missing`);
    return { organisationId, userId: userId(supplierEmail[key]), email: supplierEmail[key] };
  };
  return { userId, staff, staff2, supplierEmail, bidder };
}
