// The clarification log with 2,000 published answers, served from the production build to a
// signed-in supplier under 50 concurrent connections on loopback, next to a bare node:http server
// sending the same HTML bytes. Bounded: about 10 s a run, four runs.
import autocannon from "autocannon";
import { eq } from "drizzle-orm";
import { startSession } from "../../app/auth/session.server";
import { db } from "../../db/client.server";
import {
  clarificationAnswers,
  clarificationCounters,
  clarificationQuestions,
  procurements,
  users,
} from "../../db/schema";
import { DEMO_CLARIFICATIONS } from "../../app/demo/seed-clarifications";
import { seedDemoDataIfEmpty } from "../../app/demo/seed";
import { bareServer, report, startBenchPortal, type LoadResult } from "./harness";

const ANSWERS = 2000;
const CONNECTIONS = 50;
const SECONDS = 10;

async function seedAnswers(procurementId: string, organisationId: string, userId: string) {
  const [{ lastNumber }] = await db()
    .select({ lastNumber: clarificationCounters.lastNumber })
    .from(clarificationCounters)
    .where(eq(clarificationCounters.procurementId, procurementId));
  const start = Date.now() - ANSWERS * 60 * 60 * 1000;
  for (let offset = 0; offset < ANSWERS; offset += 250) {
    const batch = Array.from({ length: Math.min(250, ANSWERS - offset) }, (_, i) => {
      const n = offset + i;
      const demo = DEMO_CLARIFICATIONS[n % DEMO_CLARIFICATIONS.length];
      return { n, demo, at: new Date(start + n * 60 * 60 * 1000) };
    });
    const questions = await db()
      .insert(clarificationQuestions)
      .values(
        batch.map(({ n, demo, at }) => ({
          procurementId,
          organisationId,
          askedByUserId: userId,
          subject: `${demo.subject} (${n})`,
          body: demo.body,
          documentRef: demo.documentRef,
          sectionRef: demo.sectionRef,
          status: "published" as const,
          anonymisedQuestion: demo.question,
          answer: demo.answer,
          createdAt: at,
          closedAt: at,
        })),
      )
      .returning({ id: clarificationQuestions.id });
    await db()
      .insert(clarificationAnswers)
      .values(
        batch.map(({ n, demo, at }, i) => ({
          procurementId,
          questionId: questions[i].id,
          audience: "all" as const,
          number: lastNumber + n + 1,
          version: 1,
          question: `${demo.question} (variant ${n})`,
          answer: demo.answer,
          documentRef: demo.documentRef,
          sectionRef: demo.sectionRef,
          firstPublishedAt: at,
          publishedAt: at,
        })),
      );
  }
  await db()
    .update(clarificationCounters)
    .set({ lastNumber: lastNumber + ANSWERS })
    .where(eq(clarificationCounters.procurementId, procurementId));
}

async function load(label: string, url: string, cookie?: string): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: cookie ? { cookie } : {},
  });
  return {
    label,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export async function clarificationLogBench() {
  const portal = await startBenchPortal({ admitAll: true });
  try {
    await seedDemoDataIfEmpty();
    const [platform] = await db().select().from(procurements).where(eq(procurements.slug, "ai-imaging-platform"));
    const [reader] = await db().select().from(users).where(eq(users.email, "supplier2@example.com"));
    const [asker] = await db().select().from(users).where(eq(users.email, "supplier@example.com"));
    if (!platform || !reader?.organisationId || !asker?.organisationId) throw new Error("The demo data is missing");
    const seeded = Date.now();
    await seedAnswers(platform.id, asker.organisationId, asker.id);
    // What autovacuum would have done by now on a server that had been publishing for weeks.
    await portal.database.query("analyze");
    console.log(`seeded ${ANSWERS} published answers in ${Date.now() - seeded} ms (${portal.database.driver})`);
    const cookie = (await startSession(reader.id, true)).split(";")[0];
    const rows: LoadResult[] = [];
    for (const page of [
      `/procurements/${platform.slug}/clarifications`,
      `/procurements/${platform.slug}/clarifications?q=DICOM+structured+reports&page=3`,
    ]) {
      const response = await fetch(`${portal.url}${page}`, { headers: { cookie } });
      const html = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200 || !html.includes("CQ-")) throw new Error(`${page} answered ${response.status}`);
      rows.push(await load(`portal ${page}`, `${portal.url}${page}`, cookie));
      const bare = await bareServer(html);
      try {
        rows.push(await load(`bare node:http, same ${html.length} bytes`, bare.url));
      } finally {
        await bare.close();
      }
    }
    report(rows);
  } finally {
    await portal.close();
  }
}
