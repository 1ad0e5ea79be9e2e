// The tender in a real browser: staff build and publish a tender through the builder, bring the bid
// deadline close; two suppliers draft answers, upload a PDF and submit (one resubmits, one tries
// again too late); the deadline passes (the test moves the portal's clock past it); two different
// members of staff open the bids and read them, answers and file; the receipt checks out on the
// verify page.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { simplePdf } from "../../app/demo/seed-tender";
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

const SLUG = "chest-x-ray-triage-browser-test";
const TITLE = "AI triage for chest X-rays (browser test)";
const SAFETY_QUESTION = "Describe your clinical safety approach under DCB0129";
const FILE_QUESTION = "Upload your clinical safety case report";
const PRICE_QUESTION = "Price schedule for the first three years";
const DEADLINE_REASON = "Evaluation panel availability: bids now close sooner than first planned";

// The portal's clock is stopped for the whole journey, so the suppliers bid however long the machine
// takes, and the deadline passes when the test moves the clock past it: nobody waits for it. The
// deadline cannot be brought forward once bids exist; the lead stays well inside the 30-minute idle
// timeout of the sessions, which run on the same clock.
const LEAD_MS = 5 * 60_000;

const SUPPLIERS = [
  {
    email: "supplier@example.com",
    organisation: "Radiant Diagnostics AI Ltd",
    answer: "Radiant runs a DCB0129 clinical risk management system with a named Clinical Safety Officer.",
    prices: ["125000.00", "4500"],
    // 3 × £125,000 + 10 × £4,500
    total: "£420,000.00",
    file: "radiant-safety-case.pdf",
  },
  {
    email: "supplier2@example.com",
    organisation: "Northern Imaging Analytics Ltd",
    answer: "Northern keeps a hazard log per hosted algorithm, reviewed monthly by our Clinical Safety Officer.",
    prices: ["98000", "5200.50"],
    // 3 × £98,000 + 10 × £5,200.50
    total: "£346,005.00",
    file: "northern-safety-case.pdf",
  },
] as const;
const RESUBMITTED_ANSWER =
  "Northern keeps a hazard log per hosted algorithm, reviewed monthly by our Clinical Safety Officer and shared with each trust for DCB0160.";

type Receipt = { reference: string; digest: string };

