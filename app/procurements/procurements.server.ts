// Procurements: the public view, staff editing (versioned, audited), and suppliers' registered interest.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { activeUser } from "../users/users.server";
import { db, type Executor } from "../../db/client.server";
import { unlessDuplicate } from "../../db/errors";
import { organisations, procurementInterests, procurements, tenders, users } from "../../db/schema";
import { recordAudit, type AuditActor } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { fromLondonLocal } from "../time";
import type { ProcurementInput } from "./schema";
import { STAGES, type StageKey } from "./stages";
import * as clock from "../clock.server";
import { notFound, requireRole, requireSupplier } from "../refusals.server";

export type Procurement = typeof procurements.$inferSelect;

export function actorOf(user: Pick<SignedInUser, "id" | "email" | "organisationId" | "ip">): AuditActor {
  return { userId: user.id, email: user.email, organisationId: user.organisationId, ip: user.ip };
}

/** A procurement by its slug, or a 404 for the page that asked. */
export async function requireProcurement(slug: string | undefined): Promise<Procurement> {
  if (!slug || slug.length > 60) notFound();
  const [row] = await db().select().from(procurements).where(eq(procurements.slug, slug));
  if (!row) notFound();
  return row;
}

export async function listProcurements() {
  return db()
    .select()
    .from(procurements)
    .where(isNull(procurements.cancelledAt))
    .orderBy(sql`${procurements.createdAt} desc`);
}

function stageValues(input: ProcurementInput) {
  const values: Partial<Record<StageKey, Date | null>> = {};
  for (const stage of STAGES) {
    const local = input[stage.key];
    values[stage.key] = local ? fromLondonLocal(local) : null;
  }
  return values;
}

// Dates that must run in order. Engagement may overlap the tender, so the two chains are separate.
const STAGE_CHAINS: StageKey[][] = [
  ["discoveryStartsAt", "engagementStartsAt", "engagementClosesAt"],
  ["tenderPublishedAt", "clarificationDeadline", "bidDeadline", "evaluationStartsAt", "awardAt", "standstillEndsAt"],
];

/** Returns field errors for stage dates that are out of order. */
export function stageOrderErrors(input: ProcurementInput): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const chain of STAGE_CHAINS) {
    let previous: { label: string; at: number } | null = null;
    for (const key of chain) {
      const local = input[key];
      if (!local) continue;
      const label = STAGES.find((s) => s.key === key)!.label;
      const at = fromLondonLocal(local).getTime();
      if (previous && at < previous.at) errors[key] = `${label} must be on or after ${previous.label.toLowerCase()}`;
      previous = { label, at };
    }
  }
  return errors;
}

export type SaveResult = { ok: true; slug: string } | { ok: false; fieldErrors: Record<string, string> };

export async function createProcurement(user: SignedInUser, input: ProcurementInput): Promise<SaveResult> {
  requireRole(user, "staff");
  const errors = stageOrderErrors(input);
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  return unlessDuplicate<SaveResult>(
    () =>
      db().transaction(async (tx) => {
        const [row] = await tx
          .insert(procurements)
          .values({
            slug: input.slug,
            title: input.title,
            summary: input.summary,
            description: input.description ?? "",
            estimatedValue: input.estimatedValue ?? null,
            ...stageValues(input),
            // The release date the OCDS feed publishes starts here: the portal's time, not the database's.
            createdAt: clock.now(),
            updatedAt: clock.now(),
          })
          .returning();
        await recordAudit(tx, actorOf(user), {
          action: "procurement.created",
          subjectType: "procurement",
          subjectId: row.id,
          procurementId: row.id,
          summary: { after: { slug: row.slug, title: row.title } },
        });
        return { ok: true as const, slug: row.slug };
      }),
    () => ({ ok: false as const, fieldErrors: { slug: "Another procurement already uses this web address" } }),
  );
}

