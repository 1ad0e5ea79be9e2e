import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeading } from "~/components/page";
import { FindingFilters } from "~/findings/components/finding-filters";
import { FindingCard } from "~/findings/components/finding-summary";
import { listPublishedFindings } from "~/findings/finding-reads.server";
import { listPublishedThemes } from "~/findings/themes.server";
import { filtersFrom } from "~/findings/schema";
import { requireProcurement } from "~/procurements/procurements.server";
import { shareablePage } from "~/page-cache";

// Shown again to the same caller until anything is recorded (decision 030).
export const headers = shareablePage;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Discovery findings: ${data?.procurement.title ?? ""} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const procurement = await requireProcurement(params.slug);
  const filters = filtersFrom(new URL(request.url));
  const [found, themes] = await Promise.all([
    listPublishedFindings(procurement.id, filters),
    listPublishedThemes(procurement.id),
  ]);
  return { procurement: { slug: procurement.slug, title: procurement.title }, filters, themes, findings: found };
}

export default function PublishedFindings() {
  const { procurement, filters, themes, findings } = useLoaderData<typeof loader>();
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <Link className="nhsuk-back-link" to={`/procurements/${procurement.slug}`}>
        {procurement.title}
      </Link>
      <PageHeading caption={procurement.title}>Discovery findings</PageHeading>
      <p>
        What trusts, clinicians and suppliers told us in discovery: the opportunities a national platform could take and
        the blockers it must remove. Signed-in suppliers can respond to any finding; responses are read only by the NHS
        AI Lab team.
      </p>
      <FindingFilters filters={filters} themes={themes} />
      <h2 className="nhsuk-heading-m" aria-live="polite">
        {`${findings.length === 1 ? "1 finding" : `${findings.length} findings`}${
          filtered ? (findings.length === 1 ? " matches your filters" : " match your filters") : ""
        }`}
      </h2>
      {findings.map((f) => (
        <FindingCard key={f.id} finding={f} href={`/procurements/${procurement.slug}/findings/${f.id}`} />
      ))}
    </>
  );
}
