// Market engagement in a real browser: staff create a session, a supplier registers a colleague,
// staff publish the materials, and a second supplier who did not attend reads them (equal
// treatment). Every page visited is screenshotted and checked with axe.
import ical, { type VEvent } from "node-ical";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import {
  checkPage,
  describeInBrowser,
  closeContexts,
  workerBrowser,
  signedInPage,
  startPortal,
  waitForHydration,
  type RunningPortal,
  UK_USER,
} from "./browser";

const DAY = 24 * 60 * 60 * 1000;
const COLLEAGUE = {
  name: "Sam Okoro",
  email: "sam.okoro@radiant-ai.example.com",
  password: "harbour-lantern-quartz-47",
};
const JOINING_LINK = "https://teams.example.nhs.uk/l/meetup-join/browser-test-hosting";

/** A wall-clock time `days` ahead, as a datetime-local field takes it. */
function localDaysAhead(days: number, hour: number) {
  const date = new Date(Date.now() + days * DAY);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(hour)}:00`;
}

describeInBrowser("market engagement in the browser", () => {
  let portal: RunningPortal;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await closeContexts(browser);
    await portal?.stop();
  });

  afterEach(() => {
    expect(portal.serverErrors(), `the portal logged errors:\n${portal.output()}`).toEqual([]);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ ...UK_USER, baseURL: portal.url });
    contexts.push(context);
    return context.newPage();
  }

  /** A demo account signed in without the form, which tests/e2e/staff-sign-in.test.ts tests. */
  async function signIn(email: string): Promise<Page> {
    const page = await signedInPage(browser, portal, email);
    contexts.push(page.context());
    expect(page.url()).toMatch(/\/(staff|supplier)$/);
    return page;
  }

  /**
   * Signs in through the form on a page already at /sign-in: for the colleague, whose password is
   * the one they have just set (the demo instance lets its staff skip two-factor sign-in).
   */
  async function signInWithPassword(tab: Page, email: string, password: string): Promise<Page> {
    await waitForHydration(tab);
    const form = tab.locator("main form");
    await form.locator('[name="email"]').fill(email);
    await form.locator('[name="password"]').fill(password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await tab.waitForURL(/\/(staff|supplier)$/);
    return tab;
  }

  async function notice(page: Page, text: string | RegExp) {
    await expect.poll(() => page.locator("main").innerText(), { timeout: 15_000 }).toMatch(text);
  }

  it(
    "staff create a session, a supplier registers a colleague, staff publish the materials and a supplier who did not attend reads them",
    { timeout: 240_000 },
    async () => {
      const title = "Browser test webinar: hosting AI inference";

      // Staff create the session.
      const staff = await signIn("staff@example.com");
      await staff.goto("/staff/procurements/ai-imaging-platform/sessions/new");
      await waitForHydration(staff);
      expect(await staff.getByRole("heading", { level: 1 }).innerText()).toContain("Add a session");
      await checkPage(staff, "engagement-01-staff-new-session");
      await staff.getByRole("radio", { name: "Webinar" }).check();
      await staff.getByLabel("Title", { exact: true }).fill(title);
      await staff.getByLabel("Agenda", { exact: true }).fill("Local compute or cloud hosting for AI inference.");
      await staff.getByLabel("Starts", { exact: true }).fill(localDaysAhead(5, 10));
      await staff.getByLabel("Ends", { exact: true }).fill(localDaysAhead(5, 11));
      await staff.getByLabel("Registration closes", { exact: true }).fill(localDaysAhead(4, 17));
      await staff.getByLabel("Places (webinars and in-person events)").fill("20");
      await staff.getByLabel("Attendees per organisation").fill("2");
      await staff.getByLabel("Joining link (webinars)").fill(JOINING_LINK);
      await staff.getByRole("button", { name: "Create session" }).click();
      await staff.waitForURL(/\/staff\/procurements\/ai-imaging-platform\/sessions\/[0-9a-f-]{36}$/);
      await notice(staff, "Session created");
      expect(await staff.getByRole("heading", { level: 1 }).innerText()).toContain(title);
      const staffPath = new URL(staff.url()).pathname;
      const sessionPath = staffPath.replace(/^\/staff\//, "/");
      await checkPage(staff, "engagement-02-staff-manage-session");

      // The supplier invites a colleague, who accepts and sets a password.
      const supplier = await signIn("supplier@example.com");
      await supplier.goto("/organisation");
      await waitForHydration(supplier);
      await supplier.getByLabel("Full name").fill(COLLEAGUE.name);
      await supplier.getByLabel("Email address").fill(COLLEAGUE.email);
      await supplier.getByRole("button", { name: "Send invitation" }).click();
      await notice(supplier, `Invitation sent to ${COLLEAGUE.email}`);
      await checkPage(supplier, "engagement-03-supplier-invites-colleague");

      const invitation = await portal.smtp.waitForMessage((m) => m.to === COLLEAGUE.email, 20_000);
      const acceptLink = /https?:\/\/\S+\/accept-invitation\?token=[A-Za-z0-9_-]+/.exec(invitation.text)?.[0];
      expect(acceptLink, invitation.text).toBeTruthy();
      const colleague = await newPage();
      await colleague.goto(acceptLink ?? "");
      await waitForHydration(colleague);
      await checkPage(colleague, "engagement-04-colleague-accepts-invitation");
      await colleague.getByLabel("Create a password").fill(COLLEAGUE.password);
      await colleague.getByLabel("Confirm password").fill(COLLEAGUE.password);
      await colleague.getByRole("button", { name: "Create account" }).click();
      await colleague.waitForURL("**/sign-in");
      await notice(colleague, "Your account is ready");

      // The supplier registers the colleague (not themself) for the session.
      await supplier.goto(sessionPath);
      await waitForHydration(supplier);
      expect(await supplier.getByRole("heading", { level: 1 }).innerText()).toContain(title);
      // Without a place the joining link is hidden.
      expect(await supplier.locator("main").innerText()).toContain(
        "Online (the joining link is shown to registered attendees)",
      );
      await checkPage(supplier, "engagement-05-supplier-session-before-registering");
      await supplier.getByLabel(COLLEAGUE.name).check();
      await supplier.getByRole("button", { name: "Register" }).click();
      await notice(supplier, `Place confirmed for ${COLLEAGUE.name}. We have emailed them`);
      await expect.poll(() => supplier.locator("main").innerText()).toMatch(/Sam Okoro\s*Place confirmed/);
      expect(await supplier.locator("main").innerText()).toContain("19 of 20 left");
      await checkPage(supplier, "engagement-06-supplier-registered-colleague");

      // The colleague's confirmation carries a calendar invitation for this session.
      const confirmation = await portal.smtp.waitForMessage(
        (m) => m.to === COLLEAGUE.email && m.subject === `Your place is confirmed: ${title}`,
        20_000,
      );
      const ics = confirmation.parsed.attachments.find((a) => a.contentType === "text/calendar");
      expect(ics, "a calendar invitation").toBeTruthy();
      const event = Object.values(ical.sync.parseICS(ics?.content.toString("utf8") ?? "")).find(
        (c): c is VEvent => c?.type === "VEVENT",
      );
      const sessionId = sessionPath.split("/").pop();
      expect(event?.uid).toBe(`${sessionId}@ai-imaging-procurement.nhs.uk`);
      expect(event?.start.tz).toBe("Europe/London");
      expect(String(event?.location)).toContain(JOINING_LINK);

      // The colleague, holding the place, sees the joining link.
      await signInWithPassword(colleague, COLLEAGUE.email, COLLEAGUE.password);
      await colleague.goto(sessionPath);
      await waitForHydration(colleague);
      expect(await colleague.getByRole("link", { name: `Online: ${JOINING_LINK}` }).getAttribute("href")).toBe(
        JOINING_LINK,
      );
      await checkPage(colleague, "engagement-07-colleague-sees-joining-link");

      // Staff see the registration, add the questions and answers, and publish.
      await staff.reload();
      await waitForHydration(staff);
      await expect.poll(() => staff.locator("main table").innerText()).toContain(COLLEAGUE.name);
      expect(await staff.locator("main").innerText()).toContain("1 of 20 taken, 0 on the waitlist");
      const addForm = staff.locator("main form", { has: staff.locator('input[name="intent"][value="add-material"]') });
      await addForm.getByLabel("What are you adding?").selectOption("question_answer");
      await addForm.getByLabel("Title", { exact: true }).fill("Questions asked and our answers");
      await addForm
        .getByLabel("Text", { exact: true })
        .fill("Q: Can inference run on premises?\nA: Yes: both on-premises and cloud hosting are in scope.");
      await addForm.getByRole("button", { name: "Add", exact: true }).click();
      await notice(staff, "Added to the session's materials");
      await checkPage(staff, "engagement-08-staff-materials-added");
      await staff.getByRole("button", { name: "Publish materials to all suppliers" }).click();
      // Both demo organisations are registered on the procurement: their three people are emailed.
      await notice(staff, "Materials published to every supplier registered on the procurement (3 people emailed)");
      expect(await staff.locator("main").innerText()).toMatch(/Published on .+ to every supplier registered/);
      await checkPage(staff, "engagement-09-staff-materials-published");

      // A second supplier, who did not register for the session, reads the materials.
      const other = await signIn("supplier2@example.com");
      await other.goto(sessionPath);
      await waitForHydration(other);
      const main = await other.locator("main").innerText();
      expect(main).toContain("Questions asked and our answers");
      expect(main).toContain("Q: Can inference run on premises?");
      expect(main).toContain("No one from your organisation is registered yet.");
      // …without the joining link, nor anything of the other organisation's registration.
      expect(await other.content()).not.toContain(JOINING_LINK);
      expect(await other.content()).not.toContain(COLLEAGUE.name);
      await checkPage(other, "engagement-10-second-supplier-reads-materials");

      const published = await portal.smtp.waitForMessage(
        (m) => m.to === "supplier2@example.com" && m.subject === `Materials published: ${title}`,
        20_000,
      );
      expect(published.text).toContain(`${portal.url}${sessionPath}`);
    },
  );
});
