// Where sign-in sends people: only a path of the portal, however the link that brought them was
// made. A property test over generated targets (control characters, tabs, backslashes,
// percent-encoding, schemes, "//") resolves each answer as a browser resolves a Location header and
// finds none that leaves the portal; then the sign-in form over HTTP, including a CR or LF in the
// target, which once failed with a 500 after the session and its audit row were written.
import { validateHeaderValue } from "node:http";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../app/auth/redirects";
import { SignInSchema } from "../../app/auth/schema";
import { db } from "../../db/client.server";
import { auditEvents, sessions } from "../../db/schema";
import { createUser, DEFAULT_PASSWORD, sessionCookieFor } from "../factories";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

await useTestDatabase();

const HOME = "/dashboard";
const ORIGINS = ["https://procurement.example.nhs.uk", "http://localhost:3000", "http://127.0.0.1:53124"];

/** Every page a sign-in might start from: the Location header is resolved against the URL answering it. */
const basesOf = (origin: string) => [
  `${origin}/`,
  `${origin}/sign-in?redirectTo=%2Fdashboard`,
  `${origin}/sign-in/two-factor`,
  `${origin}/a/b/c/`,
];

/** What is wrong with `location` as a Location header of the portal, as a browser would read it; null if nothing. */
function escapeOf(location: string): string | null {
  try {
    validateHeaderValue("Location", location);
    new Headers({ Location: location });
  } catch (error) {
    return `not a header value: ${String(error)}`;
  }
  for (const origin of ORIGINS) {
    for (const base of basesOf(origin)) {
      const landed = new URL(location, base).origin;
      if (landed !== origin) return `from ${base} it lands on ${landed}`;
    }
  }
  return null;
}

function expectStaysOnPortal(location: string, given: string) {
  expect(escapeOf(location), `safeRedirectPath(${JSON.stringify(given)}) = ${JSON.stringify(location)}`).toBeNull();
}

// Pieces that have opened redirects somewhere: what browsers drop or rewrite, schemes, hosts,
// encodings of "/", "\" and control characters, and look-alikes of "/" and ".".
// prettier-ignore
const PIECES = [
  "/", "//", "///", "\\", "\\\\", "/\\", "\\/", "\t", "\n", "\r", "\r\n", " ", "\u0000", "\u0001", "\u000b",
  "\u000c", "\u001f", "\u007f", "\u0085", "\u00a0", "\u200b", "\u2028", "\ufeff", "%", "%2F", "%2f", "%5C", "%5c",
  "%09", "%0A", "%0D", "%00", "%252F", "%E0%A4%A", ".", "..", "/./", "/../", "./", "@", ":", "?", "#", "&", "=", ";",
  "evil.example", "evil.example:443", "user:pass@evil.example", "localhost", "127.0.0.1", "[::1]", "0x7f.1", "http:",
  "https:", "HTTPS:", "javascript:", "data:", "file:", "//evil.example", "\\\\evil.example", "/\t/evil.example",
  "https://evil.example", "http:evil.example", "\u3002", "\uff0e", "\uff0f", "\u2215", "\u2044", "\uff3c", "é", "€",
  "\ud800", "\udfff", "dashboard", "procurements", "x",
];

const fromPieces = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((p) => p.join(""));
const startingWithSlash = fromPieces.map((s) => `/${s}`);
const anyText = fc.string({ unit: "binary", maxLength: 40 });
const slashThenAnyText = fc.string({ unit: "binary", maxLength: 40 }).map((s) => `/${s}`);
const targets = fc.oneof(fromPieces, startingWithSlash, anyText, slashThenAnyText);

