// The scoring pack for 50 bids × 20 questions × 3 evaluators (synthetic, no database): seconds to
// generate, pages and peak memory with @react-pdf (what the portal uses, in a worker thread) next
// to the same content written with raw pdfkit. Each render runs in a child process of its own.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { projectRoot } from "../../db/project-root.server";

const BIDS = 50;
const QUESTIONS = 20;
const EVALUATORS = 3;

type Run = { renderer: string; seconds: number; pages: number; bytes: number; peakRssMb: number };

async function render(renderer: "react-pdf" | "pdfkit"): Promise<Run> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--import",
      "tsx",
      "tests/bench/scoring-pack-render.ts",
      renderer,
      String(BIDS),
      String(QUESTIONS),
      String(EVALUATORS),
    ],
    { cwd: projectRoot(), maxBuffer: 1024 * 1024, timeout: 300_000 },
  );
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as Run;
}

export async function scoringPackBench() {
  const runs = [await render("react-pdf"), await render("pdfkit")];
  console.log(`${BIDS} bids × ${QUESTIONS} questions × ${EVALUATORS} evaluators, one render each in its own process`);
  console.table(
    runs.map((r) => ({
      renderer: r.renderer,
      seconds: r.seconds.toFixed(2),
      pages: r.pages,
      "size (KB)": Math.round(r.bytes / 1024),
      "peak RSS (MB)": Math.round(r.peakRssMb),
    })),
  );
}
