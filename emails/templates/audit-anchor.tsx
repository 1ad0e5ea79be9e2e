// Sent to the audit mailbox (AUDIT_MAILBOX) each time the audit chain's head is anchored: a copy
// of the anchor line outside both the database and the server, for `npm run audit:verify` later.
import { EmailLayout, renderEmail } from "./layout";

export function auditAnchorMessage(props: { line: string; seq: number; at: string; reason: string }) {
  const subject = `Audit chain anchor: row ${props.seq}`;
  const intro = `The audit log's chain was anchored at ${props.at} (${props.reason}): its row ${props.seq} has the hash in the line below. Keep this email.`;
  const use =
    "To check the log against it, add the line to an anchor file and run `npm run audit:verify` with AUDIT_ANCHOR_FILE pointing to that file.";
  return renderEmail(
    subject,
    <EmailLayout heading="Audit chain anchor">
      <p>{intro}</p>
      <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: "13px" }}>{props.line}</pre>
      <p>{use}</p>
    </EmailLayout>,
    [intro, props.line, use].join("\n\n"),
  );
}
