// Browser-test harness: the real portal as a child process (its own database, DATA_DIR and SMTP
// sink), Debian's Chromium driven by playwright-core, axe checks and screenshots of every page.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import postgres from "postgres";
import { describe, expect, inject } from "vitest";
import type { ClockMessage, ClockReply } from "../../server/test-clock";
import { createRuntimeRole, databaseUrl as testDatabaseUrl, TEST_RUNTIME_ROLE } from "../setup/global-setup";
import { startSmtpSink, type SmtpSink } from "../setup/smtp-sink";
import { freePort } from "../support/free-port";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const ARTIFACTS_DIR = path.join(ROOT, "tests", ".artifacts", "e2e");

// ---------------------------------------------------------------------------------------------
// Chromium
// ---------------------------------------------------------------------------------------------

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Why the browser tests cannot run here, or null when Chromium is installed. */
export const chromiumMissing: string | null = existsSync(CHROMIUM_PATH)
  ? null
  : `no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`;

// As root Chromium needs --no-sandbox; the rest stop it spending its time on refused connections.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * A describe block that runs only where Chromium is installed; elsewhere it is reported as
 * skipped, with the command that installs Chromium in its name.
 */
export function describeInBrowser(name: string, body: () => void) {
  if (chromiumMissing) {
    console.warn(`Browser tests skipped (${name}): ${chromiumMissing}`);
    return describe.skip(`${name} [skipped: ${chromiumMissing}]`, body);
  }
  // A browser test drives pages, sign-ins (argon2) and a portal on two shared cores: minutes, not
  // the 30 s an integration test gets. A test that needs longer says so itself.
  return describe(name, { timeout: 180_000 }, body);
}

/** A browser set up as a UK user's: British English (dates as dd/mm/yyyy) and UK time. */
export const UK_USER = { locale: "en-GB", timezoneId: "Europe/London" } as const;

/** Starts Chromium; playwright gives every launch a fresh temporary user-data-dir. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

let workerChromium: Promise<Browser> | null = null;

/**
 * The Chromium of this test worker, started by the first browser test file the worker runs and
 * used by the ones after it (the browser project keeps one module graph per worker): a file gets
 * a clean browser from it, because each file works in browser contexts of its own (cookies,
 * storage, cache) and closes them with `closeContexts`. Playwright ends it when the worker exits.
 */
export async function workerBrowser(): Promise<Browser> {
  const current = await workerChromium?.catch(() => null);
  if (current?.isConnected()) return current;
  workerChromium = launchBrowser();
  return workerChromium;
}

/** Closes every context a test file opened in the worker's browser, so the next file starts clean. */
export async function closeContexts(browser: Browser | undefined) {
  if (!browser) return;
  await Promise.all(browser.contexts().map((context) => context.close()));
}

// ---------------------------------------------------------------------------------------------
// The portal, as `npm start` runs it
// ---------------------------------------------------------------------------------------------

export type RunningPortal = {
  /** http://127.0.0.1:<port>, also the portal's PUBLIC_URL, so email links come back here. */
  url: string;
  driver: "pglite" | "postgres";
  smtp: SmtpSink;
  /** The lines the portal wrote at level error (or anything on stderr that is not a log line). */
  serverErrors: () => string[];
  /** Everything the portal wrote, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
  /** The environment the portal runs with: for a command (`npm run admin:create`) run beside it. */
  env: NodeJS.ProcessEnv;
  /**
   * Stops the portal's process, runs `meanwhile` (PGlite has one process at a time: a command
   * that opens the database runs here), and starts it again on the same port, data and database.
   */
  restart: (meanwhile?: () => Promise<void>) => Promise<void>;
  /** Stops the portal's clock at `at`: its time rules see `at` until the clock is moved (decision 020). */
  setClock: (at: Date) => Promise<Date>;
  /** Moves the portal's clock on by `ms` and keeps it stopped there; resolves to its time then. */
  advanceClock: (ms: number) => Promise<Date>;
  /** The portal's time as its rules see it. */
  readClock: () => Promise<Date>;
  /** Lets the portal's clock run with real time again. */
  releaseClock: () => Promise<Date>;
  /** Asks the portal process to run one of its test hooks (tests/e2e/portal-with-hooks.ts). */
  hook: <T>(name: string, args: unknown) => Promise<T>;
  /** A new session for an account, as a successful sign-in starts one, without the form. */
  sessionCookie: (email: string) => Promise<SessionCookie>;
};

