import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ROLE_LABELS } from "~/auth/permissions";
import { InviteUserSchema } from "~/auth/schema";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Radio, TextInput } from "~/components/fields";
import { PageHeading, SubmitButton, Table, Tag } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { inviteUser, listUsers } from "~/users/users.server";

export const meta: MetaFunction = () => [{ title: "Users – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const users = await listUsers(admin);
  return {
    users: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: ROLE_LABELS[u.role],
      organisation: u.organisation,
      organisationAdmin: u.isOrganisationAdmin,
      status: u.deactivatedAt
        ? "Deactivated"
        : !u.passwordSet
          ? "Invited"
          : !u.emailVerifiedAt
            ? "Email not confirmed"
            : "Active",
      twoFactor: u.totpEnabledAt !== null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const form = await parseForm(request, InviteUserSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await inviteUser(admin, form.data);
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice("/admin/users", `Invitation sent to ${form.data.email}`);
}

const STATUS_COLOURS = {
  Active: "green",
  Invited: "blue",
  Deactivated: "grey",
  "Email not confirmed": "yellow",
} as const;

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  const form = useValidatedForm(InviteUserSchema);
  return (
    <>
      <ErrorSummary errors={form.errors} order={["name", "email", "role"]} />
      <PageHeading caption="Administration">Users</PageHeading>
      <Table
        caption="Everyone with an account"
        head={["Name", "Email", "Role", "Organisation", "Status", "Two-factor"]}
        rows={users.map((u) => [
          <Link key="name" to={`/admin/users/${u.id}`}>
            {u.name}
          </Link>,
          u.email,
          u.role,
          u.organisation ? `${u.organisation}${u.organisationAdmin ? " (admin)" : ""}` : "NHS England",
          <Tag key="status" colour={STATUS_COLOURS[u.status as keyof typeof STATUS_COLOURS]}>
            {u.status}
          </Tag>,
          u.twoFactor ? "On" : "Off",
        ])}
      />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2 className="nhsuk-heading-m">Invite a member of the buying team</h2>
          <p>Staff, evaluators and admins join only by invitation. Suppliers register their own organisations.</p>
          <Form method="post" noValidate onSubmit={form.onSubmit}>
            <TextInput label="Full name" {...form.field("name")} />
            <TextInput label="Email address" type="email" spellCheck={false} {...form.field("email")} />
            <Fieldset legend="Role" name="role" kind="radios" error={form.errors.role}>
              <Radio first label={ROLE_LABELS.staff} {...form.radio("role", "staff")} />
              <Radio label={ROLE_LABELS.evaluator} {...form.radio("role", "evaluator")} />
              <Radio label={ROLE_LABELS.admin} {...form.radio("role", "admin")} />
            </Fieldset>
            <SubmitButton submitting={form.submitting}>Send invitation</SubmitButton>
          </Form>
        </div>
      </div>
    </>
  );
}
