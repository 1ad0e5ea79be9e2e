// The test runner: unit tests beside their modules, integration and browser tests under tests/.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  esbuild: { jsx: "automatic" },
  test: {
    include: ["tests/**/*.test.ts", "app/**/*.test.ts"],
    exclude: ["node_modules/**", "build/**", "public/build/**", "data/**", "tests/.artifacts/**"],
    environment: "node",
    globalSetup: ["tests/setup/global-setup.ts"],
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
    // A fresh process per file, two at a time: this machine kind has two cores.
    pool: "forks",
    maxWorkers: 2,
    // An empty folder (tests/e2e before its first test) is not an error.
    passWithNoTests: true,
  },
});
