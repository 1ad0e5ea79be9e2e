import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as clock from "~/clock.server";
import { PageHeading, Tag } from "~/components/page";
import { listProcurements } from "~/procurements/procurements.server";
import { currentStage, STAGES } from "~/procurements/stages";

export const meta: MetaFunction = () => [{ title: "Procurements – AI Imaging Platform procurement" }];

export async function loader() {
  const procurements = await listProcurements();
  const now = clock.now().getTime();
  return {
    procurements: procurements.map((p) => {
      const stage = currentStage(p, now);
      return {
        slug: p.slug,
        title: p.title,
        summary: p.summary,
        stage: STAGES.find((s) => s.key === stage)?.label ?? "Planned",
      };
    }),
  };
}

export default function Procurements() {
  const { procurements } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading>Procurements</PageHeading>
      {procurements.length === 0 ? <p>There are no procurements yet.</p> : null}
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {procurements.map((p) => (
          <li key={p.slug} className="nhsuk-grid-column-full nhsuk-card-group__item">
            <div className="nhsuk-card nhsuk-card--clickable">
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-card__heading nhsuk-heading-m">
                  <Link className="nhsuk-card__link" to={`/procurements/${p.slug}`}>
                    {p.title}
                  </Link>
                </h2>
                <p className="nhsuk-card__description">{p.summary}</p>
                <Tag colour="blue">{p.stage}</Tag>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
