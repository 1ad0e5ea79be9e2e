// Two promises of the HTTP layer that sit beside the pages: the `.data` twin of a page (what the
// browser fetches on navigation, with the same bid answers and email addresses) is never stored,
// as the HTML is not; and in production a state-changing request must come from PUBLIC_URL's
// origin, whatever the Host header names.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, type Config } from "../../app/config.server";
import { projectRoot } from "../../db/project-root.server";
import { database } from "../../db/client.server";
import { createApp } from "../../server/app";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { seedPortalFixtures, type PortalFixtures } from "../support/portal-fixtures";

await useTestDatabase();
let portal: TestPortal;
let f: PortalFixtures;

beforeAll(async () => {
  portal = await startTestPortal();
  f = await seedPortalFixtures();
}, 120_000);

afterAll(async () => {
  await portal.close();
});

describe("the .data twin of a page", () => {
  it("is never stored, like the page: a bid's answers as its bidder reads them", async () => {
    const page = `/procurements/${f.bids.slug}/bid/questions/${f.bids.questions.text}`;
    const html = await portal.fetch(page, { cookie: f.cookies.supplier });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain(f.bids.secret);
    expect(html.headers.get("cache-control")).toBe("no-store");

    const data = await portal.fetch(`${page}.data`, { cookie: f.cookies.supplier });
    expect(data.status).toBe(200);
    expect(await data.text()).toContain(f.bids.secret);
    expect(data.headers.get("cache-control")).toBe("no-store");
  });

  it.each([
    ["the root loader, with the signed-in person's name", "/_root.data", "staff", 200],
    ["an admin's list of people and their email addresses", "/admin/users.data", "admin", 200],
    ["the supplier dashboard", "/supplier.data", "orgAdmin", 200],
    ["a page the caller may not see", "/admin/users.data", "supplier", 403],
    ["a redirect to sign in", "/account.data", "signedOut", 202],
  ] as const)("is never stored: %s (%s as %s → %s)", async (_name, target, caller, status) => {
    const response = await portal.fetch(target, { cookie: f.cookies[caller] });
    await response.arrayBuffer();
    expect(response.status).toBe(status);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("keeps a Cache-Control a route sets for itself", async () => {
    // The similar-questions lookup is a resource route that says private, no-store itself.
    const response = await portal.fetch(`/procurements/${f.procurement.slug}/clarifications/similar?q=DICOM`, {
      cookie: f.cookies.supplier,
    });
    await response.arrayBuffer();
    expect(response.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("where state-changing requests may come from", () => {
  const PUBLIC_URL = "https://procurement.example.nhs.uk";
  const fields = { email: "someone@example.com", password: "a password that is long" };

  /** The portal's HTTP layer with a configuration of its own, on a port of its own. */
  async function portalWith(changes: Partial<Config>): Promise<{ url: string; close: () => Promise<void> }> {
    const build = (await import(
      /* @vite-ignore */ pathToFileURL(path.join(projectRoot(), "build", "index.js")).href
    )) as ServerBuild;
    const app = createApp({ build, config: { ...config(), ...changes }, database: database(), mode: "production" });
    const server: Server = createServer(app);
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      url,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  /** Posts the sign-in form with exactly these headers (node:http: fetch would not send a Host of our choosing). */
  function post(url: string, headers: Record<string, string>): Promise<number> {
    const body = new URLSearchParams(fields).toString();
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${url}/sign-in`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
      });
      request.on("response", (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      request.on("error", reject);
      request.end(body);
    });
  }

  it("in production, refuses a post from the origin the Host header names and takes PUBLIC_URL's", async () => {
    const production = await portalWith({ production: true, publicUrl: PUBLIC_URL });
    try {
      // The Host header is 127.0.0.1:<port>: a page served under that name cannot vouch for itself.
      expect(await post(production.url, { origin: production.url })).toBe(403);
      expect(await post(production.url, { referer: `${production.url}/sign-in` })).toBe(403);
      // A DNS rebinding: the browser sends the attacker's name as Host and as Origin.
      expect(await post(production.url, { origin: "http://evil.example", host: "evil.example" })).toBe(403);
      // From PUBLIC_URL's pages, through a proxy that passes the Host on, the form answers (wrong
      // email or password).
      const publicHost = new URL(PUBLIC_URL).host;
      expect(await post(production.url, { origin: PUBLIC_URL, host: publicHost })).toBe(400);
      expect(await post(production.url, { origin: PUBLIC_URL, "x-forwarded-host": publicHost })).toBe(400);
      expect(await post(production.url, { referer: `${PUBLIC_URL}/sign-in`, host: publicHost })).toBe(400);
      // A proxy that does not pass it on: a refusal that says so, not the 500 Remix would give.
      expect(await post(production.url, { origin: PUBLIC_URL })).toBe(403);
    } finally {
      await production.close();
    }
  });

  it("outside production, also takes the origin the portal is reached under (localhost, 127.0.0.1)", async () => {
    const local = await portalWith({ production: false, publicUrl: PUBLIC_URL });
    try {
      expect(await post(local.url, { origin: local.url })).toBe(400);
      expect(await post(local.url, { origin: PUBLIC_URL, host: new URL(PUBLIC_URL).host })).toBe(400);
      expect(await post(local.url, { origin: "https://evil.example" })).toBe(403);
    } finally {
      await local.close();
    }
  });
});
