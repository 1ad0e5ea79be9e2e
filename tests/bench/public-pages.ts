// The procurement page and a findings search with the demo data plus 500 more findings, under 50
// concurrent connections, next to a bare node:http server sending the same HTML.
import { db } from "../../db/client.server";
import { procurements } from "../../db/schema";
import { seedDemoDataIfEmpty } from "../../app/demo/seed";
import { DEMO_FINDINGS } from "../../app/demo/seed-findings";
import { findings } from "../../db/schema";
import { bareServer, load, report, startBenchPortal, type LoadResult } from "./harness";

export async function publicPages() {
  const portal = await startBenchPortal({ admitAll: true });
  try {
    await seedDemoDataIfEmpty();
    const [platform] = await db().select().from(procurements);
    const extra = Array.from({ length: 500 }, (_, i) => ({
      ...DEMO_FINDINGS[i % DEMO_FINDINGS.length],
      title: `${DEMO_FINDINGS[i % DEMO_FINDINGS.length].title} (${i})`,
      procurementId: platform.id,
      status: "published" as const,
      publishedAt: new Date(),
    }));
    await db().insert(findings).values(extra);
    const rows: LoadResult[] = [];
    for (const page of [`/procurements/${platform.slug}`, `/procurements/${platform.slug}/findings?q=PACS+integration`]) {
      const html = Buffer.from(await (await fetch(`${portal.url}${page}`)).arrayBuffer());
      rows.push(await load(`portal ${page}`, `${portal.url}${page}`));
      const bare = await bareServer(html);
      rows.push(await load(`bare node:http, same ${html.length} bytes`, bare.url));
      await bare.close();
    }
    report(rows);
  } finally {
    await portal.close();
  }
}
