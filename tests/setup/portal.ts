// The real portal (express + the Remix build) running in the test process on a random port, with
// a fetch that behaves like a browser on the portal's own pages (same-origin Origin, no redirects).
import http, { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { config, setConfig } from "../../app/config.server";
import { projectRoot } from "../../db/project-root.server";
import { database } from "../../db/client.server";
import { startOutboxWorker, type OutboxWorker } from "../../emails/outbox.server";
import { createApp } from "../../server/app";

export type FormFields = Record<string, string> | URLSearchParams | [string, string][];

export type PortalRequestInit = RequestInit & {
  /** A Cookie header value, e.g. from sessionCookieFor(). */
  cookie?: string;
  /** Sends the jar's cookies and keeps the ones the response sets. */
  jar?: CookieJar;
  /** The Origin sent on POST and other unsafe methods: the portal's own by default, null for none. */
  origin?: string | null;
};

export type TestPortal = {
  /** http://127.0.0.1:<port>, also set as the configuration's publicUrl (links in emails). */
  url: string;
  fetch: (pathname: string, init?: PortalRequestInit) => Promise<Response>;
  postForm: (
    pathname: string,
    fields: FormFields,
    options?: Omit<PortalRequestInit, "body" | "method">,
  ) => Promise<Response>;
  /**
   * A POST streamed as a browser streams a large upload (chunked, no Content-Length), which stops
   * sending once the server has answered. A reset before any answer comes back as status 0.
   */
  postChunked: (pathname: string, body: ChunkedBody) => Promise<ChunkedAnswer>;
  close: () => Promise<void>;
};

export type ChunkedBody = { contentType: string; chunks: () => Iterable<Buffer>; cookie?: string };
export type ChunkedAnswer = { status: number; location: string | null; text: string; sentBytes: number };

export type TestPortalOptions = {
  /** Runs the outbox worker in the test process too, as the real server does. */
  outboxWorker?: boolean;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

let build: Promise<ServerBuild> | undefined;

/** The Remix build (build/index.js) the test portal serves: its route table lists every URL. */
export function loadBuild(): Promise<ServerBuild> {
  const file = path.join(projectRoot(), "build", "index.js");
  build ??= import(/* @vite-ignore */ pathToFileURL(file).href).catch((error: unknown) => {
    build = undefined;
    throw new Error(`Could not load the Remix build at ${file}: run \`npx remix build\` first (npm test does).`, {
      cause: error,
    });
  }) as Promise<ServerBuild>;
  return build;
}

/**
 * Starts the portal on 127.0.0.1 with a random port, against the database and configuration of
 * the current test file (call useTestDatabase() first). Close it in afterAll.
 */
export async function startTestPortal(options: TestPortalOptions = {}): Promise<TestPortal> {
  const serverBuild = await loadBuild();
  const server: Server = createServer();
  // Idle keep-alive connections stay open until close(): with Node's 5 s default, a request sent on a
  // connection just as the server dropped it failed with ECONNRESET.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  setConfig({ ...config(), port, publicUrl: url });
  const app = createApp({ build: serverBuild, config: config(), database: database(), mode: "production" });
  server.on("request", app);
  const worker: OutboxWorker | null = options.outboxWorker ? startOutboxWorker() : null;

  const portalFetch = async (pathname: string, init: PortalRequestInit = {}) => {
    const { cookie, jar, origin, headers: given, ...rest } = init;
    const headers = new Headers(given);
    const method = (rest.method ?? "GET").toUpperCase();
    if (!SAFE_METHODS.has(method) && origin !== null && !headers.has("origin")) {
      headers.set("origin", origin ?? url);
    }
    const cookies = [cookie, jar?.header()].filter((c): c is string => Boolean(c));
    if (cookies.length > 0 && !headers.has("cookie")) headers.set("cookie", cookies.join("; "));
    const response = await fetch(new URL(pathname, url), { ...rest, method, headers, redirect: "manual" });
    jar?.store(response);
    return response;
  };

  return {
    url,
    fetch: portalFetch,
    postForm: (pathname, fields, requestOptions = {}) =>
      portalFetch(pathname, {
        ...requestOptions,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headersObject(requestOptions.headers) },
        body: new URLSearchParams(fields).toString(),
      }),
    postChunked: (pathname, body) => postChunked(new URL(pathname, url), body),
    close: async () => {
      await worker?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function postChunked(target: URL, body: ChunkedBody): Promise<ChunkedAnswer> {
  let sentBytes = 0;
  return new Promise((resolve, reject) => {
    const request = http.request(target, {
      method: "POST",
      headers: {
        "content-type": body.contentType,
        "transfer-encoding": "chunked",
        origin: target.origin,
        ...(body.cookie ? { cookie: body.cookie } : {}),
      },
    });
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const parts: Buffer[] = [];
      response.on("data", (c: Buffer) => parts.push(c));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          location: (response.headers.location as string | undefined) ?? null,
          text: Buffer.concat(parts).toString("utf8"),
          sentBytes,
        }),
      );
    });
    // The server may close the connection once it has answered: that is not a failure. A reset
    // before any answer is reported as status 0, so a test fails with a readable message.
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (answered) return;
      if (error.code === "ECONNRESET" || error.code === "EPIPE") {
        resolve({
          status: 0,
          location: null,
          text: `the connection was cut (${error.code}) before any answer`,
          sentBytes,
        });
      } else reject(error);
    });
    const chunks = body.chunks()[Symbol.iterator]();
    const write = () => {
      for (;;) {
        if (answered || request.destroyed) return;
        const next = chunks.next();
        if (next.done) return request.end();
        sentBytes += next.value.length;
        if (!request.write(next.value)) return request.once("drain", write);
      }
    };
    write();
  });
}

function headersObject(headers: HeadersInit | undefined): Record<string, string> {
  return Object.fromEntries(new Headers(headers).entries());
}

/** The few cookies a test conversation needs: set by responses, sent with the next request. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const equals = pair.indexOf("=");
      if (equals < 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      const expired = attributes.some((a) => {
        const [key, val = ""] = a.split("=").map((s) => s.trim());
        if (key.toLowerCase() === "max-age") return Number(val) <= 0;
        if (key.toLowerCase() === "expires") return new Date(val).getTime() <= Date.now();
        return false;
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string) {
    this.cookies.set(name, value);
  }

  /** The Cookie header value, or "" when the jar is empty. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}
