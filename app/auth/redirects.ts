// Where a person may be sent after signing in: only somewhere on the portal itself, whatever the
// link that brought them says. Shared by the sign-in schema and the routes, browser and server.

// The origin a target is resolved against when checking it; any origin would do, since only a
// target that stays on it (a path of this site) is accepted.
const CHECK_ORIGIN = "https://portal.invalid";
const MAX_TARGET_LENGTH = 2000;

// Printable ASCII but space and backslash. Browsers drop tabs and newlines from a URL before
// reading it ("/\t/evil.example" is "//evil.example") and read a backslash as a slash; a CR or LF
// cannot go in a Location header, nor (in Node) anything outside Latin-1. The portal's own links
// are percent-encoded, so a target with anything else was made by someone else: refused, never
// cleaned up.
const PLAIN_PATH = /^[\u0021-\u005B\u005D-\u007E]+$/;

/**
 * The path to send someone to after signing in, or `fallback` (their home) when `target` is not a
 * plain path of this site: it must start with one "/", hold only printable ASCII (no space or
 * backslash), and resolve, as a browser resolves it (WHATWG URL), to the portal's own origin.
 * An accepted target comes back exactly as given.
 */
export function safeRedirectPath(target: string | null | undefined, fallback: string): string;
export function safeRedirectPath(target: string | null | undefined, fallback: undefined): string | undefined;
export function safeRedirectPath(target: string | null | undefined, fallback: string | undefined): string | undefined {
  if (!target || target.length > MAX_TARGET_LENGTH || !PLAIN_PATH.test(target)) return fallback;
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  try {
    if (new URL(target, `${CHECK_ORIGIN}/sign-in`).origin !== CHECK_ORIGIN) return fallback;
  } catch {
    return fallback;
  }
  return target;
}
