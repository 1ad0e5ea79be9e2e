// Every environment variable the portal reads, parsed and checked once at start.
import path from "node:path";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  // The role that owns the schema and runs migrations; DATABASE_URL's role then only queries.
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  // Where uploaded files' bytes live; unset: the database with DATABASE_URL, disk for the embedded demo.
  FILE_STORE: z.enum(["database", "disk"]).optional(),
  PUBLIC_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("AI Imaging Platform procurement <no-reply@ai-imaging.example.nhs.uk>"),
  TRUST_PROXY: z.string().optional(),
  DEMO: flag.optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(2000),
  HOUSEKEEPING_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  PAGE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // Overload control (server/app.ts, decision 028): requests in progress at once, and the wait a
  // refused one is told to leave before trying again. 16: a little above the ten database
  // connections each server holds, on two cores; more only queue inside, slowing the bid submits.
  MAX_REQUESTS_IN_PROGRESS: z.coerce.number().int().min(1).max(100_000).default(16),
  OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  CLARIFICATION_DIGEST_QUIET_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(2 * 60_000),
  CLARIFICATION_DIGEST_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
  OCDS_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}$/, "must be ocds- and six lowercase letters or digits (the prefix registered with OCP)")
    .default("ocds-aiimg1"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  AUDIT_CHAIN_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  AUDIT_MAILBOX: z.string().email("must be an email address").optional(),
  // Browser tests only: the test process that started this portal may move its clock (decision 020).
  PORTAL_TEST_CLOCK: flag.optional(),
});

/**
 * Keys the audit chain where no AUDIT_CHAIN_KEY is set (never in production). Anyone can read it
 * here, so a chain keyed with it proves no more than a plain hash chain.
 */
export const DEMO_AUDIT_CHAIN_KEY = "DEMO-ONLY-audit-chain-key-PUBLIC-set-AUDIT_CHAIN_KEY-in-production";

export type Config = ReturnType<typeof parseConfig>;

/** `npm start` passes it: the friendly demo of a fresh clone. `npm run serve` does not. */
export const DEMO_ARGUMENT = "--demo";

// The settings the one DEMO switch replaced. One still asking for the demo is refused by name, so
// that nobody relies on it unheard; one saying "false" asks for what is now the default.
const REPLACED_BY_DEMO = ["DEMO_INSTANCE", "SEED_DEMO_DATA"] as const;
const OFF = new Set(["false", "0", "no", ""]);

/**
 * Parses the environment (and the server's command-line arguments, for `--demo`). Throws a message
 * naming every bad value; in production it also refuses the demo, whoever asked for it.
 */
