// How long a procurement's s.98 records must be kept: 3 years after the contract award (the award
// notice date) unless the procurement records a later date. Nothing here deletes anything.
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { awards, procurements, tenders } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { todayInUk } from "../evaluation/award.server";
import type { Procurement } from "../procurements/procurements.server";

export const RETENTION_YEARS = 3;

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

async function awardNoticeDateOf(procurementId: string): Promise<string | null> {
  const [row] = await db()
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
export async function retentionSchedule(user: SignedInUser, now = new Date()): Promise<RetentionRow[]> {
  if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
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
