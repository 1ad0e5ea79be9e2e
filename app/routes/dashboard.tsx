import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { homePathFor } from "~/auth/permissions";

// Sends each role to its own dashboard after sign-in.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return redirect(homePathFor(user.role));
}
