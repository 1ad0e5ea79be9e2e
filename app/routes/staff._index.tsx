import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import * as clock from "~/clock.server";
import { PageHeading, Table, Tag } from "~/components/page";
import { listProcurements } from "~/procurements/procurements.server";
import { currentStage, STAGES } from "~/procurements/stages";

export const meta: MetaFunction = () => [{ title: "Staff dashboard – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const now = clock.now().getTime();
  const procurements = await listProcurements();
  return {
    name: user.name,
    procurements: procurements.map((p) => ({
      slug: p.slug,
      title: p.title,
      stage: STAGES.find((s) => s.key === currentStage(p, now))?.label ?? "Planned",
    })),
  };
}

export default function StaffDashboard() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading caption="Commercial officers">Staff dashboard</PageHeading>
      <p>Welcome, {page.name}.</p>
      <Table
        caption="Procurements"
        head={["Procurement", "Stage"]}
        rows={page.procurements.map((p) => [
          <Link key="l" to={`/staff/procurements/${p.slug}`}>
            {p.title}
          </Link>,
          <Tag key="t" colour="blue">
            {p.stage}
          </Tag>,
        ])}
      />
      <Link className="nhsuk-button nhsuk-button--secondary" to="/staff/procurements/new">
        Create a procurement
      </Link>
    </>
  );
}