export function parseConfig(env: Record<string, string | undefined> = process.env, argv: readonly string[] = []) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const embedded = !e.DATABASE_URL;
  const replaced = REPLACED_BY_DEMO.filter((name) => env[name] !== undefined && !OFF.has(env[name] ?? ""));
  if (replaced.length > 0) {
    throw new Error(
      `Invalid configuration: ${replaced.join(" and ")} no longer exist${replaced.length === 1 ? "s" : ""}. ` +
        "The demo is one switch, DEMO=true (npm start sets it); unset " +
        `${replaced.length === 1 ? "it" : "them"}.`,
    );
  }
  const demoArgument = argv.includes(DEMO_ARGUMENT);
  if (demoArgument && e.DEMO === false) {
    throw new Error(
      "Invalid configuration: DEMO=false, but `npm start` runs the demo. Start without the demo with `npm run serve`.",
    );
  }
  // Being the demo is only ever asked for: never inferred from the database or anything else.
  const demoInstance = demoArgument || e.DEMO === true;
  if (production) {
    if (demoInstance) {
      throw new Error(
        `Invalid configuration: NODE_ENV=production with the demo asked for (${demoArgument ? "`npm start` runs the demo" : "DEMO=true"}). ` +
          "The demo seeds accounts whose password is published and lets them skip two-factor sign-in, so production " +
          "never runs it. Start a real deployment with `npm run serve` and DEMO unset, then create the first admin " +
          "with `npm run admin:create -- --email <address> --name <name>`.",
      );
    }
    const missing = [
      !e.SESSION_SECRET && "SESSION_SECRET",
      !e.PUBLIC_URL && "PUBLIC_URL",
      !e.AUDIT_CHAIN_KEY && "AUDIT_CHAIN_KEY",
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new Error(`Invalid configuration: NODE_ENV=production needs ${missing.join(" and ")}`);
    }
  }
  if (e.DATABASE_OWNER_URL && embedded) {
    throw new Error(
      "Invalid configuration: DATABASE_OWNER_URL needs DATABASE_URL (the role the portal's queries run as)",
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    production,
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    // Used only to migrate (and grant DATABASE_URL's role what it needs); unset: one role does both.
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    databaseDriver: embedded ? ("pglite" as const) : ("postgres" as const),
    pgliteDir: path.join(dataDir, "pglite"),
    // Uploads' bytes: in the database, which every app server shares (decision 025), or on disk
    // under uploadsDir. Files being received are written under uploadsDir/tmp either way.
    fileStore: e.FILE_STORE ?? (embedded ? ("disk" as const) : ("database" as const)),
    uploadsDir: path.join(dataDir, "uploads"),
    mailDir: path.join(dataDir, "mail"),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    // Only signs the short-lived notice cookie; sessions are random tokens held in the database.
    sessionSecret: e.SESSION_SECRET ?? "embedded-demo-instance-secret-not-for-production",
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    // The demo: its banner, its accounts seeded into an empty database, those accounts free to
    // skip two-factor sign-in, and the Sent mail page showing the links and codes mail carries.
    demoInstance,
    outboxPollMs: e.OUTBOX_POLL_MS,
    // Reminders, clarification digests and expired-session clean-up run this often.
    housekeepingIntervalMs: e.HOUSEKEEPING_INTERVAL_MS,
    // After SIGTERM the server reports not ready and keeps serving this long, so that a load
    // balancer moves new requests elsewhere; requests then in flight get as long again to finish.
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    // How long a page marked shareable may be sent again to the same caller while nothing new has
    // been recorded (decision 030); 0 turns the page cache off.
    pageCacheMs: e.PAGE_CACHE_MS,
    // Beyond this many requests in progress, a new page view or upload is answered 503 with
    // Retry-After before its body is read; a bid submit, its receipt and the health checks never are.
    maxRequestsInProgress: e.MAX_REQUESTS_IN_PROGRESS,
    overloadRetryAfterSeconds: e.OVERLOAD_RETRY_AFTER_SECONDS,
    // Answers published close together go out as one email: once publishing has been quiet this
    // long, or the oldest waiting answer has waited the longest wait.
    clarificationDigestQuietMs: e.CLARIFICATION_DIGEST_QUIET_MS,
    clarificationDigestMaxWaitMs: e.CLARIFICATION_DIGEST_MAX_WAIT_MS,
    ocdsPrefix: e.OCDS_PREFIX,
    logLevel: e.LOG_LEVEL,
    // The audit chain's HMAC key (app/audit/chain.server.ts); the demo key is public.
    auditChainKey: e.AUDIT_CHAIN_KEY ?? DEMO_AUDIT_CHAIN_KEY,
    auditChainKeyIsDemo: !e.AUDIT_CHAIN_KEY,
    // Where the chain's head is anchored outside the database, and who is emailed each anchor.
    auditAnchorFile: path.resolve(e.AUDIT_ANCHOR_FILE ?? path.join(dataDir, "audit-anchors.jsonl")),
    auditMailbox: e.AUDIT_MAILBOX,
    // Only with NODE_ENV=test: anywhere else the flag is ignored (and the server warns).
    testClock: e.PORTAL_TEST_CLOCK === true && e.NODE_ENV === "test",
    testClockIgnored: e.PORTAL_TEST_CLOCK === true && e.NODE_ENV !== "test",
  };
}

// Express's `trust proxy`: false (default), a hop count, or a list of addresses/subnets.
function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === "false" || value === "0") return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "true") return 1;
  return value;
}

// Held on globalThis: the server entry and the Remix bundle each load this module once.
const holder = globalThis as { __portalConfig?: Config };

export function config(): Config {
  holder.__portalConfig ??= parseConfig();
  return holder.__portalConfig;
}

// Tests and the server start set the configuration explicitly.
export function setConfig(next: Config) {
  holder.__portalConfig = next;
}
