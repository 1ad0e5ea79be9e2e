import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AccessibilityStatementContent } from "~/accessibility/components/accessibility-statement";
import { currentAccessibilityStatement } from "~/accessibility/statement";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – AI Imaging Platform procurement" }];

// Public. The statement is worked out from the recorded axe results (`npm run accessibility:update`),
// which a browser test keeps equal to what axe finds on the portal today.
export function loader() {
  return currentAccessibilityStatement();
}

export default function Accessibility() {
  const statement = useLoaderData<typeof loader>();
  return <AccessibilityStatementContent statement={statement} />;
}