/** The portal's session cookie, as the sign-in form would have set it. */
export type SessionCookie = { name: string; value: string };

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function onServer<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const running = new Set<ChildProcess>();
// If the test process dies first, do not leave a portal behind.
process.once("exit", () => {
  for (const child of running) if (child.pid && child.exitCode === null) process.kill(child.pid, "SIGKILL");
});

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export type PortalOptions = {
  /**
   * The demo, as `npm start` runs it (the default): demo data seeded, the banner, demo accounts
   * free to skip two-factor sign-in. `false` runs it as `npm run serve` does, on an empty database
   * and without the test hooks.
   */
  demo?: boolean;
  /** More environment for the portal's process, over the defaults (e.g. NODE_ENV=production). */
  env?: Record<string, string>;
  /**
   * Runs in the test's own process before the portal starts, with the portal's database open,
   * migrated and holding the demo data (`db()` and the factories work): for a scene the demo data
   * lacks, such as a tender opened but not yet evaluated.
   */
  prepare?: () => Promise<void>;
  /**
   * What the portal starts from: by default the run's template (tests/e2e/global-setup.ts), or,
   * outside vitest, none, and the portal seeds the demo data itself as `npm start` does.
   */
  template?: PortalTemplate | null;
};

async function prepareDatabase(env: NodeJS.ProcessEnv, prepare: () => Promise<void>, demo: boolean) {
  const [{ parseConfig, setConfig }, client, { migrateForRuntime }, { seedDemoDataIfEmpty }] = await Promise.all([
    import("../../app/config.server"),
    import("../../db/client.server"),
    import("../../db/roles.server"),
    import("../../app/demo/seed"),
  ]);
  // The portal's own configuration, so that files the seed stores land in its DATA_DIR.
  const config = parseConfig(env);
  setConfig(config);
  const handle = await client.openDatabase(
    config.databaseUrl
      ? { driver: "postgres", url: config.databaseUrl }
      : { driver: "pglite", dataDir: config.pgliteDir },
  );
  client.useDatabase(handle);
  try {
    await migrateForRuntime(handle, { databaseUrl: config.databaseUrl, ownerUrl: config.databaseOwnerUrl });
    if (demo) await seedDemoDataIfEmpty();
    await prepare();
  } finally {
    await handle.close();
  }
}

/**
 * Starts the built portal (`node --import tsx server/index.ts`, after `remix build`) on a free
 * port with demo data, a fresh DATA_DIR and an SMTP sink. With DATABASE_URL set it creates a
 * database of its own on that server (dropped afterwards), which the portal queries as the test
 * runtime role and migrates as DATABASE_URL's user (DATABASE_OWNER_URL); otherwise it runs on PGlite.
 * Under vitest both start as copies of the run's template, which already holds the demo data.
 */
