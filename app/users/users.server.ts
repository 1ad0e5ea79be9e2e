// People's accounts: email verification, password reset and change, invitations, and the admin's
// operations on users (invite staff, evaluators and admins; change roles; deactivate).
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { unlessDuplicate } from "../../db/errors";
import { auditEvents, organisations, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { invitationMessage } from "../../emails/templates/invitation";
import { passwordResetMessage } from "../../emails/templates/password-reset";
import { verifyEmailMessage } from "../../emails/templates/verify-email";
import { recordAudit, type AuditActor } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { commonPasswordProblem, hashPassword, verifyPassword } from "../auth/passwords.server";
import type { Role } from "../auth/permissions";
import { endAllSessionsOf } from "../auth/session.server";
import { allowEmail, forgetAccountCounters, THROTTLE } from "../auth/throttle.server";
import { accountLink, consumeToken, issueToken, peekToken, TOKEN_LIFETIME_MS } from "../auth/tokens.server";
import { isUuid } from "../ids";
import * as clock from "../clock.server";
import { notFound, requireRole } from "../refusals.server";

/** People who can act and be emailed: not deactivated, email verified, account set up. */
export const activeUser = () =>
  and(isNull(users.deactivatedAt), sql`${users.emailVerifiedAt} is not null`, sql`${users.passwordHash} is not null`);

/** Every active person of one organisation, by email: who hears of what happens to its bids. */
export async function organisationRecipients(tx: Executor, organisationId: string) {
  return tx
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), activeUser()))
    .orderBy(asc(users.email));
}

function actorOf(user: SignedInUser): AuditActor {
  return { userId: user.id, email: user.email, organisationId: user.organisationId, ip: user.ip };
}

export async function verifyEmail(token: string, ip: string | null): Promise<boolean> {
  return db().transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "verify_email");
    if (!userId) return false;
    const [user] = await tx.update(users).set({ emailVerifiedAt: clock.now() }).where(eq(users.id, userId)).returning();
    await recordAudit(
      tx,
      { userId, email: user.email, organisationId: user.organisationId, ip },
      {
        action: "email.verified",
        subjectType: "user",
        subjectId: userId,
      },
    );
    return true;
  });
}

/** Issues a fresh verification link and emails it, in the caller's transaction. */
export async function sendVerificationEmail(tx: Executor, user: { id: string; name: string; email: string }) {
  const token = await issueToken(tx, user.id, "verify_email");
  await enqueueEmail(tx, {
    to: user.email,
    template: "verify-email",
    content: verifyEmailMessage({
      name: user.name,
      link: accountLink("/verify-email", token),
      expiresInHours: TOKEN_LIFETIME_MS.verify_email / 3_600_000,
    }),
  });
}

export async function resendVerification(user: SignedInUser) {
  await db().transaction(async (tx) => {
    await sendVerificationEmail(tx, user);
    await recordAudit(tx, actorOf(user), {
      action: "email.verification_resent",
      subjectType: "user",
      subjectId: user.id,
    });
  });
}

/**
 * Always behaves the same whether or not the address has an account, and whether or not a
 * message goes: at most a few an hour to one account and from one client address (decision 018).
 */
export async function requestPasswordReset(email: string, ip: string | null) {
  await db().transaction(async (tx) => {
    const allowed = await allowEmail(tx, [
      {
        key: { kind: "password_reset_email", account: email.toLowerCase(), address: "" },
        perHour: THROTTLE.passwordResetEmailsPerAccountPerHour,
      },
      {
        key: { kind: "password_reset_email", account: "", address: ip ?? "unknown" },
        perHour: THROTTLE.passwordResetEmailsPerAddressPerHour,
      },
    ]);
    const [user] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!allowed) {
      await recordAudit(
        tx,
        { userId: user?.id ?? null, email, organisationId: user?.organisationId ?? null, ip },
        { action: "password_reset.throttled", subjectType: user ? "user" : undefined, subjectId: user?.id },
      );
      return;
    }
    if (!user || user.deactivatedAt || !user.passwordHash) {
      await recordAudit(tx, { email, ip }, { action: "password_reset.requested_unknown" });
      return;
    }
    const token = await issueToken(tx, user.id, "reset_password");
    await enqueueEmail(tx, {
      to: user.email,
      template: "password-reset",
      content: passwordResetMessage({
        name: user.name,
        link: accountLink("/reset-password", token),
        expiresInMinutes: TOKEN_LIFETIME_MS.reset_password / 60_000,
      }),
    });
    await recordAudit(
      tx,
      { userId: user.id, email: user.email, organisationId: user.organisationId, ip },
      {
        action: "password_reset.requested",
        subjectType: "user",
        subjectId: user.id,
      },
    );
  });
}

export async function isTokenValid(token: string, purpose: "reset_password" | "invitation") {
  return (await peekToken(db(), token, purpose)) !== null;
}

