// Every time rule of the portal reads its one clock (decisions 018 and 020): a test stops and moves
// the clock and each rule moves with it, so nothing waits for real time and no rule is left behind
// on it. (The bid deadline's own tests are in bids.test.ts, with the one test on the real time.)
import { and, asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readSession, lucia } from "../../app/auth/session.server";
import { consumeToken, issueToken, peekToken } from "../../app/auth/tokens.server";
import { askQuestion } from "../../app/clarifications/asking.server";
import { AskQuestionSchema } from "../../app/clarifications/schema";
import { advanceClock, now, releaseClock, stopClock } from "../../app/clock.server";
import { cancelRegistration, registerAttendees } from "../../app/engagement/registration.server";
import { sendDueReminders } from "../../app/engagement/reminders.server";
import { registerInterest } from "../../app/procurements/procurements.server";
import { db } from "../../db/client.server";
import { auditEvents, engagementRegistrations, engagementSessions, sessions } from "../../db/schema";
import {
  asSignedIn,
  createEngagementSession,
  createProcurement,
  createUser,
  daysFromNow,
  sessionCookieFor,
} from "../factories";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

await useTestDatabase();
let portal: TestPortal;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

beforeAll(async () => {
  portal = await startTestPortal();
});

afterAll(async () => {
  await portal.close();
});

afterEach(() => {
  releaseClock();
});

async function isSignedIn(cookie: string) {
  const { session } = await readSession(new Request("http://127.0.0.1/dashboard", { headers: { cookie } }));
  return session !== null;
}

describe("sessions on the portal's clock", () => {
  it("keeps a session in use, ends it after 30 idle minutes, and clears it away", async () => {
    stopClock();
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    advanceClock(29 * MINUTE);
    expect(await isSignedIn(cookie)).toBe(true);
    // Used at 29 minutes, so extended: 29 more are still within the idle timeout.
    advanceClock(29 * MINUTE);
    expect(await isSignedIn(cookie)).toBe(true);
    advanceClock(31 * MINUTE);
    await lucia().deleteExpiredSessions();
    expect(await db().select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect(await isSignedIn(cookie)).toBe(false);
  });

  it("ends a session 12 hours after sign-in however often it is used", async () => {
    stopClock();
    const user = await createUser();
    const cookie = await sessionCookieFor(user);
    for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
      advanceClock(25 * MINUTE);
      expect(await isSignedIn(cookie), `${minutes} minutes after sign-in`).toBe(true);
    }
    advanceClock(25 * MINUTE);
    expect(await isSignedIn(cookie)).toBe(false);
  });
});

