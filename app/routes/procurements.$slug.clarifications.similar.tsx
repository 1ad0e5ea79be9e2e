import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { similarAnswers } from "~/clarifications/log.server";
import { requireProcurement } from "~/procurements/procurements.server";

// Resource route: published answers that look like the question being typed (the ask page fetches
// it as the supplier types; the same people who may read the log get answers, others none).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const procurement = await requireProcurement(params.slug);
  const text = new URL(request.url).searchParams.get("q") ?? "";
  const results = await similarAnswers(user, procurement, text);
  return Response.json({ results }, { headers: { "Cache-Control": "private, no-store" } });
}
