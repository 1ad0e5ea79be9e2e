import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { clientIp, requireSignedOut } from "~/auth/guards.server";
import { RegisterSupplierSchema } from "~/auth/schema";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, Fieldset, TextInput } from "~/components/fields";
import { NewPasswordFields } from "~/components/new-password-fields";
import { PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";
import { registerSupplier } from "~/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Register your organisation – AI Imaging Platform procurement" }];

const FIELD_ORDER = [
  "legalName",
  "tradingNames",
  "companiesHouseNumber",
  "dunsNumber",
  "addressLine1",
  "addressLine2",
  "town",
  "postcode",
  "contactPhone",
  "name",
  "email",
  "password",
  "confirmPassword",
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireSignedOut(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireSignedOut(request);
  const form = await parseForm(request, RegisterSupplierSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await registerSupplier(form.data, clientIp(request));
  if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
  return redirect("/register/check-email");
}

export default function Register() {
  const form = useValidatedForm(RegisterSupplierSchema);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={FIELD_ORDER} />
        <PageHeading caption="Suppliers">Register your organisation</PageHeading>
        <p>
          Register once for your organisation. You will be its organisation admin and can invite colleagues. If your
          organisation is already registered, ask its organisation admin to invite you.
        </p>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <h2 className="nhsuk-heading-m">Your organisation</h2>
          <TextInput
            label="Legal name"
            hint="As registered at Companies House"
            autoComplete="organization"
            {...form.field("legalName")}
          />
          <TextInput
            label="Trading names (optional)"
            hint="Separate names with commas"
            {...form.field("tradingNames")}
          />
          <TextInput
            label="Companies House number"
            hint="8 characters, like 01234567 or SC123456"
            width={10}
            spellCheck={false}
            {...form.field("companiesHouseNumber")}
          />
          <TextInput
            label="DUNS number (optional)"
            hint="9 digits"
            width={10}
            inputMode="numeric"
            {...form.field("dunsNumber")}
          />
          <Fieldset legend="Registered address" name="address" kind="plain">
            <TextInput label="Address line 1" autoComplete="address-line1" {...form.field("addressLine1")} />
            <TextInput label="Address line 2 (optional)" autoComplete="address-line2" {...form.field("addressLine2")} />
            <TextInput label="Town or city" autoComplete="address-level2" width={20} {...form.field("town")} />
            <TextInput label="Postcode" autoComplete="postal-code" width={10} {...form.field("postcode")} />
          </Fieldset>
          <Fieldset legend="Which of these describe your organisation?" hint="Select all that apply" name="size">
            <Checkbox
              label="Small or medium-sized enterprise (SME): fewer than 250 staff"
              {...form.checkbox("isSme")}
            />
            <Checkbox label="Voluntary, community or social enterprise (VCSE)" {...form.checkbox("isVcse")} />
          </Fieldset>
          <TextInput
            label="Telephone number (optional)"
            type="tel"
            autoComplete="tel"
            width={20}
            {...form.field("contactPhone")}
          />

          <h2 className="nhsuk-heading-m">You, the main contact</h2>
          <TextInput label="Full name" autoComplete="name" {...form.field("name")} />
          <TextInput
            label="Email address"
            hint="We will send a link to confirm it"
            type="email"
            autoComplete="email"
            spellCheck={false}
            {...form.field("email")}
          />
          <NewPasswordFields form={form} label="Create a password" confirmLabel="Confirm password" />
          <SubmitButton submitting={form.submitting}>Register</SubmitButton>
        </Form>
        <p>
          Already registered? <Link to="/sign-in">Sign in</Link>.
        </p>
      </div>
    </div>
  );
}
