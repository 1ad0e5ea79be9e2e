// Being the demo is one switch, asked for (DEMO=true, or `npm start`), never inferred: production
// refuses it and never seeds the demo accounts; outside the demo there is no banner and the Sent
// mail page shows no single-use link or code; an empty instance gets its first admin from the
// command line, by a link that works once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../app/config.server";
import { sendMailboxCode } from "../../app/auth/two-factor.server";
import { createAdminFromCommandLine } from "../../app/users/admin-create.server";
import { inviteUser, requestPasswordReset } from "../../app/users/users.server";
import { seedDemoDataIfEmpty } from "../../app/demo/seed";
import { asSignedIn, createUser, sessionCookieFor } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

const testDb = await useTestDatabase();
let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal();
});

afterAll(async () => {
  await portal?.close();
});

const PRODUCTION = {
  NODE_ENV: "production",
  PUBLIC_URL: "https://procurement.example.nhs.uk",
  SESSION_SECRET: "a-production-secret-of-at-least-32-characters",
  AUDIT_CHAIN_KEY: "a-production-audit-chain-key-of-at-least-32-characters",
};

async function asDemo<T>(demo: boolean, work: () => Promise<T>): Promise<T> {
  updateTestConfig({ demoInstance: demo });
  try {
    return await work();
  } finally {
    updateTestConfig({ demoInstance: false });
  }
}

describe("the switch", () => {
  it("is off unless asked for, on the embedded database as on a PostgreSQL server", () => {
    expect(parseConfig({}).demoInstance).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgres://portal@db.internal:5432/portal" }).demoInstance).toBe(false);
    expect(parseConfig({ DEMO: "false" }).demoInstance).toBe(false);
  });

  it("is on with DEMO=true, or with the --demo that `npm start` passes", () => {
    expect(parseConfig({ DEMO: "true" }).demoInstance).toBe(true);
    expect(parseConfig({}, ["--demo"]).demoInstance).toBe(true);
    expect(parseConfig({ DATABASE_URL: "postgres://portal@db.internal:5432/portal" }, ["--demo"]).demoInstance).toBe(
      true,
    );
    expect(() => parseConfig({ DEMO: "false" }, ["--demo"])).toThrow(/DEMO=false.*npm run serve/);
  });

  it("refuses to start production with the demo asked for, saying why and what to run instead", () => {
    expect(parseConfig(PRODUCTION).demoInstance).toBe(false);
    expect(() => parseConfig({ ...PRODUCTION, DEMO: "true" })).toThrow(
      /NODE_ENV=production with the demo asked for \(DEMO=true\).*published.*npm run serve.*npm run admin:create/s,
    );
    expect(() => parseConfig(PRODUCTION, ["--demo"])).toThrow(
      /NODE_ENV=production.*`npm start` runs the demo.*npm run serve/s,
    );
    // Nor through what the switch replaced.
    expect(() => parseConfig({ ...PRODUCTION, SEED_DEMO_DATA: "true" })).toThrow(/SEED_DEMO_DATA.*DEMO=true/);
    expect(() => parseConfig({ ...PRODUCTION, DEMO_INSTANCE: "true" })).toThrow(/DEMO_INSTANCE/);
    expect(parseConfig({ ...PRODUCTION, DEMO_INSTANCE: "false", SEED_DEMO_DATA: "false" }).demoInstance).toBe(false);
  });

  it("never seeds the demo accounts in production, whatever the database", async () => {
    updateTestConfig({ production: true });
    try {
      await expect(seedDemoDataIfEmpty()).rejects.toThrow(/never seeded in production/);
    } finally {
      updateTestConfig({ production: false });
    }
    const [{ n }] = await testDb.query<{ n: number }>("select count(*)::int as n from users where is_demo_account");
    expect(n).toBe(0);
  });

  it("shows the demo banner on the demo only", async () => {
    const banner = 'aria-label="Demo instance"';
    expect(await (await portal.fetch("/")).text()).not.toContain(banner);
    expect(await asDemo(true, async () => (await portal.fetch("/")).text())).toContain(banner);
  });
});

