import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { PageHeading } from "~/components/page";
import { submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { ProcurementForm } from "~/procurements/components/procurement-form";
import { requireProcurement, updateProcurement } from "~/procurements/procurements.server";
import { ProcurementSchema } from "~/procurements/schema";
import { STAGES } from "~/procurements/stages";
import { toLondonLocal } from "~/time";

export const meta: MetaFunction = () => [{ title: "Edit procurement – AI Imaging Platform procurement" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: "staff" });
  const p = await requireProcurement(params.slug);
  const defaults: Record<string, string> = {
    title: p.title,
    slug: p.slug,
    summary: p.summary,
    description: p.description,
    estimatedValue: p.estimatedValue ?? "",
    version: String(p.version),
  };
  for (const stage of STAGES) defaults[stage.key] = toLondonLocal(p[stage.key]);
  return { slug: p.slug, title: p.title, defaults };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  return submitForm(
    request,
    ProcurementSchema,
    undefined,
    (input) => updateProcurement(user, procurement.id, input),
    (result) => redirectWithNotice(`/staff/procurements/${result.slug}`, "Procurement saved"),
  );
}

// After a conflict (409) the page reloads, so the form carries the version now saved and the user's
// next save, made knowingly, goes through.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function EditProcurement() {
  const { slug, title, defaults } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={`/staff/procurements/${slug}`}>
          {title}
        </Link>
        <PageHeading caption="Staff">Edit procurement</PageHeading>
        <ProcurementForm defaults={defaults} submitLabel="Save changes" />
      </div>
    </div>
  );
}
