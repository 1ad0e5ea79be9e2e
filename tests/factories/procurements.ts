// Builds procurements and engagement sessions with sensible defaults relative to now (the portal's clock).
import { randomBytes } from "node:crypto";
import * as clock from "../../app/clock.server";
import { db } from "../../db/client.server";
import { engagementSessions, engagementSlots, findings, procurements } from "../../db/schema";

const DAY = 24 * 60 * 60 * 1000;
export const daysFromNow = (days: number) => new Date(clock.now().getTime() + days * DAY);

export type TestProcurement = typeof procurements.$inferSelect;

export async function createProcurement(
  overrides: Partial<typeof procurements.$inferInsert> = {},
): Promise<TestProcurement> {
  const [row] = await db()
    .insert(procurements)
    .values({
      slug: `test-${randomBytes(4).toString("hex")}`,
      title: "Test AI imaging procurement",
      summary: "A procurement made by a test.",
      discoveryStartsAt: daysFromNow(-60),
      engagementStartsAt: daysFromNow(-10),
      engagementClosesAt: daysFromNow(30),
      tenderPublishedAt: daysFromNow(-5),
      clarificationDeadline: daysFromNow(20),
      bidDeadline: daysFromNow(40),
      ...overrides,
    })
    .returning();
  return row;
}

export async function createEngagementSession(
  procurementId: string,
  overrides: Partial<typeof engagementSessions.$inferInsert> = {},
) {
  const [row] = await db()
    .insert(engagementSessions)
    .values({
      procurementId,
      kind: "webinar",
      title: `Test webinar ${randomBytes(3).toString("hex")}`,
      agenda: "An agenda.",
      startsAt: daysFromNow(7),
      endsAt: new Date(daysFromNow(7).getTime() + 60 * 60 * 1000),
      registrationDeadline: daysFromNow(6),
      capacity: 10,
      maxPerOrganisation: 3,
      joiningLink: "https://teams.example.nhs.uk/l/secret-joining-link",
      ...overrides,
    })
    .returning();
  if (row.kind === "one_to_one") {
    await db()
      .insert(engagementSlots)
      .values(
        Array.from({ length: row.capacity }, (_, i) => ({
          sessionId: row.id,
          startsAt: new Date(row.startsAt.getTime() + i * 45 * 60 * 1000),
          endsAt: new Date(row.startsAt.getTime() + (i + 1) * 45 * 60 * 1000),
        })),
      );
  }
  return row;
}

export async function createFinding(procurementId: string, overrides: Partial<typeof findings.$inferInsert> = {}) {
  const [row] = await db()
    .insert(findings)
    .values({
      procurementId,
      title: "PACS integration differs across trusts",
      kind: "blocker",
      theme: "Interoperability",
      description: "Each trust integrates separately.",
      evidenceSource: "Interviews",
      evidenceCount: 5,
      impact: "high",
      status: "published",
      publishedAt: clock.now(),
      ...overrides,
    })
    .returning();
  return row;
}
