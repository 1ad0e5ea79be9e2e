import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { sessionState } from "~/auth/guards.server";
import { signOut } from "~/auth/sign-in.server";
import { redirectWithNotice } from "~/notice.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const state = await sessionState(request);
  if (state.state === "signed-out") return redirect("/sign-in");
  const cookie = await signOut(state.user);
  return redirectWithNotice("/sign-in", "You have signed out", { "Set-Cookie": cookie });
}
