// A question's heading where the panel marks or moderates it: its number and title, under its section.
import type { PanelQuestion } from "../questions";

export function PanelQuestionHeading({
  question,
}: {
  question: Pick<PanelQuestion, "number" | "title" | "sectionNumber" | "sectionTitle">;
}) {
  return (
    <h2 className="nhsuk-heading-m">
      <span className="nhsuk-caption-m">
        Section {question.sectionNumber}: {question.sectionTitle}
      </span>
      {question.number} {question.title}
    </h2>
  );
}
