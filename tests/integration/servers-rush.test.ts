// The deadline rush, small, across two real portal processes on one PostgreSQL database, spread by
// the benches' load balancer (tests/bench/load-balancer.ts: round robin over the servers whose
// /readyz answers 200), with one server sent SIGTERM halfway. Outcomes, never timings: every receipt
// a bidder was shown is a counting submission in the database, no submission exists that its bidder
// was not told of, and every bidder got a receipt or a clear answer, none a connection error alone.
// The deadline is an hour ahead: nothing here waits for it.
import { describe, expect, inject, it } from "vitest";
import { check, pdfFor, pdfTemplate, rushOne, seed, type Outcome } from "../bench/deadline-rush";
import { loadBalancer } from "../bench/load-balancer";
import { useTestDatabase } from "../setup/database";
import { launch, stop, waitUntilReady, type Portal } from "../support/portal-servers";

const SUPPLIERS = 50;
const SPACING_MS = 40;

const onPostgres = inject("testDatabase").driver === "postgres";
// Opened only where the test runs; its afterAll (drop database) comes after the servers have stopped.
const testDb = onPostgres ? await useTestDatabase() : null;

describe.skipIf(!onPostgres)(
  "the deadline rush across two servers, one drained halfway (PostgreSQL only: DATABASE_URL is unset, and two processes cannot share an embedded PGlite)",
  () => {
    it("receipts every bidder or answers them clearly, and loses nothing, while one server drains", async () => {
      const database = { url: testDb!.url!, ownerUrl: testDb!.ownerUrl! };
      const portals: Portal[] = [];
      try {
        // The first drains halfway through the rush: a grace period a little longer than the
        // balancer takes to notice (150 ms), then it refuses new connections.
        for (const grace of ["1000", "0"])
          portals.push(await launch(database, { SHUTDOWN_GRACE_MS: grace, DEMO: "false" }));
        const template = pdfTemplate(16 * 1024);
        const [{ tenderId, fileQuestionId, suppliers }] = await Promise.all([
          seed(template, SUPPLIERS),
          ...portals.map(waitUntilReady),
        ]);
        const [draining, staying] = portals;
        const balancer = loadBalancer(portals.map((p) => p.url));
        const start = Date.now();
        const noDeadline = Number.POSITIVE_INFINITY;
        let outcomes: Outcome[];
        try {
          outcomes = await Promise.all(
            suppliers.map(async (supplier, i) => {
              const wait = start + i * SPACING_MS - Date.now();
              if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
              if (i === SUPPLIERS / 2) draining.child.kill("SIGTERM");
              return rushOne(balancer.bidder(), fileQuestionId, supplier, pdfFor(template, supplier.n), noDeadline);
            }),
          );
        } finally {
          balancer.stop();
        }

        // Every bidder got a receipt (the deadline is an hour away): no connection error, no retry page.
        const unanswered = outcomes.filter((o) => o.result !== "accepted").map((o) => `#${o.n}: ${o.detail}`);
        expect(unanswered).toEqual([]);
        // Both servers served bidders, and the drained one stopped cleanly once its requests were done.
        expect(balancer.answered(draining.url)).toBeGreaterThan(0);
        expect(balancer.answered(staying.url)).toBeGreaterThan(0);
        expect(await draining.exited).toBe(0);
        expect(draining.output()).toContain('"message":"stopped"');

        const checked = await check(tenderId, suppliers, outcomes, new Date(8.64e15));
        expect(checked.lostDetail).toEqual([]);
        expect(checked.stored).toBe(SUPPLIERS);
        expect(checked.unconfirmed).toBe(0);
      } finally {
        for (const portal of portals) await stop(portal);
      }
    }, 120_000);
  },
);
