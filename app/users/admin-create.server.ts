// `npm run admin:create`: an admin made by whoever runs the server, which is how an instance that
// starts empty (production never has demo accounts) gets its first one.
import { sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { unlessDuplicate } from "../../db/errors";
import { users } from "../../db/schema";
import { recordAudit, type AuditActor } from "../audit/audit.server";
import { accountLink, issueToken } from "../auth/tokens.server";
import { ALREADY_EXISTS, createInvitedUser } from "./users.server";

export type CommandLineAdminResult = { ok: true; link: string; reissued: boolean } | { ok: false; error: string };

/**
 * Creates an admin by invitation like any other (a single-use link, accepted at /accept-invitation),
 * the link printed rather than emailed and the audit row the command line's. Run again for an admin
 * who has not yet accepted, it issues a new link, which cancels the old one.
 */
export async function createAdminFromCommandLine(
  input: { name: string; email: string },
  ranBy: string,
): Promise<CommandLineAdminResult> {
  const actor: AuditActor = { email: "npm run admin:create" };
  return unlessDuplicate(
    () =>
      db().transaction(async (tx) => {
        const invited = await createInvitedUser(tx, { ...input, role: "admin" });
        if (invited) {
          await recordAudit(tx, actor, {
            action: "invitation.admin_from_command_line",
            subjectType: "user",
            subjectId: invited.user.id,
            summary: { after: { email: invited.user.email, role: "admin", ranBy } },
          });
          return { ok: true as const, link: invited.link, reissued: false };
        }
        const [existing] = await tx
          .select()
          .from(users)
          .where(sql`lower(${users.email}) = ${input.email}`)
          .for("update");
        if (existing.role !== "admin" || existing.passwordHash || existing.deactivatedAt) {
          return {
            ok: false as const,
            error: `${ALREADY_EXISTS}. An admin can change its role at /admin/users once signed in.`,
          };
        }
        const token = await issueToken(tx, existing.id, "invitation");
        await recordAudit(tx, actor, {
          action: "invitation.admin_from_command_line_reissued",
          subjectType: "user",
          subjectId: existing.id,
          summary: { after: { email: existing.email, role: "admin", ranBy } },
        });
        return { ok: true as const, link: accountLink("/accept-invitation", token), reissued: true };
      }),
    () => ({ ok: false as const, error: ALREADY_EXISTS }),
  );
}
