// Clarifications in a real browser: a supplier asks (and is shown a similar published answer as
// they type), staff draft an anonymised answer, a second member of staff approves and publishes it,
// and another supplier finds it in the log and in their email, with nothing that says who asked.
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

const SLUG = "ai-imaging-platform";
const SUBJECT = "Browser test: structured reports for lung nodules";
const ASKED =
  "Radiant Diagnostics AI Ltd produces lung nodule measurements. Must DICOM structured reports carry the nodule volume as well as the diameter?";
const PUBLISHED = "Must DICOM structured reports for lung nodules carry the nodule volume as well as the diameter?";
const ANSWER = "Yes: report both the volume and the longest diameter of each nodule, as TID 1500 measurements.";

describeInBrowser("clarification questions", () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  /** Signed in without the form, which tests/e2e/staff-sign-in.test.ts tests. */
  async function signedIn(email: string): Promise<Page> {
    const page = await signedInPage(browser, portal, email);
    expect(page.url()).toMatch(/\/(staff|supplier)$/);
    return page;
  }

  it("takes a question from a supplier to every supplier, anonymised and approved by a second member of staff", async () => {
    // The supplier asks; a published answer on the same subject is offered while they type.
    const supplier = await signedIn("supplier@example.com");
    await supplier.goto(`/procurements/${SLUG}/clarifications/ask`);
    await waitForHydration(supplier);
    await checkPage(supplier, "clarifications-01-ask");
    await supplier.getByLabel("Subject", { exact: true }).fill(SUBJECT);
    await supplier.getByLabel("Your question").fill(ASKED);
    await expect.poll(() => supplier.getByText("Answers already published that may help").count()).toBe(1);
    expect(await supplier.locator("#similar-answers").textContent()).toContain("CQ-001");
    await checkPage(supplier, "clarifications-02-similar-answers");
    await supplier.getByLabel("Tender document (optional)").fill("Specification");
    await supplier.getByLabel("Section (optional)").fill("4.2");
    await supplier.getByRole("button", { name: "Send question" }).click();
    await supplier.waitForURL(/\/clarifications\/questions\/[0-9a-f-]{36}$/);
    await expect.poll(() => supplier.getByText("Your question has been sent").count()).toBe(1);
    const questionId = supplier.url().split("/").pop();
    await checkPage(supplier, "clarifications-03-own-question");

    // Staff take it from the queue and draft the published wording; the flags clear as they edit.
    const drafter = await signedIn("staff@example.com");
    await drafter.goto(`/staff/procurements/${SLUG}/clarifications`);
    await waitForHydration(drafter);
    await checkPage(drafter, "clarifications-04-staff-queue");
    await drafter
      .getByRole("row", { name: new RegExp(SUBJECT) })
      .getByRole("button", { name: /Assign to me/ })
      .click();
    await drafter.waitForURL(new RegExp(`/staff/procurements/${SLUG}/clarifications/${questionId}$`));
    await waitForHydration(drafter);
    await expect
      .poll(() => drafter.getByText("Radiant Diagnostics AI Ltd", { exact: true }).count())
      .toBeGreaterThan(0);
    await checkPage(drafter, "clarifications-05-draft-with-flags");
    await drafter.getByLabel("Question as it will be published").fill(PUBLISHED);
    await drafter.getByLabel("Answer", { exact: true }).fill(ANSWER);
    await expect.poll(() => drafter.getByText("No text that may identify the asker was found.").count()).toBe(1);
    await drafter.getByRole("button", { name: "Save draft for approval" }).click();
    await expect
      .poll(() => drafter.getByText("Draft saved. Another member of staff must now approve it").count())
      .toBe(1);
    expect(await drafter.getByRole("button", { name: "Approve answer" }).count()).toBe(0);

    // A second member of staff approves and publishes.
    const approver = await signedIn("staff2@example.com");
    await approver.goto(`/staff/procurements/${SLUG}/clarifications/${questionId}`);
    await waitForHydration(approver);
    await checkPage(approver, "clarifications-06-approve");
    await approver.getByRole("button", { name: "Approve answer" }).click();
    await expect.poll(() => approver.getByText("Answer approved. It can now be published").count()).toBe(1);
    await approver.getByRole("button", { name: "Publish to all suppliers" }).click();
    await expect
      .poll(() => approver.getByText("Published as CQ-007. Every registered supplier will be emailed").count())
      .toBe(1);
    await checkPage(approver, "clarifications-07-published");

    // Another supplier finds it in the log, without the asker's name.
    const other = await signedIn("supplier2@example.com");
    await other.goto(`/procurements/${SLUG}/clarifications`);
    await waitForHydration(other);
    await other.getByLabel("Search questions and answers").fill("nodule volume");
    await other.getByRole("button", { name: "Search" }).click();
    await other.waitForURL(/q=nodule\+volume/);
    await expect.poll(() => other.getByText(PUBLISHED).count()).toBe(1);
    expect(await other.locator("#CQ-007").textContent()).toContain(ANSWER);
    expect(await other.locator("main").textContent()).not.toContain("Radiant");
    await checkPage(other, "clarifications-08-log-search");

    // …and in their email: the digest goes once publishing has been quiet for the quiet period
    // (two minutes by default; startPortal sets 3 s).
    const email = await portal.smtp.waitForMessage(
      (m) => m.to === "supplier2@example.com" && m.subject.includes("CQ-007"),
      60_000,
    );
    expect(email.text).toContain(PUBLISHED);
    expect(email.text).toContain(ANSWER);
    expect(email.text).toContain(`/procurements/${SLUG}/clarifications`);
    expect(`${email.subject}\n${email.text}\n${email.html}`).not.toMatch(/Radiant|Alex Morgan|supplier@example\.com/);
  }, 180_000);
});
