import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { csvResponse } from "~/csv.server";
import { findingResponsesCsv } from "~/findings/finding-responses.server";
import { requireProcurement } from "~/procurements/procurements.server";

// Every supplier response to the procurement's findings: staff only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const csv = await findingResponsesCsv(user, procurement.id);
  return csvResponse(`finding-responses-${procurement.slug}.csv`, csv);
}
