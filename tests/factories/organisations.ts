// Builds supplier organisations with sensible, unique defaults.
import { randomInt } from "node:crypto";
import { db } from "../../db/client.server";
import { organisations } from "../../db/schema";

export type TestOrganisation = typeof organisations.$inferSelect;

export async function createOrganisation(
  overrides: Partial<typeof organisations.$inferInsert> = {},
): Promise<TestOrganisation> {
  const number = String(randomInt(0, 100_000_000)).padStart(8, "0");
  const [row] = await db()
    .insert(organisations)
    .values({
      legalName: `Test Imaging ${number} Ltd`,
      companiesHouseNumber: number,
      addressLine1: "1 Test Street",
      town: "Leeds",
      postcode: "LS1 4AP",
      isSme: true,
      contactName: "Test Contact",
      contactEmail: `contact-${number}@example.com`,
      ...overrides,
    })
    .returning();
  return row;
}
