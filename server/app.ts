// The HTTP layer around Remix: client address, overload control, CSRF origin check, security headers,
// body limits.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { Config } from "../app/config.server";
import { CLIENT_IP_HEADER } from "../app/auth/guards.server";
import { migrationStatus, type DatabaseHandle } from "../db/client.server";
import { pageCache } from "./page-cache";
import * as clock from "../app/clock.server";

export const MAX_FORM_BYTES = 1024 * 1024;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What the server entry tells the app about its life: set once SIGTERM has asked it to stop. */
export type Readiness = { draining: boolean };

export type AppOptions = {
  build: ServerBuild | (() => Promise<ServerBuild>);
  config: Config;
  database: DatabaseHandle;
  mode?: "production" | "development";
  /** Absent: never draining (the test portal). */
  readiness?: Readiness;
};

/**
 * Refuses a state-changing request that does not come from one of the portal's own pages. In
 * production only PUBLIC_URL's origin counts: the Host header is the client's to choose, so a
 * page served under another name (a DNS rebinding, a stray virtual host) must not vouch for itself.
 * Elsewhere the portal is also reached under the name it was started with (localhost, 127.0.0.1).
 */
export function isSameOrigin(req: Request, config: Config): boolean {
  const origin = req.get("origin");
  const allowed = new Set([new URL(config.publicUrl).origin]);
  const host = req.get("host");
  if (host && !config.production) allowed.add(`${req.protocol}://${host}`);
  if (origin) {
    if (origin === "null" || !allowed.has(origin)) return false;
    // Remix then compares Origin with X-Forwarded-Host (or Host) itself and fails with a 500 when
    // they differ (a proxy that does not pass the Host on): refused here instead, as what it is.
    const forwardedHost = req.get("x-forwarded-host")?.split(",")[0]?.trim() || host;
    return new URL(origin).host === forwardedHost;
  }
  // Browsers send Origin on every POST; without it, accept only a same-origin Referer.
  const referer = req.get("referer");
  if (!referer) return false;
  try {
    return allowed.has(new URL(referer).origin);
  } catch {
    return false;
  }
}

// No page's address holds a control character once decoded (a NUL would reach PostgreSQL, a CR or LF
// a Location header).
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;

/**
 * Whether a request path is one the router can read: 400 for percent-encoding that does not decode
 * (a lone "%", a truncated or non-UTF-8 sequence), 404 for one that decodes to a control character,
 * null for an ordinary path. Checked before anything else sees the path, so no route has to.
 */
export function unreadablePath(pathname: string): 400 | 404 | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 400;
  }
  return CONTROL_CHARACTERS.test(decoded) ? 404 : null;
}

/**
 * The time the portal received the request: when its last byte has been read (for a request with
 * a body), taken before anything queues it behind other work. A bid counts by this time (decision
 * 026). Read through the portal's clock, so that a test that moves it moves this too. Node's HTTP
 * parser pushes the body into the request as its bytes are read off the connection, and pushes the
 * end (null) when the last one is read; "end" is only emitted once something consumes the body,
 * which under load is long after (the submit action reads it once it has had its database queries
 * answered), so the time is taken at that push.
 */
export function receivedTime(req: Request, res: Response, next: NextFunction) {
  res.locals.receivedAt = clock.now();
  if (!req.complete) {
    const push = req.push;
    req.push = function (chunk: unknown, encoding?: BufferEncoding) {
      if (chunk === null) res.locals.receivedAt = clock.now();
      return push.call(this, chunk, encoding);
    };
  }
  next();
}

// --- Overload control (decision 028) -------------------------------------------------------------

/**
 * How overload control treats a request. "exempt": not counted and never refused (the health checks,
 * which a load balancer must always reach, and the build's static files, cheap to serve). "kept":
 * counted but never refused: a bid submit, whose received time decides whether the bid counts, so
 * that load can never make a bid sent before the deadline miss it, and the receipt it leads to.
 * "sheddable": everything else (page views, uploads, other forms), refused while the portal is full.
 */
