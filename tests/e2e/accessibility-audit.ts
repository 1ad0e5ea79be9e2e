// The portal's accessibility audit: which pages axe checks, as whom, and how; shared by the browser
// test that compares a fresh run with app/accessibility/axe-results.json and by
// `npm run accessibility:update` (this file run with --write), which rewrites that file.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import prettier from "prettier";
import {
  AxeResultsSchema,
  criterionFromTag,
  type AxeImpact,
  type AxeResults,
  type CheckedPage,
  type RecordedViolation,
} from "../../app/accessibility/statement";
import {
  axeOn,
  launchBrowser,
  signedInPage,
  startPortal,
  UK_USER,
  waitForHydration,
  WCAG_TAGS,
  type RunningPortal,
} from "./browser";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const RESULTS_FILE = path.join(ROOT, "app", "accessibility", "axe-results.json");
export const UPDATE_COMMAND = "npm run accessibility:update";

type Viewer = CheckedPage["viewedAs"];

export type AuditedPage = {
  /** The address, or for a page whose address holds an id, its pattern (":bidId"). */
  path: string;
  name: string;
  viewedAs: Viewer;
  /** For a page whose address holds an id: the page that links to it and the link's address pattern. */
  reachedFrom?: { path: string; href: RegExp };
  /** Brings the page to the state worth checking, once it is open. */
  prepare?: (page: Page) => Promise<void>;
};

const PLATFORM = "ai-imaging-platform";
const PILOT = "imaging-ai-pilot";

const ACCOUNTS: Record<Exclude<Viewer, "public">, string> = {
  supplier: "supplier@example.com",
  staff: "staff@example.com",
  evaluator: "evaluator@example.com",
  admin: "admin@example.com",
};

