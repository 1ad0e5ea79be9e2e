// The page cache (decision 030): a shareable page is sent again only to the caller it was rendered
// for, only while nothing has been recorded since, for PAGE_CACHE_MS at most, each time with a CSP
// nonce of its own. Other pages are never kept.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { advanceClock, releaseClock, stopClock } from "../../app/clock.server";
import { publishFinding } from "../../app/findings/finding-authoring.server";
import { db } from "../../db/client.server";
import { findings, procurements, users } from "../../db/schema";
import {
  asSignedIn,
  createFinding,
  createProcurement,
  createUser,
  sessionCookieFor,
  type TestProcurement,
  type TestUser,
} from "../factories";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

// A minute: long enough that anything seen within a test comes from the cache unless it was ended.
const TTL_MS = 60_000;
await useTestDatabase({ env: { PAGE_CACHE_MS: String(TTL_MS) } });
let portal: TestPortal;
let procurement: TestProcurement;
let staff: TestUser;
let supplier: TestUser;
let supplierCookie: string;

beforeAll(async () => {
  portal = await startTestPortal();
  procurement = await createProcurement();
  staff = await createUser({ role: "staff", totp: true });
  supplier = await createUser({ role: "supplier", name: "Casey Cached" });
  supplierCookie = await sessionCookieFor(supplier);
});

afterAll(async () => {
  await portal.close();
});

afterEach(() => {
  releaseClock();
});

const page = () => `/procurements/${procurement.slug}`;

async function html(pathname: string, cookie?: string) {
  const response = await portal.fetch(pathname, { cookie });
  expect(response.status).toBe(200);
  return { text: await response.text(), csp: response.headers.get("content-security-policy") ?? "" };
}

/** A change made straight in the database, as no workflow of the portal makes one: nothing recorded. */
async function renameQuietly(title: string) {
  await db().update(procurements).set({ title }).where(eq(procurements.id, procurement.id));
}

describe("the page cache", () => {
  it("sends a page again until anything is recorded, then renders it afresh", async () => {
    stopClock();
    const first = await html(page());
    expect(first.text).toContain(procurement.title);
    await renameQuietly("Renamed without a record");
    // Nothing was recorded: the kept page is sent again (this is what makes the cache a cache).
    expect((await html(page())).text).not.toContain("Renamed without a record");

    // A finding published through the portal records it: every page kept before is ended at once.
    const finding = await createFinding(procurement.id, { title: "Cached pages end on record", status: "draft" });
    const published = await publishFinding(asSignedIn(staff), procurement.id, finding.id);
    expect(published.ok).toBe(true);
    const after = await html(page());
    expect(after.text).toContain("Renamed without a record");
    expect(after.text).toContain("Cached pages end on record");
    await db().delete(findings).where(eq(findings.id, finding.id));
  });

  it("keeps a page no longer than PAGE_CACHE_MS of the portal's time", async () => {
    stopClock();
    await renameQuietly("Before the time passes");
    advanceClock(TTL_MS);
    expect((await html(page())).text).toContain("Before the time passes");
    await renameQuietly("After the time passes");
    advanceClock(TTL_MS - 1);
    expect((await html(page())).text).toContain("Before the time passes");
    advanceClock(1);
    expect((await html(page())).text).toContain("After the time passes");
  });

  it("never sends one caller's page to another", async () => {
    stopClock();
    advanceClock(TTL_MS);
    const signedIn = await html(page(), supplierCookie);
    expect(signedIn.text).toContain("Sign out");
    const anonymous = await html(page());
    expect(anonymous.text).not.toContain("Sign out");
    expect(anonymous.text).not.toContain("Casey Cached");
    // And the other way round: the supplier's kept page stays theirs.
    expect((await html(page(), supplierCookie)).text).toContain("Sign out");
  });

  it("gives every answer its own CSP nonce, the one its header allows", async () => {
    const nonces = [];
    for (let i = 0; i < 3; i++) {
      const { text, csp } = await html(page());
      const inPage = new Set([...text.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
      expect(inPage.size).toBe(1);
      const [nonce] = inPage;
      expect(csp).toContain(`'nonce-${nonce}'`);
      nonces.push(nonce);
    }
    expect(new Set(nonces).size).toBe(3);
  });

  it("gives a crowd arriving at once the page, each with its own nonce", async () => {
    stopClock();
    advanceClock(TTL_MS);
    const answers = await Promise.all(Array.from({ length: 6 }, () => html(page())));
    const nonces = answers.map(({ text, csp }) => {
      const [nonce] = new Set([...text.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
      expect(csp).toContain(`'nonce-${nonce}'`);
      expect(text).toContain("Discovery findings");
      return nonce;
    });
    expect(new Set(nonces).size).toBe(6);
  });

  it("never keeps a page its route does not mark shareable", async () => {
    stopClock();
    const settings = `/account`;
    const first = await portal.fetch(settings, { cookie: supplierCookie });
    expect(first.status).toBe(200);
    expect(first.headers.get("portal-page-cache")).toBeNull();
    await db().update(users).set({ name: "Casey Renamed" }).where(eq(users.id, supplier.id));
    const second = await portal.fetch(settings, { cookie: supplierCookie });
    expect(await second.text()).toContain("Casey Renamed");
  });
});
