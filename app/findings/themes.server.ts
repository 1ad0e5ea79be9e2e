// The themes findings are filed under: the defaults plus any staff add, and the one a finding is
// saved with.
import { and, asc, eq } from "drizzle-orm";
import { db, type Executor, type Transaction } from "../../db/client.server";
import { findings, findingThemes } from "../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { actorOf } from "../procurements/procurements.server";
import { DEFAULT_THEMES, ThemeNameSchema, type FindingInput } from "./schema";
import { requireRole } from "../refusals.server";

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
export async function resolveTheme(
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
