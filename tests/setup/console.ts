// Lets a test declare that it expects console.error to be called (see setup-test-env.ts).
type ConsoleErrorState = { calls: unknown[][]; expected: boolean };

const holder = globalThis as { __portalConsoleErrors?: ConsoleErrorState };
export const consoleErrorState: ConsoleErrorState = (holder.__portalConsoleErrors ??= {
  calls: [],
  expected: false,
});

/** Marks console.error as expected in the current test; returns the calls so far (a live array). */
export function expectConsoleError(): unknown[][] {
  consoleErrorState.expected = true;
  return consoleErrorState.calls;
}
