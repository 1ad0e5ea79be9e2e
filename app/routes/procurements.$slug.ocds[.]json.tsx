import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireProcurement } from "~/procurements/procurements.server";
import { ocdsReleasePackage } from "~/transparency/ocds.server";

// The procurement as an OCDS 1.1 release package. Public, and the same for everyone: the package
// holds only what is public at each stage, so there is no caller to establish.
export async function loader({ params }: LoaderFunctionArgs) {
  const procurement = await requireProcurement(params.slug);
  const releasePackage = await ocdsReleasePackage(procurement);
  return new Response(JSON.stringify(releasePackage, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}