export async function startPortal(options: PortalOptions = {}): Promise<RunningPortal> {
  const demo = options.demo !== false;
  // The template holds the demo data: a portal run as `npm run serve` starts empty.
  const template = !demo ? null : options.template === undefined ? runTemplate() : options.template;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "portal-e2e-data-"));
  let database: PortalDatabase | null = null;
  try {
    if (template) await cp(template.dataDir, dataDir, { recursive: true });
    const serverUrl = template?.postgres?.serverUrl ?? process.env.DATABASE_URL;
    if (serverUrl) {
      // A copy of the template where there is one (CREATE DATABASE … TEMPLATE), else an empty database.
      const prefix = template?.postgres?.prefix ?? "portal_e2e_";
      database = await createPortalDatabase(
        serverUrl,
        `${prefix}${randomBytes(6).toString("hex")}`,
        template?.postgres?.template,
      );
    }
  } catch (error) {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return launchPortal({
    dataDir,
    database,
    prepare: options.prepare,
    demo,
    env: options.env,
    cleanUp: async () => {
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

type PortalDatabase = { url: string; ownerUrl: string; drop: () => Promise<void> };

async function createPortalDatabase(serverUrl: string, name: string, template?: string): Promise<PortalDatabase> {
  const from = template ? ` template ${quoteIdentifier(template)}` : "";
  await onServer(serverUrl, (sql) => sql.unsafe(`create database ${quoteIdentifier(name)}${from}`));
  return {
    ownerUrl: testDatabaseUrl(serverUrl, name),
    url: testDatabaseUrl(serverUrl, name, TEST_RUNTIME_ROLE),
    drop: () =>
      onServer(serverUrl, (sql) => sql.unsafe(`drop database if exists ${quoteIdentifier(name)} with (force)`)).then(
        () => {},
      ),
  };
}

/** Runs the portal on a DATA_DIR and database made ready by the caller, who says how to clean them up. */
async function launchPortal(setup: {
  dataDir: string;
  database: PortalDatabase | null;
  prepare?: () => Promise<void>;
  demo?: boolean;
  env?: Record<string, string>;
  cleanUp: () => Promise<void>;
}): Promise<RunningPortal> {
  if (!existsSync(path.join(ROOT, "build", "index.js"))) {
    await setup.cleanUp();
    throw new Error("No Remix build at build/index.js: run `npm run build` first (npm test does).");
  }
  const { dataDir, database } = setup;
  const smtp = await startSmtpSink();

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  const demo = setup.demo !== false;
  // Run it as `npm start` would, not as a vitest worker; NODE_ENV=test only so that this test can
  // move its clock (PORTAL_TEST_CLOCK, over the IPC channel): nothing else reads NODE_ENV=test, and
  // like an unset one it is not production.
  for (const key of Object.keys(env)) if (key === "NODE_ENV" || key.startsWith("VITEST")) delete env[key];
  delete env.DATABASE_URL;
  delete env.DATABASE_OWNER_URL;
  Object.assign(env, {
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    OUTBOX_POLL_MS: "200",
    // Housekeeping every second and a 3 s clarification digest quiet period, so that the browser
    // tests see reminders and digests without waiting minutes.
    HOUSEKEEPING_INTERVAL_MS: "1000",
    CLARIFICATION_DIGEST_QUIET_MS: "3000",
    LOG_LEVEL: "warn",
    // No load balancer waits on a test portal's readiness: stopping it need not wait.
    SHUTDOWN_GRACE_MS: "0",
    // The demo, as `npm start` runs it, on either driver: demo data seeded, and the seeded staff
    // account may skip two-factor sign-in.
    DEMO: demo ? "true" : "false",
    NODE_ENV: "test",
    PORTAL_TEST_CLOCK: "true",
    ...(database ? { DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl } : {}),
    ...setup.env,
  });

  if (setup.prepare) {
    try {
      await prepareDatabase(env, setup.prepare, demo);
    } catch (error) {
      await smtp.close();
      await setup.cleanUp();
      throw error;
    }
  }

  const lines: string[] = [];
  const errors: string[] = [];
  const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      lines.push(`[${stream}] ${line}`);
      if (lines.length > 400) lines.shift();
      if (stream === "stderr" && !/"level":"warn"/.test(line)) errors.push(line);
    }
  };
  const output = () => lines.join("\n");
  // The demo runs server/index.ts with the test hooks, which answer over the IPC channel; a portal
  // run as `npm run serve` runs server/index.ts alone.
  const launch = () => {
    const started = spawn(process.execPath, ["--import", "tsx", demo ? PORTAL_WITH_HOOKS : "server/index.ts"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    running.add(started);
    started.stdout?.on("data", collect("stdout"));
    started.stderr?.on("data", collect("stderr"));
    return started;
  };
  let child = launch();
  const hook = hookCaller(() => child, output);

  const stopProcess = async () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, "SIGTERM");
      if (!(await waitForExit(child, 15_000)) && child.exitCode === null) {
        process.kill(child.pid, "SIGKILL");
        await waitForExit(child, 5_000);
      }
    }
    running.delete(child);
  };
  const stop = async () => {
    await stopProcess();
    await smtp.close();
    await setup.cleanUp();
  };

  const driver = database ? "postgres" : "pglite";
  try {
    await waitForHealth(url, driver, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  const clock = portalClock(() => child);
  const restart = async (meanwhile?: () => Promise<void>) => {
    await stopProcess();
    await meanwhile?.();
    child = launch();
    await waitForHealth(url, driver, child, output);
  };
  return {
    url,
    driver,
    smtp,
    serverErrors: () => [...errors],
    output,
    env,
    restart,
    setClock: (at) => clock({ stopAt: at.toISOString() }),
    advanceClock: (ms) => clock({ advanceMs: ms }),
    readClock: () => clock({ read: true }),
    releaseClock: () => clock({ release: true }),
    stop,
    hook,
    sessionCookie: (email) => hook<SessionCookie>("session", { email }),
  };
}

/** Asks the portal's process about its clock (server/test-clock.ts), one request at a time. */
function portalClock(current: () => ChildProcess) {
  let previous: Promise<unknown> = Promise.resolve();
  return (request: ClockMessage["clock"]): Promise<Date> => {
    const answer = previous.then(
      () =>
        new Promise<Date>((resolve, reject) => {
          const child = current();
          const done = () => {
            child.off("message", onMessage);
            child.off("exit", onExit);
          };
          const onMessage = (reply: ClockReply) => {
            // The same channel carries the test hooks' answers: only a clock reply is for this.
            if (typeof reply !== "object" || reply === null || !("clock" in reply || "clockError" in reply)) return;
            done();
            if ("clockError" in reply) reject(new Error(`The portal refused to move its clock: ${reply.clockError}`));
            else resolve(new Date(reply.clock));
          };
          const onExit = () => {
            done();
            reject(new Error("The portal exited before it answered about its clock"));
          };
          child.on("message", onMessage);
          child.once("exit", onExit);
          child.send({ clock: request } satisfies ClockMessage);
        }),
    );
    previous = answer.catch(() => {});
    return answer;
  };
}

export type CommandResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs one of the portal's commands (`node --import tsx <script> …`) as npm would, and collects
 * what it prints. One still running after `killAfterMs` (a server that should have refused to
 * start, say) is killed, and reported with code null.
 */
export function runCommand(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  killAfterMs = 90_000,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env });
    running.add(child);
    const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

async function waitForHealth(url: string, driver: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 120_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The portal exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      const body = (await response.json()) as { database?: string };
      if (response.status === 200 && body.database === driver) return;
      last = `${response.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The portal at ${url} was not healthy within 120 s (last: ${last}):\n${output()}`);
}

// ---------------------------------------------------------------------------------------------
// The run's template: the demo data, seeded once
// ---------------------------------------------------------------------------------------------

/**
 * The state a portal is in once it has started on an empty database and seeded the demo data
 * (argon2 hashes, the evaluation seed, the PDFs it stores): made once per run by
 * tests/e2e/global-setup.ts, and copied by each browser test file's portal.
 */
export type PortalTemplate = {
  /** A DATA_DIR as the seeding portal left it: the uploads, the audit anchors, on PGlite the database. */
  dataDir: string;
  /** On PostgreSQL: the seeded database, copied with CREATE DATABASE … TEMPLATE, and the run's prefix. */
  postgres?: { serverUrl: string; template: string; prefix: string };
};

declare module "vitest" {
  export interface ProvidedContext {
    portalTemplate: PortalTemplate | null;
  }
}

/** The run's template, under vitest; a script (`npm run accessibility:update`) has none. */
function runTemplate(): PortalTemplate | null {
  return process.env.VITEST ? (inject("portalTemplate") ?? null) : null;
}

/**
 * Seeds the template: a portal started, as any, on an empty DATA_DIR (and on PostgreSQL an empty
 * database), and stopped once it is ready, which leaves its data as every later portal would make it.
 */
export async function makePortalTemplate(): Promise<{ template: PortalTemplate; remove: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "portal-e2e-template-"));
  const serverUrl = process.env.DATABASE_URL;
  let postgres: PortalTemplate["postgres"];
  let database: PortalDatabase | null = null;
  const remove = async () => {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    if (serverUrl) {
      const prefix = `portal_e2e_${randomBytes(4).toString("hex")}_`;
      postgres = { serverUrl, template: `${prefix}tmpl`, prefix };
      await onServer(serverUrl, (sql) => createRuntimeRole(sql, TEST_RUNTIME_ROLE));
      database = await createPortalDatabase(serverUrl, postgres.template);
    }
    // Stopping it closes its database: a template may have no connection open when it is copied.
    const seeding = await launchPortal({ dataDir, database, cleanUp: async () => {} });
    await seeding.stop();
  } catch (error) {
    await remove();
    throw error;
  }
  return { template: { dataDir, postgres }, remove };
}

