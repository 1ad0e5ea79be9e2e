import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { PageHeading } from "~/components/page";
import { formFailure, parseForm } from "~/forms.server";
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
  if (!form.success) return data(formFailure(form.errors, form.values), { status: 400 });
  const result = await createProcurement(user, form.data);
  if (!result.ok) return data(formFailure(result.fieldErrors, form.values), { status: 400 });
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
