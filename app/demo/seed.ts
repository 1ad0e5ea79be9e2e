// Demo data for the national AI imaging platform procurement: accounts for every role and two
// supplier organisations. Runs at start on the demo (`npm start`), or on demand with `npm run seed`;
// never in production, whatever the database.
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { recordAudit } from "../audit/audit.server";
import { hashPassword } from "../auth/passwords.server";
import { config as currentConfig, parseConfig, setConfig } from "../config.server";
import { db, openDatabase, useDatabase, type Transaction } from "../../db/client.server";
import { migrateForRuntime } from "../../db/roles.server";
import { organisations, procurementInterests, procurements, users } from "../../db/schema";
import { seedClarifications } from "./seed-clarifications";
import { seedEngagement } from "./seed-engagement";
import { seedEvaluation } from "./seed-evaluation";
import { seedDiscoveryFindings } from "./seed-findings";
import { seedTender } from "./seed-tender";
import * as clock from "../clock.server";

export const DEMO_PASSWORD = "nhs-ai-demo-password";

export const DEMO_ORGANISATIONS = [
  {
    key: "radiant",
    legalName: "Radiant Diagnostics AI Ltd",
    tradingNames: "Radiant AI",
    companiesHouseNumber: "12345678",
    dunsNumber: "219876543",
    addressLine1: "4 Wellington Place",
    town: "Leeds",
    postcode: "LS1 4AP",
    isSme: true,
    isVcse: false,
    contactName: "Alex Morgan",
    contactEmail: "supplier@example.com",
    contactPhone: "0113 496 0000",
    website: "https://radiant-ai.example.com",
  },
  {
    key: "northern",
    legalName: "Northern Imaging Analytics Ltd",
    tradingNames: "NIA Health",
    companiesHouseNumber: "SC654321",
    dunsNumber: null,
    addressLine1: "1 Quartermile",
    town: "Edinburgh",
    postcode: "EH3 9EN",
    isSme: false,
    isVcse: false,
    contactName: "Jordan Lee",
    contactEmail: "supplier2@example.com",
    contactPhone: "0131 496 0000",
    website: "https://nia-health.example.com",
  },
] as const;

export const DEMO_ACCOUNTS = [
  {
    email: "supplier@example.com",
    name: "Alex Morgan",
    role: "supplier",
    organisation: "radiant",
    isOrganisationAdmin: true,
  },
  {
    email: "supplier2@example.com",
    name: "Jordan Lee",
    role: "supplier",
    organisation: "northern",
    isOrganisationAdmin: true,
  },
  { email: "staff@example.com", name: "Priya Shah", role: "staff" },
  { email: "staff2@example.com", name: "Tom Okafor", role: "staff" },
  { email: "evaluator@example.com", name: "Dr Aisha Rahman", role: "evaluator" },
  { email: "evaluator2@example.com", name: "Dr James Whitfield", role: "evaluator" },
  { email: "admin@example.com", name: "Sam Taylor", role: "admin" },
] as const;

const DAY = 24 * 60 * 60 * 1000;

/** A moment `days` from the seed run, at a given UK-ish hour (UTC here; close enough for demo data). */
function daysFromNow(days: number, hourUtc = 10) {
  const at = new Date(clock.now().getTime() + days * DAY);
  at.setUTCHours(hourUtc, 0, 0, 0);
  return at;
}

export const AI_IMAGING_PLATFORM = {
  slug: "ai-imaging-platform",
  title: "National AI imaging platform",
  summary:
    "A national platform through which NHS trusts find, deploy and monitor AI imaging tools (chest X-ray triage, lung nodule detection on CT, stroke CT, fracture detection) safely and at scale, building on the National COVID-19 Chest Imaging Database.",
  description:
    "NHS England's AI Lab, on behalf of DHSC, is exploring a national AI imaging platform. Today each trust integrates, assures and monitors every AI imaging product separately: PACS and RIS integration differs across trusts, information governance approvals repeat per trust, and clinical safety cases are written again and again. A national platform could offer a common integration layer (DICOM, HL7 FHIR, IHE AI Results), assurance done once (DTAC, DCB0129/DCB0160, UKCA marking), and post-market surveillance of model performance and drift. We want to hear from AI vendors, PACS suppliers, platform providers and integrators.",
  estimatedValue: "25000000.00",
  cpvCode: "72000000",
};

