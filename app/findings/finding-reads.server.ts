// Findings as they are read: the published ones by anyone, signed in or not, with their filters and
// summary; every finding by staff.
import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client.server";
import { findingResponses, findings } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import type { FindingFilters } from "./schema";
import { isUuid } from "../ids";
import { notFound, requireRole } from "../refusals.server";

export type Finding = typeof findings.$inferSelect;

function filterConditions(procurementId: string, filters: FindingFilters): SQL[] {
  const conditions: SQL[] = [eq(findings.procurementId, procurementId)];
  if (filters.kind) conditions.push(eq(findings.kind, filters.kind));
  if (filters.impact) conditions.push(eq(findings.impact, filters.impact));
  if (filters.theme) conditions.push(sql`lower(${findings.theme}) = lower(${filters.theme})`);
  if (filters.q) conditions.push(sql`${findings.search} @@ websearch_to_tsquery('english', ${filters.q})`);
  return conditions;
}

function ordering(filters: FindingFilters) {
  // With a search, the best matches first; otherwise the newest.
  return filters.q
    ? [
        desc(sql`ts_rank(${findings.search}, websearch_to_tsquery('english', ${filters.q}))`),
        desc(findings.publishedAt),
      ]
    : [desc(sql`coalesce(${findings.publishedAt}, ${findings.createdAt})`)];
}

const publicColumns = {
  id: findings.id,
  title: findings.title,
  kind: findings.kind,
  theme: findings.theme,
  description: findings.description,
  evidenceSource: findings.evidenceSource,
  evidenceCount: findings.evidenceCount,
  impact: findings.impact,
  publishedAt: findings.publishedAt,
};

/** Published findings only: what everyone, signed in or not, may read. */
export async function listPublishedFindings(procurementId: string, filters: FindingFilters = {}) {
  return db()
    .select(publicColumns)
    .from(findings)
    .where(and(...filterConditions(procurementId, filters), eq(findings.status, "published")))
    .orderBy(...ordering(filters));
}

export async function findingsSummary(procurementId: string) {
  const rows = await db()
    .select({ kind: findings.kind, n: count() })
    .from(findings)
    .where(and(eq(findings.procurementId, procurementId), eq(findings.status, "published")))
    .groupBy(findings.kind);
  return {
    opportunities: rows.find((r) => r.kind === "opportunity")?.n ?? 0,
    blockers: rows.find((r) => r.kind === "blocker")?.n ?? 0,
  };
}

/** One published finding; drafts and archived findings are 404 to everyone but staff. */
export async function publishedFinding(procurementId: string, findingId: string | undefined) {
  if (!isUuid(findingId)) notFound();
  const [row] = await db()
    .select(publicColumns)
    .from(findings)
    .where(
      and(eq(findings.id, findingId), eq(findings.procurementId, procurementId), eq(findings.status, "published")),
    );
  if (!row) notFound();
  return row;
}

export async function listFindingsForStaff(user: SignedInUser, procurementId: string, filters: FindingFilters = {}) {
  requireRole(user, "staff");
  const conditions = filterConditions(procurementId, filters);
  if (filters.status) conditions.push(eq(findings.status, filters.status));
  const responses = db()
    .select({ findingId: findingResponses.findingId, n: count().as("n") })
    .from(findingResponses)
    .groupBy(findingResponses.findingId)
    .as("responses");
  return db()
    .select({ finding: findings, responses: sql<number>`coalesce(${responses.n}, 0)::int` })
    .from(findings)
    .leftJoin(responses, eq(responses.findingId, findings.id))
    .where(and(...conditions))
    .orderBy(...ordering(filters));
}

export async function findingForStaff(user: SignedInUser, procurementId: string, findingId: string | undefined) {
  requireRole(user, "staff");
  if (!isUuid(findingId)) notFound();
  const [row] = await db()
    .select()
    .from(findings)
    .where(and(eq(findings.id, findingId), eq(findings.procurementId, procurementId)));
  if (!row) notFound();
  return row;
}
