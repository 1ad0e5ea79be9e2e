// Turns on single-fetch typing for loaders and actions (matches v3_singleFetch in remix.config.js).
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
