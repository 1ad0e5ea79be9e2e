// How far an evaluator has got with one bid, as a tag: staff see it per evaluator, evaluators their own.
import { Tag } from "~/components/page";
import type { EvaluatorProgress } from "../questions";

export function ProgressTag({ progress }: { progress: EvaluatorProgress }) {
  switch (progress.state) {
    case "conflict":
      return <Tag colour="red">Conflict declared</Tag>;
    case "undeclared":
      return <Tag colour="grey">Not declared</Tag>;
    case "awaiting declarations":
      return <Tag colour="grey">No conflict; other bidders not declared</Tag>;
    case "submitted":
      return <Tag colour="green">Submitted</Tag>;
    case "marking":
      return (
        <Tag colour={progress.marked === 0 ? "white" : "yellow"}>
          {progress.marked} of {progress.toMark} marked
        </Tag>
      );
  }
}
