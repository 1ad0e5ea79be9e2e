// Prints each test file's time at the end of a run, slowest first, so a slow file is seen at once.
import type { Reporter, TestModule } from "vitest/node";

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`.padStart(8);
}

export default class TimingReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const rows = testModules.map((module) => {
      const d = module.diagnostic();
      const total = d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration + d.duration;
      return { file: module.relativeModuleId, total, tests: [...module.children.allTests()].length };
    });
    if (rows.length === 0) return;
    rows.sort((a, b) => b.total - a.total);
    const sum = rows.reduce((s, r) => s + r.total, 0);
    const lines = rows.map((r) => `${seconds(r.total)}  ${String(r.tests).padStart(5)} tests  ${r.file}`);
    process.stdout.write(
      `\nTime per test file (import, set-up and tests; files run in parallel, so these add up to more than the wall clock):\n${lines.join("\n")}\n${seconds(sum)}  in all, ${rows.length} files\n\n`,
    );
  }
}
