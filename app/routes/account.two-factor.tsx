import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePartialUser } from "~/auth/guards.server";
import { TwoFactorCodeSchema } from "~/auth/schema";
import { lucia, startSession } from "~/auth/session.server";
import {
  beginEnrolment,
  confirmEnrolment,
  regenerateRecoveryCodes,
  remainingRecoveryCodes,
} from "~/auth/two-factor.server";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formFailure, parseForm, readForm } from "~/forms.server";

export const meta: MetaFunction = () => [{ title: "Two-factor sign-in – AI Imaging Platform procurement" }];

// Reached fully signed in, or straight after the password by someone whose role requires it.
async function requireEnrollingUser(request: Request) {
  const { state, user } = await requirePartialUser(request);
  if (state === "email-unverified") throw redirect("/verify-email");
  if (state === "two-factor-pending") throw redirect("/sign-in/two-factor");
  return { user, required: state === "two-factor-enrolment-required" };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, required } = await requireEnrollingUser(request);
  if (user.twoFactorEnabled) {
    return { enabled: true as const, remaining: await remainingRecoveryCodes(user.id), required };
  }
  const enrolment = await beginEnrolment(user.id);
  return { enabled: false as const, secret: enrolment.secret, qrCodeSvg: enrolment.qrCodeSvg, required };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireEnrollingUser(request);
  const params = await readForm(request);
  const actor = { userId: user.id, email: user.email, organisationId: user.organisationId, ip: user.ip };
  if (params.get("intent") === "regenerate") {
    if (!user.twoFactorEnabled) return redirect("/account/two-factor");
    return { recoveryCodes: await regenerateRecoveryCodes(user.id, actor) };
  }
  const form = await parseForm(request, TwoFactorCodeSchema, params);
  if (!form.success) return data(formFailure(form.errors, form.values), { status: 400 });
  const result = await confirmEnrolment(user.id, form.data.code, actor);
  if (!result.ok) {
    return data(
      formFailure({ code: "The code is not correct. Enter the current code from your authenticator app" }, form.values),
      { status: 400 },
    );
  }
  // Entering a valid code just proved the second factor: the session is replaced by a verified one.
  await lucia().invalidateSession(user.sessionId);
  const cookie = await startSession(user.id, true);
  return data({ recoveryCodes: result.recoveryCodes }, { headers: { "Set-Cookie": cookie } });
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <>
      <PageHeading>Save your recovery codes</PageHeading>
      <p>
        If you lose your phone, you can sign in with one of these codes instead of a security code. Each code works
        once. Keep them somewhere safe: this is the only time we show them.
      </p>
      <ul className="nhsuk-list portal-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <Link className="nhsuk-button" to="/dashboard">
        Continue
      </Link>
    </>
  );
}

export default function TwoFactor() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { recoveryCodes?: string[] } | undefined;
  const form = useValidatedForm(TwoFactorCodeSchema);
  if (result?.recoveryCodes) return <RecoveryCodes codes={result.recoveryCodes} />;
  if (page.enabled) {
    return (
      <>
        <PageHeading>Two-factor sign-in</PageHeading>
        <p>Two-factor sign-in is on. You have {page.remaining} unused recovery codes.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="regenerate" />
          <p>Making new recovery codes cancels the old ones.</p>
          <SubmitButton secondary>Make new recovery codes</SubmitButton>
        </Form>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["code"]} />
        <PageHeading>Set up two-factor sign-in</PageHeading>
        {page.required ? (
          <InsetText>
            Your role can see sealed bids and scores, so you must set up two-factor sign-in before you continue.
          </InsetText>
        ) : null}
        <ol className="nhsuk-list nhsuk-list--number">
          <li>Install an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator.</li>
          <li>In the app, add an account and scan this QR code.</li>
        </ol>
        <div
          className="portal-qr"
          role="img"
          aria-label="QR code for your authenticator app"
          dangerouslySetInnerHTML={{ __html: page.qrCodeSvg }}
        />
        <p>
          If you cannot scan it, enter this key instead: <span className="portal-mono">{page.secret}</span>
        </p>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <TextInput
            label="Enter the 6-digit code the app shows"
            autoComplete="one-time-code"
            inputMode="numeric"
            width={10}
            {...form.field("code")}
          />
          <SubmitButton submitting={form.submitting}>Turn on two-factor sign-in</SubmitButton>
        </Form>
      </div>
    </div>
  );
}
