import type { MetaFunction } from "@remix-run/node";
import { PageHeading } from "~/components/page";

export const meta: MetaFunction = () => [{ title: "Privacy notice – AI Imaging Platform procurement" }];

export default function Privacy() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>Privacy notice</PageHeading>
        <p>
          NHS England is the controller for the personal data this portal holds: the names, work email addresses and
          telephone numbers of people who use it, and a record of what they do. We use it to run this procurement fairly
          and to keep the records the Procurement Act 2023 requires (section 98), for at least 3 years after any
          contract is awarded.
        </p>
        <p>
          The portal sets two strictly necessary cookies: one keeps you signed in (it ends after 30 minutes without use,
          and after 12 hours at most) and one carries a one-off confirmation message between pages. It sets no analytics
          or advertising cookies.
        </p>
      </div>
    </div>
  );
}
