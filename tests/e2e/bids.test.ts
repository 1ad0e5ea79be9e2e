// The bid workspace in a real browser: answers save themselves as the supplier types (autosave),
// the word count and price total follow the typing, and when two colleagues edit the same answer
// the second is told, sees the first's text and keeps their own; without JavaScript a plain Save
// button does the same job.
import type { Browser, Locator, Page, Response } from "playwright-core";
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

const SLUG = "ai-imaging-platform";
const SAFETY = "Describe your clinical safety approach under DCB0129";
// The pause in typing after which an answer saves itself (AUTOSAVE_MS in answer-editor.tsx).
const AUTOSAVE_MS = 1500;

describeInBrowser("the bid workspace", () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  /** A supplier's page, signed in without the form (tests/e2e/staff-sign-in.test.ts tests the form). */
  async function signedIn(email: string, javaScriptEnabled = true): Promise<Page> {
    const page = await signedInPage(browser, portal, email, { javaScriptEnabled });
    expect(page.url()).toMatch(/\/supplier$/);
    return page;
  }

  const card = (page: Page, title: string): Locator =>
    page.locator(".nhsuk-card", { has: page.getByRole("heading", { name: new RegExp(title) }) });

  async function workspace(page: Page) {
    await page.goto(`/procurements/${SLUG}/bid`);
    await waitForHydration(page);
    const start = page.getByRole("button", { name: "Start your organisation's bid" });
    if ((await start.count()) > 0) {
      await start.click();
      await expect.poll(() => page.getByText("Your organisation's bid has been started").count()).toBeGreaterThan(0);
      await waitForHydration(page);
    }
  }

  it("autosaves, counts words and totals prices as the supplier types, and keeps both colleagues' text apart", async () => {
    const first = await signedIn("supplier@example.com");
    await workspace(first);
    const second = await signedIn("supplier@example.com");
    await workspace(second);

    const mine = card(first, SAFETY);
    await mine.getByLabel("Your answer").fill("We run a DCB0129 clinical risk management system");
    await expect.poll(() => mine.getByText(/8 of 1000 words/).count()).toBe(1);
    // Nobody presses Save: the answer goes by itself once the typing stops.
    await expect.poll(() => mine.getByRole("status").textContent(), { timeout: 20_000 }).toBe("Saved");
    await checkPage(first, "bids-01-autosaved");

    // The colleague's page still holds the version before that save.
    const theirs = card(second, SAFETY);
    await theirs.getByLabel("Your answer").fill("Our safety officer signs every release");
    await expect
      .poll(() => theirs.getByText("Someone else changed this answer").count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await theirs.getByText("We run a DCB0129 clinical risk management system").count()).toBeGreaterThan(0);
    expect(await theirs.getByLabel("Your answer").inputValue()).toBe("Our safety officer signs every release");
    await checkPage(second, "bids-02-colleague-changed-it");
    // Saving again, knowingly, replaces it.
    await theirs.getByRole("button", { name: /^Save/ }).click();
    await expect.poll(() => theirs.getByRole("status").textContent(), { timeout: 20_000 }).toBe("Saved");
    await first.reload();
    await waitForHydration(first);
    expect(await card(first, SAFETY).getByLabel("Your answer").inputValue()).toBe(
      "Our safety officer signs every release",
    );

    const price = first
      .locator(".nhsuk-card", { has: first.locator("table caption", { hasText: "Price schedule" }) })
      .first();
    const inputs = price.locator('input[name^="unitPrice."]');
    const count = await inputs.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) await inputs.nth(i).fill("0");
    await inputs.first().fill("100.00");
    await expect.poll(() => price.locator("tbody tr").last().textContent()).not.toContain("£0.00");
  });

  it("keeps typing while a slow save is on its way: the next save follows with its version, no conflict with yourself", async () => {
    const page = await signedIn("supplier@example.com");
    // The page's timers run on a clock the test can move, so the autosave pause can be made to pass.
    await page.clock.install();
    await workspace(page);
    // The first save is held on its way until the supplier has typed again and the autosave pause
    // has passed: a save asked for while another is on its way.
    let held = false;
    let release = () => {};
    const heldBack = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/bid/questions/**", async (route) => {
      if (route.request().method() === "POST" && !held) {
        held = true;
        await heldBack;
      }
      await route.continue();
    });
    const saves: Response[] = [];
    page.on("response", (response) => {
      if (response.request().method() === "POST" && response.url().includes("/bid/questions/")) saves.push(response);
    });
    const mine = card(page, SAFETY);
    const answer = mine.getByLabel("Your answer");
    await answer.fill("Our hazard log is reviewed monthly");
    await mine.getByRole("button", { name: /^Save/ }).click();
    await expect.poll(() => mine.getByRole("status").textContent()).toBe("Saving…");
    // Typing starts the autosave pause (its timer is set as the text changes); the pause passes.
    await answer.fill("Our hazard log is reviewed monthly by the Clinical Safety Officer");
    await page.clock.runFor(AUTOSAVE_MS);
    expect(saves).toEqual([]);
    release();
    // Both saves come back (the second sent once the first was back), the last one saved.
    await expect.poll(() => saves.length, { timeout: 30_000 }).toBe(2);
    await expect.poll(() => mine.getByRole("status").textContent(), { timeout: 30_000 }).toBe("Saved");
    expect(held).toBe(true);
    expect(saves.map((response) => response.status())).toEqual([200, 200]);
    expect(await mine.getByText(/version, saved since you started/).count()).toBe(0);
    await page.reload();
    await waitForHydration(page);
    expect(await card(page, SAFETY).getByLabel("Your answer").inputValue()).toBe(
      "Our hazard log is reviewed monthly by the Clinical Safety Officer",
    );
  });

  it("saves with the plain Save button when JavaScript is off", async () => {
    const page = await signedIn("supplier@example.com", false);
    await page.goto(`/procurements/${SLUG}/bid`);
    const answer = card(page, SAFETY).getByLabel("Your answer");
    await answer.fill("Saved without any script");
    await card(page, SAFETY).getByRole("button", { name: /^Save/ }).click();
    // The form posts to the page it is on: wait for the page that comes back, not for its address.
    await expect.poll(() => page.getByText(/Your answer to question .* has been saved/).count()).toBe(1);
    expect(await card(page, SAFETY).getByLabel("Your answer").inputValue()).toBe("Saved without any script");
  });
});
