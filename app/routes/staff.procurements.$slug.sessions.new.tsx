import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { PageHeading } from "~/components/page";
import { SessionForm } from "~/engagement/components/session-form";
import { createSession } from "~/engagement/sessions.server";
import { joiningLinkRule } from "~/engagement/shared.server";
import { engagementSessionSchema } from "~/engagement/schema";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction = () => [{ title: "Add an engagement session – AI Imaging Platform procurement" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "staff" });
  const p = await requireProcurement(params.slug);
  return { slug: p.slug, title: p.title, links: joiningLinkRule() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const form = await parseForm(request, engagementSessionSchema(joiningLinkRule()));
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await createSession(user, procurement, form.data);
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice(`/staff/procurements/${procurement.slug}/sessions/${result.sessionId}`, "Session created");
}

export default function NewSession() {
  const { slug, title, links } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={`/staff/procurements/${slug}`}>
          {title}
        </Link>
        <PageHeading caption="Market engagement">Add a session</PageHeading>
        <SessionForm defaults={{ maxPerOrganisation: "2" }} submitLabel="Create session" links={links} />
      </div>
    </div>
  );
}
