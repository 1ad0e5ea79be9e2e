import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useSearchParams } from "@remix-run/react";
import { clientIp, requireSignedOut } from "~/auth/guards.server";
import { SignInSchema } from "~/auth/schema";
import { signIn } from "~/auth/sign-in.server";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formFailure, parseForm } from "~/forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedOut(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, SignInSchema);
  if (!form.success) return data(formFailure(form.errors, form.values), { status: 400 });
  const result = await signIn({ email: form.data.email, password: form.data.password, ip: clientIp(request) });
  if (!result.ok) {
    return data(formFailure({ email: result.error }, form.values), { status: result.rateLimited ? 429 : 400 });
  }
  // The dashboard route sends each role on to its own home; the second factor comes first.
  const target = form.data.redirectTo ?? "/dashboard";
  const next = result.needsSecondFactor ? `/sign-in/two-factor?redirectTo=${encodeURIComponent(target)}` : target;
  return redirect(next, { headers: { "Set-Cookie": result.cookie } });
}

export default function SignIn() {
  const [params] = useSearchParams();
  const form = useValidatedForm(SignInSchema);
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
