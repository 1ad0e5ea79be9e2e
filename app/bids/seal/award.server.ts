// Inside the seal (see ../sealed.server.ts): what the award notice makes public, once it is out.
import { asc, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client.server";
import { awards, bidSubmissions, organisations } from "../../../db/schema";
import { countingOn, type Tender } from "./shared.server";

export type AwardedTenderers = {
  award: { id: string; decidedAt: Date; noticeDate: string; standstillEndsOn: string };
  /** Every organisation with a counting submission, by name: never what any of them bid. */
  tenderers: { organisationId: string; name: string }[];
  /** The winning organisation and its price schedules' total in pence (null if it priced nothing). */
  winner: { organisationId: string; name: string; totalPence: number | null };
};

/**
 * What the award notice makes public (OCDS, Find a Tender): who bid and who won at what price.
 * Null until an award exists and its notice date (UK, YYYY-MM-DD) has come; no answers, files,
 * scores or references ever leave through here: only the price totals are read out of the winner's
 * submission, by the database.
 */
export async function awardedTenderers(
  tender: Pick<Tender, "id">,
  todayInUk: string,
): Promise<AwardedTenderers | null> {
  const [award] = await db()
    .select({
      id: awards.id,
      bidId: awards.bidId,
      decidedAt: awards.decidedAt,
      noticeDate: awards.noticeDate,
      standstillEndsOn: awards.standstillEndsOn,
    })
    .from(awards)
    .where(eq(awards.tenderId, tender.id));
  if (!award || award.noticeDate > todayInUk) return null;
  const rows = await db()
    .select({
      bidId: bidSubmissions.bidId,
      organisationId: bidSubmissions.organisationId,
      name: organisations.legalName,
      // Price answers carry the server-computed total; nothing else of the content is selected.
      totalPence: sql<
        string | null
      >`(select sum((a->>'totalPence')::bigint) from jsonb_array_elements(${bidSubmissions.content}->'answers') a where a->>'kind' = 'price')`,
    })
    .from(bidSubmissions)
    .innerJoin(organisations, eq(organisations.id, bidSubmissions.organisationId))
    .where(countingOn(tender.id))
    .orderBy(asc(organisations.legalName));
  const won = rows.find((r) => r.bidId === award.bidId);
  if (!won) return null;
  const { bidId: _bidId, ...awardFields } = award;
  return {
    award: awardFields,
    tenderers: rows.map((r) => ({ organisationId: r.organisationId, name: r.name })),
    winner: {
      organisationId: won.organisationId,
      name: won.name,
      totalPence: won.totalPence === null ? null : Number(won.totalPence),
    },
  };
}
