// Two real portal processes on one fresh PostgreSQL database: they start together (the start lock
// in server/prepare-database.ts), a file stored through one is served by the other (the file store
// in the database, decision 025), and one drains on SIGTERM without losing the request in flight.
import { randomBytes } from "node:crypto";
import http from "node:http";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../app/demo/seed";
import { simplePdf } from "../../app/demo/seed-tender";
import { get, launch, readiness, stop, waitUntilReady, type Portal } from "../support/portal-servers";
import { createRuntimeRole, databaseUrl, quoteIdentifier, TEST_RUNTIME_ROLE } from "../setup/global-setup";

const provided = inject("testDatabase");
const serverUrl = provided.driver === "postgres" ? provided.serverUrl : null;

describe.skipIf(!serverUrl)(
  "two app servers on one PostgreSQL database (PostgreSQL only: DATABASE_URL is unset)",
  () => {
    const name = `${provided.driver === "postgres" ? provided.prefix : ""}servers_${randomBytes(6).toString("hex")}`;
    const admin = () => postgres(serverUrl ?? "", { max: 1, onnotice: () => {} });
    const database = { url: "", ownerUrl: "" };
    const portals: Portal[] = [];

    beforeAll(async () => {
      const sql = admin();
      try {
        await createRuntimeRole(sql, TEST_RUNTIME_ROLE);
        // Empty: no template, nothing migrated.
        await sql.unsafe(`create database ${quoteIdentifier(name)}`);
      } finally {
        await sql.end({ timeout: 5 });
      }
      database.url = databaseUrl(serverUrl ?? "", name, TEST_RUNTIME_ROLE);
      database.ownerUrl = databaseUrl(serverUrl ?? "", name);
    });

    afterAll(async () => {
      for (const portal of portals) await stop(portal);
      const sql = admin();
      try {
        await sql.unsafe(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    });

    it("starts two servers at the same moment on a fresh database: both become ready, each migration applied once", async () => {
      // The first drains in the next test, for long enough to be asked whether it is ready; the second
      // stops without a grace period when the file is done.
      const graces = ["3000", "0"];
      portals.push(...(await Promise.all(graces.map((grace) => launch(database, { SHUTDOWN_GRACE_MS: grace })))));
      await Promise.all(portals.map(waitUntilReady));
      const sql = postgres(database.ownerUrl, { max: 1, onnotice: () => {} });
      try {
        const migrations = await sql<{ hash: string; n: number }[]>`
        select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`;
        const body = (await get(`${portals[0].url}/readyz`)).body as { migrations: { shipped: number } };
        expect(migrations).toHaveLength(body.migrations.shipped);
        expect(migrations.every((m) => m.n === 1)).toBe(true);
        // The demo data was seeded by one of them only.
        const [{ n }] = await sql<
          { n: number }[]
        >`select count(*)::int as n from users where email = 'staff@example.com'`;
        expect(n).toBe(1);
      } finally {
        await sql.end({ timeout: 5 });
      }
      // Two processes starting at once on two loaded cores: more than the default 30 s is fair.
    }, 120_000);

    it("serves a file uploaded through one server, byte for byte, from the other", async () => {
      const [first, second] = portals;
      if (!first || !second) throw new Error("The two servers of the test before did not start");
      // Staff sign in through the first server; the session, like the file, lives in the database.
      const signIn = await fetch(`${first.url}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: first.url },
        body: new URLSearchParams({ email: "staff@example.com", password: DEMO_PASSWORD }),
      });
      expect(signIn.status).toBe(302);
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const tenderPage = `/staff/procurements/ai-imaging-platform/tender`;
      const before = await (await fetch(`${first.url}${tenderPage}`, { headers: { cookie } })).text();
      const version = /name="version" value="(\d+)"/.exec(before)?.[1];
      expect(version, "the staff tender page offers a form with the tender's version").toBeDefined();

      const pdf = simplePdf(["Uploaded through one server", randomBytes(16).toString("hex")]);
      const body = new FormData();
      body.set("intent", "add-document");
      body.set("version", version!);
      body.set("documentKind", "specification");
      body.set("documentTitle", "Served by the other server");
      body.set("file", new Blob([new Uint8Array(pdf)]), "across-servers.pdf");
      const upload = await fetch(`${first.url}${tenderPage}`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, origin: first.url },
        body,
      });
      expect(upload.status).toBe(302);

      const after = await (await fetch(`${second.url}${tenderPage}`, { headers: { cookie } })).text();
      const links = [...after.matchAll(/href="(\/procurements\/[^"]+\/tender\/documents\/[0-9a-f-]{36})"/g)].map(
        (m) => m[1],
      );
      const downloads = await Promise.all(
        links.map(async (link) =>
          Buffer.from(await (await fetch(`${second.url}${link}`, { headers: { cookie } })).arrayBuffer()),
        ),
      );
      expect(downloads.filter((bytes) => bytes.equals(pdf))).toHaveLength(1);
    }, 60_000);

    it("drains on SIGTERM: not ready at once, the request in flight gets its normal answer, then exits 0", async () => {
      const [portal, other] = portals;
      if (!portal || !other) throw new Error("The two servers of the test before did not start");
      const target = new URL("/sign-in", portal.url);
      const body = new URLSearchParams({ email: "staff@example.com", password: DEMO_PASSWORD }).toString();
      const half = Math.floor(body.length / 2);
      // A sign-in whose form arrives slowly, as an upload does: half of it before the signal.
      const request = http.request(target, {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "transfer-encoding": "chunked",
          origin: target.origin,
        },
      });
      const answer = new Promise<{ status: number; location?: string; connection?: string; cookie: boolean }>(
        (resolve, reject) => {
          request.on("response", (response) => {
            response.resume();
            response.on("end", () =>
              resolve({
                status: response.statusCode ?? 0,
                location: response.headers.location,
                connection: response.headers.connection,
                cookie: (response.headers["set-cookie"] ?? []).length > 0,
              }),
            );
          });
          request.on("error", reject);
        },
      );
      // Awaited below; a failure before then is this test's, not an unhandled rejection.
      answer.catch(() => {});
      await new Promise<void>((resolve) => request.write(body.slice(0, half), () => resolve()));

      portal.child.kill("SIGTERM");
      await expect.poll(() => readiness(portal)).toBe(503);
      expect((await get(`${portal.url}/readyz`)).body.status).toBe("draining");
      expect((await get(`${portal.url}/healthz`)).status).toBe(200);
      expect(await readiness(other)).toBe(200);

      // Past the grace period the server takes no new connections, but the one in flight goes on.
      await expect.poll(() => portal.output()).toContain("no longer accepting connections");
      request.end(body.slice(half));
      const answered = await answer;
      expect(answered.status).toBe(302);
      expect(answered.cookie).toBe(true);
      expect(answered.connection).toBe("close");
      expect(await portal.exited).toBe(0);
      expect(portal.output()).toContain('"message":"stopped"');
    });
  },
);
