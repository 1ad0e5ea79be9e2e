import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { PageHeading } from "~/components/page";

export const meta: MetaFunction = () => [{ title: "Check your email – AI Imaging Platform procurement" }];

export default function CheckEmail() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>Check your email</PageHeading>
        <p>We have sent you an email with a link to confirm your email address. The link expires in 24 hours.</p>
        <p>Follow the link, then sign in to take part.</p>
        <p>
          If the email does not arrive within a few minutes, check your spam folder, or{" "}
          <Link to="/sign-in">sign in</Link> and ask for a new link.
        </p>
      </div>
    </div>
  );
}
