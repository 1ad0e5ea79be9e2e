import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { clientIp, requireSignedOut } from "~/auth/guards.server";
import { SignInSchema } from "~/auth/schema";
import { signIn } from "~/auth/sign-in.server";
import { TOKEN_LIFETIME_MS } from "~/auth/tokens.server";
import { formRefused, retryAfterHeaders } from "~/auth/retry-after.server";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in – AI Imaging Platform procurement" }];

// A wait is told to the browser as well as on the page.
export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedOut(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, SignInSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await signIn({ email: form.data.email, password: form.data.password, ip: clientIp(request) });
  if (!result.ok) {
    switch (result.outcome) {
      case "check-email":
        return { checkEmail: form.data.email, expiresInMinutes: TOKEN_LIFETIME_MS.sign_in_confirmation / 60_000 };
      case "wait":
        return formRefused({ email: result.error }, form.values, result.retryAfterSeconds);
      case "refused":
        return formRejected(400, { email: result.error }, form.values);
    }
  }
  // The dashboard route sends each role on to its own home; the second factor comes first.
  const target = form.data.redirectTo ?? "/dashboard";
  const next = result.needsSecondFactor ? `/sign-in/two-factor?redirectTo=${encodeURIComponent(target)}` : target;
  return redirect(next, { headers: { "Set-Cookie": result.cookie } });
}

export default function SignIn() {
  const [params] = useSearchParams();
  const form = useValidatedForm(SignInSchema);
  const result = useActionData<typeof action>();
  if (result && "checkEmail" in result) {
    // Shown whether or not the password was right: the page must not tell a guesser which.
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <PageHeading>Check your email</PageHeading>
          <p>
            There have been many failed attempts to sign in to this account, so signing in to it now also needs a link
            that we email to its owner.
          </p>
          <p>
            If the email address and password you entered are correct, we have sent a link to finish signing in to{" "}
            <strong>{result.checkEmail}</strong>. The link works once and expires in {result.expiresInMinutes} minutes.
          </p>
          <p>
            If no email arrives, check your password and <Link to="/sign-in">try again</Link>, or{" "}
            <Link to="/forgot-password">reset your password</Link>.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["email", "password"]} />
        <PageHeading>Sign in</PageHeading>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <input {...form.hidden("redirectTo", params.get("redirectTo") ?? "")} />
          <TextInput
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            {...form.field("email")}
          />
          <TextInput label="Password" type="password" autoComplete="current-password" {...form.field("password")} />
          <SubmitButton submitting={form.submitting}>Sign in</SubmitButton>
        </Form>
        <p>
          <Link to="/forgot-password">Forgotten your password?</Link>
        </p>
        <p>
          New supplier? <Link to="/register">Register your organisation</Link>.
        </p>
      </div>
    </div>
  );
}
