import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { PageHeading, Table, Tag } from "~/components/page";
import { evaluatorTenders } from "~/evaluation/evaluator-tenders.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction = () => [{ title: "Evaluator dashboard – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "evaluator" });
  const tenders = await evaluatorTenders(user);
  return {
    name: user.name,
    tenders: tenders.map((t) => ({
      slug: t.slug,
      title: t.title,
      openedAt: t.openedAt,
      allSections: t.sectionIds === null,
      sectionCount: t.sectionIds?.length ?? 0,
      assignedAt: t.assignedAt,
    })),
  };
}

export default function EvaluatorDashboard() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading caption="Evaluation panel">Evaluator dashboard</PageHeading>
      <p>Welcome, {page.name}.</p>
      <p>
        Bids you are assigned to score appear here once they have been formally opened. You will declare any conflict of
        interest with each bidding organisation, by name, before you see any bid; the bids are then shown by label only.
      </p>
      <h2>Tenders you evaluate</h2>
      {page.tenders.length === 0 ? (
        <p>You are not on any evaluation panel yet.</p>
      ) : (
        <Table
          head={["Procurement", "Your sections", "Bids"]}
          rows={page.tenders.map((t) => [
            <Link key="t" to={`/evaluation/${t.slug}`}>
              {t.title}
            </Link>,
            t.allSections ? "All sections" : `${t.sectionCount} ${t.sectionCount === 1 ? "section" : "sections"}`,
            t.openedAt ? (
              <span key="o">
                <Tag colour="green">Opened</Tag> {formatDateTime(t.openedAt)}
              </span>
            ) : (
              <Tag key="o" colour="grey">
                Not opened yet
              </Tag>
            ),
          ])}
        />
      )}
    </>
  );
}
