// `npm run bench`: the portal's benchmarks, against the production build on loopback. Each bench
// is bounded in time and connections and prints its figures; speed targets live here, not in tests.
// `npm run bench -- "two servers"` runs only the benches whose name contains that text;
// RUSH_SUPPLIERS=2000 makes the deadline rushes four times as dense (same 10 s window).
import { clarificationLogBench } from "./clarification-log";
import { deadlineRush } from "./deadline-rush";
import { publicPages } from "./public-pages";
import { scoringPackBench } from "./scoring-pack";

const benches: { name: string; run: () => Promise<void> }[] = [
  { name: "public pages", run: publicPages },
  { name: "clarification log, 2,000 answers", run: clarificationLogBench },
  {
    name: "deadline rush, 500 suppliers with a 1 MB file each in 10 s (PostgreSQL)",
    run: () => deadlineRush({ database: "postgres" }),
  },
  {
    name: "deadline rush, 500 suppliers with a 1 MB file each in 10 s (PGlite, the embedded default)",
    run: () => deadlineRush({ database: "pglite" }),
  },
  {
    name: "deadline rush across two servers, round robin by a load balancer on /readyz (PostgreSQL)",
    run: () => deadlineRush({ servers: 2, database: "postgres" }),
  },
  { name: "scoring pack, 50 bids × 20 questions × 3 evaluators: @react-pdf against raw pdfkit", run: scoringPackBench },
];

const only = process.argv.slice(2).join(" ").toLowerCase();
for (const bench of benches.filter((b) => b.name.toLowerCase().includes(only))) {
  console.log(`\n== ${bench.name} ==`);
  await bench.run();
}
process.exit(process.exitCode ?? 0);
