// A production-configured portal, as an operator starts it (`npm run serve`, NODE_ENV=production)
// on an empty database: no demo accounts, no banner; the first admin comes from
// `npm run admin:create`, whose link works once, and reaches the admin pages only after proving
// the mailbox and setting up two-factor sign-in. And the demo, asked for in production, never starts.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentTotpCode } from "../../app/auth/two-factor.server";
import { DEMO_PASSWORD } from "../../app/demo/seed";
import { CookieJar } from "../setup/portal";
import { runCommand, startPortal, type RunningPortal } from "./browser";

const PRODUCTION = {
  NODE_ENV: "production" as const,
  SESSION_SECRET: "production-test-secret-of-at-least-32-chars",
  AUDIT_CHAIN_KEY: "production-test-audit-chain-key-of-at-least-32-chars",
};
const FIRST_ADMIN = "first.admin@procurement.example.nhs.uk";
const PASSWORD = "harbour lantern quietly orbit";

describe("a production instance", { timeout: 180_000 }, () => {
  let portal: RunningPortal;

  beforeAll(async () => {
    portal = await startPortal({ demo: false, env: PRODUCTION });
  }, 150_000);

  afterAll(async () => {
    await portal?.stop();
  });

  /** A request as a browser without JavaScript sends it (manual redirects; same-origin POSTs). */
  async function send(pathname: string, options: { jar?: CookieJar; form?: Record<string, string> } = {}) {
    const headers = new Headers();
    const cookie = options.jar?.header();
    if (cookie) headers.set("cookie", cookie);
    if (options.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      headers.set("origin", portal.url);
    }
    const response = await fetch(new URL(pathname, portal.url), {
      method: options.form ? "POST" : "GET",
      headers,
      body: options.form ? new URLSearchParams(options.form).toString() : undefined,
      redirect: "manual",
    });
    options.jar?.store(response);
    return { status: response.status, location: response.headers.get("location"), html: await response.text() };
  }

  it("starts empty: no banner, no demo accounts, and says how to create the first admin", async () => {
    const home = await send("/");
    expect(home.status).toBe(200);
    expect(home.html).not.toContain("Demo instance");
    for (const email of ["admin@example.com", "staff@example.com", "supplier@example.com"]) {
      const signIn = await send("/sign-in", { form: { email, password: DEMO_PASSWORD } });
      expect(signIn.status, email).toBe(400);
      expect(signIn.html).toContain("Enter a correct email address and password");
    }
    expect(portal.output()).toContain("npm run admin:create");
    expect(portal.output()).not.toContain("demo data seeded");
  });

  it("gets its first admin from `npm run admin:create`, by a link that works once, then an emailed code and the app", async () => {
    let created = { code: null as number | null, stdout: "", stderr: "" };
    await portal.restart(async () => {
      created = await runCommand(
        "app/users/admin-create-cli.ts",
        ["--email", FIRST_ADMIN, "--name", "First Admin"],
        portal.env,
      );
    });
    expect(created.code, created.stderr).toBe(0);
    const link = new RegExp(`${portal.url}/accept-invitation\\?token=[\\w-]+`).exec(created.stdout)?.[0];
    expect(link, created.stdout).toBeTruthy();
    const invitation = new URL(link ?? "").pathname + new URL(link ?? "").search;
    const token = new URL(link ?? "").searchParams.get("token") ?? "";

    expect((await send(invitation)).html).toContain(FIRST_ADMIN);
    const accept = { token, name: "First Admin", password: PASSWORD, confirmPassword: PASSWORD };
    expect((await send("/accept-invitation", { form: accept })).location).toBe("/sign-in");
    expect((await send(invitation)).html).toContain("This invitation has expired or has already been used");
    expect((await send("/accept-invitation", { form: accept })).status).toBe(400);

    // The password alone reaches only the two-factor set-up, which first asks for the emailed code.
    const jar = new CookieJar();
    expect((await send("/sign-in", { jar, form: { email: FIRST_ADMIN, password: PASSWORD } })).status).toBe(302);
    expect((await send("/admin", { jar })).location).toBe("/account/two-factor");
    expect((await send("/account/two-factor", { jar })).html).toContain("Email me a code");
    expect((await send("/account/two-factor", { jar, form: { intent: "send-mailbox-code" } })).status).toBe(302);
    const mail = await portal.smtp.waitForMessage((m) => m.to === FIRST_ADMIN, 60_000);
    const code = /\b(\d{8})\b/.exec(mail.text)?.[1] ?? "";
    expect(
      (await send("/account/two-factor", { jar, form: { intent: "prove-mailbox", mailboxCode: code } })).status,
    ).toBe(302);
    const secret = /<span class="portal-mono">([A-Z2-7]+)<\/span>/.exec(
      (await send("/account/two-factor", { jar })).html,
    )?.[1];
    expect(secret).toBeTruthy();
    const enrolled = await send("/account/two-factor", { jar, form: { code: currentTotpCode(secret ?? "") } });
    expect(enrolled.status).toBe(200);
    expect(enrolled.html).toContain("Save your recovery codes");
    expect((await send("/admin", { jar })).status).toBe(200);
    expect(portal.serverErrors(), portal.output()).toEqual([]);
  });
});

describe("the demo asked for in production", { timeout: 120_000 }, () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "portal-production-refusal-"));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function productionEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...PRODUCTION, PUBLIC_URL: "https://procurement.example.nhs.uk" };
    for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
    return { ...env, DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extra };
  }

  it("refuses to start as `npm start` runs it, saying why and what to run instead", async () => {
    const result = await runCommand("server/index.ts", ["--demo"], productionEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/NODE_ENV=production with the demo asked for.*npm run serve/s);
  });

  it("refuses to start with DEMO=true", async () => {
    const result = await runCommand("server/index.ts", [], productionEnv({ DEMO: "true" }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("NODE_ENV=production with the demo asked for (DEMO=true)");
  });

  it("refuses `npm run seed`", async () => {
    const result = await runCommand("app/demo/seed.ts", [], productionEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the demo accounts are never seeded in production");
  });
});
