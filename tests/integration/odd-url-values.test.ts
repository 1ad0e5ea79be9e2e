// Every route the Remix build knows, asked for with odd values in each path parameter and in every
// query key it reads, as someone signed out and as each role: a page, a redirect or a 4xx, never a
// server error. A NUL byte reaching PostgreSQL, an impossible date, 1e9999 or a number past
// bigint, bad percent-encoding, a key given twice, a very long value.
//
// Nothing here is a list to keep up: the routes come from the build's route table, the query keys
// from scanning each route module (and the app modules it imports) for `searchParams.get("…")`,
// `getAll`, `has` and fields built from the query readers in app/query.ts, plus a few generic keys.
// Only a NEW KIND OF PATH PARAMETER needs a line in PARAM_VALUES below (a test says so).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../db/project-root.server";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { seedPortalFixtures, type Persona, type PortalFixtures } from "../support/portal-fixtures";

await useTestDatabase();
let portal: TestPortal;
let f: PortalFixtures;

/** Someone signed out, and one person of each role (the supplier is an organisation admin, who can reach the most). */
const CALLERS = ["signedOut", "orgAdmin", "staff", "evaluator", "admin"] as const satisfies readonly Persona[];
type Caller = (typeof CALLERS)[number];

/** Real values for each kind of path parameter: the first combination some caller can open is used. */
const PARAM_VALUES: Record<string, (f: PortalFixtures) => string[]> = {
  slug: (f) => [f.procurement.slug, f.bids.slug, f.evaluation.slug],
  sessionId: (f) => [f.sessions.webinar.id],
  materialId: (f) => [f.materials.publishedFile],
  findingId: (f) => [f.findings.published],
  questionId: (f) => [f.questions.alpha, f.tender.questionId, f.bids.questions.text, f.evaluation.questions.text],
  bidId: (f) => [f.evaluation.bidId, f.bids.bidId],
  hash: (f) => [f.evaluation.sha256, f.bids.sha256],
  fileId: (f) => [f.bids.fileId],
  reference: (f) => [f.bids.reference, f.evaluation.reference],
  documentId: (f) => [f.tender.documents.published],
  messageId: (f) => [f.outboxMessageId],
  userId: (f) => [f.users.target.id],
  requestId: (f) => [f.bids.requestId],
};

// The odd values, already percent-encoded where they need to be. The first three are the smoke
// set sent by callers the route turns away (whose request never reaches its lookups).
const PATH_VALUES: string[] = [
  "%00", // NUL
  "%E0%A4%A", // truncated percent-encoding
  "%0D%0A", // CR LF
  "%ED%A0%80", // an encoded lone surrogate
  "99999999999999999999", // past bigint
  "1e9999",
  "x".repeat(2000),
];

const QUERY_VALUES: string[] = [
  "%00", // NUL
  "%E0%A4%A", // truncated percent-encoding
  "%0D%0A", // CR LF
  "99999999999999999999", // past bigint
  "-1",
  "1e9999",
  "1.5",
  "2026-13-45", // an impossible date
  "9999-12-31", // a date whose next day is past four digits
  "%2F%09%2Fevil.example", // a redirect elsewhere, with a tab browsers drop
  "z".repeat(4000),
];
const SMOKE = 3;

/** Keys any page might read: sent everywhere, with the keys found in the sources. */
const GENERIC_KEYS = ["page", "q", "from", "to", "before", "after", "id", "status", "redirectTo", "token"];

type RouteInfo = {
  id: string;
  pattern: string;
  params: string[];
  keys: string[];
  /** Has a page (not only a loader): its loaders are asked through the single-fetch `.data` URL. */
  page: boolean;
};

