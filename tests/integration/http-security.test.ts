// The HTTP layer: the health check, security headers with a per-request CSP nonce, and the CSRF
// origin check on every state-changing request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

const testDb = await useTestDatabase();
let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal();
});

afterAll(async () => {
  await portal.close();
});

describe("GET /healthz and /readyz", () => {
  it("/healthz answers 200 while the process serves, naming the database driver", async () => {
    const response = await portal.fetch("/healthz");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { database: string }).database).toBe(testDb.driver);
  });

  it("/readyz answers 200 naming the database driver in use and that migrations are current", async () => {
    const response = await portal.fetch("/readyz");
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      database: string;
      migrations: { current: boolean; applied: number; shipped: number };
    };
    expect(body.database).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
    expect(body.database).toBe(testDb.driver);
    expect(body.migrations.current).toBe(true);
    expect(body.migrations.applied).toBe(body.migrations.shipped);
  });

  it("/readyz answers 503 when a shipped migration has not been applied", async () => {
    const [latest] = await testDb.query<{ id: number; hash: string; created_at: string }>(
      "select id, hash, created_at from drizzle.__drizzle_migrations order by id desc limit 1",
    );
    // The migrations journal is the owner's (the runtime role only reads it).
    await testDb.ownerQuery("delete from drizzle.__drizzle_migrations where id = $1", [latest.id]);
    try {
      const response = await portal.fetch("/readyz");
      expect(response.status).toBe(503);
      const body = (await response.json()) as { migrations: { current: boolean } };
      expect(body.migrations.current).toBe(false);
    } finally {
      await testDb.ownerQuery("insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)", [
        latest.id,
        latest.hash,
        latest.created_at,
      ]);
    }
    expect((await portal.fetch("/readyz")).status).toBe(200);
  });
});

describe("static files", () => {
  it("serves the NHS favicon at /favicon.ico, where browsers ask for it whatever the page links to", async () => {
    const response = await portal.fetch("/favicon.ico");
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // An ICO file starts with reserved 0 and type 1.
    expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
  });

  it("serves the NHS.UK design system's assets and answers a missing build file with a plain 404", async () => {
    const svg = await portal.fetch("/assets/images/favicon.svg");
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    const missing = await portal.fetch("/build/no-such-file.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("text/plain");
  });
});

describe("security headers", () => {
  it("sends a CSP whose nonce is the one on every script tag of the page", async () => {
    const response = await portal.fetch("/");
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src [^;]*'self'/);
    expect(csp).not.toContain("'unsafe-inline' 'nonce"); // scripts rely on the nonce alone

    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      expect(attributes).toContain(`nonce="${nonce}"`);
    }
  });

  it("uses a different nonce for every response", async () => {
    const nonces = await Promise.all(
      [1, 2].map(async () => {
        const response = await portal.fetch("/");
        await response.text();
        return /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
      }),
    );
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("tells browsers not to sniff content types and to keep the referrer to the origin", async () => {
    const response = await portal.fetch("/sign-in");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});

describe("cross-site request check", () => {
  const fields = { email: "someone@example.com", password: "a password that is long" };

  it("refuses a POST whose Origin is another site", async () => {
    const response = await portal.postForm("/sign-in", fields, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("did not come from the portal's own pages");
  });

  it("refuses a POST with neither Origin nor Referer", async () => {
    const response = await portal.postForm("/sign-in", fields, { origin: null });
    expect(response.status).toBe(403);
  });

  it("refuses a POST whose Origin is the literal null of a sandboxed frame", async () => {
    const response = await portal.postForm("/sign-in", fields, { origin: "null" });
    expect(response.status).toBe(403);
  });

  it("accepts a POST from the portal's own page, by Origin or by a same-origin Referer", async () => {
    const byOrigin = await portal.postForm("/sign-in", fields);
    expect(byOrigin.status).toBe(400); // the sign-in form answers: wrong email or password
    const byReferer = await portal.postForm("/sign-in", fields, {
      origin: null,
      headers: { referer: `${portal.url}/sign-in` },
    });
    expect(byReferer.status).toBe(400);
  });
});
