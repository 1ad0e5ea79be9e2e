import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { clientIp, requireSignedOut } from "~/auth/guards.server";
import { ForgotPasswordSchema } from "~/auth/schema";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";
import { requestPasswordReset } from "~/users/users.server";

export const meta: MetaFunction = () => [{ title: "Reset your password – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedOut(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, ForgotPasswordSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  await requestPasswordReset(form.data.email, clientIp(request));
  // The same answer whether or not the address has an account.
  return { sentTo: form.data.email };
}

export default function ForgotPassword() {
  const form = useValidatedForm(ForgotPasswordSchema);
  const result = useActionData<typeof action>();
  if (result && "sentTo" in result) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <PageHeading>Check your email</PageHeading>
          <p>
            If <strong>{result.sentTo}</strong> has an account, we have sent it a link to reset the password. The link
            works once and expires in 1 hour.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["email"]} />
        <PageHeading>Reset your password</PageHeading>
        <p>Enter the email address you sign in with. We will send you a link to choose a new password.</p>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <TextInput
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            {...form.field("email")}
          />
          <SubmitButton submitting={form.submitting}>Send a reset link</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
