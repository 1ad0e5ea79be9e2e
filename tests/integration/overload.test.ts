// Overload control (decision 028): past MAX_REQUESTS_IN_PROGRESS the portal answers a page view or
// an upload at once with 503, Retry-After and a page saying plainly that nothing was received,
// instead of queueing it or dropping its connection; a bid submit, its receipt and the health
// checks are never refused. Driven over real HTTP with a limit of one and one request held open.
// Also: the received time a bid counts by is when the request's last byte was read, not when the
// action got round to reading it.
import { once } from "node:events";
import http, { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceClock, releaseClock, stopClock } from "../../app/clock.server";
import { config } from "../../app/config.server";
import { database } from "../../db/client.server";
import { createApp, receivedTime } from "../../server/app";
import { applyServerTimeouts } from "../../server/http-server";
import { useTestDatabase } from "../setup/database";
import { loadBuild } from "../setup/portal";

await useTestDatabase();
const RETRY_AFTER = 7;
let server: Server;
let url: string;

beforeAll(async () => {
  const build = await loadBuild();
  server = applyServerTimeouts(createServer());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const limited = { ...config(), publicUrl: url, maxRequestsInProgress: 1, overloadRetryAfterSeconds: RETRY_AFTER };
  server.on("request", createApp({ build, config: limited, database: database(), mode: "production" }));
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

/**
 * A sign-in form whose body has not arrived: in progress until finish() sends the rest. It resolves
 * once the server has taken it in (the 100 Continue is written as the request reaches the app).
 */
function holdRequestOpen(): Promise<{ finish: () => Promise<number> }> {
  const body = new URLSearchParams({ email: "held@example.com", password: "not the password" }).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(new URL("/sign-in", url), {
      method: "POST",
      agent: false,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(body)),
        origin: url,
        expect: "100-continue",
      },
    });
    const answered = new Promise<number>((done, fail) => {
      request.once("response", (response) => {
        response.resume();
        response.once("end", () => done(response.statusCode ?? 0));
      });
      request.once("error", fail);
    });
    request.once("error", reject);
    request.once("continue", () => resolve({ finish: () => (request.end(body), answered) }));
    request.flushHeaders();
  });
}

function post(pathname: string, body: FormData | URLSearchParams) {
  return fetch(new URL(pathname, url), { method: "POST", body, headers: { origin: url }, redirect: "manual" });
}

describe("past MAX_REQUESTS_IN_PROGRESS", () => {
  it("refuses new page views and uploads with 503, Retry-After and words saying nothing was received", async () => {
    const held = await holdRequestOpen();
    try {
      const page = await fetch(new URL("/procurements", url), { redirect: "manual" });
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe(String(RETRY_AFTER));
      const pageText = await page.text();
      expect(pageText).toContain("This page could not be shown");
      expect(pageText).toContain(`Try again in ${RETRY_AFTER} seconds`);

      // A 1 MB upload is answered before its body is read, and the answer arrives: no reset.
      const form = new FormData();
      form.append("intent", "upload");
      form.append("file", new Blob([new Uint8Array(1024 * 1024)], { type: "application/pdf" }), "safety-case.pdf");
      const upload = await post("/procurements/any/bid/questions/00000000-0000-4000-8000-000000000000", form);
      expect(upload.status).toBe(503);
      expect(upload.headers.get("retry-after")).toBe(String(RETRY_AFTER));
      const uploadText = await upload.text();
      expect(uploadText).toContain("Your file was not uploaded");
      expect(uploadText).toContain("your bid has not changed");
      expect(uploadText).toContain(`Try again in ${RETRY_AFTER} seconds`);

      const other = await post("/sign-in", new URLSearchParams({ email: "a@example.com", password: "x" }));
      expect(other.status).toBe(503);
      expect(await other.text()).toContain("What you sent was not received");
    } finally {
      expect(await held.finish()).not.toBe(503);
    }
    // Once the held request has its answer, there is room again.
    expect((await fetch(new URL("/procurements", url), { redirect: "manual" })).status).not.toBe(503);
  });

  it("never refuses a bid submit, a receipt or the health checks", async () => {
    const held = await holdRequestOpen();
    try {
      const submit = await post(
        "/procurements/any/bid/submit",
        new URLSearchParams({ declaration: "on", idempotencyKey: "00000000-0000-4000-8000-000000000001" }),
      );
      await submit.arrayBuffer();
      expect(submit.status).not.toBe(503);
      const receipt = await fetch(new URL("/procurements/any/bid/receipts/AIP-BID-2026-ABCDEFGH", url), {
        redirect: "manual",
      });
      await receipt.arrayBuffer();
      expect(receipt.status).not.toBe(503);
      const live = await fetch(new URL("/healthz", url));
      expect(live.status).toBe(200);
      await live.arrayBuffer();
      const ready = await fetch(new URL("/readyz", url));
      expect(ready.status).toBe(200);
      await ready.arrayBuffer();
    } finally {
      await held.finish();
    }
  });
});

describe("an answer sent before the request's body was read", () => {
  it("leaves the connection usable: the next request on it is answered", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, pathname: string, body?: Buffer) =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const request = http.request(new URL(pathname, url), {
          method,
          agent,
          headers: body
            ? { "content-type": "multipart/form-data; boundary=x", "content-length": String(body.length), origin: url }
            : {},
        });
        request.once("response", (response) => {
          response.resume();
          response.once("end", () => resolve({ status: response.statusCode ?? 0, socket: request.socket }));
        });
        request.once("error", reject);
        request.end(body);
      });
    try {
      // No session: the route redirects to sign in without reading the 1 MB it was sent.
      const upload = await send(
        "POST",
        "/procurements/any/bid/questions/00000000-0000-4000-8000-000000000000",
        Buffer.alloc(1024 * 1024, "a"),
      );
      expect(upload.status).not.toBe(503);
      const next = await send("GET", "/healthz");
      expect(next.status).toBe(200);
      expect(next.socket).toBe(upload.socket);
    } finally {
      agent.destroy();
    }
  });
});

describe("the received time (decision 026)", () => {
  it("is when the request's last byte was read, however much later the body is consumed", async () => {
    let bodyRead!: () => void;
    const read = new Promise<void>((resolve) => (bodyRead = resolve));
    let consume!: () => void;
    const consumed = new Promise<void>((resolve) => (consume = resolve));
    const app = express();
    app.use(receivedTime);
    app.post("/", async (req, res) => {
      // The whole body has arrived (Node's parser has read it) but nothing has consumed it yet, as
      // when a submit's action is still waiting for the database.
      const whenRead = () => (req.complete ? bodyRead() : setImmediate(whenRead));
      whenRead();
      await consumed;
      req.resume();
      await once(req, "end");
      res.json({ receivedAt: (res.locals.receivedAt as Date).toISOString() });
    });
    const probe = createServer(app);
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const received = stopClock(new Date("2026-12-08T11:59:59.000Z"));
    try {
      const answer = fetch(`http://127.0.0.1:${(probe.address() as AddressInfo).port}/`, {
        method: "POST",
        body: new URLSearchParams({ declaration: "on", idempotencyKey: "00000000-0000-4000-8000-000000000002" }),
      });
      await read;
      // The deadline passes before the body is consumed.
      advanceClock(60_000);
      consume();
      const { receivedAt } = (await (await answer).json()) as { receivedAt: string };
      expect(receivedAt).toBe(received.toISOString());
    } finally {
      releaseClock();
      probe.closeAllConnections();
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    }
  });
});