async function seedProcurements(
  tx: Transaction,
  ids: { organisationIds: string[]; staffId: string; suppliers: { organisationId: string; userId: string }[] },
) {
  const [platform] = await tx
    .insert(procurements)
    .values({
      ...AI_IMAGING_PLATFORM,
      createdAt: clock.now(),
      discoveryStartsAt: daysFromNow(-90),
      engagementStartsAt: daysFromNow(-14),
      engagementClosesAt: daysFromNow(30, 17),
      tenderPublishedAt: daysFromNow(-7),
      clarificationDeadline: daysFromNow(21, 12),
      bidDeadline: daysFromNow(45, 12),
      evaluationStartsAt: daysFromNow(46),
      awardAt: daysFromNow(75),
      standstillEndsAt: daysFromNow(87),
    })
    .returning({ id: procurements.id });
  for (const organisationId of ids.organisationIds) {
    await tx.insert(procurementInterests).values({ procurementId: platform.id, organisationId });
  }
  // Each area seeds its own demo content for the platform procurement here.
  await seedDiscoveryFindings(tx, platform.id, ids.staffId, ids.suppliers);
  await seedEngagement(tx, { procurementId: platform.id, staffId: ids.staffId, suppliers: ids.suppliers });
  await seedClarifications(tx, { procurementId: platform.id, staffId: ids.staffId, suppliers: ids.suppliers });
  await seedTender(tx, { procurementId: platform.id, staffId: ids.staffId });
  return { platformId: platform.id };
}

export const DEMO_REFUSED_IN_PRODUCTION =
  "NODE_ENV=production: the demo accounts are never seeded in production (their password is published). " +
  "Create the first admin with `npm run admin:create -- --email <address> --name <name>` instead.";

/** Whether anyone has an account yet (an empty production instance waits for its first admin). */
export async function hasUsers(): Promise<boolean> {
  const [{ n }] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(users);
  return n > 0;
}

/** Seeds the demo data into an empty database; returns null if there are users already. */
export async function seedDemoDataIfEmpty(): Promise<{ accounts: number } | null> {
  // The last line of defence: whoever calls it, production never gets the published password.
  if (currentConfig().production) throw new Error(DEMO_REFUSED_IN_PRODUCTION);
  if (await hasUsers()) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db().transaction(async (tx) => {
    const organisationIds = new Map<string, string>();
    const userIds = new Map<string, string>();
    for (const { key, ...organisation } of DEMO_ORGANISATIONS) {
      const [row] = await tx.insert(organisations).values(organisation).returning({ id: organisations.id });
      organisationIds.set(key, row.id);
    }
    for (const account of DEMO_ACCOUNTS) {
      const organisationId = "organisation" in account ? organisationIds.get(account.organisation)! : null;
      const [user] = await tx
        .insert(users)
        .values({
          email: account.email,
          name: account.name,
          role: account.role,
          organisationId,
          isOrganisationAdmin: "isOrganisationAdmin" in account ? account.isOrganisationAdmin : false,
          passwordHash,
          emailVerifiedAt: clock.now(),
          isDemoAccount: true,
        })
        .returning({ id: users.id });
      userIds.set(account.email, user.id);
      await recordAudit(
        tx,
        { email: "seed" },
        {
          action: "seed.account_created",
          subjectType: "user",
          subjectId: user.id,
          summary: { after: { email: account.email, role: account.role } },
        },
      );
    }
    await seedProcurements(tx, {
      organisationIds: [...organisationIds.values()],
      staffId: userIds.get("staff@example.com")!,
      suppliers: [
        { organisationId: organisationIds.get("radiant")!, userId: userIds.get("supplier@example.com")! },
        { organisationId: organisationIds.get("northern")!, userId: userIds.get("supplier2@example.com")! },
      ],
    });
    await seedEvaluation(tx, { passwordHash, organisationIds, userIds });
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    return { accounts: n };
  });
}

async function main() {
  const config = parseConfig();
  setConfig(config);
  if (config.production) {
    console.error(DEMO_REFUSED_IN_PRODUCTION);
    process.exit(1);
  }
  const handle =
    config.databaseDriver === "pglite"
      ? await openDatabase({ driver: "pglite", dataDir: config.pgliteDir })
      : await openDatabase({ driver: "postgres", url: config.databaseUrl! });
  useDatabase(handle);
  await migrateForRuntime(handle, { databaseUrl: config.databaseUrl, ownerUrl: config.databaseOwnerUrl });
  const seeded = await seedDemoDataIfEmpty();
  console.log(seeded ? `Seeded ${seeded.accounts} demo accounts.` : "The database already has users: nothing seeded.");
  await handle.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