export function overloadClass(method: string, pathname: string): "exempt" | "kept" | "sheddable" {
  if (pathname === "/healthz" || pathname === "/readyz" || pathname === "/favicon.ico") return "exempt";
  if (pathname.startsWith("/build/") || pathname.startsWith("/assets/")) return "exempt";
  if (method === "POST" && /^\/procurements\/[^/]+\/bid\/submit\/?$/.test(pathname)) return "kept";
  if (SAFE_METHODS.has(method) && /^\/procurements\/[^/]+\/bid\/receipts\/[^/]+(\/pdf)?\/?$/.test(pathname)) {
    return "kept";
  }
  return "sheddable";
}

/** What a refused request's page says: that nothing was received, and when to try again. */
export function overloadPage(method: string, pathname: string, contentType: string, retryAfterSeconds: number) {
  const seconds = `${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}`;
  const upload = method === "POST" && contentType.startsWith("multipart/form-data");
  const [heading, what] = upload
    ? ["Your file was not uploaded", "so your file was not uploaded and your bid has not changed"]
    : SAFE_METHODS.has(method)
      ? ["This page could not be shown", "so this page could not be shown"]
      : ["What you sent was not received", "so what you sent was not received and nothing has changed"];
  const bidNote = pathname.includes("/bid")
    ? "<p>A bid is only submitted when you see its receipt. Submitting a bid is never turned away like this.</p>"
    : "";
  return `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${heading} – AI Imaging Platform procurement</title>
<style>body{margin:0;font-family:Frutiger W01,Arial,sans-serif;color:#212b32;background:#f0f4f5}header{background:#005eb8;color:#fff;padding:16px 24px;font-weight:600}main{max-width:640px;margin:32px auto;padding:0 24px;font-size:19px;line-height:1.5}h1{font-size:32px}</style>
</head><body><header>AI Imaging Platform procurement</header>
<main><h1>${heading}</h1>
<p>The portal is too busy to take your request just now, ${what}.</p>
<p>Try again in ${seconds}.</p>${bidNote}</main></body></html>`;
}

/**
 * Admission control: at most `maxRequestsInProgress` requests in progress. Beyond it, a sheddable
 * request is answered at once with 503, Retry-After and a page saying it was not received, before
 * anything reads its body: an answer, never a dropped connection. The body is then read off the wire
 * and discarded by Node (no `Connection: close`, whose unread bytes would reset the connection
 * before the client could read the answer).
 */
function admissionControl(config: Config) {
  let inProgress = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    const kind = overloadClass(req.method, req.path);
    if (kind === "exempt") return next();
    if (kind === "sheddable" && inProgress >= config.maxRequestsInProgress) {
      res
        .status(503)
        .set("Retry-After", String(config.overloadRetryAfterSeconds))
        .set("Cache-Control", "no-store")
        .type("html")
        .send(overloadPage(req.method, req.path, req.get("content-type") ?? "", config.overloadRetryAfterSeconds));
      return;
    }
    inProgress += 1;
    res.once("close", () => {
      inProgress -= 1;
    });
    next();
  };
}

