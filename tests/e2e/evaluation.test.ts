// Evaluation in a real browser, on the demo data: staff put an evaluator on the panel of a tender
// not yet opened for some sections (the evaluator sees it "not opened yet") and take them off again;
// on the evaluated pilot an evaluator sees the bidders by name where they declared, and reads a bid
// by its label only, with only their own marks; a moderator of the awarded pilot sees each
// consensus as final beside the individual marks (the browser's refusal of a short rationale is in
// the evaluation journey, before its award).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  checkPage,
  describeInBrowser,
  closeContexts,
  workerBrowser,
  signedInPage,
  startPortal,
  waitForHydration,
  type RunningPortal,
} from "./browser";

const PILOT = "imaging-ai-pilot";
const PLATFORM = "ai-imaging-platform";
const ORGANISATIONS = [
  "Northern Imaging Analytics Ltd",
  "Lumen Radiology Systems Ltd",
  "Severn Medical Imaging Ltd",
  "Radiant Diagnostics AI Ltd",
  "Kestrel Health Technologies Ltd",
];

describeInBrowser("evaluation", () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  async function notice(page: Page, text: string | RegExp) {
    await page.getByText(text).first().waitFor();
  }

  it(
    "puts an evaluator on a panel before opening, for some sections, and takes them off again",
    { timeout: 120_000 },
    async () => {
      const staff = await signedInPage(browser, portal, "staff@example.com");
      staff.setDefaultTimeout(15_000);
      await staff.goto(`/staff/procurements/${PLATFORM}/evaluation`);
      await waitForHydration(staff);
      await expect(staff.getByText("The bids are not opened yet").count()).resolves.toBe(1);
      const form = staff
        .locator("main form")
        .filter({ has: staff.getByRole("button", { name: "Assign the evaluator" }) });
      await form.getByLabel("Evaluator").selectOption({ label: "Helen Castell (evaluator3@example.com)" });
      await form.getByLabel("Only the sections chosen below").check();
      await form.getByLabel("2. Clinical safety").check();
      await form.getByRole("button", { name: "Assign the evaluator" }).click();
      await notice(staff, "Helen Castell is on the evaluation panel");
      await checkPage(staff, "evaluation-panel-before-opening");

      const evaluator = await signedInPage(browser, portal, "evaluator3@example.com");
      evaluator.setDefaultTimeout(15_000);
      await evaluator.locator("main").getByRole("link", { name: "National AI imaging platform" }).click();
      await evaluator.waitForURL(new RegExp(`/evaluation/${PLATFORM}$`));
      await evaluator.getByText("The bids are not opened yet").waitFor();
      await expect(evaluator.getByText("2. Clinical safety").count()).resolves.toBe(1);
      await checkPage(evaluator, "evaluation-evaluator-not-opened");

      // Staff change her sections in place: now every section.
      await staff.getByRole("link", { name: "Change sections of Helen Castell" }).click();
      const change = staff.locator("#change-sections");
      await change.waitFor();
      await waitForHydration(staff);
      await change.getByLabel("All sections").check();
      await change.getByRole("button", { name: "Save the sections" }).click();
      await notice(staff, "Helen Castell's sections are changed");
      await expect(
        staff
          .getByRole("row", { name: /Helen Castell/ })
          .getByRole("cell", { name: "All sections" })
          .count(),
      ).resolves.toBe(1);
      await evaluator.reload();
      await evaluator.getByText("The bids are not opened yet").waitFor();
      await expect(evaluator.getByText("2. Clinical safety").count()).resolves.toBeGreaterThan(0);
      await expect(evaluator.getByText("1. Mandatory requirements").count()).resolves.toBeGreaterThan(0);

      await staff.getByRole("button", { name: "Remove Helen Castell" }).click();
      await notice(staff, "Helen Castell is no longer on the panel");
      await evaluator.reload();
      await expect(evaluator.getByText("Page not found").count()).resolves.toBe(1);
    },
  );

  it("shows an evaluator a bid by its label with their own marks only", async () => {
    const evaluator = await signedInPage(browser, portal, "evaluator@example.com");
    await evaluator.goto(`/evaluation/${PILOT}`);
    // Declarations are made against the organisations by name, alphabetically; the bids below are labels only.
    const declarations = await evaluator.locator("main table").first().innerText();
    const positions = [...ORGANISATIONS].sort((a, b) => a.localeCompare(b)).map((name) => declarations.indexOf(name));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const labelled = await evaluator.locator("main table").last().innerText();
    for (const name of ORGANISATIONS) expect(labelled).not.toContain(name);
    await evaluator.getByRole("link", { name: /See your marks for Bidder A/ }).click();
    await evaluator.waitForURL(/\/bids\//);
    // The page as the server sends it: after a client-side visit the document still holds the
    // list page's data, names included, which this evaluator has just seen anyway.
    await evaluator.reload();
    await evaluator.getByRole("heading", { name: "Your mark" }).first().waitFor();
    const html = await evaluator.content();
    for (const name of [...ORGANISATIONS, "Dr James Whitfield", "Helen Castell"]) expect(html).not.toContain(name);
    await checkPage(evaluator, "evaluation-evaluator-bid");
  });

  it(
    "shows a moderator of the awarded pilot every consensus as final, beside the individual marks, with nothing to change",
    { timeout: 120_000 },
    async () => {
      const staff = await signedInPage(browser, portal, "staff2@example.com");
      staff.setDefaultTimeout(15_000);
      await staff.goto(`/staff/procurements/${PILOT}/evaluation`);
      await staff.getByRole("link", { name: /Moderate of Bidder A/ }).click();
      await staff.waitForURL(/\/evaluation\/bids\//);
      await notice(staff, /The consensus marks below are final/);
      // A scored question: its individual marks ("3: Good" and the like) and its consensus rationale.
      const section = staff
        .locator("section")
        .filter({ hasText: /\d: (Unacceptable|Poor|Satisfactory|Good|Excellent)/ })
        .first();
      await expect(section.locator("table").innerText()).resolves.toMatch(/\d: (Poor|Satisfactory|Good|Excellent)/);
      await expect(section.getByText(/, agreed by /).count()).resolves.toBe(1);
      await expect(staff.getByRole("link", { name: /(Change|Record) the consensus/ }).count()).resolves.toBe(0);
      await checkPage(staff, "evaluation-moderation");
      expect(portal.serverErrors()).toEqual([]);
    },
  );
});
