// The email outbox: mail leaves only when its transaction commits, goes over real SMTP with
// retries and back-off, and lands in DATA_DIR/mail as .eml files when no SMTP server is set.
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import {
  enqueueEmail,
  MAX_ATTEMPTS,
  processOutbox,
  retryDelayMs,
  startOutboxWorker,
} from "../../emails/outbox.server";
import { uniqueEmail } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink";

const testDb = await useTestDatabase();
let sink: SmtpSink;

type OutboxRow = {
  status: string;
  attempts: number;
  next_attempt_at: string | Date;
  last_error: string | null;
  message_id: string | null;
  sent_at: string | Date | null;
};

function content(subject: string) {
  return { subject, html: `<p>${subject}</p>`, text: `${subject}\n` };
}

async function enqueue(to: string, subject = "Outbox test") {
  return enqueueEmail(db(), { to, template: "test", content: content(subject) });
}

async function outboxRow(id: string): Promise<OutboxRow> {
  const [row] = await testDb.query<OutboxRow>("select * from outbox_messages where id = $1", [id]);
  return row;
}

/** A port on which nothing listens: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

beforeAll(async () => {
  sink = await startSmtpSink();
});

afterAll(async () => {
  await sink.close();
});

beforeEach(() => {
  updateTestConfig({ smtpUrl: sink.url });
});

describe("enqueueing", () => {
  it("sends nothing for an email enqueued in a transaction that rolls back", async () => {
    const to = uniqueEmail("rolled-back");
    await expect(
      db().transaction(async (tx) => {
        await enqueueEmail(tx, { to, template: "test", content: content("Never sent") });
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    const [{ n }] = await testDb.query<{ n: number }>("select count(*)::int as n from outbox_messages where \"to\" = $1", [to]);
    expect(n).toBe(0);
    // processOutbox returns once the sink has taken every message it sent: none can still be on its way.
    await processOutbox();
    expect(sink.messages.filter((m) => m.to === to)).toHaveLength(0);
  });

  it("sends an email enqueued in a transaction that commits", async () => {
    const to = uniqueEmail("committed");
    const id = await db().transaction((tx) => enqueueEmail(tx, { to, template: "test", content: content("Committed") }));
    expect(await processOutbox()).toBeGreaterThanOrEqual(1);
    const message = await sink.waitForMessage((m) => m.to === to);
    expect(message.subject).toBe("Committed");
    expect((await outboxRow(id)).status).toBe("sent");
  });
});

describe("sending over SMTP", () => {
  it("delivers pending mail with its subject, text, HTML and sender, and marks it sent", async () => {
    const to = uniqueEmail("recipient");
    const id = await enqueue(to, "Your bid receipt");
    expect(await processOutbox()).toBe(1);
    const message = await sink.waitForMessage((m) => m.to === to);
    expect(message.envelopeTo).toEqual([to]);
    expect(message.subject).toBe("Your bid receipt");
    expect(message.text.trim()).toBe("Your bid receipt");
    expect(message.html).toContain("<p>Your bid receipt</p>");
    expect(message.parsed.from?.text).toContain("no-reply@ai-imaging.example.nhs.uk");

    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null });
    expect(row.message_id).toBeTruthy();
    expect(row.sent_at).not.toBeNull();
    // Sent mail is not sent again.
    expect(await processOutbox()).toBe(0);
  });

  it("sends each message once when two workers run at the same moment", async () => {
    const to = Array.from({ length: 15 }, () => uniqueEmail("parallel"));
    for (const address of to) await enqueue(address, "Parallel");
    const [a, b] = await Promise.all([processOutbox(4), processOutbox(4)]);
    expect(a + b).toBe(15);
    for (const address of to) await sink.waitForMessage((m) => m.to === address);
    expect(sink.messages.filter((m) => to.includes(m.to))).toHaveLength(15);
  });

  it("sends what is enqueued while the worker runs", async () => {
    const worker = startOutboxWorker(50);
    try {
      const to = uniqueEmail("worker");
      await enqueue(to, "Picked up by the worker");
      worker.wake();
      const message = await sink.waitForMessage((m) => m.to === to, 5_000);
      expect(message.subject).toBe("Picked up by the worker");
    } finally {
      await worker.stop();
    }
  });
});

describe("when the SMTP server cannot be reached", () => {
  it("keeps the message pending, counts the attempt and waits before trying again", async () => {
    updateTestConfig({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
    const id = await enqueue(uniqueEmail("unreachable"));
    const before = Date.now();
    expect(await processOutbox()).toBe(0);
    const row = await outboxRow(id);
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before + retryDelayMs(1) - 1000);

    // Not due yet: a second run leaves it alone.
    await processOutbox();
    expect((await outboxRow(id)).attempts).toBe(1);

    // Once due and the server is back, it goes.
    updateTestConfig({ smtpUrl: sink.url });
    await testDb.query("update outbox_messages set next_attempt_at = now() where id = $1", [id]);
    expect(await processOutbox()).toBe(1);
    expect(await outboxRow(id)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
  });

  it("backs off exponentially, from 30 seconds up to an hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it(`marks the message failed after ${MAX_ATTEMPTS} attempts`, async () => {
    updateTestConfig({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
    const id = await enqueue(uniqueEmail("given-up"));
    await testDb.query("update outbox_messages set attempts = $1 where id = $2", [MAX_ATTEMPTS - 2, id]);
    await processOutbox();
    expect(await outboxRow(id)).toMatchObject({ status: "pending", attempts: MAX_ATTEMPTS - 1 });
    await testDb.query("update outbox_messages set next_attempt_at = now() where id = $1", [id]);
    await processOutbox();
    expect(await outboxRow(id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    // A failed message is never picked up again.
    await testDb.query("update outbox_messages set next_attempt_at = now() where id = $1", [id]);
    updateTestConfig({ smtpUrl: sink.url });
    await processOutbox();
    expect(await outboxRow(id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  });
});

describe("without an SMTP server", () => {
  it("writes each message as an .eml file under DATA_DIR/mail", async () => {
    const config = updateTestConfig({ smtpUrl: undefined });
    expect(config.mailDir).toBe(path.join(testDb.dataDir, "mail"));
    const to = uniqueEmail("file");
    const id = await enqueue(to, "Written to a file");
    expect(await processOutbox()).toBe(1);
    const file = path.join(testDb.dataDir, "mail", `${id}.eml`);
    const parsed = await simpleParser(await readFile(file));
    expect(parsed.subject).toBe("Written to a file");
    expect(parsed.text?.trim()).toBe("Written to a file");
    const recipient = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(recipient?.value[0]?.address).toBe(to);
    expect(await outboxRow(id)).toMatchObject({ status: "sent" });
    expect(sink.messages.filter((m) => m.to === to)).toHaveLength(0);
  });
});
