// The clarification log: the answers a reader may see (with earlier versions), a page of it with its
// filters, the whole of it for the CSV and PDF downloads, and answers similar to a question being typed.
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client.server";
import { clarificationAnswers } from "../../db/schema";
import type { SignedInUser } from "../auth/guards.server";
import { forbidden } from "../refusals.server";
import { fromLondonLocal } from "../time";
import { logAccessFor } from "./access.server";
import { clarificationNumber, type LogFilters } from "./schema";
import { publicAnswerColumns, type Procurement } from "./shared.server";

export const LOG_PAGE_SIZE = 20;

export type LogVersion = {
  version: number;
  question: string;
  answer: string;
  publishedAt: Date;
  amendmentReason: string | null;
};

export type LogEntry = {
  /** The anchor on the log page: "CQ-014", or "private-<answer id>". */
  anchor: string;
  label: string;
  number: number | null;
  private: boolean;
  version: number;
  question: string;
  answer: string;
  documentRef: string | null;
  sectionRef: string | null;
  firstPublishedAt: Date;
  publishedAt: Date;
  amendmentReason: string | null;
  /** Earlier versions, newest first. */
  history: LogVersion[];
};

/** Answers to all, plus (for a supplier) the private answers to their own organisation. */
function visibleTo(user: SignedInUser, procurementId: string): SQL {
  const audience =
    user.role === "supplier" && user.organisationId
      ? or(
          eq(clarificationAnswers.audience, "all"),
          and(
            eq(clarificationAnswers.audience, "organisation"),
            eq(clarificationAnswers.organisationId, user.organisationId),
          ),
        )
      : eq(clarificationAnswers.audience, "all");
  return and(eq(clarificationAnswers.procurementId, procurementId), audience) as SQL;
}

function logConditions(user: SignedInUser, procurementId: string, filters: LogFilters): SQL[] {
  const conditions: SQL[] = [visibleTo(user, procurementId), eq(clarificationAnswers.current, true)];
  if (filters.q) conditions.push(sql`${clarificationAnswers.search} @@ websearch_to_tsquery('english', ${filters.q})`);
  if (filters.document) conditions.push(sql`lower(${clarificationAnswers.documentRef}) = lower(${filters.document})`);
  if (filters.section) {
    const prefix = filters.section.replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push(sql`lower(${clarificationAnswers.sectionRef}) like lower(${prefix}) || '%'`);
  }
  if (filters.number) conditions.push(eq(clarificationAnswers.number, filters.number));
  if (filters.from) {
    const from = fromLondonLocal(`${filters.from}T00:00`);
    conditions.push(
      or(gte(clarificationAnswers.firstPublishedAt, from), gte(clarificationAnswers.publishedAt, from)) as SQL,
    );
  }
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    const to = fromLondonLocal(end.toISOString().slice(0, 16));
    conditions.push(lt(clarificationAnswers.firstPublishedAt, to));
  }
  if (filters.amended) conditions.push(sql`${clarificationAnswers.version} > 1`);
  return conditions;
}

function logOrdering(filters: LogFilters) {
  const newest = [desc(clarificationAnswers.firstPublishedAt), desc(clarificationAnswers.number)];
  return filters.q
    ? [desc(sql`ts_rank(${clarificationAnswers.search}, websearch_to_tsquery('english', ${filters.q}))`), ...newest]
    : newest;
}

/** The earlier versions of these questions' answers, newest first. */
async function historyOf(questionIds: string[]): Promise<Map<string, LogVersion[]>> {
  const history = new Map<string, LogVersion[]>();
  if (questionIds.length === 0) return history;
  const older = await db()
    .select({
      questionId: clarificationAnswers.questionId,
      version: clarificationAnswers.version,
      question: clarificationAnswers.question,
      answer: clarificationAnswers.answer,
      publishedAt: clarificationAnswers.publishedAt,
      amendmentReason: clarificationAnswers.amendmentReason,
    })
    .from(clarificationAnswers)
    .where(and(inArray(clarificationAnswers.questionId, questionIds), eq(clarificationAnswers.current, false)))
    .orderBy(desc(clarificationAnswers.version));
  for (const { questionId, ...version } of older) {
    const list = history.get(questionId) ?? [];
    list.push(version);
    history.set(questionId, list);
  }
  return history;
}

