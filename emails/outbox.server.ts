// The email outbox: callers enqueue in their own transaction; the worker sends with retries.
// Delivery runs on real time, not the portal's clock (decision 020): retries and leases are about
// a mail server, and a test that moves the clock still gets its mail.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { db, type Executor } from "../db/client.server";
import { outboxMessages, type OutboxAttachment } from "../db/schema";
import { config } from "../app/config.server";
import { runClaimed } from "../app/jobs/claim.server";
import { log } from "../app/log.server";
import type { EmailContent } from "./templates/layout";

export const MAX_ATTEMPTS = 8;

export type EnqueueEmail = {
  to: string;
  template: string;
  content: EmailContent;
  attachments?: OutboxAttachment[];
  /** Mail about a bid of this tender: left out of views of the outbox until its bids are opened. */
  sealedTenderId?: string;
};

/** Writes the email to the outbox in the caller's transaction: no commit, no email. */
export async function enqueueEmail(tx: Executor, email: EnqueueEmail) {
  const [row] = await tx
    .insert(outboxMessages)
    .values({
      to: email.to,
      template: email.template,
      subject: email.content.subject,
      html: email.content.html,
      text: email.content.text,
      attachments: email.attachments ?? [],
      sealedTenderId: email.sealedTenderId ?? null,
    })
    .returning({ id: outboxMessages.id });
  return row.id;
}

/** Exponential back-off: 30 s, 1 min, 2 min … capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

type MailTransport = {
  send: (message: SendMailOptions & { id: string }) => Promise<string>;
  close: () => void;
};

function smtpTransport(url: string): MailTransport {
  // Short timeouts: a hung mail server fails the attempt and the back-off retries it later. One
  // pooled connection, kept open between messages: a publication that tells 150 suppliers does not
  // open 150 connections (and pay the greeting and TLS handshake each time).
  // (nodemailer reads options from the URL's query; SMTP_URL may override them.)
  const withTimeouts = new URL(url);
  for (const [name, value] of [
    ["connectionTimeout", "10000"],
    ["greetingTimeout", "10000"],
    ["socketTimeout", "30000"],
    ["pool", "true"],
    ["maxConnections", "1"],
  ] as const) {
    if (!withTimeouts.searchParams.has(name)) withTimeouts.searchParams.set(name, value);
  }
  const transporter: Transporter = nodemailer.createTransport(withTimeouts.toString());
  return { send: async (message) => (await transporter.sendMail(message)).messageId, close: () => transporter.close() };
}

// With no SMTP_URL, mail is written as .eml files that any mail client can open.
function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    send: async (message) => {
      const info = await transporter.sendMail(message);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `${message.id}.eml`), info.message as Buffer);
      return info.messageId;
    },
    close: () => {},
  };
}

// Rebuilt when the configuration it came from changes (tests point it at a new SMTP sink).
let cached: { key: string; transport: MailTransport } | undefined;

function mailTransport(): MailTransport {
  const { smtpUrl, mailDir } = config();
  const key = smtpUrl ?? `file:${mailDir}`;
  if (cached?.key !== key) {
    cached?.transport.close();
    cached = { key, transport: smtpUrl ? smtpTransport(smtpUrl) : fileTransport(mailDir) };
  }
  return cached.transport;
}

// A claimed message is leased for this long; if the process dies mid-send, another one retries it.
const LEASE_MS = 5 * 60 * 1000;

/**
 * Sends what is due. Messages are claimed in a short transaction (FOR UPDATE SKIP LOCKED, so
 * several processes can share the outbox) and sent outside it, so a slow mail server never holds
 * a transaction open. Delivery is at least once: a crash between sending and recording retries.
 * The worker runs it under the outbox's claim (one server at a time, decision 024); it is safe
 * without: two senders never hold the same message.
 */
