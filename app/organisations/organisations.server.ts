// Supplier organisations: registration with a first user, members, and inviting colleagues.
import { asc, eq, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { isUniqueViolation, unlessDuplicate } from "../../db/errors";
import { organisations, users } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { alreadyRegisteredMessage } from "../../emails/templates/already-registered";
import { invitationMessage } from "../../emails/templates/invitation";
import { recordAudit } from "../audit/audit.server";
import type { RegisterSupplier } from "../auth/schema";
import { commonPasswordProblem, hashPassword } from "../auth/passwords.server";
import { accountLink, issueToken, TOKEN_LIFETIME_MS } from "../auth/tokens.server";
import { sendVerificationEmail } from "../users/users.server";
import type { SignedInUser } from "../auth/guards.server";
import { forbidden } from "../refusals.server";

export type RegistrationResult =
  { ok: true; userId: string | null } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Registers an organisation and its first user (its organisation admin), unverified until the
 * emailed link is followed. An address that already has an account gets an email saying so and
 * the same answer on screen, so that registration never reveals who is registered.
 */
export async function registerSupplier(input: RegisterSupplier, ip: string | null): Promise<RegistrationResult> {
  const passwordProblem = commonPasswordProblem(input.password, [input.name, input.email.split("@")[0]]);
  if (passwordProblem) return { ok: false, fieldErrors: { password: passwordProblem } };
  const passwordHash = await hashPassword(input.password);
  try {
    return await createRegistration(input, passwordHash, ip);
  } catch (error) {
    // A double submit (or two people registering at once) loses the race on a unique index:
    // the first registration stands and the repeat gets the same answer, nothing twice.
    if (!isUniqueViolation(error)) throw error;
    const [existing] = await db()
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email}`);
    if (existing) return { ok: true, userId: null };
    return {
      ok: false,
      fieldErrors: {
        companiesHouseNumber:
          "An organisation with this Companies House number is already registered. Ask its organisation admin to invite you",
      },
    };
  }
}

async function createRegistration(
  input: RegisterSupplier,
  passwordHash: string,
  ip: string | null,
): Promise<RegistrationResult> {
  return db().transaction(async (tx) => {
    const [existingUser] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${input.email}`);
    if (existingUser) {
      await enqueueEmail(tx, {
        to: input.email,
        template: "already-registered",
        content: alreadyRegisteredMessage({
          signInLink: accountLink("/sign-in"),
          resetLink: accountLink("/forgot-password"),
        }),
      });
      await recordAudit(
        tx,
        { email: input.email, ip },
        { action: "registration.duplicate_email", subjectType: "user", subjectId: existingUser.id },
      );
      return { ok: true as const, userId: null };
    }
    const [existingOrganisation] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.companiesHouseNumber, input.companiesHouseNumber));
    if (existingOrganisation) {
      return {
        ok: false as const,
        fieldErrors: {
          companiesHouseNumber:
            "An organisation with this Companies House number is already registered. Ask its organisation admin to invite you",
        },
      };
    }
    const [organisation] = await tx
      .insert(organisations)
      .values({
        legalName: input.legalName,
        tradingNames: input.tradingNames ?? "",
        companiesHouseNumber: input.companiesHouseNumber,
        dunsNumber: input.dunsNumber ?? null,
        addressLine1: input.addressLine1,
        addressLine2: input.addressLine2 ?? null,
        town: input.town,
        postcode: input.postcode,
        isSme: input.isSme,
        isVcse: input.isVcse,
        contactName: input.name,
        contactEmail: input.email,
        contactPhone: input.contactPhone ?? null,
      })
      .returning();
    const [user] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        role: "supplier",
        organisationId: organisation.id,
        isOrganisationAdmin: true,
        passwordHash,
      })
      .returning();
    await sendVerificationEmail(tx, user);
    await recordAudit(
      tx,
      { userId: user.id, email: user.email, organisationId: organisation.id, ip },
      {
        action: "registration",
        subjectType: "organisation",
        subjectId: organisation.id,
        summary: {
          after: {
            legalName: organisation.legalName,
            companiesHouseNumber: organisation.companiesHouseNumber,
            isSme: organisation.isSme,
            isVcse: organisation.isVcse,
          },
        },
      },
    );
    return { ok: true as const, userId: user.id };
  });
}

export async function findOrganisation(organisationId: string) {
  const [row] = await db().select().from(organisations).where(eq(organisations.id, organisationId));
  return row ?? null;
}

/** The members of the caller's own organisation; nobody sees another organisation's people. */
export async function listMembers(user: SignedInUser) {
  if (!user.organisationId) return [];
  return db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      isOrganisationAdmin: users.isOrganisationAdmin,
      emailVerifiedAt: users.emailVerifiedAt,
      passwordSet: sql<boolean>`${users.passwordHash} is not null`,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    .where(eq(users.organisationId, user.organisationId))
    .orderBy(asc(users.name));
}

export type InvitationResult = { ok: true; userId: string } | { ok: false; fieldErrors: Record<string, string> };

/** An organisation admin invites a colleague into their own organisation. */
export async function inviteColleague(
  admin: SignedInUser,
  input: { name: string; email: string },
): Promise<InvitationResult> {
  const organisationId = admin.organisationId;
  if (!organisationId || !admin.isOrganisationAdmin) forbidden();
  return unlessDuplicate(
    () =>
      db().transaction(async (tx) => {
        const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
        const [existing] = await tx
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.email}) = ${input.email}`);
        if (existing) {
          return {
            ok: false as const,
            fieldErrors: { email: "This person already has an account. A person can belong to one organisation only" },
          };
        }
        const [user] = await tx
          .insert(users)
          .values({
            email: input.email,
            name: input.name,
            role: "supplier",
            organisationId,
            isOrganisationAdmin: false,
          })
          .returning();
        const token = await issueToken(tx, user.id, "invitation");
        await enqueueEmail(tx, {
          to: user.email,
          template: "invitation",
          content: invitationMessage({
            name: user.name,
            invitedBy: admin.name,
            joining: organisation.legalName,
            link: accountLink("/accept-invitation", token),
            expiresInDays: TOKEN_LIFETIME_MS.invitation / 86_400_000,
          }),
        });
        await recordAudit(
          tx,
          { userId: admin.id, email: admin.email, organisationId, ip: admin.ip },
          {
            action: "invitation.colleague",
            subjectType: "user",
            subjectId: user.id,
            summary: { after: { email: user.email, role: "supplier" } },
          },
        );
        return { ok: true as const, userId: user.id };
      }),
    () => ({
      ok: false as const,
      fieldErrors: { email: "This person already has an account. A person can belong to one organisation only" },
    }),
  );
}
