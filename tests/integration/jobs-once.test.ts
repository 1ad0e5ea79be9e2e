// Jobs once across servers: two servers on one database run housekeeping and the outbox at the same
// moment, and each person still gets one reminder and one digest, each email delivered once.
// On PostgreSQL the second server is a second connection pool to the same database (its claims are
// its own sessions); the jobs' own queries go through the portal's pool, whose connections are as
// separate as two servers'. On PGlite (one process) the second server is the same database.
import type { AddressInfo, Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runClaimed, type JobName } from "../../app/jobs/claim.server";
import { sendDueClarificationDigests } from "../../app/clarifications/digests.server";
import { sendDueReminders } from "../../app/engagement/reminders.server";
import * as clock from "../../app/clock.server";
import { db, openDatabase, type DatabaseHandle } from "../../db/client.server";
import {
  clarificationAnswers,
  clarificationDigestItems,
  clarificationQuestions,
  engagementRegistrations,
  procurementInterests,
} from "../../db/schema";
import { enqueueEmail, processOutbox } from "../../emails/outbox.server";
import { runHousekeeping } from "../../server/housekeeping";
import { createEngagementSession, createProcurement, createUser, type TestUser } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink";

const testDb = await useTestDatabase();
const on = testDb.driver === "postgres" ? "PostgreSQL" : "PGlite";
const HOUR = 60 * 60 * 1000;
let sink: SmtpSink;
let serverA: DatabaseHandle;
let serverB: DatabaseHandle;

beforeAll(async () => {
  sink = await startSmtpSink();
  serverA = testDb.handle;
  serverB = testDb.url ? await openDatabase({ driver: "postgres", url: testDb.url, max: 5 }) : testDb.handle;
});

afterAll(async () => {
  if (serverB !== serverA) await serverB.close();
  await sink.close();
});

beforeEach(() => {
  updateTestConfig({ smtpUrl: sink.url });
});

/**
 * Due work for both jobs: a procurement with `organisations` interested suppliers of two people,
 * one of each registered for a webinar starting in 12 hours, and two answers waiting for a digest
 * that went quiet 15 minutes ago.
 */
async function dueWork(organisations = 4) {
  const procurement = await createProcurement();
  const people: TestUser[] = [];
  const attendees: TestUser[] = [];
  for (let i = 0; i < organisations; i += 1) {
    const first = await createUser({ role: "supplier" });
    const second = await createUser({ role: "supplier", organisationId: first.organisationId });
    people.push(first, second);
    attendees.push(first);
    await db()
      .insert(procurementInterests)
      .values({ procurementId: procurement.id, organisationId: first.organisationId! });
  }
  const startsAt = new Date(clock.now().getTime() + 12 * HOUR);
  const session = await createEngagementSession(procurement.id, {
    startsAt,
    endsAt: new Date(startsAt.getTime() + HOUR),
    registrationDeadline: new Date(clock.now().getTime() + HOUR),
    capacity: organisations,
  });
  await db()
    .insert(engagementRegistrations)
    .values(
      attendees.map((person) => ({
        sessionId: session.id,
        organisationId: person.organisationId!,
        userId: person.id,
        registeredByUserId: person.id,
        status: "confirmed" as const,
      })),
    );
  const quietSince = new Date(clock.now().getTime() - 15 * 60 * 1000);
  for (const number of [1, 2]) {
    const [question] = await db()
      .insert(clarificationQuestions)
      .values({
        procurementId: procurement.id,
        organisationId: people[0].organisationId!,
        askedByUserId: people[0].id,
        subject: `Question ${number}`,
        body: "Which DICOM conformance is expected?",
        status: "published",
      })
      .returning();
    const [answer] = await db()
      .insert(clarificationAnswers)
      .values({
        procurementId: procurement.id,
        questionId: question.id,
        audience: "all",
        number,
        version: 1,
        question: "Which DICOM conformance is expected?",
        answer: "See section 4 of the specification.",
        firstPublishedAt: quietSince,
        publishedAt: quietSince,
      })
      .returning();
    await db()
      .insert(clarificationDigestItems)
      .values({ procurementId: procurement.id, answerId: answer.id, kind: "published", createdAt: quietSince });
  }
  return { people, attendees, sessionTitle: session.title };
}