export async function processOutbox(batchSize = 10): Promise<number> {
  let sent = 0;
  for (;;) {
    const claimed = await db().transaction(async (tx) => {
      const due = await tx
        .select()
        .from(outboxMessages)
        // The database's clock, the one that stamped the message: a JavaScript Date has only
        // milliseconds and could fall just short of a timestamp set in the same millisecond.
        .where(and(eq(outboxMessages.status, "pending"), lte(outboxMessages.nextAttemptAt, sql`clock_timestamp()`)))
        .orderBy(asc(outboxMessages.createdAt))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      const lease = new Date(Date.now() + LEASE_MS);
      if (due.length) {
        await tx
          .update(outboxMessages)
          .set({ nextAttemptAt: lease })
          .where(
            inArray(
              outboxMessages.id,
              due.map((m) => m.id),
            ),
          );
      }
      return due.map((message) => ({ ...message, nextAttemptAt: lease }));
    });
    for (const message of claimed) {
      // A batch to a slow mail server can outlast the lease of its last messages, which another
      // sender may then have claimed: each message's lease is checked and renewed just before it
      // goes, so it goes from one sender only.
      if (!(await renewLease(message.id, message.nextAttemptAt))) continue;
      try {
        const messageId = await mailTransport().send({
          id: message.id,
          from: config().mailFrom,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          attachments: message.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content, "base64"),
          })),
        });
        await db()
          .update(outboxMessages)
          .set({ status: "sent", sentAt: new Date(), attempts: message.attempts + 1, messageId, lastError: null })
          .where(eq(outboxMessages.id, message.id));
        sent += 1;
      } catch (error) {
        const attempts = message.attempts + 1;
        const reason = error instanceof Error ? error.message : String(error);
        log.warn("outbox: sending failed", { id: message.id, attempts, reason });
        await db()
          .update(outboxMessages)
          .set({
            attempts,
            lastError: reason.slice(0, 1000),
            status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
            nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
          })
          .where(eq(outboxMessages.id, message.id));
      }
    }
    if (claimed.length < batchSize) return sent;
  }
}

/** Renews a message's lease if it is still the one this sender took; false if it is not. */
async function renewLease(id: string, lease: Date): Promise<boolean> {
  const renewed = await db()
    .update(outboxMessages)
    .set({ nextAttemptAt: new Date(Date.now() + LEASE_MS) })
    .where(
      and(eq(outboxMessages.id, id), eq(outboxMessages.status, "pending"), eq(outboxMessages.nextAttemptAt, lease)),
    )
    .returning({ id: outboxMessages.id });
  return renewed.length > 0;
}

export type OutboxWorker = { stop: () => Promise<void>; wake: () => void };

/** Polls the outbox in the server process until stopped; a server whose peer holds the claim skips a poll. */
export function startOutboxWorker(pollMs = config().outboxPollMs): OutboxWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = runClaimed("outbox", () => processOutbox())
      .then(() => undefined)
      .catch((error) => log.error("outbox: worker error", { error: String(error) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    wake: () => {
      if (stopped) return;
      clearTimeout(timer);
      running.then(() => {
        clearTimeout(timer);
        timer = setTimeout(tick, 0);
      });
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      // The pooled SMTP connection stays open between messages: a stopped worker lets it go.
      cached?.transport.close();
      cached = undefined;
    },
  };
}

/** The outbox, newest first; `shown` narrows it to what the viewer may see (the seal's rule). */
export async function listOutbox(options: { limit: number; offset: number; shown?: SQL }) {
  return db()
    .select({
      id: outboxMessages.id,
      to: outboxMessages.to,
      subject: outboxMessages.subject,
      template: outboxMessages.template,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
      lastError: outboxMessages.lastError,
    })
    .from(outboxMessages)
    .where(options.shown)
    .orderBy(sql`${outboxMessages.createdAt} desc`)
    .limit(options.limit)
    .offset(options.offset);
}

export async function findOutboxMessage(id: string, shown?: SQL) {
  const [row] = await db()
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.id, id), shown));
  return row ?? null;
}