export function createApp(options: AppOptions) {
  const { config, database } = options;
  const readiness = options.readiness ?? { draining: false };
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);

  // The time the portal received the request (decision 026): see receivedTime().
  app.use(receivedTime);

  // While draining, every connection closes after its answer, so none stays with a stopping server.
  app.use((_req, res, next) => {
    if (readiness.draining) res.set("Connection", "close");
    next();
  });

  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    // The address express trusts (the socket, or a configured proxy's header) replaces anything the
    // client sent under the same name, so no one can choose the address the rate limits see.
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
          // NHS.UK services load the licensed Frutiger font from the NHS's own asset host.
          "font-src": ["'self'", "data:", "https://assets.nhs.uk"],
          "connect-src": ["'self'", ...(options.mode === "development" ? ["ws:"] : [])],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
        },
      },
      strictTransportSecurity: config.production ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // Before anything reads a body or asks the database: a full portal answers at once.
  app.use(admissionControl(config));

  // An answer sent before the request's body was all read (an upload refused at the deadline or for
  // overload, a redirect to sign in) leaves the rest of the body on a connection that stays open:
  // Remix has begun reading it, so Node no longer discards it, and the next request the client
  // sends on that connection (its bid submit) waits behind the unread bytes until the keep-alive
  // timeout resets it. The rest is read and discarded instead, so the connection stays usable.
  // (A `Connection: close` set by a route does not survive the Remix adapter, and closing with
  // unread bytes would reset the connection before the client could read the answer.)
  app.use((req, res, next) => {
    res.once("finish", () => {
      if (req.complete) return;
      req.removeAllListeners("data");
      req.on("data", () => {});
      req.resume();
    });
    next();
  });

  app.use((req, res, next) => {
    const refusal = unreadablePath(req.path);
    if (refusal === null) return next();
    res
      .status(refusal)
      .type("text/plain")
      .send(refusal === 400 ? "This address is not one the portal can read." : "Page not found");
  });

  // Liveness: the process serves. It asks nothing of the database, so an outage there restarts no one.
  app.get("/healthz", (_req, res) => {
    res.json({ status: "live", database: database.driver, draining: readiness.draining });
  });

  // Readiness: whether a load balancer should send this server requests.
  app.get("/readyz", async (_req, res) => {
    if (readiness.draining) {
      res.status(503).json({ status: "draining", database: database.driver });
      return;
    }
    try {
      const migrations = await migrationStatus(database);
      res.status(migrations.current ? 200 : 503).json({
        status: migrations.current ? "ready" : "migrations pending",
        database: database.driver,
        migrations,
      });
    } catch (error) {
      res.status(503).json({ status: "database unavailable", database: database.driver, error: String(error) });
    }
  });

  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!isSameOrigin(req, config)) {
      res
        .status(403)
        .type("text/plain")
        .send("This request did not come from the portal's own pages, so it was refused.");
      return;
    }
    const type = req.get("content-type") ?? "";
    const length = Number(req.get("content-length") ?? 0);
    if (!type.startsWith("multipart/form-data") && length > MAX_FORM_BYTES) {
      res.status(413).type("text/plain").send("The form you sent is too large.");
      return;
    }
    next();
  });

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // A missing build asset is a plain 404, not a page for Remix to look up.
  app.use("/build", (_req, res) => {
    res.status(404).type("text/plain").send("Not found");
  });
  const nhsukAssets = path.resolve("node_modules", "nhsuk-frontend", "dist", "nhsuk", "assets");
  app.use("/assets", express.static(nhsukAssets, { maxAge: "1d" }));
  // Browsers ask for /favicon.ico whatever the page links to: the NHS one, not a page for Remix to miss.
  app.get("/favicon.ico", (_req, res) =>
    res.sendFile(path.join(nhsukAssets, "images", "favicon.ico"), { maxAge: "1d" }),
  );
  // Nothing else is served from public/ (it holds only the build): no file lookup for every page.

  app.use(pageCache({ ttlMs: config.pageCacheMs, database }));

  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      mode: options.mode ?? "production",
      getLoadContext: (_req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        receivedAt: () => res.locals.receivedAt as Date,
      }),
    }),
  );

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const reference = randomBytes(4).toString("hex").toUpperCase();
    console.error(
      JSON.stringify({ level: "error", reference, error: error instanceof Error ? error.stack : String(error) }),
    );
    if (!res.headersSent) {
      res.status(500).type("text/plain").send(`Sorry, there is a problem with the service. Reference: ${reference}`);
    }
  });

  return app;
}
