// The account emails, sent over real SMTP and read back: registration, invitations and password
// reset each carry a link whose token does what the email says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegisterSupplierSchema } from "../../app/auth/schema";
import { signIn } from "../../app/auth/sign-in.server";
import { config } from "../../app/config.server";
import { inviteColleague, registerSupplier } from "../../app/organisations/organisations.server";
import {
  acceptInvitation,
  invitationDetails,
  inviteUser,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
} from "../../app/users/users.server";
import { processOutbox } from "../../emails/outbox.server";
import { asSignedIn, createOrganisation, createUser, DEFAULT_PASSWORD, reloadUser, uniqueEmail } from "../factories";
import { updateTestConfig, useTestDatabase } from "../setup/database";
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from "../setup/smtp-sink";

const testDb = await useTestDatabase({ env: { PUBLIC_URL: "https://procurement.example.nhs.uk" } });
let sink: SmtpSink;
const IP = "192.0.2.60";
const NEW_PASSWORD = "lantern orbit gravel meadow";

beforeAll(async () => {
  sink = await startSmtpSink();
  updateTestConfig({ smtpUrl: sink.url });
});

afterAll(async () => {
  await sink.close();
});

/** Sends what the outbox holds and waits for the message to this address. */
async function deliveredTo(to: string): Promise<ReceivedMessage> {
  await processOutbox();
  return sink.waitForMessage((m) => m.to === to);
}

