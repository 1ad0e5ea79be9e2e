// Seeds the browser tests' template once per run (tests/e2e/browser.ts, makePortalTemplate): every
// browser test file's portal starts from a copy of it instead of migrating and seeding its own.
import type { TestProject } from "vitest/node";
import { chromiumMissing, makePortalTemplate } from "../e2e/browser";

export default async function setup(project: TestProject) {
  // Without Chromium every browser test is skipped: nothing will copy a template.
  if (chromiumMissing) {
    project.provide("portalTemplate", null);
    return;
  }
  const { template, remove } = await makePortalTemplate();
  project.provide("portalTemplate", template);
  return remove;
}
