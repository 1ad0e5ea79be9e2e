// A real SMTP server on 127.0.0.1 that keeps every message it receives, parsed, for tests to read.
import type { AddressInfo, Socket } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMessage = {
  /** Envelope recipients, as the sender gave them in RCPT TO. */
  envelopeTo: string[];
  envelopeFrom: string | null;
  subject: string;
  /** The first address of the To header, lower-cased. */
  to: string;
  text: string;
  html: string;
  parsed: ParsedMail;
};

export type SmtpSink = {
  port: number;
  /** smtp://127.0.0.1:<port>, for the configuration's smtpUrl. */
  url: string;
  messages: ReceivedMessage[];
  waitForMessage: (predicate: (message: ReceivedMessage) => boolean, timeoutMs?: number) => Promise<ReceivedMessage>;
  close: () => Promise<void>;
};

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    // No TLS on a loopback sink: nodemailer would otherwise upgrade and refuse the self-signed cert.
    hideSTARTTLS: true,
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          messages.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            subject: parsed.subject ?? "",
            to: (to?.value[0]?.address ?? "").toLowerCase(),
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            parsed,
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  // The portal keeps its connection open between messages (a pooled transport): closing the sink
  // ends those connections rather than waiting for the client to hang up.
  const sockets = new Set<Socket>();
  server.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  const waitForMessage = (predicate: (message: ReceivedMessage) => boolean, timeoutMs = 10_000) =>
    new Promise<ReceivedMessage>((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate);
        if (!found) return false;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(found);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        const seen = messages.map((m) => `${m.to}: ${m.subject}`).join("; ") || "none";
        reject(new Error(`No matching email arrived within ${timeoutMs} ms (received: ${seen})`));
      }, timeoutMs);
      if (!check()) waiters.add(wake);
    });

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMessage,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
