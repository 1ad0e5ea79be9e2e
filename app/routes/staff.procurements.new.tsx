import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { PageHeading } from "~/components/page";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { ProcurementForm } from "~/procurements/components/procurement-form";
import { createProcurement } from "~/procurements/procurements.server";
import { ProcurementSchema } from "~/procurements/schema";

export const meta: MetaFunction = () => [{ title: "Create a procurement – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: "staff" });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const form = await parseForm(request, ProcurementSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await createProcurement(user, form.data);
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice(`/staff/procurements/${result.slug}`, "Procurement created");
}

export default function NewProcurement() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading caption="Staff">Create a procurement</PageHeading>
        <ProcurementForm defaults={{}} submitLabel="Create procurement" />
      </div>
    </div>
  );
}
