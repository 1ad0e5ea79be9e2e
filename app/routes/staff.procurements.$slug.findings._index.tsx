import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { PageHeading, Table, Tag } from "~/components/page";
import { FindingFilters } from "~/findings/components/finding-filters";
import { listFindingsForStaff } from "~/findings/finding-reads.server";
import { listThemes } from "~/findings/themes.server";
import { filtersFrom, IMPACT_LABELS, KIND_LABELS } from "~/findings/schema";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction = () => [{ title: "Discovery findings (staff) – AI Imaging Platform procurement" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const filters = filtersFrom(new URL(request.url));
  const [rows, themes] = await Promise.all([
    listFindingsForStaff(user, procurement.id, filters),
    listThemes(procurement.id),
  ]);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    filters,
    themes,
    findings: rows.map(({ finding, responses }) => ({
      id: finding.id,
      title: finding.title,
      kind: finding.kind,
      theme: finding.theme,
      impact: finding.impact,
      status: finding.status,
      responses,
    })),
  };
}

const STATUS_COLOURS = { draft: "yellow", published: "green", archived: "grey" } as const;
const STATUS_LABELS = { draft: "Draft", published: "Published", archived: "Archived" } as const;

export default function StaffFindings() {
  const { procurement, filters, themes, findings } = useLoaderData<typeof loader>();
  const base = `/staff/procurements/${procurement.slug}/findings`;
  return (
    <>
      <Link className="nhsuk-back-link" to={`/staff/procurements/${procurement.slug}`}>
        {procurement.title}
      </Link>
      <PageHeading caption={procurement.title}>Discovery findings</PageHeading>
      <p>
        Drafts are seen only by staff. Publishing a finding shows it on the procurement's public page.{" "}
        <Link to={`${base}/responses.csv`} reloadDocument>
          Download every supplier response (CSV)
        </Link>
      </p>
      <Link className="nhsuk-button" to={`${base}/new`}>
        Record a finding
      </Link>
      <FindingFilters filters={filters} themes={themes} withStatus />
      <Table
        caption={`${findings.length} findings`}
        head={["Finding", "Kind", "Theme", "Impact", "Status", "Responses"]}
        rows={findings.map((f) => [
          <Link key="l" to={`${base}/${f.id}`}>
            {f.title}
          </Link>,
          KIND_LABELS[f.kind],
          f.theme,
          IMPACT_LABELS[f.impact],
          <Tag key="s" colour={STATUS_COLOURS[f.status]}>
            {STATUS_LABELS[f.status]}
          </Tag>,
          f.responses,
        ])}
      />
    </>
  );
}
