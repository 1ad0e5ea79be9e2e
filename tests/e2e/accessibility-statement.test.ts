// The accessibility statement cannot drift from the portal: axe, run afresh on every audited page,
// must find exactly what app/accessibility/axe-results.json (which the statement is built from) says.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  auditOutcome,
  readRecordedResults,
  RESULTS_FILE,
  runAccessibilityAudit,
  UPDATE_COMMAND,
} from "./accessibility-audit";
import { describeInBrowser, closeContexts, workerBrowser, startPortal, type RunningPortal } from "./browser";

describeInBrowser("the accessibility statement's axe results", () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), workerBrowser()]);
  }, 150_000);

  afterAll(async () => {
    await closeContexts(browser);
    await portal?.stop();
  });

  it(
    "finds on every audited page exactly the failed rules the published statement lists",
    { timeout: 480_000 },
    async () => {
      const [recorded, fresh] = await Promise.all([readRecordedResults(), runAccessibilityAudit(browser, portal)]);
      expect(
        auditOutcome(fresh),
        `axe's results differ from ${RESULTS_FILE}, so the accessibility statement at /accessibility is out of date: ` +
          `run \`${UPDATE_COMMAND}\`, read what changed, and commit the file`,
      ).toEqual(auditOutcome(recorded));
      expect(portal.serverErrors(), `the portal logged errors:\n${portal.output()}`).toEqual([]);
    },
  );
});
