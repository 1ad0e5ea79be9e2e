import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useSearchParams } from "@remix-run/react";
import { requirePartialUser } from "~/auth/guards.server";
import { safeRedirectPath } from "~/auth/redirects";
import { TwoFactorCodeSchema } from "~/auth/schema";
import { completeSecondFactor } from "~/auth/sign-in.server";
import { formRefused, retryAfterHeaders } from "~/auth/retry-after.server";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";

export const meta: MetaFunction = () => [{ title: "Enter your security code – AI Imaging Platform procurement" }];

// A wait is told to the browser as well as on the page.
export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { state } = await requirePartialUser(request);
  if (state !== "two-factor-pending") return redirect("/dashboard");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { state, user } = await requirePartialUser(request);
  if (state !== "two-factor-pending") return redirect("/dashboard");
  const form = await parseForm(request, TwoFactorCodeSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  // Decided before the session is marked verified: nothing after the write can fail.
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/dashboard");
  const result = await completeSecondFactor({
    userId: user.id,
    email: user.email,
    sessionId: user.sessionId,
    code: form.data.code,
    ip: user.ip,
  });
  if (!result.ok) return formRefused({ code: result.error }, form.values, result.retryAfterSeconds);
  return redirect(redirectTo, { headers: { "Set-Cookie": result.cookie } });
}

export default function TwoFactorSignIn() {
  const form = useValidatedForm(TwoFactorCodeSchema);
  const [params] = useSearchParams();
  const action = params.get("redirectTo") ? `?redirectTo=${encodeURIComponent(params.get("redirectTo")!)}` : undefined;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["code"]} />
        <PageHeading>Enter your security code</PageHeading>
        <p>Open your authenticator app and enter the 6-digit code it shows for this portal.</p>
        <Form method="post" action={action} noValidate onSubmit={form.onSubmit}>
          <TextInput
            label="Security code"
            hint="If you do not have your phone, enter one of your recovery codes instead"
            autoComplete="one-time-code"
            inputMode="text"
            width={10}
            spellCheck={false}
            {...form.field("code")}
          />
          <SubmitButton submitting={form.submitting}>Continue</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
