import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { PageHeading, SummaryList, Tag } from "~/components/page";
import { mailCounts } from "~/mail/sent-mail.server";
import { adminOverview } from "~/users/users.server";

export const meta: MetaFunction = () => [{ title: "Admin dashboard – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "admin" });
  const [people, mail] = await Promise.all([adminOverview(user), mailCounts(user)]);
  return { name: user.name, overview: { ...people, ...mail } };
}

export default function AdminDashboard() {
  const { name, overview } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading caption="Administration">Admin dashboard</PageHeading>
      <p>Welcome, {name}.</p>
      <SummaryList
        rows={[
          { key: "Active users", value: <Link to="/admin/users">{overview.activeUsers}</Link> },
          { key: "Invitations not yet accepted", value: overview.pendingInvitations },
          { key: "Deactivated users", value: overview.deactivatedUsers },
          {
            key: "Email",
            value: (
              <Link to="/admin/mail">
                {overview.pendingMail} waiting, {overview.failedMail} failed
              </Link>
            ),
          },
          { key: "Record retention", value: <Link to="/admin/retention">Records that may now be destroyed</Link> },
          {
            key: "Audit log",
            value: (
              <Link to="/admin/audit">
                <Tag colour="blue">{overview.auditEvents} events</Tag>
              </Link>
            ),
          },
        ]}
      />
    </>
  );
}