/** A representative page of every kind, for each role, on the demo data. */
export const AUDITED_PAGES: AuditedPage[] = [
  { path: "/", name: "Home page", viewedAs: "public" },
  { path: "/procurements", name: "Procurements", viewedAs: "public" },
  { path: `/procurements/${PLATFORM}`, name: "A procurement in market engagement", viewedAs: "public" },
  { path: `/procurements/${PILOT}`, name: "An awarded procurement", viewedAs: "public" },
  { path: "/sign-in", name: "Sign in", viewedAs: "public" },
  { path: "/register", name: "Register your organisation", viewedAs: "public" },
  { path: "/forgot-password", name: "Reset your password", viewedAs: "public" },
  { path: "/receipts/verify", name: "Check a bid receipt", viewedAs: "public" },
  { path: "/accessibility", name: "Accessibility statement", viewedAs: "public" },
  { path: "/privacy", name: "Privacy notice", viewedAs: "public" },

  { path: "/supplier", name: "Supplier dashboard", viewedAs: "supplier" },
  { path: "/organisation", name: "Your organisation", viewedAs: "supplier" },
  { path: "/account", name: "Your account", viewedAs: "supplier" },
  { path: `/procurements/${PLATFORM}/tender`, name: "Tender documents", viewedAs: "supplier" },
  {
    path: `/procurements/${PLATFORM}/bid`,
    name: "Your bid, with its questions",
    viewedAs: "supplier",
    // The demo supplier has not started a bid: start it, so that the answer forms are checked.
    prepare: async (page) => {
      await page.getByRole("button", { name: "Start your organisation's bid" }).click();
      await page.getByRole("heading", { name: "What still needs doing" }).waitFor();
      await waitForHydration(page);
    },
  },
  { path: `/procurements/${PLATFORM}/bid/submit`, name: "Submit your bid", viewedAs: "supplier" },
  {
    path: `/procurements/${PLATFORM}/clarifications`,
    name: "Clarification questions and answers",
    viewedAs: "supplier",
  },
  { path: `/procurements/${PLATFORM}/clarifications/ask`, name: "Ask a clarification question", viewedAs: "supplier" },
  { path: `/procurements/${PLATFORM}/findings`, name: "Discovery findings", viewedAs: "supplier" },
  { path: `/procurements/${PILOT}/assessment-summary`, name: "Your assessment summary", viewedAs: "supplier" },

  { path: "/staff", name: "Staff dashboard", viewedAs: "staff" },
  { path: "/staff/procurements/new", name: "Start a procurement", viewedAs: "staff" },
  { path: `/staff/procurements/${PLATFORM}`, name: "Manage a procurement", viewedAs: "staff" },
  { path: `/staff/procurements/${PLATFORM}/edit`, name: "Edit a procurement", viewedAs: "staff" },
  { path: `/staff/procurements/${PLATFORM}/tender`, name: "Manage the tender", viewedAs: "staff" },
  {
    path: `/staff/procurements/${PLATFORM}/tender/questions/:questionId`,
    name: "Edit a tender question",
    viewedAs: "staff",
    reachedFrom: { path: `/staff/procurements/${PLATFORM}/tender`, href: /\/tender\/questions\/[^/?#]+$/ },
  },
  { path: `/staff/procurements/${PLATFORM}/clarifications`, name: "Answer clarification questions", viewedAs: "staff" },
  { path: `/staff/procurements/${PLATFORM}/findings`, name: "Manage discovery findings", viewedAs: "staff" },
  { path: `/staff/procurements/${PLATFORM}/evaluation`, name: "Evaluation panel", viewedAs: "staff" },
  { path: `/staff/procurements/${PILOT}/tender/bids`, name: "Opened bids", viewedAs: "staff" },
  { path: `/staff/procurements/${PILOT}/evaluation`, name: "Evaluation and moderation", viewedAs: "staff" },
  {
    path: `/staff/procurements/${PILOT}/evaluation/bids/:bidId`,
    name: "Moderate a bid",
    viewedAs: "staff",
    reachedFrom: { path: `/staff/procurements/${PILOT}/evaluation`, href: /\/evaluation\/bids\/[^/?#]+$/ },
  },
  { path: `/staff/procurements/${PILOT}/evaluation/ranking`, name: "Ranking and award", viewedAs: "staff" },
  { path: `/procurements/${PILOT}/scoring-pack`, name: "Scoring pack", viewedAs: "staff" },

  { path: "/evaluator", name: "Evaluator dashboard", viewedAs: "evaluator" },
  { path: `/evaluation/${PILOT}`, name: "Bids to evaluate", viewedAs: "evaluator" },
  {
    path: `/evaluation/${PILOT}/bids/:bidId`,
    name: "Evaluate a bid",
    viewedAs: "evaluator",
    reachedFrom: { path: `/evaluation/${PILOT}`, href: /\/evaluation\/[^/]+\/bids\/[^/?#]+$/ },
  },

  { path: "/admin", name: "Administration", viewedAs: "admin" },
  { path: "/admin/users", name: "Users", viewedAs: "admin" },
  { path: "/admin/audit", name: "Audit log", viewedAs: "admin" },
  { path: "/admin/mail", name: "Sent email", viewedAs: "admin" },
  { path: "/admin/retention", name: "Record retention", viewedAs: "admin" },
  { path: `/admin/retention/${PILOT}`, name: "How long a record is kept", viewedAs: "admin" },
];

async function openAuditedPage(page: Page, audited: AuditedPage) {
  let address = audited.path;
  if (audited.reachedFrom) {
    await visit(page, audited.reachedFrom.path);
    const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    const found = hrefs.find((href) => href && audited.reachedFrom?.href.test(href));
    if (!found) throw new Error(`No link to ${audited.path} on ${audited.reachedFrom.path} (as ${audited.viewedAs})`);
    address = found;
  }
  await visit(page, address);
  await audited.prepare?.(page);
}

async function visit(page: Page, address: string) {
  const response = await page.goto(address);
  if (response?.status() !== 200) {
    throw new Error(`${address} answered ${response?.status() ?? "nothing"}, not 200: the audit expects every page`);
  }
  await waitForHydration(page);
}

function recordedViolations(violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"]): RecordedViolation[] {
  return violations
    .map((violation) => ({
      rule: violation.id,
      impact: (violation.impact ?? "minor") as AxeImpact,
      help: violation.help,
      description: violation.description,
      helpUrl: violation.helpUrl,
      criteria: [...new Set(violation.tags.map(criterionFromTag).filter((c): c is string => c !== null))],
    }))
    .sort((a, b) => a.rule.localeCompare(b.rule));
}

/** How many audited pages are open at once: enough to overlap the portal's work with the browser's. */
const PAGES_AT_ONCE = 4;

/**
 * The audited pages in steps that keep the order in which they change the demo data: a page with a
 * `prepare` (which may change what other pages show) runs alone, after every page listed before it
 * and before every page listed after it; the pages between two such run at the same time.
 */
function steps(pages: AuditedPage[]): { audited: AuditedPage; index: number }[][] {
  const result: { audited: AuditedPage; index: number }[][] = [[]];
  pages.forEach((audited, index) => {
    if (audited.prepare) result.push([{ audited, index }], []);
    else result[result.length - 1].push({ audited, index });
  });
  return result.filter((step) => step.length > 0);
}

/** Runs `work` on every item, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Runs axe (every impact, the WCAG 2.2 AA tags) on each audited page of the running portal, signed
 * in as each role (one browser context per role, its session started directly: the sign-in form is
 * not what is audited here), several pages at a time, and returns the results as axe-results.json
 * records them, in the order of AUDITED_PAGES.
 */
export async function runAccessibilityAudit(browser: Browser, portal: RunningPortal): Promise<AxeResults> {
  const contexts = new Map<Viewer, Promise<BrowserContext>>();
  const contextFor = (viewer: Viewer): Promise<BrowserContext> => {
    let context = contexts.get(viewer);
    if (!context) {
      context =
        viewer === "public"
          ? browser.newContext({ ...UK_USER, baseURL: portal.url })
          : signedInPage(browser, portal, ACCOUNTS[viewer]).then(async (page) => {
              await page.close();
              return page.context();
            });
      contexts.set(viewer, context);
    }
    return context;
  };
  try {
    const pages: CheckedPage[] = [];
    let axeCoreVersion = "";
    for (const step of steps(AUDITED_PAGES)) {
      await inParallel(step, PAGES_AT_ONCE, async ({ audited, index }) => {
        const page = await (await contextFor(audited.viewedAs)).newPage();
        page.setDefaultTimeout(20_000);
        try {
          const results = await openAuditedPage(page, audited)
            .then(() => axeOn(page).analyze())
            .catch((error: unknown) => {
              throw new Error(`Could not check ${audited.path} as ${audited.viewedAs} (at ${page.url()})`, {
                cause: error,
              });
            });
          axeCoreVersion = results.testEngine.version;
          pages[index] = {
            path: audited.path,
            name: audited.name,
            viewedAs: audited.viewedAs,
            violations: recordedViolations(results.violations),
            needsReview: results.incomplete
              .map((result) => ({ rule: result.id, help: result.help, helpUrl: result.helpUrl }))
              .sort((a, b) => a.rule.localeCompare(b.rule)),
          };
        } finally {
          await page.close();
        }
      });
    }
    return {
      checkedOn: new Date().toISOString().slice(0, 10),
      axeCoreVersion,
      wcagTags: WCAG_TAGS,
      browser: `Chromium ${browser.version()}`,
      manualAudit: null,
      pages,
    };
  } finally {
    for (const context of contexts.values()) await (await context.catch(() => null))?.close();
  }
}

/**
 * What the statement's claims rest on, and so what must not drift: the tools, the pages and each
 * page's failed rules. Not the checks axe could not decide: those depend on the layout at the moment
 * of the check (one came and went between runs on the moderation page), and claim nothing.
 */
export function auditOutcome(results: AxeResults) {
  return {
    axeCoreVersion: results.axeCoreVersion,
    wcagTags: results.wcagTags,
    pages: results.pages.map((page) => ({
      path: page.path,
      viewedAs: page.viewedAs,
      rules: page.violations.map((violation) => `${violation.rule} (${violation.impact})`),
    })),
  };
}

export async function readRecordedResults(): Promise<AxeResults> {
  return AxeResultsSchema.parse(JSON.parse(await readFile(RESULTS_FILE, "utf8")));
}

/** Writes the results, keeping the manual audit already recorded (axe cannot know of one). */
export async function writeResults(results: AxeResults) {
  const recorded = await readRecordedResults().catch(() => null);
  const merged = { ...results, manualAudit: recorded?.manualAudit ?? null };
  const options = (await prettier.resolveConfig(RESULTS_FILE)) ?? {};
  await writeFile(RESULTS_FILE, await prettier.format(JSON.stringify(merged), { ...options, parser: "json" }));
}

async function main() {
  if (!process.argv.includes("--write")) {
    console.error(`Usage: node --import tsx tests/e2e/accessibility-audit.ts --write (or ${UPDATE_COMMAND})`);
    process.exit(2);
  }
  const [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  try {
    const results = await runAccessibilityAudit(browser, portal);
    await writeResults(results);
    const counts = results.pages.flatMap((page) => page.violations.map((violation) => violation.impact));
    console.log(
      `Checked ${results.pages.length} pages with axe-core ${results.axeCoreVersion}: ` +
        `${counts.length} failed rule(s) across pages (${["critical", "serious", "moderate", "minor"]
          .map((impact) => `${counts.filter((c) => c === impact).length} ${impact}`)
          .join(", ")}). Wrote ${path.relative(ROOT, RESULTS_FILE)}.`,
    );
  } finally {
    await browser.close();
    await portal.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
