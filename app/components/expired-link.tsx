// The page an emailed link opens once it has expired or been used: what to do next is the caller's.
import type { ReactNode } from "react";
import { PageHeading } from "./page";

export function ExpiredLink({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>This link has expired or has already been used</PageHeading>
        {children}
      </div>
    </div>
  );
}
