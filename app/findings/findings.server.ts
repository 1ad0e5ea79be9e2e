// Discovery findings: staff record, edit (versioned), publish and archive them; anyone reads the
// published ones; suppliers respond, and only staff (and the responding organisation) see responses.
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { db, type Executor, type Transaction } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { findingResponses, findings, findingThemes, idempotencyKeys, organisations, users } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { toCsv } from "../csv.server";
import { actorOf, registerInterest } from "../procurements/procurements.server";
import { toLondonLocal } from "../time";
import {
  DEFAULT_THEMES,
  KIND_LABELS,
  ThemeNameSchema,
  type FindingFilters,
  type FindingInput,
  type FindingResponseInput,
} from "./schema";
import { isUuid } from "../ids";
import * as clock from "../clock.server";
import { notFound, requireRole, requireSupplier } from "../refusals.server";

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

/** What the public filter offers: the default themes and those of published findings (not a draft's new theme). */
export async function listPublishedThemes(procurementId: string) {
  const used = await db()
    .selectDistinct({ name: findings.theme })
    .from(findings)
    .where(and(eq(findings.procurementId, procurementId), eq(findings.status, "published")))
    .orderBy(asc(findings.theme));
  const names: string[] = [...DEFAULT_THEMES];
  for (const { name } of used) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  return names;
}

/** The default themes plus any staff have added, in that order: what staff choose from. */
export async function listThemes(procurementId: string, executor: Executor = db()) {
  // Inside a write, pass its transaction: the embedded database has one connection, and a query
  // outside the open transaction would wait for it forever.
  const added = await executor
    .select({ name: findingThemes.name })
    .from(findingThemes)
    .where(eq(findingThemes.procurementId, procurementId))
    .orderBy(asc(findingThemes.name));
  const names: string[] = [...DEFAULT_THEMES];
  for (const { name } of added) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  return names;
}

/** The theme's name as already known (any case), or a new theme recorded for the procurement. */
async function ensureTheme(tx: Transaction, user: SignedInUser, procurementId: string, name: string) {
  const known = await listThemes(procurementId, tx);
  const existing = known.find((n) => n.toLowerCase() === name.toLowerCase());
  if (existing) return existing;
  await tx.insert(findingThemes).values({ procurementId, name }).onConflictDoNothing();
  await recordAudit(tx, actorOf(user), {
    action: "finding_theme.added",
    subjectType: "procurement",
    subjectId: procurementId,
    procurementId,
    summary: { theme: name },
  });
  return name;
}

/** The finding's theme: a new one typed in, or one chosen from the known themes (checked here, not trusted). */
async function resolveTheme(
  tx: Transaction,
  user: SignedInUser,
  procurementId: string,
  input: FindingInput,
): Promise<{ theme: string } | { error: string }> {
  if (input.newTheme) return { theme: await ensureTheme(tx, user, procurementId, input.newTheme) };
  const known = await listThemes(procurementId, tx);
  const chosen = known.find((n) => n.toLowerCase() === input.theme.toLowerCase());
  return chosen ? { theme: chosen } : { error: "Select a theme from the list, or add a new one" };
}

/** Staff add a theme to the procurement's list; a name already known (in any case) is kept as it was. */
export async function addTheme(user: SignedInUser, procurementId: string, name: string): Promise<string> {
  requireRole(user, "staff");
  const parsed = ThemeNameSchema.parse(name);
  return db().transaction((tx) => ensureTheme(tx, user, procurementId, parsed));
}

// A repeated form post (a double click, a resent request) carries the same key as the first; the
// first to commit records the key with its result, and the repeat is answered with that result.
function idempotencyKeyFor(scope: string, user: SignedInUser, key: string | undefined) {
  return key ? `${scope}:${user.id}:${key}` : null;
}

async function claimIdempotencyKey(tx: Transaction, user: SignedInUser, key: string | null, result: string) {
  if (key) await tx.insert(idempotencyKeys).values({ key, userId: user.id, resultLocation: result });
}

async function onceFor<T>(key: string | null, write: () => Promise<T>, replay: (result: string) => T): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!key || !isUniqueViolation(error)) throw error;
    const [earlier] = await db()
      .select({ result: idempotencyKeys.resultLocation })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, key));
    if (!earlier?.result) throw error;
    return replay(earlier.result);
  }
}

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
