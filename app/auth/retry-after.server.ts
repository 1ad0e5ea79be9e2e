// A throttled sign-in step tells the browser how long to wait (429 with Retry-After), not only the page.
import { data, type HeadersFunction } from "@remix-run/node";
import { formFailure, type FormValues } from "~/forms.server";

/**
 * The route's headers: the action's Retry-After passed on to the document. With single fetch only
 * Set-Cookie passes from an action to the document by itself.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const merged = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) merged.set("Retry-After", retryAfter);
  return merged;
};

/** A refused form sent back to its page: 429 with Retry-After when the person must wait, else 400. */
export function formRefused(errors: Record<string, string>, values: FormValues, retryAfterSeconds?: number) {
  return data(formFailure(errors, values), {
    status: retryAfterSeconds ? 429 : 400,
    headers: retryAfterSeconds ? { "Retry-After": String(retryAfterSeconds) } : undefined,
  });
}