type Counted = { to: string; template: string; status: string };

async function outboxFor(people: TestUser[]) {
  return testDb.query<Counted>(`select "to", template, status from outbox_messages where "to" = any($1)`, [
    people.map((p) => p.email),
  ]);
}

function count(rows: Counted[], to: string, template: string) {
  return rows.filter((row) => row.to === to && row.template === template).length;
}

/** What the SMTP sink received for these people, by subject: each message delivered once. */
function deliveredTo(people: TestUser[], subject: RegExp) {
  return people.map((p) => sink.messages.filter((m) => m.to === p.email && subject.test(m.subject)).length);
}

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Takes a job's claim on a server and keeps it, its job running, until `release` is called. */
async function holdClaim(name: JobName, server: DatabaseHandle) {
  const started = deferred();
  const released = deferred();
  const run = runClaimed(
    name,
    async () => {
      started.resolve();
      await released.promise;
      return "held";
    },
    server,
  ).catch((error: unknown) => error);
  await started.promise;
  return { release: released.resolve, run };
}

describe("two servers running the jobs at the same moment", () => {
  it(`gives each person one reminder and one digest, each email delivered once (${on})`, async () => {
    const { people, attendees, sessionTitle } = await dueWork();
    // Three rounds on each server at once, as their intervals happen to line up.
    await Promise.all([1, 2, 3].flatMap(() => [runHousekeeping(serverA), runHousekeeping(serverB)]));
    const sendOutbox = (server: DatabaseHandle) => runClaimed("outbox", () => processOutbox(3), server);
    await Promise.all([sendOutbox(serverA), sendOutbox(serverB), sendOutbox(serverA), sendOutbox(serverB)]);
    // Whatever a skipped server left is sent by the next tick of either.
    await Promise.all([sendOutbox(serverA), sendOutbox(serverB)]);

    const rows = await outboxFor(people);
    for (const person of people) {
      expect(count(rows, person.email, "clarification-digest"), person.email).toBe(1);
      expect(count(rows, person.email, "engagement-reminder"), person.email).toBe(attendees.includes(person) ? 1 : 0);
    }
    expect(rows.every((row) => row.status === "sent")).toBe(true);
    expect(deliveredTo(people, /^2 clarification answers published: /)).toEqual(people.map(() => 1));
    expect(deliveredTo(attendees, new RegExp(`^Reminder: ${sessionTitle} is tomorrow$`))).toEqual(
      attendees.map(() => 1),
    );
    expect(sink.messages.filter((m) => people.some((p) => p.email === m.to))).toHaveLength(rows.length);
  });

  it(`sends each one once even when the jobs run at once without their claims (${on})`, async () => {
    const { people, attendees } = await dueWork(3);
    const [remindersA, remindersB, digestsA, digestsB] = await Promise.all([
      sendDueReminders(),
      sendDueReminders(),
      sendDueClarificationDigests(),
      sendDueClarificationDigests(),
    ]);
    expect(remindersA + remindersB).toBe(attendees.length);
    expect(digestsA + digestsB).toBe(people.length);

    const [a, b] = await Promise.all([processOutbox(2), processOutbox(2)]);
    const rows = await outboxFor(people);
    expect(rows).toHaveLength(attendees.length + people.length);
    expect(rows.every((row) => row.status === "sent")).toBe(true);
    expect(a + b).toBeGreaterThanOrEqual(rows.length);
    expect(sink.messages.filter((m) => people.some((p) => p.email === m.to))).toHaveLength(rows.length);
  });
});

