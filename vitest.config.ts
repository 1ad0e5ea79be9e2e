// The test runner: unit and integration tests in one project, the browser tests in another beside it.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const EXCLUDE = ["node_modules/**", "build/**", "public/build/**", "data/**", "tests/.artifacts/**"];

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  esbuild: { jsx: "automatic" },
  test: {
    environment: "node",
    // The usual summary, then each file's time, slowest first.
    reporters: ["default", "./tests/setup/timing-reporter.ts"],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    // Each file starts its own database (and often an argon2-heavy sign-in or two): be generous.
    testTimeout: 30_000,
    // expect.poll waits for what a page or the mail sink will show: on two loaded cores a second
    // (the default) is not enough, and a poll ends as soon as its condition holds.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // Two worker processes: this machine kind has two cores. Both projects share the two workers, so
    // a browser test file runs beside integration files rather than after them.
    pool: "forks",
    maxWorkers: 2,
    // An empty folder (tests/e2e before its first test) is not an error.
    passWithNoTests: true,
    projects: [
      {
        extends: true,
        test: {
          name: "integration",
          // A worker runs its files one after another in one module graph (the Remix build, the app's
          // modules, PGlite's code loaded once, not once a file): a third less time. Each file still
          // opens its own database and sets its own configuration (tests/setup/database.ts); the
          // clock is released after each file (tests/setup/setup-test-env.ts).
          isolate: false,
          include: ["tests/**/*.test.ts", "app/**/*.test.ts"],
          exclude: [...EXCLUDE, "tests/e2e/**"],
          // One migrated database per run, copied by each file.
          globalSetup: ["tests/setup/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          // As for integration: a worker runs its files in one module graph, and so in one Chromium
          // (workerBrowser in tests/e2e/browser.ts); each file has its own portal and browser contexts.
          isolate: false,
          include: ["tests/e2e/**/*.test.ts"],
          exclude: EXCLUDE,
          // The demo data seeded once per run, copied by each file's portal.
          globalSetup: ["tests/setup/browser-global-setup.ts"],
        },
      },
    ],
  },
});