export type PasswordResult = { ok: true; userId: string } | { ok: false; fieldErrors: Record<string, string> };

const EXPIRED_LINK = "This link has expired or has already been used. Ask for a new one";

export async function resetPassword(token: string, password: string, ip: string | null): Promise<PasswordResult> {
  const userId = await peekToken(db(), token, "reset_password");
  if (!userId) return { ok: false, fieldErrors: { password: EXPIRED_LINK } };
  const [user] = await db().select().from(users).where(eq(users.id, userId));
  if (user.deactivatedAt) return { ok: false, fieldErrors: { password: EXPIRED_LINK } };
  const problem = commonPasswordProblem(password, [user.name, user.email.split("@")[0]]);
  if (problem) return { ok: false, fieldErrors: { password: problem } };
  const passwordHash = await hashPassword(password);
  const ok = await db().transaction(async (tx) => {
    if (!(await consumeToken(tx, token, "reset_password"))) return false;
    // A new password makes every earlier guess moot: the account's sign-in counters start again.
    await forgetAccountCounters(tx, user.email);
    // Following the emailed link proves the address too.
    await tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? clock.now(), version: user.version + 1 })
      .where(eq(users.id, userId));
    await recordAudit(
      tx,
      { userId, email: user.email, organisationId: user.organisationId, ip },
      {
        action: "password_reset.completed",
        subjectType: "user",
        subjectId: userId,
      },
    );
    return true;
  });
  if (!ok) return { ok: false, fieldErrors: { password: EXPIRED_LINK } };
  await endAllSessionsOf(userId);
  return { ok: true, userId };
}

export async function invitationDetails(token: string) {
  const userId = await peekToken(db(), token, "invitation");
  if (!userId) return null;
  const [row] = await db()
    .select({ name: users.name, email: users.email, role: users.role, organisation: organisations.legalName })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId));
  return row ?? null;
}

export async function acceptInvitation(
  input: { token: string; name: string; password: string },
  ip: string | null,
): Promise<PasswordResult> {
  const userId = await peekToken(db(), input.token, "invitation");
  if (!userId)
    return {
      ok: false,
      fieldErrors: { password: "This invitation has expired or has already been used. Ask for a new one" },
    };
  const [user] = await db().select().from(users).where(eq(users.id, userId));
  if (user.deactivatedAt) {
    return {
      ok: false,
      fieldErrors: { password: "This invitation has expired or has already been used. Ask for a new one" },
    };
  }
  const problem = commonPasswordProblem(input.password, [input.name, user.email.split("@")[0]]);
  if (problem) return { ok: false, fieldErrors: { password: problem } };
  const passwordHash = await hashPassword(input.password);
  const ok = await db().transaction(async (tx) => {
    if (!(await consumeToken(tx, input.token, "invitation"))) return false;
    await tx
      .update(users)
      .set({ name: input.name, passwordHash, emailVerifiedAt: clock.now(), version: user.version + 1 })
      .where(eq(users.id, userId));
    await recordAudit(
      tx,
      { userId, email: user.email, organisationId: user.organisationId, ip },
      {
        action: "invitation.accepted",
        subjectType: "user",
        subjectId: userId,
      },
    );
    return true;
  });
  if (!ok)
    return {
      ok: false,
      fieldErrors: { password: "This invitation has expired or has already been used. Ask for a new one" },
    };
  return { ok: true, userId };
}

export async function changePassword(
  user: SignedInUser,
  input: { currentPassword: string; password: string },
): Promise<PasswordResult> {
  const [row] = await db().select().from(users).where(eq(users.id, user.id));
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: "Your current password is not correct" } };
  }
  const problem = commonPasswordProblem(input.password, [row.name, row.email.split("@")[0]]);
  if (problem) return { ok: false, fieldErrors: { password: problem } };
  const passwordHash = await hashPassword(input.password);
  await db().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, version: row.version + 1 })
      .where(eq(users.id, user.id));
    await forgetAccountCounters(tx, row.email);
    await recordAudit(tx, actorOf(user), { action: "password.changed", subjectType: "user", subjectId: user.id });
  });
  await endAllSessionsOf(user.id);
  return { ok: true, userId: user.id };
}

// --- Administration -------------------------------------------------------------------------

export async function listUsers(admin: SignedInUser) {
  requireRole(admin, "admin");
  return db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      isOrganisationAdmin: users.isOrganisationAdmin,
      organisation: organisations.legalName,
      emailVerifiedAt: users.emailVerifiedAt,
      totpEnabledAt: users.totpEnabledAt,
      deactivatedAt: users.deactivatedAt,
      passwordSet: sql<boolean>`${users.passwordHash} is not null`,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .orderBy(asc(users.role), asc(users.name));
}

export async function findUserForAdmin(admin: SignedInUser, userId: string) {
  requireRole(admin, "admin");
  if (!isUuid(userId)) return null;
  const [row] = await db()
    .select({ user: users, organisation: organisations.legalName })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId));
  return row ?? null;
}

