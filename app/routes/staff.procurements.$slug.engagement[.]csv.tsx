import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { csvResponse, toCsv } from "~/csv.server";
import { engagementRecord } from "~/engagement/attendance.server";
import { ENGAGEMENT_KIND_LABELS } from "~/engagement/schema";
import { requireProcurement } from "~/procurements/procurements.server";

// Who registered for, attended and booked what: the record staff use to judge whether any
// supplier gained an unfair advantage from market engagement.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const rows = await engagementRecord(user, procurement);
  const csv = toCsv(
    [
      "Session",
      "Kind",
      "Starts (UTC)",
      "Organisation",
      "Person",
      "Email",
      "Status",
      "Attended",
      "Registered or booked at (UTC)",
    ],
    rows.map((r) => [
      r.session,
      ENGAGEMENT_KIND_LABELS[r.kind],
      r.startsAt,
      r.organisation,
      r.person,
      r.email,
      r.status,
      r.attended === null ? "not recorded" : r.attended ? "yes" : "no",
      r.registeredAt,
    ]),
  );
  return csvResponse(`engagement-record-${procurement.slug}.csv`, csv);
}
