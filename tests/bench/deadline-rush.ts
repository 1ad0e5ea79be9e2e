// A deadline rush: 500 supplier organisations, each with a complete draft bid but for its file,
// arrive one every 20 ms over 10 seconds; each uploads a 1 MB PDF through the upload route, submits
// with its declaration and opens its receipt, as a browser would. The bid deadline falls 10 s
// after the first arrival, so the last ones may meet it: they must be refused and recorded in the
// late-bids register. Afterwards every receipt the clients were shown is checked against the
// database ("lost": accepted but missing, or a digest that differs). The production build runs in
// a child process on its own database (a new PostgreSQL database, or PGlite in that process when
// DATABASE_URL is unset or the bench asks for it), so that its memory and CPU are the server's alone;
// that process also seeds and checks, over IPC, since an embedded PGlite has no other way in. A
// bidder turned away with 503 tries again after its Retry-After, as a person would.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { eq, inArray } from "drizzle-orm";
import postgres from "postgres";
import { hashPassword } from "../../app/auth/passwords.server";
import { startSession } from "../../app/auth/session.server";
import { submissionDigest, type SubmissionContent } from "../../app/bids/receipt.server";
import { db } from "../../db/client.server";
import {
  bidAnswers,
  bids,
  bidSubmissions,
  lateBidAttempts,
  organisations,
  procurementInterests,
  procurements,
  users,
} from "../../db/schema";
import { simplePdf } from "../../app/demo/seed-tender";
import { createPublishedTender } from "../factories/tenders";
import { direct, loadBalancer, type Answer, type Send, type SendInit } from "./load-balancer";

// RUSH_SUPPLIERS runs a smaller or larger rush (same 10 s window): 100 to see the portal's latency
// unloaded, 2000 for four times the rate.
const SUPPLIERS = Number(process.env.RUSH_SUPPLIERS ?? 500);
const WINDOW_MS = 10_000;
const FILE_BYTES = 1024 * 1024;
const SLUG = "deadline-rush";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type Outcome = {
  n: number;
  /** The server that gave the last answer (through the load balancer, when there are two). */
  server?: string;
  uploadMs: number | null;
  submitMs: number | null;
  totalMs: number | null;
  finishedAt: number;
  result: "accepted" | "refused" | "error";
  /** The upload's connection was closed before its response could be read. */
  cutOff?: boolean;
  reference?: string;
  /** The digest the receipt page showed the supplier. */
  digest?: string;
  detail?: string;
  /** When the bidder first sent its submit (performance.now()), if it got that far. */
  submitSentAt?: number;
  /** Answers 503 (overload) the bidder was given before the deadline, and at or after it. */
  shedBefore?: number;
  shedAfter?: number;
};

export type Supplier = { n: number; organisationId: string; cookie: string; sha256: string };

// --- The database and the server -------------------------------------------------------------------

async function onServer<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const client = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(client);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** What the bench asks of the server process over IPC (tests/bench/portal-process.ts answers). */
export type BenchRequest =
  | { type: "seed"; count: number }
  | { type: "deadline"; procurementId: string; at: number }
  | { type: "check"; tenderId: string; suppliers: Supplier[]; outcomes: Outcome[]; deadline: number };
type Seeded = Awaited<ReturnType<typeof seed>>;
/** The check, and how late the server's event loop ran during the rush (p99 and at most, ms). */
type Checked = Awaited<ReturnType<typeof check>> & { loopDelayMs: { p99: number; max: number } };

type BenchServer = {
  child: ChildProcess;
  url: string;
  output: () => string;
  ask: {
    (request: Extract<BenchRequest, { type: "seed" }>): Promise<Seeded>;
    (request: Extract<BenchRequest, { type: "deadline" }>): Promise<null>;
    (request: Extract<BenchRequest, { type: "check" }>): Promise<Checked>;
  };
};

