// The anchors the portal has written to the current test file's anchor file, each checked against
// the chain key (a line that is not signed with it fails the test).
import { readAnchorFile } from "../../app/audit/anchors.server";
import { config } from "../../app/config.server";

export async function anchorsWritten() {
  const { anchors, problem } = await readAnchorFile(config().auditAnchorFile, config().auditChainKey);
  if (problem) throw new Error(`The anchor file does not verify: ${problem}`);
  return anchors.map(({ line: _line, ...anchor }) => anchor);
}

export async function newestAnchor() {
  return (await anchorsWritten()).at(-1);
}
