// Who is asking: every loader and action calls one of these before it touches data.
import { redirect } from "@remix-run/node";
import { config } from "../config.server";
import { forbidden } from "../refusals.server";
import { homePathFor, requiresTwoFactor, type Role } from "./permissions";
import { readSession } from "./session.server";

// Set by the server entry from the socket (or a trusted proxy); any incoming value is replaced.
export const CLIENT_IP_HEADER = "x-portal-client-ip";

export function clientIp(request: Request): string | null {
  return request.headers.get(CLIENT_IP_HEADER);
}

export type SignedInUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  isOrganisationAdmin: boolean;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  sessionId: string;
  /** Where the request came from, for the audit log. */
  ip: string | null;
};

export type SessionState =
  | { state: "signed-out" }
  | { state: "email-unverified"; user: SignedInUser }
  | { state: "two-factor-enrolment-required"; user: SignedInUser }
  | { state: "two-factor-pending"; user: SignedInUser }
  | { state: "signed-in"; user: SignedInUser };

/** Reads the session cookie and says how far along the sign-in the caller is. */
export async function sessionState(request: Request): Promise<SessionState> {
  const { session, user } = await readSession(request);
  if (!session || !user) return { state: "signed-out" };
  const signedIn: SignedInUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    isOrganisationAdmin: user.isOrganisationAdmin,
    emailVerified: user.emailVerified,
    twoFactorEnabled: user.twoFactorEnabled,
    sessionId: session.id,
    ip: clientIp(request),
  };
  if (!user.emailVerified) return { state: "email-unverified", user: signedIn };
  if (user.twoFactorEnabled && !session.twoFactorVerified) {
    return { state: "two-factor-pending", user: signedIn };
  }
  const demoSkip = config().demoInstance && user.isDemoAccount;
  if (requiresTwoFactor(user.role) && !user.twoFactorEnabled && !demoSkip) {
    return { state: "two-factor-enrolment-required", user: signedIn };
  }
  return { state: "signed-in", user: signedIn };
}

/** The signed-in user, or null: for pages that anyone may see. */
export async function optionalUser(request: Request): Promise<SignedInUser | null> {
  const state = await sessionState(request);
  return state.state === "signed-in" ? state.user : null;
}

function signInRedirect(request: Request) {
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  return redirect(`/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`);
}

/**
 * The fully signed-in user, with one of the given roles. Signed-out callers are sent to sign in,
 * callers part-way through sign-in to the step they owe, and the wrong role gets 403.
 */
export async function requireUser(
  request: Request,
  options: { role?: Role | readonly Role[]; organisationAdmin?: boolean } = {},
): Promise<SignedInUser> {
  const state = await sessionState(request);
  switch (state.state) {
    case "signed-out":
      throw signInRedirect(request);
    case "email-unverified":
      throw redirect("/verify-email");
    case "two-factor-pending":
      throw redirect("/sign-in/two-factor");
    case "two-factor-enrolment-required":
      throw redirect("/account/two-factor");
  }
  const user = state.user;
  const roles = options.role === undefined ? null : Array.isArray(options.role) ? options.role : [options.role];
  if (roles && !roles.includes(user.role)) forbidden();
  if (options.organisationAdmin && !user.isOrganisationAdmin) forbidden();
  return user;
}

/** A user part-way through sign-in, for the verify-email and two-factor steps themselves. */
export async function requirePartialUser(
  request: Request,
): Promise<{ state: SessionState["state"]; user: SignedInUser }> {
  const state = await sessionState(request);
  if (state.state === "signed-out") throw signInRedirect(request);
  return state;
}

/** Sign-in and registration pages send a signed-in user to their dashboard instead. */
export async function requireSignedOut(request: Request): Promise<void> {
  const state = await sessionState(request);
  if (state.state === "signed-in") throw redirect(homePathFor(state.user.role));
}
