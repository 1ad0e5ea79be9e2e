import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { PageHeading } from "~/components/page";
import { FindingForm } from "~/findings/components/finding-form";
import { createFinding } from "~/findings/finding-authoring.server";
import { listThemes } from "~/findings/themes.server";
import { FindingSchema } from "~/findings/schema";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction = () => [{ title: "Record a finding – AI Imaging Platform procurement" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    themes: await listThemes(procurement.id),
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const form = await parseForm(request, FindingSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await createFinding(user, procurement.id, form.data);
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice(
    `/staff/procurements/${procurement.slug}/findings/${result.findingId}`,
    "Finding saved as a draft",
  );
}

export default function NewFinding() {
  const { procurement, themes, idempotencyKey } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={`/staff/procurements/${procurement.slug}/findings`}>
          Discovery findings
        </Link>
        <PageHeading caption={procurement.title}>Record a finding</PageHeading>
        <FindingForm
          defaults={{ evidenceCount: "1" }}
          themes={themes}
          submitLabel="Save as draft"
          idempotencyKey={idempotencyKey}
        />
      </div>
    </div>
  );
}