// ---------------------------------------------------------------------------------------------
// Test hooks in the portal process
// ---------------------------------------------------------------------------------------------

const PORTAL_WITH_HOOKS = path.join("tests", "e2e", "portal-with-hooks.ts");

type HookAnswer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Sends hook requests to the portal over its IPC channel and matches each answer to its request. */
function hookCaller(current: () => ChildProcess, output: () => string) {
  let next = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let listening: ChildProcess | null = null;
  const onMessage = (message: HookAnswer) => {
    if (typeof message !== "object" || message === null || !("id" in message)) return;
    const request = waiting.get(message.id);
    if (!request) return;
    waiting.delete(message.id);
    if (message.ok) request.resolve(message.value);
    else request.reject(new Error(message.error));
  };
  const onExit = () => {
    for (const request of waiting.values()) request.reject(new Error(`The portal exited:\n${output()}`));
    waiting.clear();
  };
  // The portal's process changes when it is restarted: listen to the one running now.
  const listen = (child: ChildProcess) => {
    if (listening === child) return;
    listening?.off("message", onMessage);
    listening?.off("exit", onExit);
    child.on("message", onMessage);
    child.once("exit", onExit);
    listening = child;
  };
  return <T>(name: string, args: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const child = current();
      listen(child);
      const id = (next += 1);
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, hook: name, args }, (error) => {
        if (!error) return;
        waiting.delete(id);
        reject(error);
      });
    });
}

