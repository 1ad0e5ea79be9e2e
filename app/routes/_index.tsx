import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { optionalUser } from "~/auth/guards.server";
import { homePathFor } from "~/auth/permissions";
import { SERVICE_NAME } from "~/components/layout";

export const meta: MetaFunction = () => [{ title: SERVICE_NAME }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await optionalUser(request);
  return { dashboard: user ? homePathFor(user.role) : null };
}

export default function Home() {
  const { dashboard } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{SERVICE_NAME}</h1>
        <p className="nhsuk-lede-text">
          The NHS AI Lab is exploring a national AI imaging platform: one place through which NHS trusts can find,
          deploy and monitor AI imaging tools, such as chest X-ray triage, lung nodule detection on CT, stroke CT and
          fracture detection, safely and at scale.
        </p>
        <p>
          This portal carries the procurement from discovery through market engagement to a possible tender, run by NHS
          England on behalf of the Department of Health and Social Care under the Procurement Act 2023.
        </p>
        <h2>How suppliers take part</h2>
        <ol className="nhsuk-list nhsuk-list--number">
          <li>Register your organisation and confirm your email address.</li>
          <li>
            Read the discovery findings: the opportunities and blockers we found talking to trusts, clinicians and
            suppliers.
          </li>
          <li>Book onto market engagement sessions: webinars, in-person days and one-to-one slots.</li>
          <li>Ask clarification questions. Answers are published to every supplier, without saying who asked.</li>
          <li>If we go to tender, submit your bid here before the deadline. Bids stay sealed until they are opened.</li>
        </ol>
        <p>
          Every supplier sees the same information at the same time: that is how the law and this portal treat suppliers
          equally.
        </p>
        {dashboard ? (
          <Link className="nhsuk-button" to={dashboard}>
            Go to your dashboard
          </Link>
        ) : (
          <div className="nhsuk-button-group">
            <Link className="nhsuk-button" to="/register">
              Register your organisation
            </Link>
            <Link className="nhsuk-button nhsuk-button--secondary" to="/sign-in">
              Sign in
            </Link>
          </div>
        )}
      </div>
    </div>
  );
}
