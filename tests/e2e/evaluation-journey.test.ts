// The whole evaluation in a real browser, on a tender opened but not yet evaluated (made in the
// portal's database before it starts): two evaluators declare for each bidder by name and mark the
// bids by label, one declaring a conflict with a bidder; a moderator agrees the consensus; staff
// award and send the assessment summaries; the losing bidder downloads its summary and finds its
// own scores in it and not the winner's name.
import { eq } from "drizzle-orm";
import { PDFParse } from "pdf-parse";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assignEvaluator } from "../../app/evaluation/panel-assignment.server";
import { db } from "../../db/client.server";
import { users } from "../../db/schema";
import { asSignedIn, createOpenedTenderWithBids, createProcurement, daysFromNow } from "../factories";
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

const SLUG = "evaluation-journey";
const TITLE = "Evaluation journey procurement";
const WINNER = "Radiant Diagnostics AI Ltd";
const LOSER = "Northern Imaging Analytics Ltd";
const CONFLICT = "I was a paid adviser to Radiant Diagnostics AI Ltd until last year";
const because = (what: string) =>
  `${what}: the bid names a clinical safety officer and a hazard log, with dates for each trust's go-live.`;
// The consensus for each marked question (1.1 pass/fail, 1.2 text, 1.3 file, 2.1 social value).
const CONSENSUS = {
  [WINNER]: { "1.1": "Pass", "1.2": "4: Excellent", "1.3": "4: Excellent", "2.1": "4: Excellent" },
  [LOSER]: { "1.1": "Pass", "1.2": "2: Satisfactory", "1.3": "2: Satisfactory", "2.1": "2: Satisfactory" },
} as const;
const rationale = (organisation: string, number: string) =>
  `Panel rationale ${number} for ${organisation === WINNER ? "the winner" : "the runner-up"}: agreed after discussion of the evidence in the bid.`;

async function userByEmail(email: string) {
  const [row] = await db().select().from(users).where(eq(users.email, email));
  if (!row) throw new Error(`No demo account ${email}`);
  return row;
}

/** A tender opened but not evaluated, with the two demo suppliers' bids and two evaluators on its panel. */
async function openedTenderWithPanel() {
  const [staff, radiant, northern, amy, james] = await Promise.all(
    [
      "staff@example.com",
      "supplier@example.com",
      "supplier2@example.com",
      "evaluator@example.com",
      "evaluator2@example.com",
    ].map(userByEmail),
  );
  const procurement = await createProcurement({
    slug: SLUG,
    title: TITLE,
    bidDeadline: daysFromNow(-1),
  });
  const scene = await createOpenedTenderWithBids(procurement.id, staff.id, [
    {
      organisationId: radiant.organisationId!,
      userId: radiant.id,
      text: "A named clinical safety officer for each trust",
    },
    { organisationId: northern.organisationId!, userId: northern.id, text: "Hazard workshops held with every trust" },
  ]);
  const asStaff = asSignedIn(staff);
  for (const [evaluator, sectionIds] of [
    [amy, []],
    [james, [scene.sections.second]],
  ] as const) {
    const assigned = await assignEvaluator(asStaff, procurement, {
      evaluatorId: evaluator.id,
      scope: sectionIds.length === 0 ? "all" : "sections",
      sectionIds: [...sectionIds],
    });
    if (!assigned.ok) throw new Error(`Assignment refused: ${JSON.stringify(assigned)}`);
  }
}

