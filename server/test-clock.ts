// Browser tests only: the test process that started this portal moves its clock over the IPC channel
// it opened. Nothing listens unless NODE_ENV=test and PORTAL_TEST_CLOCK say so (decision 020).
import type { Config } from "../app/config.server";
import { advanceClock, now, releaseClock, stopClock } from "../app/clock.server";

/** What the test sends: stop at a time, move on by some milliseconds, let go, or only read. */
export type ClockMessage = {
  clock: { stopAt: string } | { advanceMs: number } | { release: true } | { read: true };
};

/** What the portal answers to each: its time afterwards, or why it refused. */
export type ClockReply = { clock: string } | { clockError: string };

function isClockMessage(message: unknown): message is ClockMessage {
  return typeof message === "object" && message !== null && "clock" in message;
}

function apply(request: ClockMessage["clock"]): Date {
  if ("stopAt" in request) return stopClock(new Date(request.stopAt));
  if ("advanceMs" in request) return advanceClock(request.advanceMs);
  if ("release" in request) releaseClock();
  return now();
}

/**
 * Listens for clock messages from the parent process when, and only when, the configuration is in
 * test mode with PORTAL_TEST_CLOCK and the process was started with an IPC channel. Returns whether
 * it listens. The clock's own setters refuse outside NODE_ENV=test as well.
 */
export function listenForTestClock(config: Pick<Config, "testClock">, channel: NodeJS.Process = process): boolean {
  if (!config.testClock || typeof channel.send !== "function") return false;
  channel.on("message", (message: unknown) => {
    if (!isClockMessage(message)) return;
    let reply: ClockReply;
    try {
      reply = { clock: apply(message.clock).toISOString() };
    } catch (error) {
      reply = { clockError: error instanceof Error ? error.message : String(error) };
    }
    channel.send?.(reply);
  });
  return true;
}