describe("safeRedirectPath", () => {
  it("never gives a target that leaves the portal, whatever it is asked (property test)", () => {
    fc.assert(
      fc.property(targets, (target) => {
        const location = safeRedirectPath(target, HOME);
        // Nothing is cleaned up: the target as given, or the person's home.
        if (location !== target && location !== HOME) return false;
        return escapeOf(location) === null;
      }),
      { numRuns: 10_000 },
    );
  });

  it("refuses the targets that have left other sites' sign-in pages", () => {
    const escapes = [
      "/\t/evil.example/x", // the one reported: Chromium drops the tab and reads //evil.example
      "/\n/evil.example",
      "/\r/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\/evil.example",
      "/\\/evil.example",
      " //evil.example",
      "\u0000//evil.example",
      "https://evil.example",
      "http:/evil.example",
      "javascript:alert(1)",
      "/%09/evil.example/\u0000",
      "/dashboard\r\nSet-Cookie: portal_session=stolen",
      "/\u2215\u2215evil.example",
      "/€",
      "",
      "dashboard",
    ];
    for (const target of escapes) expect(safeRedirectPath(target, HOME), JSON.stringify(target)).toBe(HOME);
  });

  it("keeps the portal's own targets, exactly as the sign-in link carries them", () => {
    const own = [
      "/dashboard",
      "/procurements/ai-imaging-platform/clarifications?q=DICOM%20SR&page=2",
      "/procurements/ai-imaging-platform/findings/0b5e0c1e-3b8e-4c1a-9d55-3f6f0f6c2a10#respond",
      "/staff/procurements/ai-imaging-platform/sessions/new",
      "/procurements/ai-imaging-platform/%09/evil.example", // an encoded tab stays a path of ours
      "/.//evil.example", // resolves to the path //evil.example of the portal
    ];
    for (const target of own) {
      expect(safeRedirectPath(target, HOME)).toBe(target);
      expectStaysOnPortal(target, target);
    }
  });

  it("is decided by the sign-in form's schema, before anything is written", () => {
    const parsed = (redirectTo: string) =>
      SignInSchema.parse({ email: "someone@example.com", password: "a password", redirectTo }).redirectTo;
    expect(parsed("/\t/evil.example/x")).toBeUndefined();
    expect(parsed("/dashboard\r\nX-Injected: yes")).toBeUndefined();
    expect(parsed("/procurements?page=2")).toBe("/procurements?page=2");
  });
});

describe("the sign-in form over HTTP", () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal();
  });

  afterAll(async () => {
    await portal.close();
  });

  async function signInWith(redirectTo: string) {
    const user = await createUser();
    const response = await portal.postForm("/sign-in", { email: user.email, password: DEFAULT_PASSWORD, redirectTo });
    await response.text();
    return { user, response };
  }

  const sessionsOf = (userId: string) => db().select().from(sessions).where(eq(sessions.userId, userId));
  const signInsOf = async (userId: string) =>
    (await db().select().from(auditEvents).where(eq(auditEvents.actorUserId, userId))).filter(
      (e) => e.action === "sign_in",
    );

  it("sends someone who followed /sign-in?redirectTo=%2F%09%2Fevil.example%2Fx to their home, not to evil.example", async () => {
    const page = await portal.fetch("/sign-in?redirectTo=%2F%09%2Fevil.example%2Fx");
    expect(page.status).toBe(200);
    // The page carries the target in its form as it came, and the action refuses it.
    const target = new URLSearchParams("redirectTo=%2F%09%2Fevil.example%2Fx").get("redirectTo") ?? "";
    const { response } = await signInWith(target);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(HOME);
  });

  it("still goes back to the portal page that asked for sign-in", async () => {
    const { response } = await signInWith("/procurements?page=1");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/procurements?page=1");
  });

  it.each([
    ["CR LF", "/dashboard\r\nSet-Cookie: portal_session=stolen"],
    ["LF", "/supplier\n/evil.example"],
    ["CR", "/supplier\r"],
  ])(
    "answers a target with %s in it with a safe redirect, one session and one audit row (never a 500)",
    async (_name, target) => {
      const { user, response } = await signInWith(target);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(HOME);
      expect(response.headers.getSetCookie().some((c) => c.startsWith("portal_session="))).toBe(true);
      expect(await sessionsOf(user.id)).toHaveLength(1);
      expect(await signInsOf(user.id)).toHaveLength(1);
    },
  );

  it("refuses a wrong password with a CR LF target without writing a session", async () => {
    const user = await createUser();
    const response = await portal.postForm("/sign-in", {
      email: user.email,
      password: "not the right password at all",
      redirectTo: "/dashboard\r\nX-Injected: yes",
    });
    await response.text();
    expect(response.status).toBe(400);
    expect(await sessionsOf(user.id)).toHaveLength(0);
  });

  it("sends someone entering their security code to their home when the target would leave the portal", async () => {
    for (const target of ["/\t/evil.example/x", "/dashboard\r\nX-Injected: yes", "//evil.example"]) {
      const user = await createUser({ role: "staff", totp: true });
      const cookie = await sessionCookieFor(user, { twoFactorVerified: false });
      const response = await portal.postForm(
        `/sign-in/two-factor?redirectTo=${encodeURIComponent(target)}`,
        { code: user.totpCode() },
        { cookie },
      );
      await response.text();
      expect(response.status, JSON.stringify(target)).toBe(302);
      expect(response.headers.get("location")).toBe(HOME);
    }
  });
});
