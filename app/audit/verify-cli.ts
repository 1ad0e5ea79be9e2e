// `npm run audit:verify`: checks the audit log's hash chain in the configured database against the
// anchors in AUDIT_ANCHOR_FILE and names the first broken row, or rows cut off the end, and says
// how many events are still waiting to be linked. Exits 0 when the chain is intact, 1 when it is
// broken, 2 when it cannot run.
import { useDatabase } from "../../db/client.server";
import { openDatabaseForCommand, runAsCommand } from "../command-line.server";
import { parseConfig, setConfig } from "../config.server";
import { verifyAuditChain, type ChainVerification } from "./audit.server";

export function describeVerification(result: ChainVerification, anchorFile: string): string {
  if (!result.ok) {
    if (result.brokenAt === null) return `Audit chain NOT VERIFIED: ${result.reason} (${anchorFile}).`;
    return `Audit chain BROKEN at row ${result.brokenAt}: ${result.reason}. ${result.rows} rows before it verified.`;
  }
  const keyed = result.keyedFrom === null ? "" : ` (keyed from row ${result.keyedFrom})`;
  const lines = [`Audit chain intact: ${result.rows} rows verified${keyed}; the latest hash is ${result.lastHash}.`];
  const { waiting } = result;
  lines.push(
    waiting === 0
      ? "No events are waiting to be linked into the chain."
      : `${waiting} newer ${waiting === 1 ? "event is" : "events are"} waiting to be linked into the chain (the next linking round links them).`,
  );
  const { checked, newestSeq, newestAt, after } = result.anchors;
  if (newestSeq === null) {
    lines.push(`No anchors in ${anchorFile}: nothing outside the database vouches for the chain yet.`);
  } else {
    lines.push(
      `${checked} anchored ${checked === 1 ? "row matches" : "rows match"} ${anchorFile}; the newest anchor (${newestAt}) covers rows up to ${newestSeq}` +
        (after > 0
          ? `: the ${after} ${after === 1 ? "row" : "rows"} after it will be protected by the next anchor.`
          : "."),
    );
  }
  return lines.join("\n");
}

async function main(): Promise<number> {
  const config = parseConfig();
  setConfig(config);
  const handle = await openDatabaseForCommand(config, { mustExist: true });
  try {
    useDatabase(handle);
    const result = await verifyAuditChain(handle.db, undefined, config.auditAnchorFile);
    const line = describeVerification(result, config.auditAnchorFile);
    if (result.ok) {
      console.log(line);
      return 0;
    }
    console.error(line);
    return 1;
  } finally {
    await handle.close();
  }
}

runAsCommand(import.meta.url, main, "Could not verify the audit chain");
