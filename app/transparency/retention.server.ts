// How long a procurement's s.98 records must be kept: 3 years after the contract award (the award
// notice date) unless the procurement records a later date. Nothing here deletes anything.
import { asc, eq } from "drizzle-orm";
import { db, type Executor } from "../../db/client.server";
import { awards, procurements, tenders } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { todayInUk } from "../evaluation/award.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { formatDate } from "../time";
import { RETENTION_YEARS, type RetentionChange } from "./retention-schema";
import * as clock from "../clock.server";
import { notFound, requireRole } from "../refusals.server";

export type Retention =
  | { basis: "recorded"; endsOn: string; awardNoticeDate: string | null }
  | { basis: "award"; endsOn: string; awardNoticeDate: string }
  | { basis: "no-award"; endsOn: null; awardNoticeDate: null };

/** A UK calendar date (YYYY-MM-DD) some whole years later; 29 February falls back to 28 February. */
export function yearsAfter(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export function retentionFrom(retentionEndsOn: string | null, awardNoticeDate: string | null): Retention {
  if (retentionEndsOn) return { basis: "recorded", endsOn: retentionEndsOn, awardNoticeDate };
  if (awardNoticeDate) {
    return { basis: "award", endsOn: yearsAfter(awardNoticeDate, RETENTION_YEARS), awardNoticeDate };
  }
  return { basis: "no-award", endsOn: null, awardNoticeDate: null };
}

async function awardNoticeDateOf(procurementId: string, executor: Executor = db()): Promise<string | null> {
  const [row] = await executor
    .select({ noticeDate: awards.noticeDate })
    .from(awards)
    .innerJoin(tenders, eq(tenders.id, awards.tenderId))
    .where(eq(tenders.procurementId, procurementId));
  return row?.noticeDate ?? null;
}

export async function retentionOf(procurement: Procurement): Promise<Retention> {
  return retentionFrom(procurement.retentionEndsOn, await awardNoticeDateOf(procurement.id));
}

export type RetentionRow = {
  slug: string;
  title: string;
  retention: Retention;
  /** The retention period has ended (the day after its last day has come, UK time). */
  mayBeDestroyed: boolean;
};

/** Every procurement with its retention period, those whose records may now be destroyed first (admins). */
export async function retentionSchedule(user: SignedInUser, now = clock.now()): Promise<RetentionRow[]> {
  requireRole(user, "admin");
  const today = todayInUk(now);
  const rows = await db()
    .select({
      slug: procurements.slug,
      title: procurements.title,
      retentionEndsOn: procurements.retentionEndsOn,
      awardNoticeDate: awards.noticeDate,
    })
    .from(procurements)
    .leftJoin(tenders, eq(tenders.procurementId, procurements.id))
    .leftJoin(awards, eq(awards.tenderId, tenders.id))
    .orderBy(asc(procurements.title));
  return rows
    .map((r) => {
      const retention = retentionFrom(r.retentionEndsOn, r.awardNoticeDate);
      return {
        slug: r.slug,
        title: r.title,
        retention,
        mayBeDestroyed: retention.endsOn !== null && retention.endsOn < today,
      };
    })
    .sort(
      (a, b) =>
        Number(b.mayBeDestroyed) - Number(a.mayBeDestroyed) ||
        (a.retention.endsOn ?? "9999").localeCompare(b.retention.endsOn ?? "9999") ||
        a.title.localeCompare(b.title),
    );
}

/** One procurement's retention, with the least the Act allows once a contract is awarded (admins). */
export async function retentionFor(user: SignedInUser, procurement: Procurement) {
  requireRole(user, "admin");
  const awardNoticeDate = await awardNoticeDateOf(procurement.id);
  return {
    retention: retentionFrom(procurement.retentionEndsOn, awardNoticeDate),
    statutoryEndsOn: awardNoticeDate ? yearsAfter(awardNoticeDate, RETENTION_YEARS) : null,
  };
}

export type RetentionChangeResult = { ok: true; changed: boolean } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Records the date a procurement's record is kept until (never earlier than the Act's 3 years after
 * the award notice, nor in the past), or goes back to that default. Audited with the reason; the
 * same change made twice (a double submit) changes nothing the second time.
 */
export async function changeRetention(
  user: SignedInUser,
  procurement: Procurement,
  input: RetentionChange,
  now = clock.now(),
): Promise<RetentionChangeResult> {
  requireRole(user, "admin");
  return db().transaction(async (tx): Promise<RetentionChangeResult> => {
    const [current] = await tx
      .select({ retentionEndsOn: procurements.retentionEndsOn, version: procurements.version })
      .from(procurements)
      .where(eq(procurements.id, procurement.id))
      .for("update");
    if (!current) notFound();
    const awardNoticeDate = await awardNoticeDateOf(procurement.id, tx);
    const endsOn = input.intent === "record" ? (input.endsOn ?? null) : null;
    if (endsOn !== null) {
      const statutory = awardNoticeDate ? yearsAfter(awardNoticeDate, RETENTION_YEARS) : null;
      if (statutory && endsOn < statutory) {
        return {
          ok: false,
          fieldErrors: {
            endsOn: `The Procurement Act requires this record to be kept until at least ${formatDate(statutory)} (${RETENTION_YEARS} years after the award notice)`,
          },
        };
      }
      if (endsOn < todayInUk(now)) {
        return { ok: false, fieldErrors: { endsOn: "The date the record is kept until must be today or later" } };
      }
    }
    if (current.retentionEndsOn === endsOn) return { ok: true, changed: false };
    await tx
      .update(procurements)
      .set({ retentionEndsOn: endsOn, version: current.version + 1, updatedAt: now })
      .where(eq(procurements.id, procurement.id));
    await recordAudit(tx, actorOf(user), {
      action: "procurement.retention_changed",
      subjectType: "procurement",
      subjectId: procurement.id,
      procurementId: procurement.id,
      summary: {
        from: current.retentionEndsOn,
        to: endsOn,
        effective: retentionFrom(endsOn, awardNoticeDate).endsOn,
        reason: input.reason,
      },
    });
    return { ok: true, changed: true };
  });
}
