// Every public page, as a signed-out visitor sees it, passes axe's WCAG 2.2 AA checks.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  checkPage,
  describeInBrowser,
  closeContexts,
  workerBrowser,
  startPortal,
  UK_USER,
  type RunningPortal,
} from "./browser";

const PUBLIC_PAGES = [
  { path: "/", heading: "AI Imaging Platform procurement" },
  { path: "/sign-in", heading: "Sign in" },
  { path: "/register", heading: "Register your organisation" },
  { path: "/forgot-password", heading: "Reset your password" },
  { path: "/accessibility", heading: "Accessibility statement" },
  { path: "/privacy", heading: "Privacy notice" },
];

describeInBrowser("public pages in the browser", () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  it.each(PUBLIC_PAGES)(
    "$path has no serious or critical accessibility violations",
    async ({ path, heading }) => {
      const context = await browser.newContext({ ...UK_USER, baseURL: portal.url });
      try {
        const page = await context.newPage();
        const response = await page.goto(path);
        expect(response?.status()).toBe(200);
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toContain(heading);
        expect(await page.locator("html").getAttribute("lang")).toBe("en-GB");
        expect(await page.title()).not.toBe("");
        await checkPage(page, `public${path === "/" ? "-home" : path.replace(/\//g, "-")}`);
      } finally {
        await context.close();
      }
      expect(portal.serverErrors(), `the portal logged errors:\n${portal.output()}`).toEqual([]);
    },
    60_000,
  );
});