async function loadRoutes(): Promise<RouteInfo[]> {
  const file = path.join(projectRoot(), "build", "index.js");
  const build = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as ServerBuild;
  const pathOf = (id: string): string => {
    const route = build.routes[id];
    const parent = route.parentId ? pathOf(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/");
  };
  const routes: RouteInfo[] = [];
  for (const [id, route] of Object.entries(build.routes)) {
    if (id === "root") continue;
    const pattern = `/${pathOf(id)}`;
    const params = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const keys = await queryKeysOf(sourceFileOf(id));
    routes.push({ id, pattern, params, keys, page: Boolean(route.module.default) });
  }
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

function sourceFileOf(routeId: string): string {
  for (const ext of [".tsx", ".ts", ".jsx", ".js"]) {
    const candidate = path.join(projectRoot(), "app", `${routeId}${ext}`);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`No source file for route ${routeId}`);
}

function resolveAppImport(specifier: string, from: string): string | null {
  const base = specifier.startsWith("~/")
    ? path.join(projectRoot(), "app", specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  const candidates = [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c)) ?? null;
}

const KEY_PATTERNS = [
  /searchParams\.(?:get|getAll|has)\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
  /\bparams\.(?:get|getAll|has)\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
  // A field of a query schema built from app/query.ts's readers: `to: queryDate`.
  /\b(\w+):\s*query[A-Z]\w*\b/g,
];

/** The query keys a route module reads, itself or through the app modules it imports. */
async function queryKeysOf(file: string): Promise<string[]> {
  const source = await readFile(file, "utf8");
  const sources = [source];
  for (const match of source.matchAll(/from\s+["']([^"']+)["']/g)) {
    const imported = resolveAppImport(match[1], file);
    if (imported) sources.push(await readFile(imported, "utf8"));
  }
  const keys = new Set<string>();
  for (const text of sources)
    for (const pattern of KEY_PATTERNS) for (const m of text.matchAll(pattern)) keys.add(m[1]);
  return [...keys].sort();
}

function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => values[name]);
}

/**
 * The page's loaders without the HTML (React renders slowly under the test runner's development
 * build): what the browser fetches on client-side navigation, running the same loaders.
 */
function dataUrl(pathname: string): string {
  return pathname === "/" ? "/_root.data" : `${pathname}.data`;
}

async function status(target: string, caller: Caller): Promise<number> {
  const response = await portal.fetch(target, { cookie: f.cookies[caller] });
  // Read to the end: a fault while streaming the body counts too.
  await response.arrayBuffer();
  return response.status;
}

type Reach = { params: Record<string, string>; admitted: boolean };

/**
 * For each caller, real path parameters that open the route for them if any do ("admitted"), else
 * the ones that open it for someone. A caller turned away (sign-in, 403, 404) gets the smoke set.
 */
async function reachOf(route: RouteInfo): Promise<Record<Caller, Reach>> {
  let combinations: Record<string, string>[] = [{}];
  for (const name of route.params) {
    const values = PARAM_VALUES[name]?.(f) ?? [];
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [name]: encodeURIComponent(v) })));
  }
  const reach = {} as Record<Caller, Reach>;
  let someone = combinations[0];
  for (const caller of CALLERS) {
    for (const combination of combinations) {
      const pathname = fill(route.pattern, combination);
      // 200 only: single fetch answers a redirect (to sign in, say) with 202.
      if ((await status(route.page ? dataUrl(pathname) : pathname, caller)) === 200) {
        reach[caller] = { params: combination, admitted: true };
        someone = combination;
        break;
      }
    }
  }
  for (const caller of CALLERS) reach[caller] ??= { params: someone, admitted: false };
  return reach;
}

/**
 * Query strings that between them give every key every odd value, each key a different value in
 * each request (a Latin square): as many requests as values, however many keys a page reads.
 */
function oddQueries(keys: string[], count = QUERY_VALUES.length): string[] {
  return QUERY_VALUES.slice(0, count).map((_, i) =>
    keys.map((key, k) => `${encodeURIComponent(key)}=${QUERY_VALUES[(i + k) % QUERY_VALUES.length]}`).join("&"),
  );
}

/**
 * Every request one caller sends to one route. A caller the route admits gets every odd value in
 * every path parameter, and its share of the query strings: the admitted callers take the Latin
 * square's rows in turn, so every key meets every value from someone, and each of them renders the
 * page once with odd values in every key. A caller turned away gets the smoke set.
 */