/** Saves staff edits; a concurrent edit (stale version) is refused rather than overwritten. */
export async function updateProcurement(
  user: SignedInUser,
  procurementId: string,
  input: ProcurementInput,
): Promise<SaveResult> {
  requireRole(user, "staff");
  const errors = stageOrderErrors(input);
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  return unlessDuplicate<SaveResult>(
    () =>
      db().transaction(async (tx): Promise<SaveResult> => {
        const [before] = await tx.select().from(procurements).where(eq(procurements.id, procurementId)).for("update");
        if (!before) notFound();
        if (input.version !== undefined && input.version !== before.version) {
          return {
            ok: false as const,
            fieldErrors: {
              form: "Someone else changed this procurement while you were editing it. Your changes are below: check them against the current version and save again",
            },
          };
        }
        const next = {
          slug: input.slug,
          title: input.title,
          summary: input.summary,
          description: input.description ?? "",
          estimatedValue: input.estimatedValue ?? null,
          ...stageValues(input),
        };
        // Once the tender is out, the deadline moves only through the tender page: with a reason,
        // every interested supplier told, and never earlier once bids exist.
        // (The form has minutes: a deadline with seconds, saved unchanged, has not moved.)
        const minute = (d: Date | null | undefined) => (d ? Math.floor(d.getTime() / 60_000) : null);
        if (minute(next.bidDeadline) === minute(before.bidDeadline)) next.bidDeadline = before.bidDeadline;
        else {
          const [tender] = await tx
            .select({ publishedVersion: tenders.publishedVersion })
            .from(tenders)
            .where(eq(tenders.procurementId, procurementId));
          if (tender && tender.publishedVersion > 0) {
            return {
              ok: false as const,
              fieldErrors: {
                bidDeadline:
                  "The tender is published: change the bid deadline on the tender page, where suppliers are told the reason",
              },
            };
          }
        }
        const [after] = await tx
          .update(procurements)
          .set({ ...next, version: before.version + 1, updatedAt: clock.now() })
          .where(eq(procurements.id, procurementId))
          .returning();
        const changed = Object.fromEntries(
          Object.keys(next)
            .filter(
              (key) => String(before[key as keyof Procurement] ?? "") !== String(after[key as keyof Procurement] ?? ""),
            )
            .map((key) => [key, { before: before[key as keyof Procurement], after: after[key as keyof Procurement] }]),
        );
        await recordAudit(tx, actorOf(user), {
          action: "procurement.updated",
          subjectType: "procurement",
          subjectId: procurementId,
          procurementId,
          summary: { changed },
        });
        return { ok: true as const, slug: after.slug };
      }),
    () => ({ ok: false as const, fieldErrors: { slug: "Another procurement already uses this web address" } }),
  );
}

export async function hasRegisteredInterest(user: SignedInUser | null, procurementId: string): Promise<boolean> {
  if (!user?.organisationId) return false;
  const [row] = await db()
    .select({ id: procurementInterests.id })
    .from(procurementInterests)
    .where(
      and(
        eq(procurementInterests.procurementId, procurementId),
        eq(procurementInterests.organisationId, user.organisationId),
      ),
    );
  return Boolean(row);
}

/** A supplier registers its organisation's interest: from then on it is told of every publication. */
export async function registerInterest(user: SignedInUser, procurementId: string, tx: Executor = db()) {
  requireSupplier(user);
  const organisationId = user.organisationId;
  await unlessDuplicate(
    () =>
      tx.transaction(async (inner) => {
        await inner.insert(procurementInterests).values({ procurementId, organisationId, registeredByUserId: user.id });
        await recordAudit(inner, actorOf(user), {
          action: "procurement.interest_registered",
          subjectType: "procurement",
          subjectId: procurementId,
          procurementId,
        });
      }),
    () => undefined,
  );
}

/**
 * Everyone who must be told of a publication on a procurement (equal treatment): every active,
 * verified user of every supplier organisation registered on it.
 */
export async function interestedRecipients(tx: Executor, procurementId: string) {
  return tx
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      organisationId: users.organisationId,
      organisation: organisations.legalName,
    })
    .from(procurementInterests)
    .innerJoin(users, eq(users.organisationId, procurementInterests.organisationId))
    .innerJoin(organisations, eq(organisations.id, procurementInterests.organisationId))
    .where(and(eq(procurementInterests.procurementId, procurementId), activeUser()))
    .orderBy(asc(users.email));
}

export async function countInterestedOrganisations(procurementId: string) {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(procurementInterests)
    .where(eq(procurementInterests.procurementId, procurementId));
  return row?.n ?? 0;
}
