import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { InviteColleagueSchema } from "~/auth/schema";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { PageHeading, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { findOrganisation, inviteColleague, listMembers } from "~/organisations/organisations.server";
import { notFound } from "~/refusals.server";

export const meta: MetaFunction = () => [{ title: "Your organisation – AI Imaging Platform procurement" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier", organisationAdmin: true });
  const organisation = await findOrganisation(user.organisationId ?? "");
  if (!organisation) notFound();
  const members = await listMembers(user);
  return {
    organisation: {
      legalName: organisation.legalName,
      tradingNames: organisation.tradingNames,
      companiesHouseNumber: organisation.companiesHouseNumber,
      dunsNumber: organisation.dunsNumber,
      address: [organisation.addressLine1, organisation.addressLine2, organisation.town, organisation.postcode]
        .filter(Boolean)
        .join(", "),
      sme: organisation.isSme,
      vcse: organisation.isVcse,
      contact: `${organisation.contactName}, ${organisation.contactEmail}${organisation.contactPhone ? `, ${organisation.contactPhone}` : ""}`,
    },
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      admin: m.isOrganisationAdmin,
      status: m.deactivatedAt
        ? "Deactivated"
        : !m.passwordSet
          ? "Invited"
          : !m.emailVerifiedAt
            ? "Email not confirmed"
            : "Active",
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "supplier", organisationAdmin: true });
  const form = await parseForm(request, InviteColleagueSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await inviteColleague(user, form.data);
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirectWithNotice("/organisation", `Invitation sent to ${form.data.email}`);
}

export default function Organisation() {
  const { organisation, members } = useLoaderData<typeof loader>();
  const form = useValidatedForm(InviteColleagueSchema);
  return (
    <>
      <ErrorSummary errors={form.errors} order={["name", "email"]} />
      <PageHeading caption="Your organisation">{organisation.legalName}</PageHeading>
      <SummaryList
        rows={[
          { key: "Trading names", value: organisation.tradingNames || "None" },
          { key: "Companies House number", value: organisation.companiesHouseNumber },
          { key: "DUNS number", value: organisation.dunsNumber ?? "Not given" },
          { key: "Registered address", value: organisation.address },
          { key: "SME", value: organisation.sme ? "Yes" : "No" },
          { key: "VCSE", value: organisation.vcse ? "Yes" : "No" },
          { key: "Main contact", value: organisation.contact },
        ]}
      />
      <Table
        caption="People in your organisation"
        head={["Name", "Email", "Status"]}
        rows={members.map((m) => [
          `${m.name}${m.admin ? " (organisation admin)" : ""}`,
          m.email,
          <Tag key="s" colour={m.status === "Active" ? "green" : m.status === "Invited" ? "blue" : "grey"}>
            {m.status}
          </Tag>,
        ])}
      />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2 className="nhsuk-heading-m">Invite a colleague</h2>
          <p>
            Colleagues can see and do everything for your organisation except invite people. A person can belong to one
            organisation only.
          </p>
          <Form method="post" noValidate onSubmit={form.onSubmit}>
            <TextInput label="Full name" {...form.field("name")} />
            <TextInput label="Email address" type="email" spellCheck={false} {...form.field("email")} />
            <SubmitButton submitting={form.submitting}>Send invitation</SubmitButton>
          </Form>
        </div>
      </div>
    </>
  );
}
