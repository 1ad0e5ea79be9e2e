// Settings read at start: the overload limits and the shutdown grace period, each with a default, a value, and a bad value named.
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.server";

describe("MAX_REQUESTS_IN_PROGRESS and OVERLOAD_RETRY_AFTER_SECONDS", () => {
  it("default to 16 requests and five seconds, and take whole numbers", () => {
    expect(parseConfig({})).toMatchObject({ maxRequestsInProgress: 16, overloadRetryAfterSeconds: 5 });
    expect(parseConfig({ MAX_REQUESTS_IN_PROGRESS: "1", OVERLOAD_RETRY_AFTER_SECONDS: "30" })).toMatchObject({
      maxRequestsInProgress: 1,
      overloadRetryAfterSeconds: 30,
    });
  });

  it.each(["0", "-1", "many", "2.5"])("refuses MAX_REQUESTS_IN_PROGRESS=%s, naming the variable", (value) => {
    expect(() => parseConfig({ MAX_REQUESTS_IN_PROGRESS: value })).toThrow(/MAX_REQUESTS_IN_PROGRESS/);
  });

  it.each(["0", "soon", "1.5", "3601"])("refuses OVERLOAD_RETRY_AFTER_SECONDS=%s, naming the variable", (value) => {
    expect(() => parseConfig({ OVERLOAD_RETRY_AFTER_SECONDS: value })).toThrow(/OVERLOAD_RETRY_AFTER_SECONDS/);
  });
});

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
