// The portal process's test clock (server/test-clock.ts): a browser test moves its portal's clock
// over the IPC channel it opened, and no portal outside test mode listens, whatever it is sent.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../db/project-root.server";

// What server/index.ts does at start, then a probe of this test's own that reports the clock.
const PORTAL_START = `
  const { parseConfig } = await import("./app/config.server.ts");
  const { listenForTestClock } = await import("./server/test-clock.ts");
  const clock = await import("./app/clock.server.ts");
  const config = parseConfig();
  const listening = listenForTestClock(config);
  process.on("message", (message) => {
    if (!message || !message.probe) return;
    process.send({ probe: { listening, ignored: config.testClockIgnored, now: clock.now().toISOString() } });
    process.disconnect();
  });
  process.send({ ready: true });
`;

const PRODUCTION = {
  SESSION_SECRET: "s".repeat(40),
  PUBLIC_URL: "https://portal.example",
  AUDIT_CHAIN_KEY: "k".repeat(40),
};

type Probe = { listening: boolean; ignored: boolean; now: string };

/**
 * Starts the portal's start-up code in a process of its own with `env` and an IPC channel, sends it
 * a message that stops its clock in 2001, and returns what came back: the clock replies, then the
 * probe (messages arrive in order, so the stop has been handled, if at all, before the probe).
 */
async function sendStop(env: Record<string, string | undefined>) {
  // Only what is given decides: vitest's NODE_ENV and markers are left out.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "NODE_ENV" && !name.startsWith("VITEST")),
  );
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", PORTAL_START], {
    cwd: projectRoot(),
    env: { ...base, ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const replies: unknown[] = [];
  const probe = await new Promise<Probe>((resolve, reject) => {
    child.on("message", (message: { ready?: true; probe?: Probe }) => {
      if (message.ready) {
        child.send({ clock: { stopAt: "2001-01-01T00:00:00.000Z" } });
        child.send({ probe: true });
      } else if (message.probe) resolve(message.probe);
      else replies.push(message);
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}) before the probe: ${stderr}`)));
  });
  child.kill();
  return { replies, probe };
}

describe("the portal's test clock", () => {
  it.each([
    ["production", { NODE_ENV: "production", ...PRODUCTION }],
    ["development", { NODE_ENV: "development" }],
    ["unset", {}],
  ])("is not listened for when NODE_ENV is %s, even with PORTAL_TEST_CLOCK", async (_mode, env) => {
    const started = Date.now();
    const { replies, probe } = await sendStop({ ...env, PORTAL_TEST_CLOCK: "true" });
    expect(replies).toEqual([]);
    expect(probe.listening).toBe(false);
    expect(probe.ignored).toBe(true);
    // Still the real time: read after this test began, not 2001.
    expect(new Date(probe.now).getTime()).toBeGreaterThanOrEqual(started);
  });

  it("is not listened for in test mode unless PORTAL_TEST_CLOCK asks for it", async () => {
    const started = Date.now();
    const { replies, probe } = await sendStop({ NODE_ENV: "test" });
    expect(replies).toEqual([]);
    expect(probe).toMatchObject({ listening: false, ignored: false });
    expect(new Date(probe.now).getTime()).toBeGreaterThanOrEqual(started);
  });

  it("moves when NODE_ENV=test and PORTAL_TEST_CLOCK ask for it (the checks above refuse something that works)", async () => {
    const { replies, probe } = await sendStop({ NODE_ENV: "test", PORTAL_TEST_CLOCK: "true" });
    expect(replies).toEqual([{ clock: "2001-01-01T00:00:00.000Z" }]);
    expect(probe).toEqual({ listening: true, ignored: false, now: "2001-01-01T00:00:00.000Z" });
  });
});
