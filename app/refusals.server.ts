// One way to refuse. A refusal a page cannot recover from is a thrown Response, which Remix turns
// into the error page for its status (root.tsx's ErrorBoundary) or, from a resource route (a PDF, a
// download), sends as it is:
// - 404 for an object that does not exist or that the caller may not see: they learn nothing of it;
// - 403 for a page or an action the caller's role may not use.
// A refusal the person can act on is an ActionResult with field errors, shown on the form.
import type { SignedInUser } from "./auth/guards.server";
import type { Role } from "./auth/permissions";

export const NOT_FOUND_MESSAGE = "Page not found";
export const FORBIDDEN_MESSAGE = "You do not have permission to see this page";

/** Refuses with 404: the object does not exist, or the caller may not know that it does. */
export function notFound(message = NOT_FOUND_MESSAGE): never {
  throw new Response(message, { status: 404 });
}

/** Refuses with 403: the caller may not use this page or action. */
export function forbidden(message = FORBIDDEN_MESSAGE): never {
  throw new Response(message, { status: 403 });
}

/** The value, or a 404 when there is none. */
export function found<T>(value: T | null | undefined, message = NOT_FOUND_MESSAGE): T {
  if (value === null || value === undefined) notFound(message);
  return value;
}

/** The one role check of the domain modules: 403 unless the user holds one of the roles. */
export function requireRole(user: SignedInUser, roles: Role | readonly Role[]): void {
  const allowed: readonly Role[] = typeof roles === "string" ? [roles] : roles;
  if (!allowed.includes(user.role)) forbidden();
}

/** A supplier acting for their organisation: 403 for anyone else, or a supplier without one. */
export function requireSupplier(user: SignedInUser): asserts user is SignedInUser & { organisationId: string } {
  if (user.role !== "supplier" || !user.organisationId) forbidden();
}

/** What an action that may be refused returns: success with its data, or errors for the form. */
export type ActionResult<T = object> = ({ ok: true } & T) | Refusal;

/** A refusal the person can act on, shown on the form (under `form` when it is about no one field). */
export type Refusal = { ok: false; fieldErrors: Record<string, string> };

/** A refusal about the form as a whole. */
export function refusal(form: string): Refusal {
  return { ok: false, fieldErrors: { form } };
}
