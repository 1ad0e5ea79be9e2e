// The accessibility statement's content, worked out from the portal's recorded axe results
// (axe-results.json, written by `npm run accessibility:update`) in GOV.UK's model statement order.
import { z } from "zod";
import recordedResults from "./axe-results.json";

export const AXE_IMPACTS = ["critical", "serious", "moderate", "minor"] as const;

export type AxeImpact = (typeof AXE_IMPACTS)[number];

const RecordedViolationSchema = z.object({
  /** axe's rule id, e.g. "color-contrast". */
  rule: z.string(),
  impact: z.enum(AXE_IMPACTS),
  /** axe's one-line summary of the rule, e.g. "Elements must meet minimum color contrast ratio thresholds". */
  help: z.string(),
  description: z.string(),
  helpUrl: z.string(),
  /** WCAG success criteria the rule tests, e.g. ["1.4.3"]; empty for best-practice rules. */
  criteria: z.array(z.string()),
});

const CheckedPageSchema = z.object({
  path: z.string(),
  name: z.string(),
  /** Who was signed in: "public" for a signed-out visitor, or the role. */
  viewedAs: z.enum(["public", "supplier", "staff", "evaluator", "admin"]),
  violations: z.array(RecordedViolationSchema),
  /** Rules axe could not decide on this page (its "incomplete" results): a person has to check them. */
  needsReview: z.array(z.object({ rule: z.string(), help: z.string(), helpUrl: z.string() })),
});

export const AxeResultsSchema = z.object({
  checkedOn: z.string().date(),
  axeCoreVersion: z.string(),
  wcagTags: z.array(z.string()),
  browser: z.string(),
  /** A manual audit against WCAG 2.2 AA, once one has been done; automated checks alone never suffice. */
  manualAudit: z.object({ completedOn: z.string().date(), by: z.string() }).nullable(),
  pages: z.array(CheckedPageSchema).min(1),
});

export type RecordedViolation = z.infer<typeof RecordedViolationSchema>;
export type CheckedPage = z.infer<typeof CheckedPageSchema>;
export type AxeResults = z.infer<typeof AxeResultsSchema>;

export const REPORT_EMAIL = "ai-lab-commercial@example.nhs.uk";
export const REPLY_WORKING_DAYS = 5;

export type ComplianceStatus = "fully compliant" | "partially compliant";

export type FailedRule = {
  rule: string;
  impact: AxeImpact;
  help: string;
  meaning: string;
  helpUrl: string;
  criteria: { number: string; name: string }[];
  pages: { path: string; name: string }[];
};

export type AccessibilityStatement = {
  status: ComplianceStatus;
  checkedOn: string;
  axeCoreVersion: string;
  browser: string;
  standard: string;
  manualAudit: AxeResults["manualAudit"];
  pagesChecked: { path: string; name: string; viewedAs: CheckedPage["viewedAs"]; violations: number }[];
  /** How many rules failed, by impact, over every page checked. */
  failedRulesByImpact: Record<AxeImpact, number>;
  failedRules: FailedRule[];
  /** Checks axe could not decide, with the pages where a person has to make them. */
  checksNeedingReview: { rule: string; help: string; helpUrl: string; pages: { path: string; name: string }[] }[];
  reportEmail: string;
  replyWorkingDays: number;
};

// WCAG 2.2 success criteria at levels A and AA, by number, for the non-accessible content list.
const CRITERIA: Record<string, string> = {
  "1.1.1": "Non-text content",
  "1.2.1": "Audio-only and video-only (prerecorded)",
  "1.2.2": "Captions (prerecorded)",
  "1.2.3": "Audio description or media alternative (prerecorded)",
  "1.2.4": "Captions (live)",
  "1.2.5": "Audio description (prerecorded)",
  "1.3.1": "Info and relationships",
  "1.3.2": "Meaningful sequence",
  "1.3.3": "Sensory characteristics",
  "1.3.4": "Orientation",
  "1.3.5": "Identify input purpose",
  "1.4.1": "Use of colour",
  "1.4.2": "Audio control",
  "1.4.3": "Contrast (minimum)",
  "1.4.4": "Resize text",
  "1.4.5": "Images of text",
  "1.4.10": "Reflow",
  "1.4.11": "Non-text contrast",
  "1.4.12": "Text spacing",
  "1.4.13": "Content on hover or focus",
  "2.1.1": "Keyboard",
  "2.1.2": "No keyboard trap",
  "2.1.4": "Character key shortcuts",
  "2.2.1": "Timing adjustable",
  "2.2.2": "Pause, stop, hide",
  "2.3.1": "Three flashes or below threshold",
  "2.4.1": "Bypass blocks",
  "2.4.2": "Page titled",
  "2.4.3": "Focus order",
  "2.4.4": "Link purpose (in context)",
  "2.4.5": "Multiple ways",
  "2.4.6": "Headings and labels",
  "2.4.7": "Focus visible",
  "2.4.11": "Focus not obscured (minimum)",
  "2.5.1": "Pointer gestures",
  "2.5.2": "Pointer cancellation",
  "2.5.3": "Label in name",
  "2.5.4": "Motion actuation",
  "2.5.7": "Dragging movements",
  "2.5.8": "Target size (minimum)",
  "3.1.1": "Language of page",
  "3.1.2": "Language of parts",
  "3.2.1": "On focus",
  "3.2.2": "On input",
  "3.2.3": "Consistent navigation",
  "3.2.4": "Consistent identification",
  "3.2.6": "Consistent help",
  "3.3.1": "Error identification",
  "3.3.2": "Labels or instructions",
  "3.3.3": "Error suggestion",
  "3.3.4": "Error prevention (legal, financial, data)",
  "3.3.7": "Redundant entry",
  "3.3.8": "Accessible authentication (minimum)",
  "4.1.2": "Name, role, value",
  "4.1.3": "Status messages",
};

