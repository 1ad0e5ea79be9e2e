// Runs before every test file: a console.error fails the test that caused it (as in the Epic
// Stack), because silent React and server errors hide bugs. A test that means to cause one calls
// `expectConsoleError()` from tests/setup/console.ts.
import { afterAll, afterEach, beforeEach, vi } from "vitest";
import { releaseClock } from "../../app/clock.server";
import { consoleErrorState } from "./console";

const originalConsoleError = console.error;

beforeEach(() => {
  consoleErrorState.calls = [];
  consoleErrorState.expected = false;
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrorState.calls.push(args);
    originalConsoleError(...args);
  });
});

afterEach(() => {
  const { calls, expected } = consoleErrorState;
  vi.mocked(console.error).mockRestore();
  if (calls.length > 0 && !expected) {
    const first = calls[0].map((a) => (a instanceof Error ? a.stack : String(a))).join(" ");
    throw new Error(
      `console.error was called ${calls.length} time(s) during this test; the first: ${first}\n` +
        "Call expectConsoleError() in the test if this is expected.",
    );
  }
});

// Integration files share their worker's modules (isolate: false in vitest.config.ts): a clock a file
// stopped must not be the next file's.
afterAll(() => {
  releaseClock();
});
