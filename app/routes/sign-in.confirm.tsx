import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { linkToken } from "~/auth/emailed-link";
import { clientIp, requireSignedOut } from "~/auth/guards.server";
import { SignInLinkSchema } from "~/auth/schema";
import { isSignInLinkValid, signInWithEmailedLink } from "~/auth/sign-in.server";
import { ExpiredLink } from "~/components/expired-link";
import { PageHeading, SubmitButton } from "~/components/page";
import { parseForm } from "~/forms.server";

export const meta: MetaFunction = () => [{ title: "Finish signing in – AI Imaging Platform procurement" }];

// Opening the link only shows a button: mail scanners open links, and must not use up the token.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedOut(request);
  const token = linkToken(request);
  return { token, valid: token ? await isSignInLinkValid(token) : false };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, SignInLinkSchema);
  const result = form.success
    ? await signInWithEmailedLink(form.data.token, clientIp(request))
    : { ok: false as const };
  if (!result.ok) return data({ expired: true }, { status: 400 });
  const next = result.needsSecondFactor ? "/sign-in/two-factor" : "/dashboard";
  return redirect(next, { headers: { "Set-Cookie": result.cookie } });
}

export default function FinishSigningIn() {
  const { token, valid } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  if (!valid || failed) {
    return (
      <ExpiredLink>
        <p>
          <Link to="/sign-in">Sign in again</Link> to get a new link.
        </p>
      </ExpiredLink>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>Finish signing in</PageHeading>
        <p>This link signs you in once. Use it only if you have just signed in with your password.</p>
        <Form method="post">
          <input type="hidden" name="token" value={token} />
          <SubmitButton submitting={navigation.state === "submitting"}>Sign in</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