// ---------------------------------------------------------------------------------------------
// Pages: hydration, screenshots, axe
// ---------------------------------------------------------------------------------------------

/**
 * Waits until React has hydrated the page (root.tsx marks <html data-hydrated> from an effect, which
 * runs once the page's handlers are attached), so a submit goes through the client-side handlers,
 * and until Remix has no navigation, revalidation or fetcher on its way.
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(
    () => {
      type RouterState = {
        initialized: boolean;
        navigation: { state: string };
        revalidation: string;
        fetchers: Map<string, { state: string }>;
      };
      const remix = (window as unknown as { __remixRouter?: { state: RouterState } }).__remixRouter;
      const form = document.querySelector("main form");
      const hydrated = form ? Object.keys(form).some((key) => key.startsWith("__reactProps$")) : true;
      const settled =
        remix?.state.navigation.state === "idle" &&
        remix.state.revalidation === "idle" &&
        [...remix.state.fetchers.values()].every((fetcher) => fetcher.state === "idle");
      return (
        document.documentElement.dataset.hydrated === "true" && Boolean(remix?.state.initialized) && settled && hydrated
      );
    },
    undefined,
    // Poll on a timer: the default (animation frames) may never fire in a headless page that is
    // not in front, with several open at once.
    { polling: 100 },
  );
}

const DASHBOARD = /\/(staff|supplier|evaluator|admin)$/;

/**
 * For tests whose subject is not the sign-in form: a new browser context of a UK user holding a
 * session the portal started for `email` as a sign-in would (tests/e2e/portal-with-hooks.ts), without
 * the form's argon2 check; returns its page on the person's dashboard, where the form sends them.
 */
