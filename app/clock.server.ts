// The portal's clock: what time it is, for rules that depend on time. Tests may stop and move it; nothing else can.
//
// Read the time with now() and hand it to SQL as a parameter (`where wait_until > ${now()}`),
// never the database's now(), so that a test moving the clock moves every rule with it
// (decision 018). The state lives on globalThis because the test process loads this module twice:
// from source (the test) and inside the Remix build (the routes); both must read one clock.

type ClockState = { stoppedAt: number | null };

const holder = globalThis as { __portalClock?: ClockState };

function state(): ClockState {
  holder.__portalClock ??= { stoppedAt: null };
  return holder.__portalClock;
}

/** The time now, as every time rule of the portal sees it. */
export function now(): Date {
  return new Date(state().stoppedAt ?? Date.now());
}

// Checked on every call, by the copy of this module that is called: the Remix build is compiled
// with NODE_ENV=production, so the routes' copy refuses even inside the test process. vitest sets
// NODE_ENV=test; a server never runs with it.
function refuseOutsideTests(action: string) {
  const mode = process.env.NODE_ENV;
  if (mode !== "test") {
    throw new Error(`The clock cannot be ${action} outside tests (NODE_ENV is ${mode ?? "unset"}, not test)`);
  }
}

/** Tests only: stops the clock at `at` (now if omitted) until it is moved on or let go. */
export function stopClock(at: Date = new Date()): Date {
  refuseOutsideTests("stopped");
  state().stoppedAt = at.getTime();
  return now();
}

/** Tests only: moves the stopped (or, if running, the current) time on by `ms`, and keeps it stopped there. */
export function advanceClock(ms: number): Date {
  refuseOutsideTests("moved");
  if (!Number.isFinite(ms) || ms < 0) throw new Error("The clock only moves forward");
  state().stoppedAt = (state().stoppedAt ?? Date.now()) + ms;
  return now();
}

/** Lets the clock run with real time again. Harmless anywhere: it can only undo a test's stop. */
export function releaseClock() {
  state().stoppedAt = null;
}
