// Supplier responses to published findings: a supplier responds (registering interest); only staff,
// and the responding organisation, read responses.
import { and, asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { findingResponses, findings, organisations, users } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { toCsv } from "../csv.server";
import { actorOf, registerInterest } from "../procurements/procurements.server";
import { toLondonLocal } from "../time";
import { KIND_LABELS, type FindingResponseInput } from "./schema";
import { isUuid } from "../ids";
import { notFound, requireRole, requireSupplier } from "../refusals.server";
import { publishedFinding } from "./finding-reads.server";
import { idempotencyKeyFor, claimIdempotencyKey, onceFor } from "./repeat-posts.server";

/**
 * A signed-in supplier responds to a published finding; it registers their organisation's interest
 * in the procurement too. A repeated post of the same form records one response.
 */
export async function respondToFinding(
  user: SignedInUser,
  procurementId: string,
  findingId: string | undefined,
  input: FindingResponseInput,
): Promise<{ responseId: string }> {
  requireSupplier(user);
  const organisationId = user.organisationId;
  const { body } = input;
  const finding = await publishedFinding(procurementId, findingId);
  const key = idempotencyKeyFor("finding.respond", user, input.idempotencyKey);
  return onceFor(
    key,
    () =>
      db().transaction(async (tx) => {
        const [row] = await tx
          .insert(findingResponses)
          .values({ findingId: finding.id, organisationId, userId: user.id, body })
          .returning({ id: findingResponses.id });
        await registerInterest(user, procurementId, tx);
        await recordAudit(tx, actorOf(user), {
          action: "finding.response_submitted",
          subjectType: "finding_response",
          subjectId: row.id,
          procurementId,
          summary: { findingId: finding.id, organisationId, length: body.length },
        });
        await claimIdempotencyKey(tx, user, key, row.id);
        return { responseId: row.id };
      }),
    (responseId) => ({ responseId }),
  );
}

const responseColumns = {
  id: findingResponses.id,
  findingId: findingResponses.findingId,
  body: findingResponses.body,
  createdAt: findingResponses.createdAt,
  person: users.name,
  email: users.email,
  organisation: organisations.legalName,
};

/** The caller's own organisation's responses to a finding: never another organisation's. */
export async function ownResponses(user: SignedInUser | null, findingId: string) {
  if (!user || user.role !== "supplier" || !user.organisationId) return [];
  return db()
    .select(responseColumns)
    .from(findingResponses)
    .innerJoin(users, eq(users.id, findingResponses.userId))
    .innerJoin(organisations, eq(organisations.id, findingResponses.organisationId))
    .where(and(eq(findingResponses.findingId, findingId), eq(findingResponses.organisationId, user.organisationId)))
    .orderBy(asc(findingResponses.createdAt));
}

/** Every response to one finding, or to all of a procurement's findings: staff only. */
export async function listResponses(user: SignedInUser, procurementId: string, findingId?: string) {
  requireRole(user, "staff");
  const conditions = [eq(findings.procurementId, procurementId)];
  if (findingId !== undefined) {
    if (!isUuid(findingId)) notFound();
    conditions.push(eq(findingResponses.findingId, findingId));
  }
  return db()
    .select({
      ...responseColumns,
      findingTitle: findings.title,
      findingKind: findings.kind,
      findingTheme: findings.theme,
      findingStatus: findings.status,
    })
    .from(findingResponses)
    .innerJoin(findings, eq(findings.id, findingResponses.findingId))
    .innerJoin(users, eq(users.id, findingResponses.userId))
    .innerJoin(organisations, eq(organisations.id, findingResponses.organisationId))
    .where(and(...conditions))
    .orderBy(asc(findings.title), asc(findingResponses.createdAt));
}

/** Every supplier response to a procurement's findings as CSV (staff only), safe to open in a spreadsheet. */
export async function findingResponsesCsv(user: SignedInUser, procurementId: string): Promise<string> {
  const rows = await listResponses(user, procurementId);
  return toCsv(
    ["Finding", "Kind", "Theme", "Finding status", "Organisation", "Person", "Email", "Response", "Sent (UK time)"],
    rows.map((r) => [
      r.findingTitle,
      KIND_LABELS[r.findingKind],
      r.findingTheme,
      r.findingStatus,
      r.organisation,
      r.person,
      r.email,
      r.body,
      toLondonLocal(r.createdAt).replace("T", " "),
    ]),
  );
}