/** The server in a child process: on a PostgreSQL database (its URL), or on PGlite in memory (undefined). */
function startServer(databaseUrl: string | undefined): Promise<BenchServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, OUTBOX_POLL_MS: "2000" };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else Reflect.deleteProperty(env, "DATABASE_URL");
  // As a deployment runs (NODE_ENV=production): React's production build. Without it the server
  // rendered with React's development build, a third of its CPU in a rush, several times slower.
  // The harness parses the configuration without NODE_ENV (the demo's), as it always has.
  env.NODE_ENV = "production";
  // RUSH_CPU_PROFILE=<folder> writes the server's CPU profile there, to see where a slow rush goes.
  const profile = process.env.RUSH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.RUSH_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "tests/bench/portal-process.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const lines: string[] = [];
  let asked = 0;
  const waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  child.on("message", (message: { id: number; result?: unknown; error?: string }) => {
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) pending?.reject(new Error(`the bench server: ${message.error}`));
    else pending?.resolve(message.result as never);
  });
  const ask = ((request: BenchRequest) =>
    new Promise((resolve, reject) => {
      const id = ++asked;
      waiting.set(id, { resolve, reject });
      child.send({ id, ...request });
    })) as BenchServer["ask"];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The bench server did not start in 120 s:\n${lines.join("")}`)),
      120_000,
    );
    child.stderr?.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      lines.push(text);
      const ready = /READY (\S+)/.exec(text);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, url: ready[1], output: () => lines.join(""), ask });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      for (const pending of waiting.values()) pending.reject(new Error(`The bench server exited (${code})`));
      reject(new Error(`The bench server exited (${code}):\n${lines.join("")}`));
    });
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.pid && child.kill("SIGKILL"), 20_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Resident memory of a process in MB: now (VmRSS) and its peak so far (VmHWM). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Samples what the database's busy backends wait on, every 250 ms, to say where a rush queues: the
 * most common wait events, and the backends waiting on a lock (wait_event_type 'Lock': advisory,
 * transactionid, tuple, relation...), on average and at most, which is what serialises bidders.
 */
function sampleDatabaseWaits(databaseUrl: string, name: string) {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const counts = new Map<string, number>();
  const lockMax = new Map<string, number>();
  let lockedMax = 0;
  let samples = 0;
  let busy: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    busy = busy.then(async () => {
      const rows = await client<{ wait: string; type: string | null; n: number }[]>`
        select coalesce(wait_event_type || ':' || wait_event, 'running') as wait, wait_event_type as type,
          count(*)::int as n
        from pg_stat_activity
        where datname = ${name} and state <> 'idle' and pid <> pg_backend_pid()
        group by 1, 2`;
      samples++;
      let locked = 0;
      for (const row of rows) {
        counts.set(row.wait, (counts.get(row.wait) ?? 0) + row.n);
        if (row.type === "Lock") {
          locked += row.n;
          lockMax.set(row.wait, Math.max(lockMax.get(row.wait) ?? 0, row.n));
        }
      }
      lockedMax = Math.max(lockedMax, locked);
    });
  }, 250);
  return async () => {
    clearInterval(timer);
    await busy.catch(() => undefined);
    await client.end({ timeout: 5 });
    const average = (n: number) => (n / Math.max(1, samples)).toFixed(1);
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([wait, n]) => `${wait} ${average(n)}`)
      .join(", ");
    const locks = [...lockMax.entries()]
      .map(([wait, max]) => `${wait} ${average(counts.get(wait) ?? 0)} (at most ${max})`)
      .join(", ");
    return { top, locks: locks || "none", lockedMax };
  };
}

// --- Setup (not measured) ----------------------------------------------------------------------------

/** A PDF of about 1 MB whose four-digit supplier number sits at a known offset, patched per copy. */
export function pdfTemplate(fileBytes = FILE_BYTES): { bytes: Buffer; offset: number } {
  const filler = "The supplier's clinical safety case: hazards, controls, residual risk and evidence of testing.";
  const lines = ["Clinical safety case report, supplier 0000"];
  const perLine = simplePdf([...lines, `10000 ${filler}`]).length - simplePdf(lines).length;
  while (lines.length * perLine < fileBytes) lines.push(`${10000 + lines.length} ${filler}`);
  let out = simplePdf(lines);
  while (out.length < fileBytes) {
    lines.push(`${10000 + lines.length} ${filler}`);
    out = simplePdf(lines);
  }
  return { bytes: out, offset: out.indexOf("supplier 0000") + "supplier ".length };
}

export function pdfFor(template: { bytes: Buffer; offset: number }, n: number): Buffer {
  const copy = Buffer.from(template.bytes);
  copy.write(String(n).padStart(4, "0"), template.offset, "latin1");
  return copy;
}

export async function seed(template: { bytes: Buffer; offset: number }, count = SUPPLIERS) {
  const passwordHash = await hashPassword(randomBytes(16).toString("hex"));
  const [staff] = await db()
    .insert(users)
    .values({
      email: "rush-staff@example.com",
      name: "Rush Staff",
      role: "staff",
      emailVerifiedAt: new Date(),
      passwordHash,
    })
    .returning();
  const [procurement] = await db()
    .insert(procurements)
    .values({
      slug: SLUG,
      title: "Deadline rush benchmark",
      summary: `${count} suppliers submit in the last 10 seconds.`,
      bidDeadline: new Date(Date.now() + 60 * 60 * 1000),
    })
    .returning();
  const { tender, questions } = await createPublishedTender(procurement.id, staff.id, {
    wordLimit: 500,
    maxBytes: 2 * Math.max(FILE_BYTES, template.bytes.length),
  });
  const { passFail, text, file, price } = questions;

  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  const orgs = await db()
    .insert(organisations)
    .values(
      numbers.map((n) => ({
        legalName: `Rush Supplier ${n} Ltd`,
        companiesHouseNumber: String(90000000 + n),
        addressLine1: `${n} Imaging Way`,
        town: "Leeds",
        postcode: "LS1 4AP",
        contactName: `Contact ${n}`,
        contactEmail: `rush-${n}@example.com`,
      })),
    )
    .returning({ id: organisations.id });
  const people = await db()
    .insert(users)
    .values(
      numbers.map((n, i) => ({
        email: `rush-${n}@example.com`,
        name: `Bidder ${n}`,
        role: "supplier" as const,
        organisationId: orgs[i].id,
        isOrganisationAdmin: true,
        emailVerifiedAt: new Date(),
        passwordHash,
      })),
    )
    .returning({ id: users.id });
  await db()
    .insert(procurementInterests)
    .values(
      orgs.map((o, i) => ({ procurementId: procurement.id, organisationId: o.id, registeredByUserId: people[i].id })),
    );
  const drafts = await db()
    .insert(bids)
    .values(
      orgs.map((o, i) => ({
        tenderId: tender.id,
        organisationId: o.id,
        reviewedVersion: 1,
        createdByUserId: people[i].id,
      })),
    )
    .returning({ id: bids.id });
  await db()
    .insert(bidAnswers)
    .values(
      drafts.flatMap((bid, i) => [
        {
          bidId: bid.id,
          questionId: passFail.id,
          value: { answer: "yes", evidence: `Certificate CE+ ${i + 1}` },
          updatedByUserId: people[i].id,
        },
        {
          bidId: bid.id,
          questionId: text.id,
          value: {
            text: `Supplier ${i + 1} runs a DCB0129 clinical risk management system with a named safety officer.`,
          },
          updatedByUserId: people[i].id,
        },
        {
          bidId: bid.id,
          questionId: price.id,
          value: { unitPrices: { licence: String(100000 + i), onboarding: "4500.00" } },
          updatedByUserId: people[i].id,
        },
      ]),
    );
  const suppliers: Supplier[] = [];
  for (const [i, n] of numbers.entries()) {
    suppliers.push({
      n,
      organisationId: orgs[i].id,
      cookie: (await startSession(people[i].id, true)).split(";")[0],
      sha256: createHash("sha256").update(pdfFor(template, n)).digest("hex"),
    });
  }
  return { procurementId: procurement.id, tenderId: tender.id, fileQuestionId: file.id, suppliers };
}

// --- The rush ------------------------------------------------------------------------------------------

const LATE = "Your bid was not submitted: the deadline was";

/** How many times a bidder turned away with 503 tries again (after its Retry-After) before giving up. */
const TRIES = 20;

/**
 * One request, sent again after its Retry-After while the portal answers 503 (overload), as a person
 * told "try again in N seconds" would. Counts the 503s before and after the deadline.
 */
async function sendPatiently(
  send: Send,
  path: string,
  init: SendInit,
  deadlineAt: number,
  shed: { before: number; after: number },
  /** Give up once the deadline has passed (an upload: the bidder goes on to press submit). */
  untilDeadline = false,
): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send(path, init);
    if (answer.status !== 503 || attempt >= TRIES) return answer;
    const late = performance.now() >= deadlineAt;
    if (late) shed.after++;
    else shed.before++;
    if (late && untilDeadline) return answer;
    const seconds = Number(answer.retryAfter ?? 1);
    await new Promise((resolve) => setTimeout(resolve, 1000 * (Number.isFinite(seconds) ? seconds : 1)));
  }
}

/** An error's message and its cause's code: what the client saw when there was no answer. */
function described(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `${(error as Error).message ?? String(error)}${cause ? ` (${cause.code ?? cause.message ?? ""})` : ""}`;
}

/** One supplier: uploads its file, submits and opens its receipt, through `send` (one server or the balancer). */
export async function rushOne(
  send: Send,
  fileQuestionId: string,
  supplier: Supplier,
  pdf: Buffer,
  deadlineAt: number,
): Promise<Outcome> {
  const headers = { cookie: supplier.cookie, origin: "http://portal.invalid" };
  const started = performance.now();
  let server: string | undefined;
  const shed = { before: 0, after: 0 };
  let submitSentAt: number | undefined;
  const outcome = (o: Omit<Outcome, "n" | "finishedAt">): Outcome => ({
    n: supplier.n,
    server,
    finishedAt: performance.now(),
    submitSentAt,
    shedBefore: shed.before,
    shedAfter: shed.after,
    ...o,
  });
  let uploadMs: number | null = null;
  let submitMs: number | null = null;
  let cutOff = false;
  let stage = "upload";
  try {
    const form = new FormData();
    form.append("intent", "upload");
    form.append("file", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), `safety-case-${supplier.n}.pdf`);
    // A refusal at the deadline may come as a closed connection (the server stops reading the file
    // and says "Connection: close"); either way the supplier still presses submit, as people do.
    try {
      const upload = await sendPatiently(
        send,
        `/procurements/${SLUG}/bid/questions/${fileQuestionId}`,
        { method: "POST", body: form, headers },
        deadlineAt,
        shed,
        true,
      );
      server = upload.server;
      uploadMs = performance.now() - started;
      const lateAndBusy = upload.status === 503 && performance.now() >= deadlineAt;
      if (upload.status !== 302 && !lateAndBusy && !/Bids can no longer be changed/.test(upload.body)) {
        return outcome({ uploadMs, submitMs, totalMs: null, result: "error", detail: `upload ${upload.status}` });
      }
    } catch (error) {
      uploadMs = performance.now() - started;
      cutOff = true;
      if (performance.now() < deadlineAt) {
        return outcome({
          uploadMs,
          submitMs,
          totalMs: null,
          result: "error",
          cutOff,
          detail: `upload before the deadline: ${described(error)}`,
        });
      }
    }
    stage = "submit";
    submitSentAt = performance.now();
    const submit = await sendPatiently(
      send,
      `/procurements/${SLUG}/bid/submit`,
      {
        method: "POST",
        body: new URLSearchParams({ declaration: "on", idempotencyKey: randomUUID() }),
        headers,
        repeatable: true,
      },
      deadlineAt,
      shed,
    );
    server = submit.server;
    submitMs = performance.now() - submitSentAt;
    const location = submit.location ?? "";
    const reference = /\/bid\/receipts\/(AIP-BID-\d{4}-[0-9A-Z]{8})$/.exec(location)?.[1];
    if (submit.status === 302 && reference) {
      stage = "receipt";
      const receipt = await sendPatiently(send, location, { headers: { cookie: supplier.cookie } }, deadlineAt, shed);
      server = receipt.server;
      const digest = /SHA-256 digest<\/dt><dd[^>]*><code[^>]*>([0-9a-f]{64})</.exec(receipt.body)?.[1];
      const totalMs = performance.now() - started;
      if (receipt.status !== 200 || !digest) {
        return outcome({
          uploadMs,
          submitMs,
          totalMs,
          result: "error",
          reference,
          detail: `receipt ${receipt.status}`,
        });
      }
      return outcome({ uploadMs, submitMs, totalMs, result: "accepted", reference, digest });
    }
    if (submit.status === 409 && submit.body.includes(LATE)) {
      return outcome({ uploadMs, submitMs, totalMs: performance.now() - started, result: "refused", cutOff });
    }
    return outcome({ uploadMs, submitMs, totalMs: null, result: "error", detail: `submit ${submit.status}` });
  } catch (error) {
    const at = (t: number | undefined) => (t === undefined ? "-" : `${Math.round(t - deadlineAt)} ms`);
    return outcome({
      uploadMs,
      submitMs,
      totalMs: null,
      result: "error",
      detail: `${stage}: ${described(error)}, submit sent at ${at(submitSentAt)}, failed at ${at(performance.now())} from the deadline`,
    });
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

// --- The check afterwards ------------------------------------------------------------------------------

export async function check(tenderId: string, suppliers: Supplier[], outcomes: Outcome[], deadline: Date) {
  const rows = await db().select().from(bidSubmissions).where(eq(bidSubmissions.tenderId, tenderId));
  const byReference = new Map(rows.map((r) => [r.reference, r]));
  const byNumber = new Map(suppliers.map((s) => [s.n, s]));
  let lost = 0;
  const lostDetail: string[] = [];
  for (const o of outcomes.filter((x) => x.result === "accepted")) {
    const row = o.reference ? byReference.get(o.reference) : undefined;
    const supplier = byNumber.get(o.n);
    const content = row?.content as SubmissionContent | undefined;
    const problem = !row
      ? "not in the database"
      : row.digest !== o.digest
        ? "stored digest differs from the receipt's"
        : submissionDigest(content as SubmissionContent) !== row.digest
          ? "stored content does not hash to its digest"
          : row.organisationId !== supplier?.organisationId
            ? "stored under another organisation"
            : content?.files.length !== 1 || content.files[0].sha256 !== supplier.sha256
              ? "the stored file is not the uploaded one"
              : row.withdrawnAt || row.supersededAt
                ? "no longer counts"
                : null;
    if (problem) {
      lost++;
      lostDetail.push(`supplier ${o.n} ${o.reference}: ${problem}`);
    }
  }
  const acceptedRefs = new Set(outcomes.filter((o) => o.result === "accepted").map((o) => o.reference));
  const unconfirmed = rows.filter((r) => !acceptedRefs.has(r.reference)).length;
  const afterDeadline = rows.filter((r) => r.submittedAt.getTime() >= deadline.getTime()).length;
  const refusedOrgs = outcomes
    .filter((o) => o.result === "refused")
    .map((o) => byNumber.get(o.n)?.organisationId)
    .filter((id): id is string => Boolean(id));
  const registered = refusedOrgs.length
    ? await db()
        .select({ organisationId: lateBidAttempts.organisationId })
        .from(lateBidAttempts)
        .where(inArray(lateBidAttempts.organisationId, refusedOrgs))
    : [];
  const registeredOrgs = new Set(registered.map((r) => r.organisationId));
  const refusedWithSubmission = rows.filter((r) => refusedOrgs.includes(r.organisationId)).length;
  return {
    lost,
    lostDetail,
    stored: rows.length,
    unconfirmed,
    afterDeadline,
    refusedNotRegistered: refusedOrgs.filter((id) => !registeredOrgs.has(id)).length,
    refusedWithSubmission,
  };
}

// --- The bench -----------------------------------------------------------------------------------------

/**
 * The rush on one server, or spread over `servers` of them by the load balancer (round robin over
 * those whose /readyz answers 200), with the figures per server and together. On PostgreSQL
 * (DATABASE_URL) unless `database` says PGlite, which is also what runs when DATABASE_URL is unset:
 * the embedded default, one server only.
 */
export async function deadlineRush(options: { servers?: number; database?: "postgres" | "pglite" } = {}) {
  const count = options.servers ?? 1;
  const serverUrl = process.env.DATABASE_URL;
  const backend = options.database ?? (serverUrl ? "postgres" : "pglite");
  if (backend === "postgres" && !serverUrl) {
    console.log("skipped: this rush needs PostgreSQL. Set DATABASE_URL (postgres://user@host:5432/db) to run it.");
    return;
  }
  if (backend === "pglite" && count > 1) {
    console.log("skipped: two servers cannot share an embedded PGlite; this rush needs PostgreSQL (DATABASE_URL).");
    return;
  }
  const name = `portal_bench_rush_${randomBytes(6).toString("hex")}`;
  const databaseUrl =
    backend === "postgres" ? Object.assign(new URL(serverUrl!), { pathname: `/${name}` }).toString() : undefined;
  if (databaseUrl) await onServer(serverUrl!, (s) => s.unsafe(`create database "${name}"`));
  const servers: BenchServer[] = [];
  try {
    // One after another: the bench portal migrates as it starts.
    while (servers.length < count) servers.push(await startServer(databaseUrl));
    const [server] = servers;

    const template = pdfTemplate();
    const setupStarted = Date.now();
    // Seeded by the first server's process (PGlite lives there); the files' digests are the bench's own.
    const seeded = await server.ask({ type: "seed", count: SUPPLIERS });
    const { procurementId, tenderId, fileQuestionId } = seeded;
    const suppliers = seeded.suppliers.map((s) => ({
      ...s,
      sha256: createHash("sha256").update(pdfFor(template, s.n)).digest("hex"),
    }));
    console.log(
      `seeded ${SUPPLIERS} organisations with complete drafts but for their file (${template.bytes.length.toLocaleString("en-GB")}-byte PDF each) in ${Date.now() - setupStarted} ms (${backend}, ${count} server${count > 1 ? "s" : ""})`,
    );

    const pids = servers.map((s) => s.child.pid ?? 0);
    const before = pids.map(memoryOf);
    const cpuBefore = pids.map(cpuSecondsOf);
    // The bidders' side runs in this process, on the same cores: when it is busy, bodies arrive late.
    const clientCpuBefore = process.cpuUsage();
    const clientLag = monitorEventLoopDelay({ resolution: 10 });
    clientLag.enable();
    const stopSampling = databaseUrl ? sampleDatabaseWaits(databaseUrl, name) : null;
    const peakRss = before.map((m) => m.rss);
    const sampler = setInterval(() => {
      pids.forEach((pid, i) => (peakRss[i] = Math.max(peakRss[i], memoryOf(pid).rss)));
    }, 100);
    // Only with two servers: one alone is not asked whether it is ready, as before.
    const balancer = count > 1 ? loadBalancer(servers.map((s) => s.url)) : null;

    // The deadline, 10 s after the first arrival. Staff cannot bring a deadline forward once bids
    // exist, so this bench sets it directly: setup, not part of what is measured.
    const lead = 500;
    const deadline = new Date(Date.now() + lead + WINDOW_MS);
    await server.ask({ type: "deadline", procurementId, at: deadline.getTime() });
    const t0 = performance.now() + lead;
    const deadlineAt = t0 + WINDOW_MS;
    const spacing = WINDOW_MS / SUPPLIERS;
    const outcomes = await Promise.all(
      suppliers.map(async (supplier, i) => {
        const wait = t0 + i * spacing - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // One server as before (fetch straight to it); two through the balancer.
        const send = balancer ? balancer.bidder() : direct(server.url);
        return rushOne(send, fileQuestionId, supplier, pdfFor(template, supplier.n), deadlineAt);
      }),
    );
    const rushMs = Math.round(Math.max(...outcomes.map((o) => o.finishedAt)) - t0);
    clearInterval(sampler);
    balancer?.stop();
    const after = pids.map(memoryOf);
    const serverCpu = pids.map((pid, i) => cpuSecondsOf(pid) - cpuBefore[i]);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    clientLag.disable();
    const waits = await stopSampling?.();
    after.forEach((m, i) => (peakRss[i] = Math.max(peakRss[i], m.rss)));
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

    const checked = await server.ask({ type: "check", tenderId, suppliers, outcomes, deadline: deadline.getTime() });
    const accepted = outcomes.filter((o) => o.result === "accepted");
    const refused = outcomes.filter((o) => o.result === "refused");
    const errors = outcomes.filter((o) => o.result === "error");
    // A submit sent before the deadline counts by the time it was received: it must have its receipt.
    const beforeButRefused = outcomes.filter(
      (o) => o.submitSentAt !== undefined && o.submitSentAt < deadlineAt && o.result !== "accepted",
    );
    const shedBefore = outcomes.filter((o) => (o.shedBefore ?? 0) > 0);
    const spread = (pick: (o: Outcome) => number | null, of: Outcome[]) => {
      const values = of.map(pick).filter((v): v is number => v !== null);
      return `${percentile(values, 50)} / ${percentile(values, 99)}`;
    };
    const answered = [...accepted, ...refused];
    console.table([
      { what: `suppliers arriving (one every ${WINDOW_MS / SUPPLIERS} ms, ${backend})`, value: SUPPLIERS },
      { what: "accepted (receipt shown)", value: accepted.length },
      { what: "refused as late (sent their submit at or after the deadline)", value: refused.length },
      { what: "submit sent before the deadline but not receipted: must be 0", value: beforeButRefused.length },
      { what: "no clear answer (connection failed, unexpected status): must be 0", value: errors.length },
      { what: "lost (accepted, then missing or digest differs): must be 0", value: checked.lost },
      { what: "bidders turned away (503, Retry-After) before the deadline", value: shedBefore.length },
      {
        what: "503 answers before / at or after the deadline",
        value: `${sum(outcomes.map((o) => o.shedBefore ?? 0))} / ${sum(outcomes.map((o) => o.shedAfter ?? 0))}`,
      },
      {
        what: "uploads cut off after the deadline (connection closed)",
        value: outcomes.filter((o) => o.cutOff).length,
      },
      { what: "stored submissions", value: checked.stored },
      { what: "stored but not confirmed to the client", value: checked.unconfirmed },
      { what: "stored at or after the deadline", value: checked.afterDeadline },
      { what: "refused but missing from the late-bids register", value: checked.refusedNotRegistered },
      { what: "refused but stored", value: checked.refusedWithSubmission },
      { what: "rush: first arrival to last answer, ms", value: rushMs },
      { what: "upload 1 MB, p50 / p99 ms", value: spread((o) => o.uploadMs, answered) },
      { what: "submit, p50 / p99 ms", value: spread((o) => o.submitMs, answered) },
      { what: "upload + submit + receipt page, p50 / p99 ms", value: spread((o) => o.totalMs, accepted) },
      { what: "server CPU during the rush, s (2 cores here)", value: sum(serverCpu).toFixed(1) },
      {
        what: "bench client (the bidders) CPU during the rush, s",
        value: ((clientCpu.user + clientCpu.system) / 1e6).toFixed(1),
      },
      {
        what: "event loop delay, server (first) / bench client, p99 and at most, ms",
        value: `${checked.loopDelayMs.p99}, ${checked.loopDelayMs.max} / ${Math.round(clientLag.percentile(99) / 1e6)}, ${Math.round(clientLag.max / 1e6)}`,
      },
      { what: "server RSS before the rush, MB", value: sum(before.map((m) => m.rss)) },
      { what: "server peak RSS during the rush (sampled every 100 ms), MB", value: sum(peakRss) },
      { what: "server peak RSS since start (VmHWM, seeding included), MB", value: sum(after.map((m) => m.peak)) },
      ...(balancer ? [{ what: "requests sent again to another server", value: balancer.retried() }] : []),
    ]);
    if (count > 1) {
      // Each bidder counts for the server that gave its last answer.
      const per = (server?: string) => {
        const of = server ? outcomes.filter((o) => o.server === server) : outcomes;
        const took = of.filter((o) => o.result === "accepted");
        return {
          bidders: of.length,
          "accepted (receipt)": took.length,
          "refused as late": of.filter((o) => o.result === "refused").length,
          "no clear answer": of.filter((o) => o.result === "error").length,
          "upload + submit + receipt p50 / p99 ms": spread((o) => o.totalMs, took),
        };
      };
      console.table({
        ...Object.fromEntries(
          servers.map((s, i) => [
            `server ${i + 1}`,
            { ...per(s.url), "CPU s": serverCpu[i].toFixed(1), "peak RSS MB": peakRss[i] },
          ]),
        ),
        together: { ...per(), "CPU s": sum(serverCpu).toFixed(1), "peak RSS MB": sum(peakRss) },
      });
    }
    if (waits) {
      console.log(`database backends busy, average per sample (wait event): ${waits.top || "none"}`);
      console.log(
        `database backends waiting on a lock, average per sample (at most): ${waits.locks}; all locks together at most ${waits.lockedMax}`,
      );
    } else {
      console.log(
        "database: PGlite, one connection in the server process: queries take turns, no lock waits to sample",
      );
    }
    const show = (what: string, of: Outcome[]) => {
      if (of.length)
        console.log(
          `${what}: ${of
            .slice(0, 10)
            .map((o) => `#${o.n} ${o.detail ?? o.result}`)
            .join("; ")}`,
        );
    };
    show("no clear answer", errors);
    show(
      "submit sent before the deadline but not receipted",
      beforeButRefused.map((o) => ({
        ...o,
        detail: `${o.result}, sent ${Math.round(deadlineAt - (o.submitSentAt ?? 0))} ms before the deadline`,
      })),
    );
    if (checked.lostDetail.length) console.log(`lost: ${checked.lostDetail.slice(0, 10).join("; ")}`);
    if (
      checked.lost > 0 ||
      errors.length > 0 ||
      beforeButRefused.length > 0 ||
      checked.refusedNotRegistered > 0 ||
      checked.afterDeadline > 0
    ) {
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(servers.map((s) => stopServer(s.child)));
    if (databaseUrl) await onServer(serverUrl!, (s) => s.unsafe(`drop database if exists "${name}" with (force)`));
  }
}