/** The token of the portal link to `pathname` in the message, checked in both text and HTML. */
function tokenFrom(message: ReceivedMessage, pathname: string): string {
  const pattern = new RegExp(`${escape(config().publicUrl)}${escape(pathname)}\\?token=([A-Za-z0-9_-]+)`);
  const inText = pattern.exec(message.text)?.[1];
  const inHtml = pattern.exec(message.html)?.[1];
  expect(inText, `a ${pathname} link in the text`).toBeTruthy();
  expect(inHtml, `a ${pathname} link in the HTML`).toBe(inText);
  expect(message.html).toContain(`href="${config().publicUrl}${pathname}?token=${inText}"`);
  return inText ?? "";
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let companyNumber = 40_000_000;
function registration(email: string, overrides: Record<string, string> = {}) {
  companyNumber += 1;
  return RegisterSupplierSchema.parse({
    legalName: "Clearview Imaging Ltd",
    companiesHouseNumber: String(companyNumber),
    addressLine1: "2 Park Row",
    town: "Leeds",
    postcode: "LS1 5HD",
    isSme: "on",
    name: "Morgan Reed",
    email,
    password: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
    ...overrides,
  });
}

async function organisationCount(companiesHouseNumber: string) {
  const [{ n }] = await testDb.query<{ n: number }>(
    "select count(*)::int as n from organisations where companies_house_number = $1",
    [companiesHouseNumber],
  );
  return n;
}

describe("registration", () => {
  it("emails a link that verifies the registrant's address", async () => {
    const email = uniqueEmail("registrant");
    const result = await registerSupplier(registration(email), IP);
    if (!result.ok || !result.userId) throw new Error("registration failed");
    expect((await reloadUser(result.userId))?.emailVerifiedAt).toBeNull();

    const message = await deliveredTo(email);
    expect(message.subject).toBe("Confirm your email address");
    expect(message.text).toContain("Dear Morgan Reed");
    expect(message.text).toContain("expires in 24 hours");
    const token = tokenFrom(message, "/verify-email");

    expect(await verifyEmail(token, IP)).toBe(true);
    expect((await reloadUser(result.userId))?.emailVerifiedAt).not.toBeNull();
    expect(await signIn({ email, password: NEW_PASSWORD, ip: IP })).toMatchObject({ ok: true });
  });

  it("tells the owner of an already-registered address, and answers the registrant the same way", async () => {
    const existing = await createUser();
    const fresh = await registerSupplier(registration(uniqueEmail("first-timer")), IP);
    const input = registration(existing.email, { legalName: "Impostor Imaging Ltd" });
    const duplicate = await registerSupplier(input, IP);

    expect(duplicate.ok).toBe(true);
    expect(Object.keys(duplicate).sort()).toEqual(Object.keys(fresh).sort());
    expect(await organisationCount(input.companiesHouseNumber)).toBe(0);

    const message = await deliveredTo(existing.email);
    expect(message.subject).toBe("Someone tried to register with your email address");
    expect(message.text).toContain(`${config().publicUrl}/sign-in`);
    expect(message.text).toContain(`${config().publicUrl}/forgot-password`);
    // The owner's password still works: nothing about the account changed.
    expect(await signIn({ email: existing.email, password: DEFAULT_PASSWORD, ip: IP })).toMatchObject({ ok: true });
  });

  it("sends nothing when the registration is refused", async () => {
    const email = uniqueEmail("refused");
    const taken = await createOrganisation();
    const result = await registerSupplier(registration(email, { companiesHouseNumber: taken.companiesHouseNumber }), IP);
    expect(result).toMatchObject({ ok: false, fieldErrors: { companiesHouseNumber: expect.any(String) } });
    // processOutbox returns once the sink has taken every message it sent: none can still be on its way.
    await processOutbox();
    expect(sink.messages.filter((m) => m.to === email)).toHaveLength(0);
    const [{ n }] = await testDb.query<{ n: number }>("select count(*)::int as n from users where email = $1", [email]);
    expect(n).toBe(0);
  });
});

describe("invitations", () => {
  it("lets an organisation admin invite a colleague, who joins that organisation by the emailed link", async () => {
    const organisation = await createOrganisation({ legalName: "Radiant Test Diagnostics Ltd" });
    const admin = await createUser({ organisationId: organisation.id, isOrganisationAdmin: true, name: "Alex Admin" });
    const email = uniqueEmail("colleague");
    const result = await inviteColleague(asSignedIn(admin), { name: "Charlie Colleague", email });
    if (!result.ok) throw new Error("invitation failed");

    const message = await deliveredTo(email);
    expect(message.subject).toBe("You have been invited to the AI Imaging Platform procurement portal");
    expect(message.text).toContain("Alex Admin has invited you to join Radiant Test Diagnostics Ltd");
    const token = tokenFrom(message, "/accept-invitation");
    expect(await invitationDetails(token)).toMatchObject({ email, role: "supplier", organisation: "Radiant Test Diagnostics Ltd" });

    expect(await acceptInvitation({ token, name: "Charlie Colleague", password: NEW_PASSWORD }, IP)).toEqual({
      ok: true,
      userId: result.userId,
    });
    const colleague = await reloadUser(result.userId);
    expect(colleague).toMatchObject({ organisationId: organisation.id, role: "supplier", isOrganisationAdmin: false });
    expect(await signIn({ email, password: NEW_PASSWORD, ip: IP })).toMatchObject({ ok: true, userId: result.userId });
  });

  it("lets an admin invite an evaluator, who signs in after accepting", async () => {
    const admin = await createUser({ role: "admin", totp: true, name: "Sam Admin" });
    const email = uniqueEmail("evaluator");
    const result = await inviteUser(asSignedIn(admin), { name: "Dr Eve Valuator", email, role: "evaluator" });
    if (!result.ok) throw new Error("invitation failed");

    const message = await deliveredTo(email);
    expect(message.subject).toBe("You have been invited to the AI Imaging Platform procurement portal");
    expect(message.text).toContain("Sam Admin has invited you to join the NHS AI Lab procurement team as an evaluator");
    const token = tokenFrom(message, "/accept-invitation");

    expect(await signIn({ email, password: NEW_PASSWORD, ip: IP })).toMatchObject({ ok: false });
    expect((await acceptInvitation({ token, name: "Dr Eve Valuator", password: NEW_PASSWORD }, IP)).ok).toBe(true);
    expect(await reloadUser(result.userId)).toMatchObject({ role: "evaluator", organisationId: null });
    expect(await signIn({ email, password: NEW_PASSWORD, ip: IP })).toMatchObject({ ok: true, userId: result.userId });
  });

  it("refuses to invite someone who already has an account, and sends nothing", async () => {
    const admin = await createUser({ role: "admin", totp: true });
    const existing = await createUser();
    const result = await inviteUser(asSignedIn(admin), { name: "Someone", email: existing.email, role: "staff" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: expect.any(String) } });
    // processOutbox returns once the sink has taken every message it sent: none can still be on its way.
    await processOutbox();
    expect(sink.messages.filter((m) => m.to === existing.email)).toHaveLength(0);
  });
});

describe("password reset", () => {
  it("emails a single-use link that sets a new password", async () => {
    const user = await createUser({ name: "Pat Reset" });
    await requestPasswordReset(user.email, IP);
    const message = await deliveredTo(user.email);
    expect(message.subject).toBe("Reset your password");
    expect(message.text).toContain("Dear Pat Reset");
    expect(message.text).toContain("expires in 60 minutes");
    const token = tokenFrom(message, "/reset-password");

    expect(await resetPassword(token, NEW_PASSWORD, IP)).toEqual({ ok: true, userId: user.id });
    expect(await signIn({ email: user.email, password: NEW_PASSWORD, ip: IP })).toMatchObject({ ok: true });
    expect(await signIn({ email: user.email, password: DEFAULT_PASSWORD, ip: "192.0.2.61" })).toMatchObject({ ok: false });
    expect((await resetPassword(token, "another passphrase entirely", IP)).ok).toBe(false);
  });

  it("sends nothing for an address with no account, without saying so", async () => {
    const email = uniqueEmail("unknown");
    await expect(requestPasswordReset(email, IP)).resolves.toBeUndefined();
    // processOutbox returns once the sink has taken every message it sent: none can still be on its way.
    await processOutbox();
    expect(sink.messages.filter((m) => m.to === email)).toHaveLength(0);
  });
});
