// Findings as staff write them: record a draft, edit it (versioned), publish, archive and return it
// to draft. Every write carries its audit row.
import { and, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { findings } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf } from "../procurements/procurements.server";
import type { FindingInput } from "./schema";
import { isUuid } from "../ids";
import * as clock from "../clock.server";
import { notFound, requireRole } from "../refusals.server";
import { resolveTheme } from "./themes.server";
import { idempotencyKeyFor, claimIdempotencyKey, onceFor } from "./repeat-posts.server";

export type FindingSaveResult =
  { ok: true; findingId: string } | { ok: false; fieldErrors: Record<string, string>; conflict?: boolean };

const STALE_EDIT =
  "Someone else changed this finding while you were editing it. Compare the version saved now with your text in the form below, then save again";

/** Records a new finding as a draft. */
export async function createFinding(
  user: SignedInUser,
  procurementId: string,
  input: FindingInput,
): Promise<FindingSaveResult> {
  requireRole(user, "staff");
  const key = idempotencyKeyFor("finding.create", user, input.idempotencyKey);
  return onceFor<FindingSaveResult>(
    key,
    () =>
      db().transaction(async (tx): Promise<FindingSaveResult> => {
        const resolved = await resolveTheme(tx, user, procurementId, input);
        if ("error" in resolved) return { ok: false, fieldErrors: { theme: resolved.error } };
        const { theme } = resolved;
        const [row] = await tx
          .insert(findings)
          .values({
            procurementId,
            title: input.title,
            kind: input.kind,
            theme,
            description: input.description,
            evidenceSource: input.evidenceSource,
            evidenceCount: input.evidenceCount,
            impact: input.impact,
            createdByUserId: user.id,
          })
          .returning({ id: findings.id });
        await recordAudit(tx, actorOf(user), {
          action: "finding.created",
          subjectType: "finding",
          subjectId: row.id,
          procurementId,
          summary: { after: { title: input.title, kind: input.kind, theme, impact: input.impact, status: "draft" } },
        });
        await claimIdempotencyKey(tx, user, key, row.id);
        return { ok: true, findingId: row.id };
      }),
    (findingId) => ({ ok: true, findingId }),
  );
}

/**
 * Saves an edit made on version `input.version`; if someone saved first (the version moved on), the
 * edit is refused, not merged, and the caller keeps the user's text.
 */
export async function updateFinding(
  user: SignedInUser,
  procurementId: string,
  findingId: string | undefined,
  input: FindingInput,
): Promise<FindingSaveResult> {
  requireRole(user, "staff");
  if (!isUuid(findingId)) notFound();
  return db().transaction(async (tx): Promise<FindingSaveResult> => {
    const [before] = await tx
      .select()
      .from(findings)
      .where(and(eq(findings.id, findingId), eq(findings.procurementId, procurementId)))
      .for("update");
    if (!before) notFound();
    if (input.version !== before.version) return { ok: false, conflict: true, fieldErrors: { form: STALE_EDIT } };
    const resolved = await resolveTheme(tx, user, procurementId, input);
    if ("error" in resolved) return { ok: false, fieldErrors: { theme: resolved.error } };
    const { theme } = resolved;
    const next = {
      title: input.title,
      kind: input.kind,
      theme,
      description: input.description,
      evidenceSource: input.evidenceSource,
      evidenceCount: input.evidenceCount,
      impact: input.impact,
    };
    const changed = Object.fromEntries(
      (Object.keys(next) as (keyof typeof next)[])
        .filter((key) => before[key] !== next[key])
        .map((key) => [key, { before: before[key], after: next[key] }]),
    );
    // Saving without a change moves nothing on, so it cannot make someone else's copy stale.
    if (Object.keys(changed).length === 0) return { ok: true, findingId };
    await tx
      .update(findings)
      .set({ ...next, version: before.version + 1, updatedAt: clock.now() })
      .where(eq(findings.id, findingId));
    await recordAudit(tx, actorOf(user), {
      action: "finding.updated",
      subjectType: "finding",
      subjectId: findingId,
      procurementId,
      summary: { changed },
    });
    return { ok: true, findingId };
  });
}

export type FindingStatus = "draft" | "published" | "archived";
export type StatusChangeResult = { ok: true; changed: boolean } | { ok: false; message: string };

/**
 * Moves a finding between draft, published and archived. With `expectedVersion` (the version the
 * member of staff was looking at), a finding changed since is not moved: they would publish text
 * they have not read.
 */
export async function setFindingStatus(
  user: SignedInUser,
  procurementId: string,
  findingId: string | undefined,
  status: FindingStatus,
  options: { expectedVersion?: number } = {},
): Promise<StatusChangeResult> {
  requireRole(user, "staff");
  if (!isUuid(findingId)) notFound();
  return db().transaction(async (tx): Promise<StatusChangeResult> => {
    const [before] = await tx
      .select()
      .from(findings)
      .where(and(eq(findings.id, findingId), eq(findings.procurementId, procurementId)))
      .for("update");
    if (!before) notFound();
    if (before.status === status) return { ok: true, changed: false };
    if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
      return {
        ok: false,
        message:
          "Someone else changed this finding since you opened it. Check it as it is now, shown below, then try again",
      };
    }
    await tx
      .update(findings)
      .set({
        status,
        // The first publication date stays, so that archiving and republishing does not make it look new.
        publishedAt: status === "published" ? (before.publishedAt ?? clock.now()) : before.publishedAt,
        version: before.version + 1,
        updatedAt: clock.now(),
      })
      .where(eq(findings.id, findingId));
    await recordAudit(tx, actorOf(user), {
      action: `finding.${status === "draft" ? "returned_to_draft" : status}`,
      subjectType: "finding",
      subjectId: findingId,
      procurementId,
      summary: { title: before.title, before: { status: before.status }, after: { status } },
    });
    return { ok: true, changed: true };
  });
}

type StatusOptions = { expectedVersion?: number };

export function publishFinding(user: SignedInUser, procurementId: string, findingId: string, options?: StatusOptions) {
  return setFindingStatus(user, procurementId, findingId, "published", options);
}

export function archiveFinding(user: SignedInUser, procurementId: string, findingId: string, options?: StatusOptions) {
  return setFindingStatus(user, procurementId, findingId, "archived", options);
}

export function returnFindingToDraft(
  user: SignedInUser,
  procurementId: string,
  findingId: string,
  options?: StatusOptions,
) {
  return setFindingStatus(user, procurementId, findingId, "draft", options);
}
