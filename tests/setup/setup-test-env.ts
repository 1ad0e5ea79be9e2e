// Runs before every test file: a console.error fails the test that caused it (as in the Epic
// Stack), because silent React and server errors hide bugs. A test that means to cause one calls
// `expectConsoleError()` from tests/setup/console.ts.
import { afterEach, beforeEach, vi } from "vitest";
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
