// The accessibility statement page says what the recorded axe results say: the compliance status,
// each failed rule and where, what was tested and when, and how to report a problem; and a
// statement is "fully compliant" only with no failure anywhere and a manual audit recorded.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessibilityStatementContent } from "../../app/accessibility/components/accessibility-statement";
import {
  accessibilityStatement,
  AxeResultsSchema,
  type AxeResults,
  type RecordedViolation,
} from "../../app/accessibility/statement";
import recordedJson from "../../app/accessibility/axe-results.json";
import { formatDate } from "../../app/time";
import { useTestDatabase } from "../setup/database";
import { startTestPortal, type TestPortal } from "../setup/portal";

await useTestDatabase();

const recorded = AxeResultsSchema.parse(recordedJson);

/** The page's text as a reader meets it: tags gone, entities decoded, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;|&#39;|&rsquo;|&lsquo;|[‘’]/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("GET /accessibility", () => {
  let portal: TestPortal;
  let html: string;
  let text: string;

  beforeAll(async () => {
    portal = await startTestPortal();
    const response = await portal.fetch("/accessibility");
    expect(response.status).toBe(200);
    html = await response.text();
    text = textOf(html);
  });

  afterAll(async () => {
    await portal.close();
  });

  it("states the compliance status the recorded axe results support", () => {
    const anyFailure = recorded.pages.some((page) => page.violations.length > 0);
    const status = !anyFailure && recorded.manualAudit ? "fully compliant" : "partially compliant";
    expect(text).toContain(
      `This website is ${status} with the Web Content Accessibility Guidelines version 2.2 AA standard`,
    );
    expect(text).not.toContain(status === "fully compliant" ? "partially compliant" : "fully compliant");
  });

  it("lists every rule axe found failing, with the pages it failed on", () => {
    for (const page of recorded.pages) {
      for (const violation of page.violations) {
        const at = html.indexOf(`id="rule-${violation.rule}"`);
        expect(at, `the rule ${violation.rule} is listed`).toBeGreaterThan(-1);
        const section = html.slice(at);
        expect(text).toContain(textOf(violation.help));
        expect(textOf(section.slice(0, section.indexOf("</div>")))).toContain(page.path);
      }
    }
  });

  it("lists every check axe could not decide, and every page tested, with the date and the axe version", () => {
    for (const page of recorded.pages) {
      expect(text).toContain(page.path);
      for (const check of page.needsReview) expect(text).toContain(check.rule);
    }
    expect(text).toContain(`axe-core ${recorded.axeCoreVersion}`);
    expect(text).toContain(`last tested on ${formatDate(recorded.checkedOn)} with axe-core`);
  });

  it("says how to report a problem, how soon we reply, and who enforces the regulations", () => {
    expect(html).toContain('href="mailto:ai-lab-commercial@example.nhs.uk"');
    expect(text).toContain("Reporting accessibility problems with this website");
    expect(text).toContain("We will reply within 5 working days");
    expect(text).toContain("Equality and Human Rights Commission (EHRC)");
    expect(text).toContain("Equality Advisory and Support Service (EASS)");
  });

  it("follows GOV.UK's sample statement headings", () => {
    const headings = [...html.matchAll(/<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/g)].map((m) => textOf(m[1]).trim());
    const expected = [
      "Accessibility statement for the AI Imaging Platform procurement portal",
      "How accessible this website is",
      "Feedback and contact information",
      "Reporting accessibility problems with this website",
      "Enforcement procedure",
      "Technical information about this website's accessibility",
      "Compliance status",
      "Non-accessible content",
      "What we're doing to improve accessibility",
      "Preparation of this accessibility statement",
    ];
    expect(headings.filter((heading) => expected.includes(heading))).toEqual(expected);
  });
});

describe("a statement built from axe results", () => {
  const contrast: RecordedViolation = {
    rule: "color-contrast",
    impact: "serious",
    help: "Elements must meet minimum color contrast ratio thresholds",
    description: "Ensure the contrast between foreground and background colors meets WCAG 2 AA thresholds",
    helpUrl: "https://dequeuniversity.com/rules/axe/4.11/color-contrast",
    criteria: ["1.4.3"],
  };
  const results = (violations: RecordedViolation[], manualAudit: AxeResults["manualAudit"]): AxeResults => ({
    checkedOn: "2026-11-27",
    axeCoreVersion: "4.11.4",
    wcagTags: ["wcag2a", "wcag2aa"],
    browser: "Chromium",
    manualAudit,
    pages: [
      { path: "/", name: "Home page", viewedAs: "public", violations: [], needsReview: [] },
      { path: "/admin/users", name: "Users", viewedAs: "admin", violations, needsReview: [] },
    ],
  });
  const audit = { completedOn: "2026-10-01", by: "An accessibility auditor" };

  it("is fully compliant only with no failure on any page and a manual audit recorded", () => {
    expect(accessibilityStatement(results([], audit)).status).toBe("fully compliant");
    expect(accessibilityStatement(results([], null)).status).toBe("partially compliant");
    expect(accessibilityStatement(results([{ ...contrast, impact: "minor" }], audit)).status).toBe(
      "partially compliant",
    );
  });

  it("explains each failed rule in plain English, with the success criterion and where it fails", () => {
    const statement = accessibilityStatement(results([contrast], null));
    expect(statement.failedRulesByImpact).toEqual({ critical: 0, serious: 1, moderate: 0, minor: 0 });
    const text = textOf(renderToStaticMarkup(createElement(AccessibilityStatementContent, { statement })));
    expect(text).toContain("due to the non-compliances listed below");
    expect(text).toContain("Some text does not stand out enough from its background");
    expect(text).toContain("This fails WCAG 2.2 success criterion 1.4.3 (Contrast (minimum))");
    expect(text).toContain("Found on Users (/admin/users)");
    expect(text).toContain("Axe rule color-contrast, impact serious");
  });
});