// What a failure means for the people using the portal, for the rules axe has found here or is
// likely to; any other rule falls back to axe's own description.
const MEANINGS: Record<string, string> = {
  "color-contrast":
    "Some text does not stand out enough from its background, so people with low vision may find it hard to read.",
  label: "Some form fields have no label, so screen reader users may not know what to enter.",
  "link-name": "Some links have no text a screen reader can announce, so their purpose is not clear.",
  "button-name": "Some buttons have no text a screen reader can announce, so their purpose is not clear.",
  "aria-allowed-attr":
    "Some elements carry ARIA attributes their role does not allow, so assistive technology may describe them wrongly.",
  "aria-valid-attr-value":
    "Some ARIA attributes have values that are not valid, so assistive technology may describe the element wrongly.",
  "duplicate-id-aria":
    "Some labels or descriptions point at an id used more than once, so a screen reader may read out the wrong text.",
  list: "Some lists are not marked up correctly, so a screen reader may not announce them as lists.",
  listitem: "Some list items are not inside a list, so a screen reader may not announce them as part of one.",
  definitionlist:
    "Some lists of terms and descriptions are not marked up correctly, so a screen reader may misread them.",
  dlitem: "Some terms or descriptions are not inside a list of terms, so a screen reader may misread them.",
  "td-headers-attr": "Some table cells refer to headers that do not exist, so a screen reader may misread the table.",
  "th-has-data-cells": "Some table headers have no cells under them, so a screen reader may misread the table.",
  "nested-interactive":
    "Some controls are placed inside other controls, so keyboard and screen reader users may not reach or understand them.",
  "select-name": "Some drop-down lists have no label, so screen reader users may not know what to choose.",
  "document-title": "Some pages have no title, so people cannot tell browser tabs apart.",
  "html-has-lang": "Some pages do not say what language they are in, so a screen reader may pronounce them wrongly.",
  "image-alt": "Some images have no text alternative, so screen reader users miss what they show.",
  "frame-title": "Some embedded frames have no title, so screen reader users cannot tell what they contain.",
  "autocomplete-valid":
    "Some fields ask for personal details without saying what they are, so browsers cannot fill them in for people.",
  "target-size": "Some links or buttons are too small or too close together to be easy to press.",
  "scrollable-region-focusable": "Some areas that scroll cannot be reached with a keyboard.",
};

/** "wcag143" → "1.4.3"; "wcag1410" → "1.4.10"; null for a tag that is not a success criterion. */
export function criterionFromTag(tag: string): string | null {
  const match = /^wcag(\d)(\d)(\d{1,2})$/.exec(tag);
  return match ? `${match[1]}.${match[2]}.${match[3]}` : null;
}

export function complianceStatus(results: AxeResults): ComplianceStatus {
  const anyViolation = results.pages.some((page) => page.violations.length > 0);
  return !anyViolation && results.manualAudit ? "fully compliant" : "partially compliant";
}

export function accessibilityStatement(results: AxeResults): AccessibilityStatement {
  const failed = new Map<string, FailedRule>();
  for (const page of results.pages) {
    for (const violation of page.violations) {
      const rule = failed.get(violation.rule) ?? {
        rule: violation.rule,
        impact: violation.impact,
        help: violation.help,
        meaning: MEANINGS[violation.rule] ?? violation.description,
        helpUrl: violation.helpUrl,
        criteria: violation.criteria.map((number) => ({ number, name: CRITERIA[number] ?? "" })),
        pages: [],
      };
      // A rule's impact is that of its worst failure anywhere.
      if (AXE_IMPACTS.indexOf(violation.impact) < AXE_IMPACTS.indexOf(rule.impact)) rule.impact = violation.impact;
      rule.pages.push({ path: page.path, name: page.name });
      failed.set(violation.rule, rule);
    }
  }
  const failedRules = [...failed.values()].sort(
    (a, b) => AXE_IMPACTS.indexOf(a.impact) - AXE_IMPACTS.indexOf(b.impact) || a.rule.localeCompare(b.rule),
  );
  const failedRulesByImpact = Object.fromEntries(
    AXE_IMPACTS.map((impact) => [impact, failedRules.filter((rule) => rule.impact === impact).length]),
  ) as Record<AxeImpact, number>;
  const review = new Map<string, AccessibilityStatement["checksNeedingReview"][number]>();
  for (const page of results.pages) {
    for (const check of page.needsReview) {
      const entry = review.get(check.rule) ?? { ...check, pages: [] };
      entry.pages.push({ path: page.path, name: page.name });
      review.set(check.rule, entry);
    }
  }
  return {
    status: complianceStatus(results),
    checkedOn: results.checkedOn,
    axeCoreVersion: results.axeCoreVersion,
    browser: results.browser,
    standard: "WCAG 2.2 AA",
    manualAudit: results.manualAudit,
    pagesChecked: results.pages.map((page) => ({
      path: page.path,
      name: page.name,
      viewedAs: page.viewedAs,
      violations: page.violations.length,
    })),
    failedRulesByImpact,
    failedRules,
    checksNeedingReview: [...review.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
    reportEmail: REPORT_EMAIL,
    replyWorkingDays: REPLY_WORKING_DAYS,
  };
}

/** The statement as the portal's last recorded axe run supports it. */
export function currentAccessibilityStatement(): AccessibilityStatement {
  return accessibilityStatement(AxeResultsSchema.parse(recordedResults));
}
