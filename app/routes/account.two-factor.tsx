import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePartialUser } from "~/auth/guards.server";
import { MailboxCodeSchema, TwoFactorCodeSchema } from "~/auth/schema";
import { markSessionTwoFactorVerified } from "~/auth/session.server";
import {
  beginEnrolment,
  confirmEnrolment,
  mailboxProofState,
  proveMailbox,
  regenerateRecoveryCodes,
  remainingRecoveryCodes,
  sendMailboxCode,
} from "~/auth/two-factor.server";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { TOKEN_LIFETIME_MS } from "~/auth/tokens.server";
import { formRejected, parseForm, readForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";

const MAILBOX_CODE_MINUTES = TOKEN_LIFETIME_MS.mailbox_proof / 60_000;

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
    return { step: "enabled" as const, remaining: await remainingRecoveryCodes(user.id), required };
  }
  // Staff, evaluators and admins first show that the mailbox is theirs; the secret comes after.
  const proof = await mailboxProofState(user.id, user.sessionId);
  if (proof.step === "send-code" || proof.step === "enter-code") {
    return { step: proof.step, email: proof.email, expiresInMinutes: MAILBOX_CODE_MINUTES, required };
  }
  const enrolment = proof.step === "proved" ? proof.enrolment : await beginEnrolment(user.id);
  return { step: "scan" as const, secret: enrolment.secret, qrCodeSvg: enrolment.qrCodeSvg, required };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireEnrollingUser(request);
  const params = await readForm(request);
  const actor = { userId: user.id, email: user.email, organisationId: user.organisationId, ip: user.ip };
  const intent = params.get("intent");
  if (intent === "regenerate") {
    if (!user.twoFactorEnabled) return redirect("/account/two-factor");
    return { recoveryCodes: await regenerateRecoveryCodes(user.id, actor) };
  }
  if (intent === "send-mailbox-code") {
    const { sent } = await sendMailboxCode(user.id, actor);
    return redirectWithNotice(
      "/account/two-factor",
      sent
        ? `We have emailed a code to ${user.email}`
        : "We emailed you a code less than a minute ago. Check your inbox and spam folder",
    );
  }
  if (intent === "prove-mailbox") {
    const form = await parseForm(request, MailboxCodeSchema, params);
    if (!form.success) return formRejected(400, form.errors, form.values);
    const result = await proveMailbox(user.id, user.sessionId, form.data.mailboxCode, actor);
    if (!result.ok) {
      const message =
        result.reason === "wrong"
          ? "The code is not correct. Enter the 8-digit code from the email we sent you"
          : "The code has expired or was entered wrongly too many times. Send a new code";
      return formRejected(400, { mailboxCode: message }, form.values);
    }
    return redirect("/account/two-factor");
  }
  const form = await parseForm(request, TwoFactorCodeSchema, params);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const result = await confirmEnrolment(user.id, form.data.code, actor, user.sessionId);
  if (!result.ok && result.reason === "mailbox-not-proved") {
    return redirectWithNotice("/account/two-factor", "Enter the code we emailed to you before you set up the app");
  }
  if (!result.ok) {
    return formRejected(
      400,
      { code: "The code is not correct. Enter the current code from your authenticator app" },
      form.values,
    );
  }
  // Entering a valid code just proved the second factor. The session keeps its id, so that the
  // codes below reach a browser without JavaScript too (its page loaders send the same cookie).
  await markSessionTwoFactorVerified(user.sessionId);
  return { recoveryCodes: result.recoveryCodes };
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

const WHY_REQUIRED = (
  <InsetText>
    Your role can see sealed bids and scores, so you must set up two-factor sign-in before you continue.
  </InsetText>
);

function SendMailboxCode({ email, required }: { email: string; required: boolean }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>Set up two-factor sign-in</PageHeading>
        {required ? WHY_REQUIRED : null}
        <p>
          First we check that you can read email sent to <strong>{email}</strong>: a password alone is not enough to set
          up two-factor sign-in for your role. We will email you a code.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="send-mailbox-code" />
          <SubmitButton>Email me a code</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

function EnterMailboxCode({
  email,
  expiresInMinutes,
  required,
}: {
  email: string;
  expiresInMinutes: number;
  required: boolean;
}) {
  const form = useValidatedForm(MailboxCodeSchema, {}, { intent: "prove-mailbox" });
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["mailboxCode"]} />
        <PageHeading>Set up two-factor sign-in</PageHeading>
        {required ? WHY_REQUIRED : null}
        <p>
          We have emailed a code to <strong>{email}</strong>. It expires {expiresInMinutes} minutes after we sent it.
        </p>
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <input type="hidden" name="intent" value="prove-mailbox" />
          <TextInput
            label="Enter the 8-digit code from the email"
            autoComplete="one-time-code"
            inputMode="numeric"
            width={10}
            {...form.field("mailboxCode")}
          />
          <SubmitButton submitting={form.submitting}>Continue</SubmitButton>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="send-mailbox-code" />
          <p>Not received it after a few minutes? Check your spam folder, or ask for a new code.</p>
          <SubmitButton secondary>Send a new code</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

function ScanSecret({ secret, qrCodeSvg, required }: { secret: string; qrCodeSvg: string; required: boolean }) {
  const form = useValidatedForm(TwoFactorCodeSchema);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={form.errors} order={["code"]} />
        <PageHeading>Set up two-factor sign-in</PageHeading>
        {required ? WHY_REQUIRED : null}
        <ol className="nhsuk-list nhsuk-list--number">
          <li>Install an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator.</li>
          <li>In the app, add an account and scan this QR code.</li>
        </ol>
        <div
          className="portal-qr"
          role="img"
          aria-label="QR code for your authenticator app"
          dangerouslySetInnerHTML={{ __html: qrCodeSvg }}
        />
        <p>
          If you cannot scan it, enter this key instead: <span className="portal-mono">{secret}</span>
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

export default function TwoFactor() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { recoveryCodes?: string[] } | undefined;
  if (result?.recoveryCodes) return <RecoveryCodes codes={result.recoveryCodes} />;
  switch (page.step) {
    case "enabled":
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
    case "send-code":
      return <SendMailboxCode email={page.email} required={page.required} />;
    case "enter-code":
      return <EnterMailboxCode email={page.email} expiresInMinutes={page.expiresInMinutes} required={page.required} />;
    case "scan":
      return <ScanSecret secret={page.secret} qrCodeSvg={page.qrCodeSvg} required={page.required} />;
  }
}
