import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { linkToken } from "~/auth/emailed-link";
import { clientIp } from "~/auth/guards.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { AcceptInvitationSchema } from "~/auth/schema";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { NewPasswordFields } from "~/components/new-password-fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { acceptInvitation, invitationDetails } from "~/users/users.server";

export const meta: MetaFunction = () => [{ title: "Accept your invitation – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = linkToken(request);
  const invitation = token ? await invitationDetails(token) : null;
  return {
    token,
    invitation: invitation && {
      name: invitation.name,
      email: invitation.email,
      joining: invitation.organisation ?? ROLE_LABELS[invitation.role],
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, AcceptInvitationSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await acceptInvitation(form.data, clientIp(request));
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice("/sign-in", "Your account is ready. Sign in with your email address and new password");
}

export default function AcceptInvitation() {
  const { token, invitation } = useLoaderData<typeof loader>();
  const form = useValidatedForm(AcceptInvitationSchema, { name: invitation?.name ?? "" });
  if (!invitation) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <PageHeading>This invitation has expired or has already been used</PageHeading>
          <p>Ask the person who invited you to send a new invitation.</p>
        </div>
      </div>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["name", "password", "confirmPassword"]} />
        <PageHeading caption={invitation.joining}>Set up your account</PageHeading>
        <p>
          You are setting up the account for <strong>{invitation.email}</strong>.
        </p>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <input {...form.hidden("token", token)} />
          <TextInput label="Full name" autoComplete="name" {...form.field("name")} />
          <NewPasswordFields form={form} label="Create a password" confirmLabel="Confirm password" />
          <SubmitButton submitting={form.submitting}>Create account</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