export async function signedInPage(
  browser: Browser,
  portal: RunningPortal,
  email: string,
  options: { javaScriptEnabled?: boolean } = {},
) {
  const [context, cookie] = await Promise.all([
    browser.newContext({ ...UK_USER, baseURL: portal.url, ...options }),
    portal.sessionCookie(email),
  ]);
  await context.addCookies([{ ...cookie, url: portal.url, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto("/dashboard");
  await page.waitForURL(DASHBOARD);
  return page;
}

/**
 * Screenshots are for people to look at, not checks: taken only when E2E_SCREENSHOTS=1 (a full-page
 * PNG costs a quarter to a full second of the run's two cores, and nothing reads it in CI).
 */
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS === "1";

/** Saves a full-page screenshot under tests/.artifacts/e2e/ for people to look at (E2E_SCREENSHOTS=1). */
export async function saveScreenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return null;
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^a-zA-Z0-9_-]+/g, "-")}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

type AxeResult = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

function describeViolation(violation: AxeResult): string {
  const nodes = violation.nodes
    .slice(0, 5)
    .map((node) => `    - ${node.target.join(" ")}\n      ${(node.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
    .join("\n");
  return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
}

/**
 * axe with the WCAG 2.2 AA rules, run in the page itself (axe.run, "legacy mode"): the portal's pages
 * have no frames, so this is the same check as the default, which runs axe per frame and then opens
 * a blank page to merge the frames' results, loading axe's 500 kB source a second time (a third of
 * every check's time).
 */
export function axeOn(page: Page): AxeBuilder {
  // Not `resultTypes: ["violations"]`: it is quicker, but not the same check. With it axe reported
  // empty-table-header on the evaluator's list of bids, which the full run passes.
  return new AxeBuilder({ page }).setLegacyMode(true).withTags(WCAG_TAGS);
}

/** Runs axe on the page as it is now: no serious or critical WCAG 2.2 AA violation may remain. */
export async function expectNoSeriousViolations(page: Page) {
  const results = await axeOn(page).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (serious.length > 0) {
    const report = serious.map(describeViolation).join("\n");
    process.stderr.write(`axe found ${serious.length} serious or critical violation(s) on ${page.url()}:\n${report}\n`);
  }
  expect(serious.map(describeViolation), `axe violations on ${page.url()}`).toEqual([]);
}

/** What every visited page gets: a screenshot, then the axe check. */
export async function checkPage(page: Page, name: string) {
  await saveScreenshot(page, name);
  await expectNoSeriousViolations(page);
}

/**
 * axe for a page opened with `javaScriptEnabled: false`, where axe itself cannot run (its timers
 * never fire): the same server-rendered DOM, without scripts, is checked in a script-enabled page
 * at the same origin, so stylesheets and colours are the real ones.
 */
export async function expectNoSeriousViolationsWithoutJavaScript(page: Page) {
  const browser = page.context().browser();
  if (!browser) throw new Error("The page has no browser to open a checking page in");
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  const address = new URL("/__axe-snapshot", page.url()).toString();
  const context = await browser.newContext(UK_USER);
  try {
    const checking = await context.newPage();
    await checking.route(address, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
    await checking.goto(address);
    await checking.waitForLoadState("load");
    await expectNoSeriousViolations(checking);
  } finally {
    await context.close();
  }
}
