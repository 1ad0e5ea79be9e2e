// A supplier's first visit in a real browser: register, confirm the email over SMTP, sign in,
// reach the dashboard, sign out; and the registration form's error handling with and without JS.
import { randomInt } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import {
  checkPage,
  describeInBrowser,
  expectNoSeriousViolations,
  expectNoSeriousViolationsWithoutJavaScript,
  closeContexts,
  workerBrowser,
  saveScreenshot,
  startPortal,
  waitForHydration,
  type RunningPortal,
  UK_USER,
} from "./browser";

const PASSWORD = "amber-kettle-orbit-harbour-93";

describeInBrowser("registering an organisation in the browser", () => {
  let portal: RunningPortal;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(portal.serverErrors(), `the portal logged errors:\n${portal.output()}`).toEqual([]);
  });

  async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ ...UK_USER, baseURL: portal.url, ...options });
    contexts.push(context);
    return context.newPage();
  }

  function valueOf(page: Page, name: string) {
    return page.locator(`main form [name="${name}"]`).inputValue();
  }

  it("registers an organisation, confirms the email, signs in to the dashboard and signs out", async () => {
    const page = await newPage();
    const email = `e2e-${randomInt(1e9)}@example.com`;
    const companiesHouseNumber = String(randomInt(10_000_000, 100_000_000));

    await page.goto("/register");
    await waitForHydration(page);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toContain("Register your organisation");
    await checkPage(page, "registration-01-register-form");

    const form = page.locator("main form");
    await form.locator('[name="legalName"]').fill("Lumen Radiology AI Ltd");
    await form.locator('[name="tradingNames"]').fill("Lumen AI");
    await form.locator('[name="companiesHouseNumber"]').fill(companiesHouseNumber);
    await form.locator('[name="dunsNumber"]').fill("123456789");
    await form.locator('[name="addressLine1"]').fill("10 Park Row");
    await form.locator('[name="town"]').fill("Leeds");
    await form.locator('[name="postcode"]').fill("LS1 5HD");
    await form.locator('[name="isSme"]').check();
    await form.locator('[name="contactPhone"]').fill("0113 496 0123");
    await form.locator('[name="name"]').fill("Morgan Ellis");
    await form.locator('[name="email"]').fill(email);
    await form.locator('[name="password"]').fill(PASSWORD);
    await form.locator('[name="confirmPassword"]').fill(PASSWORD);
    await form.getByRole("button", { name: "Register" }).click();

    await page.waitForURL("**/register/check-email");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toContain("Check your email");
    await checkPage(page, "registration-02-check-your-email");

    const message = await portal.smtp.waitForMessage((m) => m.to === email, 15_000);
    const link = message.text.match(/https?:\/\/[^\s<>"]+\/verify-email\?token=[^\s<>")]+/)?.[0];
    expect(link, `a verification link in:\n${message.text}`).toBeTruthy();
    expect(new URL(link ?? "").origin).toBe(portal.url);
    expect(message.html).toContain(link?.replace(/&/g, "&amp;"));

    // Following the link confirms the address and sends the signed-out person to sign in.
    await page.goto(link ?? "");
    await page.waitForURL("**/sign-in");
    await expect.poll(() => page.locator("main").innerText()).toContain("Your email address is confirmed");
    await checkPage(page, "registration-03-email-confirmed-sign-in");

    await waitForHydration(page);
    const signIn = page.locator("main form");
    await signIn.locator('[name="email"]').fill(email);
    await signIn.locator('[name="password"]').fill(PASSWORD);
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/supplier");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toContain("Supplier dashboard");
    const main = await page.locator("main").innerText();
    expect(main).toContain("Lumen Radiology AI Ltd");
    expect(main).toContain(companiesHouseNumber);
    await checkPage(page, "registration-04-supplier-dashboard");

    await page.locator("header").getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await expect.poll(() => page.locator("main").innerText()).toContain("You have signed out");
    await checkPage(page, "registration-05-signed-out");

    // The session is over: the dashboard now asks for sign-in again.
    await page.goto("/supplier");
    await page.waitForURL(/\/sign-in/);
  }, 120_000);

  const INVALID = {
    legalName: "Halcyon Imaging Ltd",
    tradingNames: "Halcyon",
    companiesHouseNumber: "1234",
    dunsNumber: "12",
    addressLine1: "2 Infirmary Street",
    town: "Leeds",
    postcode: "not a postcode",
    name: "Robin Ashdown",
    email: "robin-at-example",
    password: "short",
    confirmPassword: "different",
  };

  async function submitInvalidRegistration(page: Page) {
    const form = page.locator("main form");
    for (const [name, value] of Object.entries(INVALID)) await form.locator(`[name="${name}"]`).fill(value);
    await form.locator('[name="isVcse"]').check();
    await form.getByRole("button", { name: "Register" }).click();
  }

  async function expectErrorSummaryAndKeptValues(page: Page, screenshot: string) {
    const summary = page.locator(".nhsuk-error-summary");
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.locator("h2").innerText()).toContain("There is a problem");
    // Each broken field is linked from the summary and carries its own message.
    for (const name of ["companiesHouseNumber", "dunsNumber", "postcode", "email", "password"]) {
      const input = page.locator(`main form [name="${name}"]`);
      const id = await input.getAttribute("id");
      expect(await summary.locator(`a[href="#${id}"]`).count(), `summary link for ${name}`).toBe(1);
      expect(await input.getAttribute("aria-invalid"), `aria-invalid on ${name}`).toBe("true");
      const describedBy = (await input.getAttribute("aria-describedby")) ?? "";
      const errorId = describedBy.split(" ").find((part) => part.endsWith("-error"));
      expect(errorId, `an error message described by ${name}`).toBeTruthy();
      expect(await page.locator(`[id="${errorId}"]`).innerText()).toMatch(/\S/);
    }
    // What was typed is still there (passwords are never sent back, so without JS they are empty).
    for (const name of [
      "legalName",
      "tradingNames",
      "companiesHouseNumber",
      "dunsNumber",
      "addressLine1",
      "town",
      "postcode",
      "name",
      "email",
    ] as const) {
      expect(await valueOf(page, name), `the value of ${name}`).toBe(INVALID[name]);
    }
    expect(await page.locator('main form [name="isVcse"]').isChecked()).toBe(true);
    expect(await page.locator('main form [name="isSme"]').isChecked()).toBe(false);
    await saveScreenshot(page, screenshot);
  }

  it("shows the error summary with field errors and keeps what was typed (JavaScript on)", async () => {
    const page = await newPage();
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await page.goto("/register");
    await waitForHydration(page);
    await submitInvalidRegistration(page);
    await expectErrorSummaryAndKeptValues(page, "registration-errors-javascript");
    // The NHS pattern moves focus to the summary so screen-reader users hear the errors first.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains("nhsuk-error-summary")), {
        message: "keyboard focus is on the error summary",
      })
      .toBe(true);
    // The schema ran in the browser: nothing was posted.
    expect(posts).toEqual([]);
    expect(page.url()).toBe(`${portal.url}/register`);
    await expectNoSeriousViolations(page);
  }, 120_000);

  it("shows the error summary with field errors and keeps what was typed (JavaScript off)", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto("/register");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/register"),
      submitInvalidRegistration(page),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState("load");
    await expectErrorSummaryAndKeptValues(page, "registration-errors-no-javascript");
    expect(await valueOf(page, "password")).toBe("");
    await expectNoSeriousViolationsWithoutJavaScript(page);
  }, 120_000);
});
