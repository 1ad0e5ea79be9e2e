// A page that may be kept for a moment and sent again (decision 030): its route says so with this
// header, and the server's page cache (server/page-cache.ts) does the rest. Only pages whose
// content follows from recorded data and the caller's own cookies may say so.
import type { HeadersFunction } from "@remix-run/node";

export const PAGE_CACHE_HEADER = "Portal-Page-Cache";

/** A route's `headers`: the page may be cached for its caller until anything is recorded. */
export const shareablePage: HeadersFunction = ({ parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  headers.set(PAGE_CACHE_HEADER, "shareable");
  return headers;
};
