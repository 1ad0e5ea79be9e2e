// One finding as a card: kind, theme, impact and evidence.
import { Link } from "@remix-run/react";
import { Tag } from "~/components/page";
import { IMPACT_LABELS, KIND_LABELS } from "../schema";

export type FindingCardData = {
  id: string;
  title: string;
  kind: "opportunity" | "blocker";
  theme: string;
  impact: "low" | "medium" | "high";
  description: string;
  evidenceSource: string;
  evidenceCount: number;
};

export function FindingTags({ finding }: { finding: Pick<FindingCardData, "kind" | "theme" | "impact"> }) {
  return (
    <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
      <Tag colour={finding.kind === "opportunity" ? "green" : "orange"}>{KIND_LABELS[finding.kind]}</Tag>{" "}
      <Tag colour="white">{finding.theme}</Tag> <Tag colour="grey">{IMPACT_LABELS[finding.impact]} impact</Tag>
    </p>
  );
}

export function FindingCard({ finding, href }: { finding: FindingCardData; href: string }) {
  return (
    <div className="nhsuk-card">
      <div className="nhsuk-card__content">
        <FindingTags finding={finding} />
        <h3 className="nhsuk-card__heading nhsuk-heading-s">
          <Link to={href}>{finding.title}</Link>
        </h3>
        <p className="nhsuk-card__description">{finding.description}</p>
        <p className="nhsuk-body-s nhsuk-u-secondary-text-color nhsuk-u-margin-bottom-0">
          Evidence: {finding.evidenceSource} ({finding.evidenceCount}{" "}
          {finding.evidenceCount === 1 ? "organisation" : "organisations"})
        </p>
      </div>
    </div>
  );
}
