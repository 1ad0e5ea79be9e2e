// The procurement as Open Contracting Data (OCDS 1.1): a release package with one release per stage
// that has happened, holding only what is public at that stage (docs/decisions/011-ocds-validation.md).
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { db } from "../../db/client.server";
import { auditEvents, engagementSessions, organisations, tenderVersions } from "../../db/schema";
import { awardedTenderers } from "../bids/sealed.server";
import { config } from "../config.server";
import type { Procurement } from "../procurements/procurements.server";
import type { PublishedQuestionnaire } from "../tenders/questionnaire";
import { findTender } from "../tenders/reading.server";
import { toLondonLocal } from "../time";
import * as clock from "../clock.server";
import type { OcdsParty, OcdsRelease, OcdsReleasePackage } from "./ocds-shapes";
import {
  awardRelease,
  cancellationRelease,
  ocdsDateTime,
  planningRelease,
  revisionsOf,
  tenderRelease,
  type DeadlineChange,
  type Stages,
} from "./ocds-releases.server";

// --- The package ----------------------------------------------------------------------------------------

const OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
export function ocidOf(procurement: Pick<Procurement, "id">): string {
  return `${config().ocdsPrefix}-${procurement.id}`;
}

export function ocdsPackageLink(slug: string): string {
  return `${config().publicUrl}/procurements/${slug}/ocds.json`;
}
/**
 * The release package for one procurement, as anyone may read it now: planning (the procurement and
 * its engagement events), the tender as first published, each amendment, and, once the award notice
 * is out, the award with its supplier and every tenderer. Never bid content, scores or, before the
 * award, who bid.
 */
export async function ocdsReleasePackage(procurement: Procurement, now = clock.now()): Promise<OcdsReleasePackage> {
  const ocid = ocidOf(procurement);
  const tender = await findTender(procurement.id);
  const [sessions, versionRows, deadlineRows, awarded] = await Promise.all([
    db()
      .select()
      .from(engagementSessions)
      .where(and(eq(engagementSessions.procurementId, procurement.id), ne(engagementSessions.status, "cancelled")))
      .orderBy(asc(engagementSessions.startsAt), asc(engagementSessions.id)),
    tender
      ? db()
          .select({
            number: tenderVersions.number,
            reason: tenderVersions.reason,
            publishedAt: tenderVersions.publishedAt,
            questionnaire: tenderVersions.questionnaire,
          })
          .from(tenderVersions)
          .where(eq(tenderVersions.tenderId, tender.id))
          .orderBy(asc(tenderVersions.number))
      : Promise.resolve([]),
    // A moved bid deadline is an amendment too: its reason went to every interested supplier.
    db()
      .select({ at: auditEvents.at, summary: auditEvents.summary })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.procurementId, procurement.id),
          inArray(auditEvents.action, ["tender.deadline_extended", "tender.deadline_brought_forward"]),
        ),
      )
      .orderBy(asc(auditEvents.seq)),
    tender ? awardedTenderers(tender, toLondonLocal(now).slice(0, 10)) : Promise.resolve(null),
  ]);
  const versions = versionRows
    .filter((v) => v.publishedAt.getTime() <= now.getTime())
    .map((v) => ({ ...v, questionnaire: v.questionnaire as PublishedQuestionnaire }));
  const deadlineChanges = deadlineRows.flatMap((row): DeadlineChange[] => {
    const { before, after, reason } = row.summary as { before?: string | null; after?: string; reason?: string };
    if (!after || row.at.getTime() > now.getTime()) return [];
    return [{ at: row.at, before: before ? new Date(before) : null, after: new Date(after), reason: reason ?? "" }];
  });
  const revisions = revisionsOf(versions, deadlineChanges);
  const companiesHouse = new Map<string, string>();
  const addresses = new Map<string, OcdsParty["address"]>();
  if (awarded) {
    const rows = await db()
      .select()
      .from(organisations)
      .where(
        inArray(
          organisations.id,
          awarded.tenderers.map((t) => t.organisationId),
        ),
      );
    for (const row of rows) {
      companiesHouse.set(row.id, row.companiesHouseNumber);
      if (row.id === awarded.winner.organisationId) {
        addresses.set(row.id, {
          streetAddress: [row.addressLine1, row.addressLine2].filter(Boolean).join(", "),
          locality: row.town,
          postalCode: row.postcode,
          countryName: "United Kingdom",
        });
      }
    }
  }
  const stages: Stages = {
    procurement,
    ocid,
    now,
    sessions,
    versions,
    revisions,
    deadlineChanges,
    awarded,
    companiesHouse,
    addresses,
  };

  const releases: OcdsRelease[] = [planningRelease(stages)];
  for (const revision of revisions) releases.push(tenderRelease(stages, revision));
  const latest = revisions[revisions.length - 1];
  if (latest && procurement.cancelledAt && procurement.cancelledAt.getTime() <= now.getTime()) {
    releases.push(cancellationRelease(stages, latest, procurement.cancelledAt));
  }
  if (latest && awarded) releases.push(awardRelease(stages, latest, awarded));

  const lastChange = releases.reduce((max, r) => Math.max(max, Date.parse(r.date)), 0);
  return {
    uri: ocdsPackageLink(procurement.slug),
    version: "1.1",
    publishedDate: ocdsDateTime(new Date(lastChange)),
    publisher: { name: "NHS England (NHS AI Lab)", uri: config().publicUrl },
    license: OGL,
    publicationPolicy: `${config().publicUrl}/procurements/${procurement.slug}`,
    releases,
  };
}
