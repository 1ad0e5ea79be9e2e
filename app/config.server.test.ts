// The shutdown grace period's setting: a default, a value, and a bad value named at start.
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.server";

describe("SHUTDOWN_GRACE_MS", () => {
  it("defaults to ten seconds and takes a number of milliseconds", () => {
    expect(parseConfig({}).shutdownGraceMs).toBe(10_000);
    expect(parseConfig({ SHUTDOWN_GRACE_MS: "0" }).shutdownGraceMs).toBe(0);
    expect(parseConfig({ SHUTDOWN_GRACE_MS: "2500" }).shutdownGraceMs).toBe(2500);
  });

  it.each(["-1", "soon", "1.5"])("refuses %s, naming the variable", (value) => {
    expect(() => parseConfig({ SHUTDOWN_GRACE_MS: value })).toThrow(/SHUTDOWN_GRACE_MS/);
  });
});
