import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { linkToken } from "~/auth/emailed-link";
import { clientIp } from "~/auth/guards.server";
import { ResetPasswordSchema } from "~/auth/schema";
import { ErrorSummary } from "~/components/error-summary";
import { ExpiredLink } from "~/components/expired-link";
import { NewPasswordFields } from "~/components/new-password-fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { isTokenValid, resetPassword } from "~/users/users.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = linkToken(request);
  return { token, valid: token ? await isTokenValid(token, "reset_password") : false };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, ResetPasswordSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await resetPassword(form.data.token, form.data.password, clientIp(request));
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice("/sign-in", "Your password has been changed. Sign in with your new password");
}

export default function ResetPassword() {
  const { token, valid } = useLoaderData<typeof loader>();
  const form = useValidatedForm(ResetPasswordSchema);
  if (!valid) {
    return (
      <ExpiredLink>
        <p>
          <Link to="/forgot-password">Ask for a new link to reset your password</Link>.
        </p>
      </ExpiredLink>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["password", "confirmPassword"]} />
        <PageHeading>Choose a new password</PageHeading>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <input {...form.hidden("token", token)} />
          <NewPasswordFields form={form} label="New password" confirmLabel="Confirm new password" />
          <p>Changing your password signs you out everywhere.</p>
          <SubmitButton submitting={form.submitting}>Change password</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
