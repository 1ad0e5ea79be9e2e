// The procurement's stages as a timeline, with the current one highlighted.
import { Tag } from "~/components/page";
import { formatDateTime } from "~/time";
import { currentStage, STAGES, type StageDates } from "../stages";

export function Timeline({ dates, now }: { dates: StageDates; now: number }) {
  const current = currentStage(dates, now);
  // In date order: market engagement may run on after the tender notice is published.
  const stages = STAGES.filter((stage) => dates[stage.key]).sort(
    (a, b) => new Date(dates[a.key]!).getTime() - new Date(dates[b.key]!).getTime(),
  );
  return (
    <ol className="portal-timeline">
      {stages.map((stage) => {
        const at = dates[stage.key]!;
        const isCurrent = stage.key === current;
        const past = new Date(at).getTime() <= now && !isCurrent;
        return (
          <li
            key={stage.key}
            className={`portal-timeline__item${isCurrent ? " portal-timeline__item--current" : ""}${past ? " portal-timeline__item--past" : ""}`}
            aria-current={isCurrent ? "step" : undefined}
          >
            <h3 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">
              {stage.label} {isCurrent ? <Tag colour="blue">Current stage</Tag> : null}
            </h3>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              <time dateTime={new Date(at).toISOString()}>{formatDateTime(at)}</time>
            </p>
            <p className="nhsuk-body-s nhsuk-u-secondary-text-color nhsuk-u-margin-bottom-0">{stage.description}</p>
          </li>
        );
      })}
    </ol>
  );
}