describeInBrowser("the evaluation journey", () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ prepare: openedTenderWithPanel }), workerBrowser()]);
  }, 180_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  /** Signed in without the form, which tests/e2e/staff-sign-in.test.ts tests. */
  async function signIn(email: string) {
    const page = await signedInPage(browser, portal, email);
    page.setDefaultTimeout(20_000);
    return page;
  }

  async function notice(page: Page, text: string | RegExp) {
    await page.getByText(text).first().waitFor();
  }

  /** Declares for one bidding organisation, named on the evaluator's page. */
  async function declare(page: Page, organisation: string, conflict?: string) {
    await page.getByRole("link", { name: `Declare for ${organisation}` }).click();
    const form = page.locator("#declaration form");
    await form.waitFor();
    await waitForHydration(page);
    if (conflict) {
      await form.getByLabel("Yes, I have a conflict of interest").check();
      await form.getByLabel("If you have a conflict, describe it").fill(conflict);
      await checkPage(page, "evaluation-journey-declaration-form");
    } else {
      await form.getByLabel("No, I have no conflict of interest").check();
    }
    await form.getByRole("button", { name: "Make the declaration" }).click();
    await notice(page, new RegExp(`declared for ${organisation}`));
  }

  /** Marks every question of the open bid page with `mark`, then submits the marks. */
  async function markAndSubmit(page: Page, numbers: string[], score: string) {
    for (const number of numbers) {
      await page.getByRole("link", { name: new RegExp(`^Mark question ${number.replace(".", "\\.")}$`) }).click();
      const form = page.locator("main form").filter({ has: page.getByRole("button", { name: "Save draft mark" }) });
      await form.waitFor();
      await waitForHydration(page);
      await form.getByLabel(number === "1.1" ? "Pass" : score, { exact: true }).check();
      await form.getByLabel("Justification").fill(because(`Question ${number}`));
      await form.getByRole("button", { name: "Save draft mark" }).click();
      await notice(page, `Draft mark saved for question ${number}`);
    }
    await page.getByRole("button", { name: "Submit scores for this bid" }).click();
    await notice(page, /are submitted\. They can no longer change/);
  }

  it("takes a tender from declarations to a losing bidder's assessment summary", { timeout: 240_000 }, async () => {
    const tender = `/evaluation/${SLUG}`;

    // Evaluator 1: declares for each bidder by name; the bids then appear by label only.
    const amy = await signIn("evaluator@example.com");
    await amy.goto(tender);
    const names = await amy.locator("main table").first().innerText();
    expect(names.indexOf(LOSER)).toBeGreaterThan(-1);
    expect(names.indexOf(WINNER)).toBeGreaterThan(names.indexOf(LOSER));
    await expect(amy.getByRole("link", { name: /Read and mark/ }).count()).resolves.toBe(0);
    await declare(amy, LOSER);
    await expect(amy.getByRole("link", { name: /Read and mark/ }).count()).resolves.toBe(0);
    await amy.getByText("1 still to declare").waitFor();
    await checkPage(amy, "evaluation-journey-declaring");
    await declare(amy, WINNER);
    await notice(amy, /You have declared for every bidder/);
    await checkPage(amy, "evaluation-journey-declared");
    const labelled = await amy.locator("main table").last().innerText();
    for (const name of [WINNER, LOSER]) expect(labelled).not.toContain(name);
    for (const label of ["Bidder A", "Bidder B"]) {
      await amy.getByRole("link", { name: `Read and mark for ${label}` }).click();
      await amy.waitForURL(/\/bids\//);
      // The page as the server sends it (a client-side visit keeps the list's data in the document).
      await amy.reload();
      const html = await amy.content();
      for (const name of [WINNER, LOSER]) expect(html).not.toContain(name);
      await markAndSubmit(amy, ["1.1", "1.2", "1.3", "2.1"], "3: Good");
    }

    // Evaluator 2 (social value only): a conflict with one bidder leaves one bid to mark.
    const james = await signIn("evaluator2@example.com");
    await james.goto(tender);
    await declare(james, WINNER, CONFLICT);
    await expect(james.getByRole("link", { name: /Read and mark/ }).count()).resolves.toBe(0);
    await declare(james, LOSER);
    await expect.poll(() => james.getByRole("link", { name: /Read and mark/ }).count(), { timeout: 15_000 }).toBe(1);
    await checkPage(james, "evaluation-journey-conflict");
    await james.getByRole("link", { name: /Read and mark/ }).click();
    await james.waitForURL(/\/bids\//);
    await markAndSubmit(james, ["2.1"], "2: Satisfactory");

    // The moderator agrees the consensus for every question of both bids.
    const moderator = await signIn("staff2@example.com");
    let refusedInBrowser = false;
    for (const organisation of [WINNER, LOSER] as const) {
      await moderator.goto(`/staff/procurements/${SLUG}/evaluation`);
      await moderator
        .locator("tr", { hasText: organisation })
        .filter({ has: moderator.getByRole("link", { name: /^Moderate/ }) })
        .getByRole("link", { name: /^Moderate/ })
        .click();
      await moderator.waitForURL(/\/evaluation\/bids\//);
      for (const [number, mark] of Object.entries(CONSENSUS[organisation])) {
        await moderator.getByRole("link", { name: `Record the consensus for question ${number}` }).click();
        const form = moderator
          .locator("main form")
          .filter({ has: moderator.getByRole("button", { name: "Save the consensus" }) });
        await form.waitFor();
        await waitForHydration(moderator);
        await form.getByLabel(mark, { exact: true }).check();
        if (!refusedInBrowser) {
          // A rationale too short is refused by the browser: nothing is sent.
          let posts = 0;
          const count = (request: { method: () => string }) => {
            if (request.method() === "POST") posts += 1;
          };
          moderator.on("request", count);
          await form.getByLabel("Rationale").fill("Too short.");
          await form.getByRole("button", { name: "Save the consensus" }).click();
          await form
            .locator(".nhsuk-error-summary")
            .getByText(/at least 50 characters/)
            .waitFor();
          moderator.off("request", count);
          expect(posts).toBe(0);
          refusedInBrowser = true;
        }
        await form.getByLabel("Rationale").fill(rationale(organisation, number));
        await form.getByRole("button", { name: "Save the consensus" }).click();
        await notice(moderator, `Consensus recorded for question ${number}`);
      }
    }
    await checkPage(moderator, "evaluation-journey-moderated");

    // Staff award to the highest-ranked bid and send the summaries.
    const staff = await signIn("staff@example.com");
    await staff.goto(`/staff/procurements/${SLUG}/evaluation/ranking`);
    await waitForHydration(staff);
    const ranking = await staff.locator("main table").first().innerText();
    expect(ranking.indexOf(WINNER)).toBeGreaterThan(-1);
    expect(ranking.indexOf(WINNER)).toBeLessThan(ranking.indexOf(LOSER));
    await staff
      .getByLabel("Reasons for the decision")
      .fill("The highest total on the moderated consensus scores, with an equal price.");
    await staff.getByRole("button", { name: "Record the award decision" }).click();
    await notice(staff, "Award decision recorded");
    await staff.getByRole("button", { name: "Send assessment summaries" }).click();
    await notice(staff, /Assessment summaries sent to 2 bidders/);
    await checkPage(staff, "evaluation-journey-awarded");

    // The losing bidder finds its summary on its dashboard and downloads the PDF.
    const loser = await signIn("supplier2@example.com");
    await loser.goto("/supplier");
    await loser.locator("main li", { hasText: TITLE }).getByRole("link", { name: "Your assessment summary" }).click();
    await loser.waitForURL(new RegExp(`/procurements/${SLUG}/assessment-summary$`));
    await loser
      .getByText(/Unsuccessful/)
      .first()
      .waitFor();
    await checkPage(loser, "evaluation-journey-summary");
    const pdfLink = loser.getByRole("link", { name: "Download this summary as a PDF" });
    const response = await loser.request.get(new URL((await pdfLink.getAttribute("href")) ?? "", portal.url).href);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/pdf");
    const parser = new PDFParse({ data: new Uint8Array(await response.body()) });
    const text = (await parser.getText()).text.replace(/\s+/g, " ");
    await parser.destroy();
    expect(text).toContain("2 out of 4");
    for (const number of ["1.2", "1.3", "2.1"]) expect(text).toContain(rationale(LOSER, number));
    expect(text).not.toContain(WINNER);
    expect(text).not.toContain("Radiant");
    expect(portal.serverErrors()).toEqual([]);
  });
});
