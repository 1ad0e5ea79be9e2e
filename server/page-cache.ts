// The page cache (decision 030): a page whose route marks it shareable (app/page-cache.ts) is kept
// for its caller for at most PAGE_CACHE_MS and sent again while nothing has been recorded since.
//
// - Keyed by the URL and the whole Cookie header: a page is only ever sent again to the session
//   (and notice) it was rendered for, so no caller can receive what another caller may see.
// - Valid while the audit log's head (its newest link and the events recorded after it, which
//   changes whenever any event commits) is where it was when the page began to render: every change
//   the portal makes is audited in its own transaction, so any change a page could show ends its
//   entries, on every server (the head is read from the shared database).
// - And for PAGE_CACHE_MS at most, of real time and of the portal's clock alike: what follows from
//   the time alone (a deadline passing) shows within that.
// - Only a 200 HTML answer that sets no cookie is kept; each hit carries its own CSP nonce.
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { NextFunction, Request, Response } from "express";
import type { DatabaseHandle } from "../db/client.server";
import * as clock from "../app/clock.server";
import { AUDIT_HEAD_SQL } from "../app/audit/audit.server";
import { PAGE_CACHE_HEADER } from "../app/page-cache";

const MAX_ENTRIES = 500;
const MAX_PAGE_BYTES = 1024 * 1024;
const KEPT_HEADERS = ["content-type", "cache-control", PAGE_CACHE_HEADER.toLowerCase()];

type Entry = {
  head: string;
  keptAt: number;
  portalTime: number;
  headers: [string, string][];
  /** The page cut at each occurrence of its nonce, so that a hit joins the parts with its own. */
  parts: Buffer[];
};

/** The kept page with `nonce` where the page it was rendered as had its own. */
function withNonce(entry: Entry, nonce: string): Buffer {
  const glue = Buffer.from(nonce);
  return Buffer.concat(entry.parts.flatMap((part, i) => (i === 0 ? [part] : [glue, part])));
}

export function pageCache(options: { ttlMs: number; database: DatabaseHandle }) {
  const entries = new Map<string, Entry>();
  // Pages being rendered, by key: a request that misses while the same page for the same caller is
  // being rendered at the same audit head waits for that render instead of starting its own, so a
  // crowd arriving as an entry expires costs one render, not one each.
  const rendering = new Map<string, { head: string; page: Promise<Entry | null> }>();

  async function auditHead(): Promise<string> {
    const rows = await options.database.query<{ head: string }>(AUDIT_HEAD_SQL);
    return rows[0]?.head ?? "";
  }

  function fresh(entry: Entry, head: string) {
    return (
      entry.head === head &&
      performance.now() - entry.keptAt < options.ttlMs &&
      Math.abs(clock.now().getTime() - entry.portalTime) < options.ttlMs
    );
  }

  function keep(key: string, entry: Entry) {
    entries.delete(key);
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    entries.set(key, entry);
  }

  return async (req: Request, res: Response, next: NextFunction) => {
    if (options.ttlMs <= 0 || req.method !== "GET") return next();
    const nonce = res.locals.cspNonce as string;
    const key = createHash("sha256")
      .update(`${req.originalUrl}\n${req.get("cookie") ?? ""}`)
      .digest("hex");
    let head: string;
    try {
      head = await auditHead();
    } catch {
      return next();
    }
    const send = (entry: Entry) => {
      const body = withNonce(entry, nonce);
      res.status(200);
      for (const [name, value] of entry.headers) res.setHeader(name, value);
      res.setHeader("Content-Length", body.length);
      res.end(body);
    };
    const entry = entries.get(key);
    if (entry && fresh(entry, head)) return send(entry);
    if (entry) entries.delete(key);
    const inFlight = rendering.get(key);
    if (inFlight && inFlight.head === head) {
      const rendered = await inFlight.page;
      if (rendered) return send(rendered);
      return next();
    }
    let settle: (entry: Entry | null) => void = () => {};
    const page = new Promise<Entry | null>((resolve) => {
      settle = resolve;
    });
    rendering.set(key, { head, page });
    res.once("close", () => {
      if (rendering.get(key)?.page === page) rendering.delete(key);
      settle(null);
    });

    // A miss: let the page render, keeping a copy of what is sent, aged from now.
    const keptAt = performance.now();
    const portalTime = clock.now().getTime();
    const chunks: Buffer[] = [];
    let size = 0;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const copy = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function" || size > MAX_PAGE_BYTES) return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      chunks.push(buffer);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      copy(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      copy(chunk, rest[0]);
      const shareable =
        res.statusCode === 200 &&
        res.getHeader(PAGE_CACHE_HEADER) === "shareable" &&
        !res.getHeader("set-cookie") &&
        String(res.getHeader("content-type") ?? "").startsWith("text/html") &&
        size <= MAX_PAGE_BYTES;
      if (shareable) {
        const kept: Entry = {
          head,
          keptAt,
          portalTime,
          headers: KEPT_HEADERS.flatMap((name) => {
            const value = res.getHeader(name);
            return value === undefined ? [] : [[name, String(value)] as [string, string]];
          }),
          parts: Buffer.concat(chunks)
            .toString("utf8")
            .split(nonce)
            .map((part) => Buffer.from(part)),
        };
        keep(key, kept);
        settle(kept);
      } else {
        settle(null);
      }
      return end(chunk, ...rest);
    }) as Response["end"];
    next();
  };
}