describe("deadlines on the portal's clock", () => {
  it("lets an emailed token expire", async () => {
    stopClock();
    const user = await createUser();
    const token = await db().transaction((tx) => issueToken(tx, user.id, "reset_password"));
    advanceClock(59 * MINUTE);
    expect(await peekToken(db(), token, "reset_password")).toBe(user.id);
    advanceClock(MINUTE);
    expect(await consumeToken(db(), token, "reset_password")).toBeNull();
  });

  it("closes the clarification window at the clarification deadline", async () => {
    const deadline = daysFromNow(1);
    const procurement = await createProcurement({ clarificationDeadline: deadline });
    const asker = await createUser({ role: "supplier" });
    await registerInterest(asSignedIn(asker), procurement.id);
    const ask = () =>
      askQuestion(
        asSignedIn(asker),
        procurement,
        AskQuestionSchema.parse({ subject: "Formats", body: "Must results be returned as DICOM SR?" }),
      );
    stopClock(new Date(deadline.getTime() - 1));
    expect(await ask()).toMatchObject({ ok: true });
    advanceClock(1);
    expect(await ask()).toMatchObject({ ok: false });
  });

  it("closes registration for an engagement session at its registration deadline", async () => {
    const procurement = await createProcurement();
    const deadline = daysFromNow(2);
    const session = await createEngagementSession(procurement.id, { registrationDeadline: deadline });
    const [early, late] = [await createUser({ role: "supplier" }), await createUser({ role: "supplier" })];
    const register = (person: typeof early) =>
      registerAttendees(asSignedIn(person), procurement, session.id, [person.id]);
    stopClock(new Date(deadline.getTime() - 1));
    expect(await register(early)).toMatchObject({ ok: true });
    advanceClock(1);
    expect(await register(late)).toMatchObject({
      ok: false,
      fieldErrors: { attendees: expect.stringMatching(/^Registration closed/) },
    });
  });

  it("sends an engagement reminder when the clock reaches the day before", async () => {
    const procurement = await createProcurement();
    const startsAt = daysFromNow(10);
    const session = await createEngagementSession(procurement.id, {
      startsAt,
      endsAt: new Date(startsAt.getTime() + HOUR),
      registrationDeadline: daysFromNow(9),
    });
    const reminded = async () =>
      (await db().select().from(engagementSessions).where(eq(engagementSessions.id, session.id)))[0].reminderSentAt;
    stopClock(new Date(startsAt.getTime() - 25 * HOUR));
    await sendDueReminders();
    expect(await reminded()).toBeNull();
    const dayBefore = advanceClock(2 * HOUR);
    await sendDueReminders();
    expect(await reminded()).toEqual(dayBefore);
  });

  it("shows the stage a procurement is in by the clock on the public list", async () => {
    const summary = `Stage check ${Math.random().toString(36).slice(2)}`;
    await createProcurement({
      summary,
      engagementStartsAt: daysFromNow(10),
      tenderPublishedAt: daysFromNow(31),
      clarificationDeadline: daysFromNow(35),
    });
    const stage = async () => {
      const html = await (await portal.fetch("/procurements")).text();
      return new RegExp(`${summary}</p><strong class="nhsuk-tag[^"]*">([^<]+)</strong>`).exec(html)?.[1];
    };
    stopClock();
    expect(await stage()).toBe("Discovery");
    advanceClock(11 * 24 * HOUR);
    expect(await stage()).toBe("Preliminary market engagement");
  });
});

describe("times recorded from the portal's clock", () => {
  it("stamps the audit log with the clock's time", async () => {
    const procurement = await createProcurement();
    const supplier = await createUser({ role: "supplier" });
    const at = stopClock(new Date(Date.now() - 3 * 24 * HOUR));
    await registerInterest(asSignedIn(supplier), procurement.id);
    const [row] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.procurementId, procurement.id), eq(auditEvents.action, "procurement.interest_registered")),
      );
    expect(row.at).toEqual(at);
  });

  it("keeps the waitlist in the order people joined while the clock stands still", async () => {
    const procurement = await createProcurement();
    const session = await createEngagementSession(procurement.id, { capacity: 1 });
    const people = [
      await createUser({ role: "supplier" }),
      await createUser({ role: "supplier" }),
      await createUser({ role: "supplier" }),
    ];
    stopClock();
    for (const person of people) {
      expect(await registerAttendees(asSignedIn(person), procurement, session.id, [person.id])).toMatchObject({
        ok: true,
      });
    }
    const rows = await db()
      .select()
      .from(engagementRegistrations)
      .where(eq(engagementRegistrations.sessionId, session.id))
      .orderBy(asc(engagementRegistrations.createdAt), asc(engagementRegistrations.id));
    expect(rows.map((r) => [r.userId, r.status])).toEqual([
      [people[0].id, "confirmed"],
      [people[1].id, "waitlisted"],
      [people[2].id, "waitlisted"],
    ]);
    // Each written after the one before, though the clock did not move.
    expect(new Set(rows.map((r) => r.createdAt.getTime())).size).toBe(3);
    expect(rows[0].createdAt.getTime()).toBeGreaterThanOrEqual(now().getTime());

    await cancelRegistration(asSignedIn(people[0]), procurement, session.id, rows[0].id);
    const after = await db()
      .select()
      .from(engagementRegistrations)
      .where(eq(engagementRegistrations.sessionId, session.id));
    const statusOf = (userId: string) => after.find((r) => r.userId === userId)?.status;
    expect([statusOf(people[1].id), statusOf(people[2].id)]).toEqual(["confirmed", "waitlisted"]);
  });
});
