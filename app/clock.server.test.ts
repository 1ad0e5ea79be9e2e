// The portal's clock: tests can stop and move it; a process outside test mode (a production
// server above all) cannot, whatever it calls.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, now, releaseClock, stopClock } from "./clock.server";
import { projectRoot } from "../db/project-root.server";

const run = promisify(execFile);

afterEach(() => {
  releaseClock();
});

/** Runs `script` against the clock module in a fresh Node process with NODE_ENV as given; its stdout. */
async function inProcess(nodeEnv: string | undefined, script: string): Promise<string> {
  // vitest's own markers go too: only NODE_ENV may decide.
  const env: Record<string, string | undefined> = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "NODE_ENV"),
  );
  if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
  const code = `const clock = await import("./app/clock.server.ts"); ${script}`;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: projectRoot(),
    // The project's typing says NODE_ENV is always set; leaving it out is the point of one case.
    env: env as NodeJS.ProcessEnv,
  });
  return stdout.trim();
}

const ATTEMPTS = `
  const results = [];
  for (const [name, move] of [
    ["stop", () => clock.stopClock(new Date("2001-01-01T00:00:00Z"))],
    ["advance", () => clock.advanceClock(365 * 24 * 60 * 60 * 1000)],
  ]) {
    try { move(); results.push(name + ": moved"); } catch (error) { results.push(name + ": " + error.message); }
  }
  const drift = Math.abs(clock.now().getTime() - Date.now());
  results.push(drift < 60000 ? "now: real time" : "now: " + clock.now().toISOString());
  console.log(JSON.stringify(results));
`;

describe("the clock", () => {
  it("in tests, stops where it is told and moves only when moved", () => {
    const at = new Date("2026-03-29T00:30:00Z");
    expect(stopClock(at)).toEqual(at);
    expect(now()).toEqual(at);
    expect(advanceClock(90 * 60 * 1000)).toEqual(new Date("2026-03-29T02:00:00Z"));
    expect(now()).toEqual(new Date("2026-03-29T02:00:00Z"));
    expect(() => advanceClock(-1)).toThrow(/only moves forward/);
    releaseClock();
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(60_000);
  });

  it.each([["production"], ["development"], [undefined]])(
    "cannot be stopped or moved when NODE_ENV is %s",
    async (nodeEnv) => {
      const results = JSON.parse(await inProcess(nodeEnv, ATTEMPTS)) as string[];
      const mode = nodeEnv ?? "unset";
      expect(results).toEqual([
        `stop: The clock cannot be stopped outside tests (NODE_ENV is ${mode}, not test)`,
        `advance: The clock cannot be moved outside tests (NODE_ENV is ${mode}, not test)`,
        "now: real time",
      ]);
    },
  );

  it("can be moved by a process in test mode (the check above is not refusing everything)", async () => {
    const results = JSON.parse(await inProcess("test", ATTEMPTS)) as string[];
    expect(results).toEqual(["stop: moved", "advance: moved", "now: 2002-01-01T00:00:00.000Z"]);
  });
});
