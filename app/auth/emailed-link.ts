// The token an emailed link carries in its address (?token=…), as pages read it and forms post it back.
import { z } from "zod";

/** No token the portal issues is longer; anything past this is cut off, or refused when posted. */
export const LINK_TOKEN_MAX = 200;

/** The token a form posts back from the page its link opened. */
const LINK_MESSAGE = "Open the link in your email again";
export const LinkTokenSchema = z
  .string({ required_error: LINK_MESSAGE })
  .min(1, LINK_MESSAGE)
  .max(LINK_TOKEN_MAX, LINK_MESSAGE);

/** The token in an emailed link's address, cut to the longest a token can be; "" when there is none. */
export function linkToken(request: Request): string {
  return (new URL(request.url).searchParams.get("token") ?? "").slice(0, LINK_TOKEN_MAX);
}