async function loadLogEntries(
  user: SignedInUser,
  procurement: Procurement,
  filters: LogFilters,
  window: { limit: number; offset: number } | null,
): Promise<{ entries: LogEntry[]; total: number }> {
  const query = db()
    .select({
      ...publicAnswerColumns,
      questionId: clarificationAnswers.questionId,
      // The total rides along with the page: one query instead of two.
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(clarificationAnswers)
    .where(and(...logConditions(user, procurement.id, filters)))
    .orderBy(...logOrdering(filters));
  const rows = window ? await query.limit(window.limit).offset(window.offset) : await query;
  const history = await historyOf(rows.filter((r) => r.version > 1).map((r) => r.questionId));
  const entries = rows.map(({ questionId, id, audience, total: _total, ...row }) => ({
    ...row,
    anchor: row.number ? clarificationNumber(row.number) : `private-${id}`,
    label: clarificationNumber(row.number),
    private: audience === "organisation",
    history: history.get(questionId) ?? [],
  }));
  return { entries, total: rows[0]?.total ?? 0 };
}

// The documents to filter by change only when an answer cites a new one: each process keeps the
// list for a few seconds rather than reading every answer on every page view.
const DOCUMENTS_TTL_MS = 15_000;
const documentLists = new Map<string, { at: number; documents: string[] }>();

async function documentsCited(user: SignedInUser, procurementId: string): Promise<string[]> {
  const key = `${procurementId}:${user.role === "supplier" ? (user.organisationId ?? "") : "all"}`;
  const cached = documentLists.get(key);
  if (cached && Date.now() - cached.at < DOCUMENTS_TTL_MS) return cached.documents;
  const rows = await db()
    .selectDistinct({ document: clarificationAnswers.documentRef })
    .from(clarificationAnswers)
    .where(and(visibleTo(user, procurementId), eq(clarificationAnswers.current, true)))
    .orderBy(asc(clarificationAnswers.documentRef));
  const documents = rows.map((d) => d.document).filter((d): d is string => Boolean(d));
  if (documentLists.size > 1000) documentLists.clear();
  documentLists.set(key, { at: Date.now(), documents });
  return documents;
}

/** One page of the log, newest first, with the total and the documents there are to filter by. */
export async function clarificationLog(
  user: SignedInUser,
  procurement: Procurement,
  filters: LogFilters,
  pageSize = LOG_PAGE_SIZE,
) {
  const access = await logAccessFor(user, procurement);
  if (access !== "read") return { access, total: 0, page: 1, pageCount: 1, entries: [], documents: [] };
  const requested = filters.page ?? 1;
  const at = (page: number) =>
    loadLogEntries(user, procurement, filters, { limit: pageSize, offset: (page - 1) * pageSize });
  const [first, documents] = await Promise.all([at(requested), documentsCited(user, procurement.id)]);
  let { entries, total } = first;
  let page = requested;
  if (entries.length === 0 && requested > 1) {
    // Past the end (an old link, or fewer answers now match): show the last page instead.
    const [{ n }] = await db()
      .select({ n: count() })
      .from(clarificationAnswers)
      .where(and(...logConditions(user, procurement.id, filters)));
    total = n;
    page = Math.max(1, Math.ceil(n / pageSize));
    if (n > 0) entries = (await at(page)).entries;
  }
  return { access, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)), entries, documents };
}

/** The whole log (every entry and version) for the CSV and PDF downloads. */
export async function clarificationLogForDownload(user: SignedInUser, procurement: Procurement, filters: LogFilters) {
  const access = await logAccessFor(user, procurement);
  if (access !== "read") forbidden();
  return (await loadLogEntries(user, procurement, { ...filters, page: undefined }, null)).entries;
}

/**
 * Published answers that look like the question being typed: any of its words (stemmed), best
 * matches first, so a supplier can see whether it has been answered already.
 */
export async function similarAnswers(user: SignedInUser, procurement: Procurement, text: string, limit = 4) {
  const words = text
    .slice(0, 1000)
    .replace(/\u0000/g, "")
    .trim();
  if (words.length < 3) return [];
  if ((await logAccessFor(user, procurement)) !== "read") return [];
  // plainto_tsquery normalises the words (stems, drops stop words); OR-ing them finds partial overlaps.
  const query = sql`nullif(replace(plainto_tsquery('english', ${words})::text, ' & ', ' | '), '')::tsquery`;
  const rows = await db()
    .select({
      id: clarificationAnswers.id,
      number: clarificationAnswers.number,
      question: clarificationAnswers.question,
      answer: clarificationAnswers.answer,
      rank: sql<number>`ts_rank_cd(${clarificationAnswers.search}, ${query})`,
    })
    .from(clarificationAnswers)
    .where(
      and(
        visibleTo(user, procurement.id),
        eq(clarificationAnswers.current, true),
        sql`${clarificationAnswers.search} @@ ${query}`,
      ),
    )
    .orderBy(desc(sql`ts_rank_cd(${clarificationAnswers.search}, ${query})`), desc(clarificationAnswers.number))
    .limit(limit);
  // Weak matches (a shared common word) are noise beside a strong one: keep those close to the best.
  const best = rows[0]?.rank ?? 0;
  return rows
    .filter((r) => r.rank >= best * 0.3)
    .map((r) => ({
      anchor: r.number ? clarificationNumber(r.number) : `private-${r.id}`,
      label: clarificationNumber(r.number),
      question: r.question.length > 300 ? `${r.question.slice(0, 297)}…` : r.question,
      answer: r.answer.length > 300 ? `${r.answer.slice(0, 297)}…` : r.answer,
    }));
}
