// Two-factor enrolment through the pages, as a browser without JavaScript sends them: the recovery
// codes are shown once two-factor sign-in is on, and staff first prove their mailbox with the
// code emailed to them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentTotpCode } from "../../app/auth/two-factor.server";
import { processOutbox } from "../../emails/outbox.server";
import { createUser, reloadUser, sessionCookieFor } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink";

await useTestDatabase();
let portal: TestPortal;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  updateTestConfig({ smtpUrl: sink.url });
  portal = await startTestPortal();
});

afterAll(async () => {
  await portal?.close();
  await sink?.close();
});

async function page(cookie: string, pathname = "/account/two-factor") {
  const response = await portal.fetch(pathname, { cookie });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

function secretOn(html: string): string {
  const secret = /<span class="portal-mono">([A-Z2-7]+)<\/span>/.exec(html)?.[1];
  expect(secret, "the key to type into the app").toBeTruthy();
  return secret ?? "";
}

function recoveryCodesOn(html: string): string[] {
  const list = /<ul[^>]*aria-label="Recovery codes"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li>([a-z0-9]{10})<\/li>/g)].map((m) => m[1]);
}

describe("enrolment without JavaScript", () => {
  it("shows the recovery codes once the first code turns two-factor sign-in on", async () => {
    const supplier = await createUser({ role: "supplier" });
    const cookie = await sessionCookieFor(supplier);
    const secret = secretOn((await page(cookie)).html);

    const response = await portal.postForm("/account/two-factor", { code: currentTotpCode(secret) }, { cookie });
    const html = await response.text();
    expect(response.status, `answered ${response.status} ${response.headers.get("location") ?? ""}`).toBe(200);
    expect(html).toContain("Save your recovery codes");
    expect(recoveryCodesOn(html)).toHaveLength(10);
    expect((await reloadUser(supplier.id))?.totpEnabledAt).not.toBeNull();
    // The same browser is still signed in, past the second factor.
    expect((await page(cookie, "/supplier")).status).toBe(200);
  });

  it("takes staff through the emailed code, then the app, to their recovery codes and their dashboard", async () => {
    const staff = await createUser({ role: "staff" });
    const cookie = await sessionCookieFor(staff, { twoFactorVerified: false });
    expect((await page(cookie, "/staff")).location).toBe("/account/two-factor");

    // Nothing to scan yet: first the mailbox.
    let shown = await page(cookie);
    expect(shown.html).toContain("Email me a code");
    expect(shown.html).not.toContain("portal-mono");
    // Turning two-factor on straight away, with a secret learnt elsewhere, is refused.
    await portal.postForm("/account/two-factor", { code: "123456" }, { cookie });
    expect((await reloadUser(staff.id))?.totpEnabledAt).toBeNull();

    const sent = await portal.postForm("/account/two-factor", { intent: "send-mailbox-code" }, { cookie });
    expect(sent.status).toBe(302);
    await processOutbox();
    const mail = await sink.waitForMessage((m) => m.to === staff.email);
    const code = /\b(\d{8})\b/.exec(mail.text)?.[1] ?? "";
    expect(code).toMatch(/^\d{8}$/);

    shown = await page(cookie);
    expect(shown.html).toContain(`We have emailed a code to <strong>${staff.email}</strong>`);
    expect(shown.html).not.toContain("portal-mono");
    const wrong = code === "11111111" ? "22222222" : "11111111";
    const refused = await portal.postForm(
      "/account/two-factor",
      { intent: "prove-mailbox", mailboxCode: wrong },
      { cookie },
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("The code is not correct");

    const proved = await portal.postForm(
      "/account/two-factor",
      { intent: "prove-mailbox", mailboxCode: code },
      { cookie },
    );
    expect(proved.status).toBe(302);
    const secret = secretOn((await page(cookie)).html);
    // Another session of the same account (someone else with the password) is not shown it.
    const elsewhere = await sessionCookieFor(staff, { twoFactorVerified: false });
    expect((await page(elsewhere)).html).not.toContain(secret);

    const response = await portal.postForm("/account/two-factor", { code: currentTotpCode(secret) }, { cookie });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(recoveryCodesOn(html)).toHaveLength(10);
    expect((await page(cookie, "/staff")).status).toBe(200);
    // The other session must now give the second factor before anything else.
    expect((await page(elsewhere, "/staff")).location).toBe("/sign-in/two-factor");
  });
});
