// The sign-in form in a real browser for a demo commercial officer, who lands on the staff dashboard.
import { DEMO_PASSWORD } from "../../app/demo/seed";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  checkPage,
  describeInBrowser,
  closeContexts,
  workerBrowser,
  startPortal,
  waitForHydration,
  type RunningPortal,
  UK_USER,
} from "./browser";

describeInBrowser("signing in as a demo commercial officer", () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  it("signs staff@example.com in on the demo instance and lands on the staff dashboard", async () => {
    const context = await browser.newContext({ ...UK_USER, baseURL: portal.url });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await waitForHydration(page);
    expect(await page.getByRole("region", { name: "Demo instance" }).isVisible()).toBe(true);
    await checkPage(page, "staff-01-sign-in");

    const form = page.locator("main form");
    await form.locator('[name="email"]').fill("staff@example.com");
    await form.locator('[name="password"]').fill(DEMO_PASSWORD);
    await form.getByRole("button", { name: "Sign in" }).click();

    await page.waitForURL("**/staff");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toContain("Staff dashboard");
    expect(await page.locator("header").getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    await checkPage(page, "staff-02-staff-dashboard");

    await page.locator("header").getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await expect.poll(() => page.locator("main").innerText()).toContain("You have signed out");
    await context.close();
    expect(portal.serverErrors(), `the portal logged errors:\n${portal.output()}`).toEqual([]);
  }, 90_000);
});