describe("the Sent mail page", () => {
  it("shows an admin who was sent what, but outside the demo never the link or code a message carries", async () => {
    const admin = await createUser({ role: "admin", totp: true });
    const cookie = await sessionCookieFor(admin);
    const person = await createUser({ role: "staff" });
    await requestPasswordReset(person.email, "192.0.2.80");
    await sendMailboxCode(person.id, { email: person.email });
    await inviteUser(asSignedIn(admin), {
      name: "New Evaluator",
      email: "new-evaluator@example.com",
      role: "evaluator",
    });
    const messages = await testDb.query<{ id: string; template: string; text: string }>(
      "select id, template, text from outbox_messages where template in ('password-reset', 'mailbox-proof', 'invitation')",
    );
    expect(messages.map((m) => m.template).sort()).toEqual(["invitation", "mailbox-proof", "password-reset"]);
    const secretOf = (text: string) => /token=([\w-]+)/.exec(text)?.[1] ?? /\b(\d{8})\b/.exec(text)?.[1] ?? "";

    for (const message of messages) {
      const secret = secretOf(message.text);
      expect(secret, message.template).not.toBe("");
      const list = await (await portal.fetch("/admin/mail", { cookie })).text();
      expect(list).toContain(`/admin/mail/${message.id}`);
      const response = await portal.fetch(`/admin/mail/${message.id}`, { cookie });
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(html, message.template).not.toContain(secret);
      expect(html).toContain("Not shown: this email carries a single-use link or code");
      // On the demo, following those links is the point.
      const demoHtml = await asDemo(true, async () =>
        (await portal.fetch(`/admin/mail/${message.id}`, { cookie })).text(),
      );
      expect(demoHtml, message.template).toContain(secret);
    }
  });
});

describe("the first admin, from the command line", () => {
  it("gets a link that sets the account up once and only once, audited as the command line's doing", async () => {
    const result = await createAdminFromCommandLine(
      { email: "first-admin@example.com", name: "First Admin" },
      "ops@host",
    );
    if (!result.ok) throw new Error(result.error);
    const link = new URL(result.link);
    expect(link.pathname).toBe("/accept-invitation");
    const token = link.searchParams.get("token") ?? "";
    const target = `${link.pathname}${link.search}`;

    expect(await (await portal.fetch(target)).text()).toContain("first-admin@example.com");
    const accept = {
      token,
      name: "First Admin",
      password: "quarry lantern velvet orbit",
      confirmPassword: "quarry lantern velvet orbit",
    };
    const accepted = await portal.postForm("/accept-invitation", accept);
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe("/sign-in");

    expect(await (await portal.fetch(target)).text()).toContain("This invitation has expired or has already been used");
    const again = await portal.postForm("/accept-invitation", {
      ...accept,
      password: "another passphrase 9931",
      confirmPassword: "another passphrase 9931",
    });
    expect(again.status).toBe(400);

    const [row] = await testDb.query<{ role: string; totp_enabled_at: Date | null }>(
      "select role, totp_enabled_at from users where email = 'first-admin@example.com'",
    );
    expect(row).toEqual({ role: "admin", totp_enabled_at: null });
    const audit = await testDb.query<{ actor_email: string; action: string; summary: { after: { ranBy: string } } }>(
      "select actor_email, action, summary from audit_events where action like 'invitation.admin%'",
    );
    expect(audit).toEqual([
      {
        actor_email: "npm run admin:create",
        action: "invitation.admin_from_command_line",
        summary: { after: { email: "first-admin@example.com", role: "admin", ranBy: "ops@host" } },
      },
    ]);
    // Run again once the account is set up, it changes nothing.
    expect(
      await createAdminFromCommandLine({ email: "first-admin@example.com", name: "Someone" }, "ops@host"),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already exists/),
    });
  });

  it("issues a new link for an admin who has not accepted yet, and the old one stops working", async () => {
    const first = await createAdminFromCommandLine({ email: "slow-admin@example.com", name: "Slow Admin" }, "ops@host");
    const second = await createAdminFromCommandLine(
      { email: "slow-admin@example.com", name: "Slow Admin" },
      "ops@host",
    );
    if (!first.ok || !second.ok) throw new Error("refused");
    expect(second.reissued).toBe(true);
    const pathOf = (link: string) => `${new URL(link).pathname}${new URL(link).search}`;
    expect(await (await portal.fetch(pathOf(first.link))).text()).toContain("has already been used");
    expect(await (await portal.fetch(pathOf(second.link))).text()).toContain("Set up your account");
    // Nor does it turn someone else's account into an admin.
    const staff = await createUser({ role: "staff", password: null });
    expect(await createAdminFromCommandLine({ email: staff.email, name: "Staff" }, "ops@host")).toMatchObject({
      ok: false,
    });
  });
});