export type AdminResult = { ok: true; userId: string } | { ok: false; fieldErrors: Record<string, string> };

export const ALREADY_EXISTS = "A user with this email address already exists";

/** A buyer-side account with no password yet and its invitation link (accepted at /accept-invitation). */
export async function createInvitedUser(
  tx: Executor,
  input: { name: string; email: string; role: Exclude<Role, "supplier"> },
): Promise<{ user: typeof users.$inferSelect; link: string } | null> {
  const [existing] = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email}`);
  if (existing) return null;
  const [user] = await tx.insert(users).values({ email: input.email, name: input.name, role: input.role }).returning();
  const token = await issueToken(tx, user.id, "invitation");
  return { user, link: accountLink("/accept-invitation", token) };
}

/** Staff, evaluators and admins exist only by an admin's invitation. */
export async function inviteUser(
  admin: SignedInUser,
  input: { name: string; email: string; role: Exclude<Role, "supplier"> },
): Promise<AdminResult> {
  requireRole(admin, "admin");
  return unlessDuplicate(
    () =>
      db().transaction(async (tx) => {
        const invited = await createInvitedUser(tx, input);
        if (!invited) return { ok: false as const, fieldErrors: { email: ALREADY_EXISTS } };
        const { user, link } = invited;
        await enqueueEmail(tx, {
          to: user.email,
          template: "invitation",
          content: invitationMessage({
            name: user.name,
            invitedBy: admin.name,
            joining: `the NHS AI Lab procurement team as ${input.role === "staff" ? "a commercial officer" : input.role === "evaluator" ? "an evaluator" : "an administrator"}`,
            link,
            expiresInDays: TOKEN_LIFETIME_MS.invitation / 86_400_000,
          }),
        });
        await recordAudit(tx, actorOf(admin), {
          action: "invitation.user",
          subjectType: "user",
          subjectId: user.id,
          summary: { after: { email: user.email, role: user.role } },
        });
        return { ok: true as const, userId: user.id };
      }),
    () => ({ ok: false as const, fieldErrors: { email: ALREADY_EXISTS } }),
  );
}

export async function changeRole(admin: SignedInUser, userId: string, role: Role): Promise<AdminResult> {
  requireRole(admin, "admin");
  if (userId === admin.id)
    return { ok: false, fieldErrors: { role: "You cannot change your own role. Ask another admin" } };
  const result = await db().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) notFound();
    if (role === "supplier" && !user.organisationId) {
      return {
        ok: false as const,
        fieldErrors: { role: "Only a member of a supplier organisation can be a supplier" },
      };
    }
    if (user.organisationId && role !== "supplier") {
      return {
        ok: false as const,
        fieldErrors: {
          role: "A supplier's user cannot hold a buyer role. Invite the person separately with a buyer email address",
        },
      };
    }
    if (user.role === role) return { ok: true as const, userId };
    await tx
      .update(users)
      .set({ role, version: user.version + 1 })
      .where(eq(users.id, userId));
    await recordAudit(tx, actorOf(admin), {
      action: "user.role_changed",
      subjectType: "user",
      subjectId: userId,
      summary: { before: { role: user.role }, after: { role } },
    });
    return { ok: true as const, userId };
  });
  // A new role takes effect at the next sign-in, so that no session carries old and new powers.
  if (result.ok) await endAllSessionsOf(userId);
  return result;
}

export async function setActive(admin: SignedInUser, userId: string, active: boolean): Promise<AdminResult> {
  requireRole(admin, "admin");
  if (userId === admin.id) return { ok: false, fieldErrors: { active: "You cannot deactivate your own account" } };
  const result = await db().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) notFound();
    await tx
      .update(users)
      .set({ deactivatedAt: active ? null : clock.now(), version: user.version + 1 })
      .where(eq(users.id, userId));
    await recordAudit(tx, actorOf(admin), {
      action: active ? "user.reactivated" : "user.deactivated",
      subjectType: "user",
      subjectId: userId,
      summary: { before: { active: user.deactivatedAt === null }, after: { active } },
    });
    return { ok: true as const, userId };
  });
  if (!active) await endAllSessionsOf(userId);
  return result;
}

export async function adminOverview(admin: SignedInUser) {
  requireRole(admin, "admin");
  const [counts] = await db()
    .select({
      activeUsers: sql<number>`count(*) filter (where ${users.deactivatedAt} is null and ${users.passwordHash} is not null)::int`,
      pendingInvitations: sql<number>`count(*) filter (where ${users.deactivatedAt} is null and ${users.passwordHash} is null)::int`,
      deactivatedUsers: sql<number>`count(*) filter (where ${users.deactivatedAt} is not null)::int`,
    })
    .from(users);
  const [audit] = await db()
    .select({ auditEvents: sql<number>`count(*)::int` })
    .from(auditEvents);
  return { ...counts, ...audit };
}