describe("a job's claim", () => {
  it(`is held by one server at a time: the other skips until it is released (${on})`, async () => {
    const held = await holdClaim("session-clean-up", serverA);
    expect(await runClaimed("session-clean-up", async () => "also", serverB)).toEqual({ ran: false });
    // Another job's claim is its own.
    expect(await runClaimed("sign-in-counter-clean-up", async () => "other", serverB)).toEqual({
      ran: true,
      result: "other",
    });
    held.release();
    expect(await held.run).toEqual({ ran: true, result: "held" });
    expect(await runClaimed("session-clean-up", async () => "next", serverB)).toEqual({ ran: true, result: "next" });
  });

  it(`is let go when the job fails, and taken by the next run (${on})`, async () => {
    await expect(
      runClaimed(
        "audit-anchor",
        async () => {
          throw new Error("the job failed");
        },
        serverA,
      ),
    ).rejects.toThrow("the job failed");
    expect(await runClaimed("audit-anchor", async () => "again", serverB)).toEqual({ ran: true, result: "again" });
  });

  it.runIf(testDb.driver === "postgres")(
    "lapses when the server holding it dies mid-job, and another server takes it (PostgreSQL)",
    async () => {
      const dying = await openDatabase({ driver: "postgres", url: testDb.url!, max: 2 });
      const held = await holdClaim("engagement-reminders", dying);
      expect(await runClaimed("engagement-reminders", async () => "blocked", serverB)).toEqual({ ran: false });

      // The server's connection goes, as when its process or machine dies (waiting until it has).
      const killed = await testDb.query<{ ended: boolean }>(
        `select pg_terminate_backend(pid, 5000) as ended from pg_locks
         where locktype = 'advisory' and classid = 7302024 and pid <> pg_backend_pid()`,
      );
      expect(killed).toEqual([{ ended: true }]);
      const taken = await runClaimed("engagement-reminders", async () => "taken", serverB);
      expect(taken).toEqual({ ran: true, result: "taken" });
      held.release();
      expect(await held.run).toBeInstanceOf(Error);
      await dying.close();
    },
  );
});

describe("an outbox message's lease", () => {
  it(`keeps a sender from sending a message another sender took over while its batch was slow (${on})`, async () => {
    // A mail server that holds the first message until the test lets it go.
    const taking = deferred();
    const letGo = deferred();
    const received: string[] = [];
    // As the SMTP sink: loopback, no TLS, no authentication.
    const loopback = { authOptional: true, hideSTARTTLS: true, disableReverseLookup: true, logger: false };
    const slow = new SMTPServer({
      ...loopback,
      onData(stream, session, callback) {
        stream.resume();
        stream.on("end", () => {
          received.push(session.envelope.rcptTo[0]?.address ?? "");
          taking.resolve();
          void letGo.promise.then(() => callback());
        });
      },
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", () => resolve()));
    const sockets = new Set<Socket>();
    slow.server.on("connection", (socket: Socket) => sockets.add(socket));
    updateTestConfig({ smtpUrl: `smtp://127.0.0.1:${(slow.server.address() as AddressInfo).port}` });
    try {
      const first = await enqueueEmail(db(), {
        to: "first@example.com",
        template: "test",
        content: { subject: "First", html: "<p>First</p>", text: "First" },
      });
      const second = await enqueueEmail(db(), {
        to: "second@example.com",
        template: "test",
        content: { subject: "Second", html: "<p>Second</p>", text: "Second" },
      });
      const sending = processOutbox();
      await taking.promise;
      // Meanwhile another sender found the second message's lease lapsed and took it.
      await testDb.query(`update outbox_messages set next_attempt_at = '2999-01-01' where id = $1`, [second]);
      letGo.resolve();
      expect(await sending).toBe(1);
      expect(received).toEqual(["first@example.com"]);
      const rows = await testDb.query<{ id: string; status: string }>(
        "select id, status from outbox_messages where id = any($1)",
        [[first, second]],
      );
      expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
        [first]: "sent",
        [second]: "pending",
      });
    } finally {
      // The portal keeps its pooled connection open: closing ends it rather than waiting.
      const closed = new Promise<void>((resolve) => slow.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    }
  });
});
