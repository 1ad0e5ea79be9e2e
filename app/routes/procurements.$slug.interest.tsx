import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { redirectWithNotice } from "~/notice.server";
import { registerInterest, requireProcurement } from "~/procurements/procurements.server";

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/procurements/${encodeURIComponent(params.slug ?? "")}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  await registerInterest(user, procurement.id);
  return redirectWithNotice(`/procurements/${procurement.slug}`, "Your organisation is registered on this procurement");
}
