import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ChangePasswordSchema } from "~/auth/schema";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { NewPasswordFields } from "~/components/new-password-fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { changePassword } from "~/users/users.server";

export const meta: MetaFunction = () => [{ title: "Change your password – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, ChangePasswordSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await changePassword(user, form.data);
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice("/sign-in", "Your password has been changed. Sign in again with your new password");
}

export default function ChangePassword() {
  const form = useValidatedForm(ChangePasswordSchema);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["currentPassword", "password", "confirmPassword"]} />
        <PageHeading>Change your password</PageHeading>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <TextInput
            label="Current password"
            type="password"
            autoComplete="current-password"
            {...form.field("currentPassword")}
          />
          <NewPasswordFields form={form} label="New password" confirmLabel="Confirm new password" />
          <p>Changing your password signs you out everywhere, including here.</p>
          <SubmitButton submitting={form.submitting}>Change password</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
