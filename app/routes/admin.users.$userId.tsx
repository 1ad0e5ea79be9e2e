import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { found } from "~/refusals.server";
import { ROLE_LABELS, ROLES } from "~/auth/permissions";
import { ChangeRoleSchema } from "~/auth/schema";
import { ErrorSummary } from "~/components/error-summary";
import { Select } from "~/components/fields";
import { PageHeading, SubmitButton, SummaryList, Tag } from "~/components/page";
import { formRejected, parseForm, readForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { formatDateTime } from "~/time";
import { changeRole, findUserForAdmin, setActive } from "~/users/users.server";

export const meta: MetaFunction = () => [{ title: "User – AI Imaging Platform procurement" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const row = found(await findUserForAdmin(admin, params.userId ?? ""));
  const u = row.user;
  return {
    isSelf: u.id === admin.id,
    user: {
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      organisation: row.organisation,
      organisationAdmin: u.isOrganisationAdmin,
      emailVerifiedAt: u.emailVerifiedAt?.toISOString() ?? null,
      twoFactor: u.totpEnabledAt !== null,
      deactivated: u.deactivatedAt !== null,
      invited: u.passwordHash === null,
      createdAt: u.createdAt.toISOString(),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const userId = params.userId ?? "";
  found(await findUserForAdmin(admin, userId));
  const fields = await readForm(request);
  const intent = fields.get("intent");
  if (intent === "deactivate" || intent === "reactivate") {
    const result = await setActive(admin, userId, intent === "reactivate");
    if (!result.ok) return formRejected(400, result.fieldErrors, {});
    return redirectWithNotice(
      `/admin/users/${userId}`,
      intent === "reactivate" ? "User reactivated" : "User deactivated and signed out everywhere",
    );
  }
  if (intent === "role") {
    const form = await parseForm(request, ChangeRoleSchema, fields);
    if (!form.success) return formRejected(400, form.errors, form.values);
    const result = await changeRole(admin, userId, form.data.role);
    if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
    return redirectWithNotice(`/admin/users/${userId}`, `Role changed to ${ROLE_LABELS[form.data.role]}`);
  }
  return formRejected(400, { form: "Choose an action" }, {});
}

export default function AdminUser() {
  const { user, isSelf } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <>
      <ErrorSummary errors={errors} order={["role", "active"]} />
      <Link className="nhsuk-back-link" to="/admin/users">
        All users
      </Link>
      <PageHeading caption="Administration">{user.name}</PageHeading>
      <SummaryList
        rows={[
          { key: "Email address", value: user.email },
          { key: "Role", value: ROLE_LABELS[user.role] },
          {
            key: "Organisation",
            value: user.organisation
              ? `${user.organisation}${user.organisationAdmin ? " (organisation admin)" : ""}`
              : "NHS England",
          },
          {
            key: "Status",
            value: user.deactivated ? (
              <Tag colour="grey">Deactivated</Tag>
            ) : user.invited ? (
              <Tag colour="blue">Invited</Tag>
            ) : (
              <Tag colour="green">Active</Tag>
            ),
          },
          { key: "Email confirmed", value: user.emailVerifiedAt ? formatDateTime(user.emailVerifiedAt) : "No" },
          { key: "Two-factor sign-in", value: user.twoFactor ? "On" : "Off" },
          { key: "Account created", value: formatDateTime(user.createdAt) },
        ]}
      />
      {isSelf ? (
        <p>You cannot change your own role or deactivate yourself. Ask another admin.</p>
      ) : (
        <>
          <h2 className="nhsuk-heading-m">Change role</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="role" />
            <Select
              label="Role"
              name="role"
              defaultValue={user.role}
              error={errors.role}
              options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              hint="A new role takes effect when they next sign in: changing it signs them out"
            />
            <SubmitButton secondary>Change role</SubmitButton>
          </Form>
          <h2 className="nhsuk-heading-m">{user.deactivated ? "Reactivate" : "Deactivate"}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value={user.deactivated ? "reactivate" : "deactivate"} />
            {user.deactivated ? (
              <SubmitButton secondary>Reactivate user</SubmitButton>
            ) : (
              <>
                <p>Deactivating signs them out everywhere at once. Their records stay.</p>
                <SubmitButton warning>Deactivate user</SubmitButton>
              </>
            )}
          </Form>
        </>
      )}
    </>
  );
}
