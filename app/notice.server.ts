// One-time success messages carried across a redirect in a short-lived signed cookie.
import { createCookie, redirect } from "@remix-run/node";
import { config } from "./config.server";

function noticeCookie() {
  return createCookie("portal_notice", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().production,
    path: "/",
    maxAge: 60,
    secrets: [config().sessionSecret],
  });
}

export async function redirectWithNotice(url: string, notice: string, headers: HeadersInit = {}) {
  const all = new Headers(headers);
  all.append("Set-Cookie", await noticeCookie().serialize(notice));
  return redirect(url, { headers: all });
}

/** Reads the notice (if any) and the header that clears it. */
export async function takeNotice(request: Request): Promise<{ notice: string | null; clear: string | null }> {
  const value = await noticeCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "string" || !value) return { notice: null, clear: null };
  return { notice: value, clear: await noticeCookie().serialize("", { maxAge: 0 }) };
}
