import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ROLE_LABELS, requiresTwoFactor } from "~/auth/permissions";
import { PageHeading, SummaryList, Tag } from "~/components/page";
import { findOrganisation } from "~/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Your account – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organisation = user.organisationId ? await findOrganisation(user.organisationId) : null;
  return {
    name: user.name,
    email: user.email,
    role: ROLE_LABELS[user.role],
    organisationAdmin: user.isOrganisationAdmin,
    organisation: organisation?.legalName ?? null,
    twoFactorEnabled: user.twoFactorEnabled,
    twoFactorRequired: requiresTwoFactor(user.role),
  };
}

export default function Account() {
  const account = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading>Your account</PageHeading>
      <SummaryList
        rows={[
          { key: "Name", value: account.name },
          { key: "Email address", value: account.email },
          { key: "Role", value: `${account.role}${account.organisationAdmin ? " (organisation admin)" : ""}` },
          ...(account.organisation ? [{ key: "Organisation", value: account.organisation }] : []),
          {
            key: "Two-factor sign-in",
            value: account.twoFactorEnabled ? <Tag colour="green">On</Tag> : <Tag colour="grey">Off</Tag>,
          },
        ]}
      />
      <ul className="nhsuk-list">
        <li>
          <Link to="/account/password">Change your password</Link>
        </li>
        <li>
          <Link to="/account/two-factor">
            {account.twoFactorEnabled ? "Manage two-factor sign-in and recovery codes" : "Set up two-factor sign-in"}
          </Link>
          {account.twoFactorRequired && !account.twoFactorEnabled ? " (required for your role outside the demo)" : null}
        </li>
      </ul>
    </>
  );
}