/** A datetime-local value in UK time, as the deadline form takes it. */
function londonLocal(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

describeInBrowser("tender and sealed bids", () => {
  let portal: RunningPortal;
  let browser: Browser;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  /**
   * Signs in (without the form, which tests/e2e/staff-sign-in.test.ts tests); script errors and
   * React's warnings in the page are collected.
   */
  async function signedIn(email: string): Promise<Page> {
    const page = await signedInPage(browser, portal, email);
    page.on("pageerror", (error) => browserErrors.push(`${email} ${page.url()}: ${error.message}`));
    // Not failed loads: the sealed 403, the late 409, fonts from outside that this sandbox cannot reach.
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        browserErrors.push(`${email} ${page.url()}: ${message.text()}`);
      }
    });
    return page;
  }

  async function hydrated(page: Page) {
    try {
      await waitForHydration(page);
    } catch (error) {
      const state = await page
        .evaluate(() => {
          const router = (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter;
          const form = document.querySelector("main form");
          return {
            router: router ? { initialized: router.state.initialized } : "none",
            form: form ? Object.keys(form).some((key) => key.startsWith("__reactProps$")) : "no form",
            scripts: document.scripts.length,
          };
        })
        .catch((reason: unknown) => String(reason));
      throw new Error(
        `${page.url()} did not hydrate (${JSON.stringify(state)}); errors in the browser: ${browserErrors.join("\n") || "none"}`,
        { cause: error },
      );
    }
  }

  /** Waits for a page; on failure says what the page shows instead (an error summary, a refusal). */
  async function arrive(page: Page, url: RegExp) {
    try {
      await page.waitForURL(url, { timeout: 30_000 });
    } catch (error) {
      const shown =
        (await page
          .locator("main")
          .textContent()
          .catch(() => "")) ?? "";
      throw new Error(
        `Expected ${url} but ${page.url()} shows: ${shown.slice(0, 1500)}\nServer errors: ${portal.serverErrors().join("\n")}`,
        { cause: error },
      );
    }
  }

  /** Waits for a message on the page; on failure says what the page shows instead. */
  async function notice(page: Page, text: string | RegExp) {
    try {
      await expect.poll(() => page.getByText(text).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    } catch (error) {
      const shown = (
        (await page
          .locator("main")
          .textContent()
          .catch(() => "")) ?? ""
      ).slice(0, 1500);
      throw new Error(
        `Expected "${String(text)}" on ${page.url()}, which shows: ${shown}\nServer errors: ${portal.serverErrors().join("\n") || "none"}`,
        { cause: error },
      );
    }
  }

  /** Adds a question through the builder and sets its details on the question's page. */
  async function addQuestion(staff: Page, kind: string, title: string, details: (page: Page) => Promise<void>) {
    await staff.getByRole("link", { name: "Add a question to section 1" }).click();
    await arrive(staff, /addTo=/);
    await hydrated(staff);
    await staff.getByLabel(kind, { exact: true }).check();
    await staff.getByLabel("The question", { exact: true }).fill(title);
    await staff.getByRole("button", { name: "Add the question" }).click();
    await arrive(staff, /\/tender\/questions\/[0-9a-f-]{36}$/);
    await hydrated(staff);
    await details(staff);
    await staff.getByRole("button", { name: "Save the question" }).click();
    await arrive(staff, new RegExp(`/staff/procurements/${SLUG}/tender$`));
    await notice(staff, "Question saved");
  }

  function questionCard(page: Page, title: string): Locator {
    return page.locator(".nhsuk-card", { has: page.getByRole("heading", { name: title }) });
  }

  async function readReceipt(page: Page): Promise<Receipt> {
    const text = (await page.locator("main").textContent()) ?? "";
    const reference = /AIP-BID-\d{4}-[0-9A-Z]{8}/.exec(text)?.[0];
    const digest = (
      await page.locator("dt", { hasText: "SHA-256 digest" }).locator("xpath=..").locator("code").textContent()
    )?.trim();
    expect(reference, "a receipt reference on the receipt page").toBeTruthy();
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    return { reference: reference ?? "", digest: digest ?? "" };
  }

  async function submit(page: Page, again: boolean): Promise<Receipt> {
    await page.goto(`/procurements/${SLUG}/bid/submit`);
    await hydrated(page);
    expect(await page.getByRole("heading", { name: again ? "Submit your bid again" : "Submit your bid" }).count()).toBe(
      1,
    );
    await page.getByLabel(/I confirm that I am authorised to submit this bid/).check();
    await page.getByRole("button", { name: "Submit bid" }).click();
    await arrive(page, /\/bid\/receipts\/AIP-BID-/);
    await notice(page, "Your bid has been submitted");
    return readReceipt(page);
  }

  /** A supplier drafts every answer, uploads their PDF and submits: the receipt it was shown. */
  async function bid(page: Page, supplier: (typeof SUPPLIERS)[number], pdf: Buffer, first: boolean): Promise<Receipt> {
    await page.goto(`/procurements/${SLUG}/bid`);
    await hydrated(page);
    await page.getByRole("button", { name: "Start your organisation's bid" }).click();
    await notice(page, "Your organisation's bid has been started");
    await hydrated(page);
    if (first) await checkPage(page, "tender-06-bid-started");

    const written = questionCard(page, `1.1 ${SAFETY_QUESTION}`);
    await written.getByLabel("Your answer").fill(supplier.answer);
    await expect
      .poll(() => written.getByText(/\d+ of 300 words/).textContent())
      .toContain(`${supplier.answer.split(/\s+/).length} of 300 words`);
    await written.getByRole("button", { name: "Save answer to question 1.1" }).click();
    await expect.poll(() => written.getByRole("status").textContent(), { timeout: 30_000 }).toBe("Saved");

    const price = questionCard(page, `1.3 ${PRICE_QUESTION}`);
    await price.getByLabel("Unit price for Platform licence, per year").fill(supplier.prices[0]);
    await price.getByLabel("Unit price for Trust onboarding, per trust").fill(supplier.prices[1]);
    await price.getByRole("button", { name: "Save answer to question 1.3" }).click();
    await expect.poll(() => price.getByRole("status").textContent(), { timeout: 30_000 }).toBe("Saved");

    const file = questionCard(page, `1.2 ${FILE_QUESTION}`);
    await file
      .getByLabel("Upload a file")
      .setInputFiles({ name: supplier.file, mimeType: "application/pdf", buffer: pdf });
    await file.getByRole("button", { name: "Upload a file for question 1.2" }).click();
    await notice(page, `Uploaded ${supplier.file}`);
    await hydrated(page);
    expect(await questionCard(page, `1.2 ${FILE_QUESTION}`).getByRole("link", { name: supplier.file }).count()).toBe(1);
    // The upload field is empty again, ready for another file rather than offering the same one twice.
    const chosen = await questionCard(page, `1.2 ${FILE_QUESTION}`)
      .getByLabel("Upload a file")
      .evaluate((input: HTMLInputElement) => input.files?.length ?? 0);
    expect(chosen).toBe(0);
    expect(await page.getByText("Every required answer is complete.").count()).toBe(1);
    if (first) await checkPage(page, "tender-07-bid-complete");

    const receipt = await submit(page, false);
    if (first) await checkPage(page, "tender-08-receipt");
    return receipt;
  }

  it("takes a tender from the builder through sealed bids to two-person opening", async () => {
    const start = await portal.setClock(new Date());
    // --- Staff create a procurement and build its tender through the pages --------------------
    const staff = await signedIn("staff@example.com");
    await staff.goto("/staff/procurements/new");
    await hydrated(staff);
    await staff.getByLabel("Title", { exact: true }).fill(TITLE);
    await staff.getByLabel("Web address").fill(SLUG);
    await staff.getByLabel("Summary").fill("Software that flags urgent chest X-rays for reporting first.");
    await staff.getByLabel("Bids due").fill(londonLocal(new Date(start.getTime() + 7 * 24 * 60 * 60 * 1000)));
    await staff.getByRole("button", { name: "Create procurement" }).click();
    await arrive(staff, new RegExp(`/staff/procurements/${SLUG}$`));

    await staff.goto(`/staff/procurements/${SLUG}/tender`);
    await hydrated(staff);
    await staff.getByRole("button", { name: "Start the tender" }).click();
    await notice(staff, "Tender started");
    await hydrated(staff);
    await staff.getByLabel("Section title").fill("Clinical safety and price");
    await staff.getByRole("button", { name: "Add the section" }).click();
    await notice(staff, "Section added");
    await hydrated(staff);

    await addQuestion(staff, "Written answer", SAFETY_QUESTION, async (page) => {
      await page.getByLabel("Weight, in percent of the whole evaluation").fill("40");
      await page.getByLabel("Word limit").fill("300");
    });
    await addQuestion(staff, "File upload", FILE_QUESTION, async (page) => {
      await page.getByLabel("Weight, in percent of the whole evaluation").fill("30");
      await page.getByLabel("PDF", { exact: true }).check();
      await page.getByLabel("Size limit per file, in MB").fill("5");
      await checkPage(page, "tender-01-question");
    });
    await addQuestion(staff, "Price schedule", PRICE_QUESTION, async (page) => {
      await page.getByLabel("Weight, in percent of the whole evaluation").fill("30");
      await page.getByLabel("Price lines").fill("Platform licence | year | 3\nTrust onboarding | trust | 10");
    });
    await hydrated(staff);
    expect(await staff.getByText("Quality 70% and price 30%: 100% in total").count()).toBe(1);
    await checkPage(staff, "tender-02-builder");
    await staff.getByRole("button", { name: "Publish the tender" }).click();
    await notice(staff, "Tender published as version 1");
    await hydrated(staff);

    // --- Both suppliers register interest; the public tender page shows the questionnaire -------
    const suppliers = await Promise.all(SUPPLIERS.map((s) => signedIn(s.email)));
    for (const page of suppliers) {
      await page.goto(`/procurements/${SLUG}/bid`);
      await hydrated(page);
      await page.getByRole("button", { name: "Register interest" }).click();
      await notice(page, "Your organisation is registered on this procurement");
    }
    await suppliers[0].goto(`/procurements/${SLUG}/tender`);
    await hydrated(suppliers[0]);
    expect(await suppliers[0].getByText(SAFETY_QUESTION).count()).toBeGreaterThan(0);
    await checkPage(suppliers[0], "tender-03-public-tender");

    // --- Staff bring the deadline close: allowed while nobody has started a bid ---------------
    const deadline = new Date(Math.ceil((start.getTime() + LEAD_MS) / 60_000) * 60_000);
    await staff.getByLabel("New deadline (UK time)").fill(londonLocal(deadline));
    await staff.getByLabel("Reason for the change").fill(DEADLINE_REASON);
    await staff.getByRole("button", { name: "Change the deadline" }).click();
    await notice(staff, /The bid deadline is now .*2 people at interested suppliers will be emailed/);
    await checkPage(staff, "tender-04-deadline-changed");
    // Read once the bidding is done: mail runs on real time, whatever the portal's clock says.
    const told = portal.smtp.waitForMessage(
      (m) => m.to === "supplier2@example.com" && m.subject.startsWith("Bid deadline changed"),
      360_000,
    );

    // --- Two suppliers draft, upload and submit; Northern resubmits a changed answer ----------
    const biddingStarted = Date.now();
    const pdfs = SUPPLIERS.map((s) => simplePdf([`${s.organisation}`, "Clinical safety case report (DCB0129)"]));
    const [radiant, northernFirst] = await Promise.all(SUPPLIERS.map((s, i) => bid(suppliers[i], s, pdfs[i], i === 0)));
    expect(radiant.reference).not.toBe(northernFirst.reference);
    const receiptMail = await portal.smtp.waitForMessage(
      (m) => m.to === "supplier@example.com" && m.subject.includes(radiant.reference),
      60_000,
    );
    expect(receiptMail.text).toContain(radiant.digest);

    const northern = suppliers[1];
    await northern.goto(`/procurements/${SLUG}/bid`);
    await hydrated(northern);
    const written = questionCard(northern, `1.1 ${SAFETY_QUESTION}`);
    await written.getByLabel("Your answer").fill(RESUBMITTED_ANSWER);
    await written.getByRole("button", { name: "Save answer to question 1.1" }).click();
    await expect.poll(() => written.getByRole("status").textContent(), { timeout: 30_000 }).toBe("Saved");
    const northernFinal = await submit(northern, true);
    expect(northernFinal.reference).not.toBe(northernFirst.reference);
    expect(northernFinal.digest).not.toBe(northernFirst.digest);
    await northern.goto(`/procurements/${SLUG}/bid`);
    const history = northern.getByRole("table", { name: "Every submission of your bid" });
    expect(await history.getByRole("row", { name: new RegExp(northernFirst.reference) }).textContent()).toContain(
      "Replaced",
    );
    expect(await history.getByRole("row", { name: new RegExp(northernFinal.reference) }).textContent()).toContain(
      "Counts",
    );

    // --- Sealed: staff see only how many organisations have submitted -------------------------
    const sealed = await staff.goto(`/staff/procurements/${SLUG}/tender/bids`);
    expect(sealed?.status()).toBe(403);
    expect(await staff.getByText("2 organisations have submitted a bid").count()).toBe(1);
    expect(await staff.locator("main").textContent()).not.toMatch(/Radiant|Northern|AIP-BID-/);
    await checkPage(staff, "tender-09-sealed");

    // Bidding ended before the deadline by the portal's clock, however long it took in real time.
    const used = Math.round((Date.now() - biddingStarted) / 1000);
    expect((await portal.readClock()).getTime(), `bidding took ${used} s in real time`).toBeLessThan(
      deadline.getTime(),
    );

    expect((await told).text).toContain(DEADLINE_REASON);

    // Radiant opens the submit page before the deadline and clicks only after it has passed.
    const late = suppliers[0];
    await late.goto(`/procurements/${SLUG}/bid/submit`);
    await hydrated(late);
    await late.getByLabel(/I confirm that I am authorised to submit this bid/).check();

    // --- The deadline passes (the server's clock decides; the test moves it) -------------------
    const past = await portal.advanceClock(deadline.getTime() - (await portal.readClock()).getTime() + 1_500);
    expect(past.getTime()).toBeGreaterThan(deadline.getTime());
    await late.getByRole("button", { name: "Submit bid" }).click();
    await notice(
      late,
      /Your bid was not submitted: the deadline was .* and the portal received your submit request at or after that time/,
    );
    await checkPage(late, "tender-10-late-refused");

    // --- Two different members of staff open the bids ------------------------------------------
    await staff.goto(`/staff/procurements/${SLUG}/tender`);
    await hydrated(staff);
    // Only an organisation with a bid can try too late: until the opening the register says how many.
    expect(await staff.getByText("1 attempt to submit a bid after the deadline was refused").count()).toBe(1);
    expect(
      await staff.getByRole("table", { name: "Attempts to submit a bid after the deadline, refused" }).count(),
    ).toBe(0);
    await staff.getByRole("button", { name: "Ask to open the bids" }).click();
    await notice(staff, "Opening requested. A different member of staff must now confirm it");
    await hydrated(staff);
    expect(await staff.getByRole("button", { name: "Confirm: open the bids" }).count()).toBe(0);
    await checkPage(staff, "tender-11-opening-requested");
    expect((await staff.goto(`/staff/procurements/${SLUG}/tender/bids`))?.status()).toBe(403);

    const second = await signedIn("staff2@example.com");
    await second.goto(`/staff/procurements/${SLUG}/tender`);
    await hydrated(second);
    await second.getByRole("button", { name: "Confirm: open the bids" }).click();
    await notice(second, "The bids are opened");
    await checkPage(second, "tender-12-opened");
    const register = second.getByRole("table", { name: "Attempts to submit a bid after the deadline, refused" });
    expect(await register.textContent()).toContain(SUPPLIERS[0].organisation);

    // --- The bids are readable: the counting submissions, answers and files --------------------
    await second.getByRole("link", { name: "Read the opened bids" }).click();
    await arrive(second, new RegExp(`/staff/procurements/${SLUG}/tender/bids$`));
    const table = second.getByRole("table", { name: "2 bids that count" });
    expect(await table.getByRole("row", { name: new RegExp(SUPPLIERS[0].organisation) }).textContent()).toContain(
      radiant.digest,
    );
    const northernRow = await table.getByRole("row", { name: new RegExp(SUPPLIERS[1].organisation) }).textContent();
    expect(northernRow).toContain(northernFinal.reference);
    expect(northernRow).not.toContain(northernFirst.reference);
    await checkPage(second, "tender-13-opened-bids");

    for (const [i, supplier] of SUPPLIERS.entries()) {
      await second.goto(`/staff/procurements/${SLUG}/tender/bids`);
      await second.getByRole("link", { name: supplier.organisation }).click();
      await arrive(second, /\/tender\/bids\/[0-9a-f-]{36}$/);
      await expect
        .poll(() => second.getByRole("heading", { level: 1, name: supplier.organisation }).count(), {
          message: `the opened bid of ${supplier.organisation}; server errors: ${portal.serverErrors().join("\n")}`,
          timeout: 30_000,
        })
        .toBe(1);
      const main = (await second.locator("main").textContent()) ?? "";
      expect(main).toContain(i === 0 ? supplier.answer : RESUBMITTED_ANSWER);
      expect(main).toContain(i === 0 ? radiant.digest : northernFinal.digest);
      expect(main).toContain("it matches");
      expect(main).toContain(`Total price: ${supplier.total}`);
      const link = second.getByRole("link", { name: supplier.file });
      const download = await second.request.get(
        new URL((await link.getAttribute("href")) ?? "", portal.url).toString(),
      );
      expect(download.status()).toBe(200);
      expect(Buffer.from(await download.body()).equals(pdfs[i])).toBe(true);
      if (i === 1) await checkPage(second, "tender-14-opened-bid");
    }

    // --- Anyone holding a receipt can check it ---------------------------------------------------
    await late.goto("/receipts/verify");
    await hydrated(late);
    await late.getByLabel("Reference").fill(radiant.reference);
    await late.getByLabel("SHA-256 digest").fill(radiant.digest);
    await late.getByRole("button", { name: "Check receipt" }).click();
    await notice(late, "This receipt matches a submission");
    expect(await late.locator("main").textContent()).toContain("it matches");
    await checkPage(late, "tender-15-receipt-verified");

    expect(browserErrors).toEqual([]);
    // Chromium asks for /favicon.ico, which the portal does not have (Remix logs the miss).
    expect(portal.serverErrors().filter((line) => !line.includes('"/favicon.ico"'))).toEqual([]);
  }, 420_000);
});
