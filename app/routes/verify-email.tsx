import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { linkToken } from "~/auth/emailed-link";
import { clientIp, requirePartialUser, sessionState } from "~/auth/guards.server";
import { ExpiredLink } from "~/components/expired-link";
import { PageHeading, SubmitButton } from "~/components/page";
import { redirectWithNotice } from "~/notice.server";
import { resendVerification, verifyEmail } from "~/users/users.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email address – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = linkToken(request);
  const state = await sessionState(request);
  if (token) {
    const verified = await verifyEmail(token, clientIp(request));
    if (verified) {
      const next = state.state === "signed-out" ? "/sign-in" : "/dashboard";
      return redirectWithNotice(next, "Your email address is confirmed");
    }
    return { state: "invalid-link" as const, signedIn: state.state !== "signed-out", email: null };
  }
  if (state.state === "signed-out") return redirect("/sign-in?redirectTo=%2Fverify-email");
  if (state.state !== "email-unverified") return redirect("/dashboard");
  return { state: "pending" as const, signedIn: true, email: state.user.email };
}

export async function action({ request }: ActionFunctionArgs) {
  const { state, user } = await requirePartialUser(request);
  if (state !== "email-unverified") return redirect("/dashboard");
  await resendVerification(user);
  return redirectWithNotice("/verify-email", `We have sent a new link to ${user.email}`);
}

export default function VerifyEmail() {
  const page = useLoaderData<typeof loader>();
  if (page.state === "invalid-link") {
    return (
      <ExpiredLink>
        {page.signedIn ? (
          <Form method="post">
            <p>Ask for a new link to confirm your email address.</p>
            <SubmitButton>Send a new link</SubmitButton>
          </Form>
        ) : (
          <p>
            If you have already confirmed your email address, <Link to="/sign-in">sign in</Link>. Otherwise sign in and
            ask for a new link.
          </p>
        )}
      </ExpiredLink>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>Confirm your email address</PageHeading>
        <p>
          We sent a link to <strong>{page.email}</strong>. Follow it to confirm your email address before you take part.
        </p>
        <Form method="post">
          <p>Not received it after a few minutes? Check your spam folder, or ask for a new link.</p>
          <SubmitButton secondary>Send a new link</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