function requestsFor(route: RouteInfo, reach: Reach, share: { index: number; of: number }): string[] {
  const as = (pathname: string) => (route.page ? dataUrl(pathname) : pathname);
  const targets: string[] = [];
  for (const name of route.params) {
    for (const value of reach.admitted ? PATH_VALUES : PATH_VALUES.slice(0, SMOKE))
      targets.push(as(fill(route.pattern, { ...reach.params, [name]: value })));
  }
  const pathname = fill(route.pattern, reach.params);
  const keys = [...new Set([...route.keys, ...GENERIC_KEYS])];
  if (!reach.admitted) {
    for (const query of oddQueries(keys).slice(0, SMOKE)) targets.push(`${as(pathname)}?${query}`);
    return targets;
  }
  const queries = oddQueries(keys).filter((_, i) => i % share.of === share.index);
  for (const query of queries) targets.push(`${as(pathname)}?${query}`);
  // Every key given twice: a reader that takes get() must not fall over on a second value.
  if (share.index === 0) targets.push(`${as(pathname)}?${keys.map((k) => `${k}=1&${k}=%00`).join("&")}`);
  if (route.page && queries.length > 0) targets.push(`${pathname}?${queries[0]}`);
  return targets;
}

const routes = await loadRoutes();

beforeAll(async () => {
  portal = await startTestPortal();
  f = await seedPortalFixtures();
}, 120_000);

afterAll(async () => {
  await portal.close();
});

describe("odd values in the URL, on every route the build knows", () => {
  it("knows a real value for every kind of path parameter in the route table", () => {
    const names = [...new Set(routes.flatMap((r) => r.params))];
    expect(
      names.filter((name) => !PARAM_VALUES[name]),
      "path parameters with no real values in PARAM_VALUES (tests/integration/odd-url-values.test.ts)",
    ).toEqual([]);
  });

  it("finds the query keys the pages read, in the routes and in the modules they import", () => {
    const keysOf = (pattern: string) => routes.find((r) => r.pattern === pattern)?.keys ?? [];
    expect(keysOf("/admin/audit")).toContain("before");
    expect(keysOf("/admin/mail")).toContain("page");
    expect(keysOf("/procurements/:slug/clarifications")).toEqual(expect.arrayContaining(["from", "to", "page", "q"]));
    expect(keysOf("/receipts/verify")).toEqual(expect.arrayContaining(["reference", "digest"]));
    expect(routes.length).toBeGreaterThan(50);
  });

  it.each([
    // The ones found by hand, with the answer each now gets.
    [
      "an impossible date in the clarification log filter",
      "/procurements/test-procurement/clarifications?to=2026-13-45",
      "supplier",
      400,
    ],
    ["the audit log past 1e9999", "/admin/audit?before=1e9999", "admin", 400],
    ["the audit log past a number beyond bigint", "/admin/audit?before=99999999999999999999", "admin", 400],
    ["the sent mail page 1e9999", "/admin/mail?page=1e9999", "admin", 400],
    ["a NUL as the procurement", "/procurements/%00", "signedOut", 404],
    ["a NUL as the receipt", "/procurements/bid-procurement/bid/receipts/%00", "supplier", 404],
    [
      "a receipt's PDF with a CR LF in its reference",
      "/procurements/bid-procurement/bid/receipts/%0D%0A/pdf",
      "supplier",
      404,
    ],
    ["percent-encoding that is not UTF-8", "/procurements/%E0%A4%A", "signedOut", 400],
  ] as const)("answers %s (%s, as %s) with %s", async (_name, target, caller, expected) => {
    const response = await portal.fetch(target, { cookie: f.cookies[caller] });
    await response.arrayBuffer();
    expect(response.status).toBe(expected);
  });

  it.each(routes.map((r) => [r.pattern, r] as const))(
    "%s: odd path parameters and query values get a page or a 4xx, never a 5xx",
    async (_title, route) => {
      const reach = await reachOf(route);
      const faults: string[] = [];
      const admitted = CALLERS.filter((caller) => reach[caller].admitted);
      for (const caller of CALLERS) {
        const share = { index: Math.max(0, admitted.indexOf(caller)), of: Math.max(1, admitted.length) };
        for (const target of requestsFor(route, reach[caller], share)) {
          const answer = await status(target, caller);
          if (answer >= 500) faults.push(`GET ${target.slice(0, 200)} as ${caller} → ${answer}`);
        }
      }
      expect(faults, `server errors on ${route.pattern} (query keys: ${route.keys.join(", ") || "none"})`).toEqual([]);
    },
    120_000,
  );
});
