// How a clarification question's status reads on a page, and how long it has waited.
import type { TagColour } from "~/components/page";

export const CLARIFICATION_STATUSES = [
  "submitted",
  "in_review",
  "answer_drafted",
  "approved",
  "published",
  "answered_privately",
  "rejected",
  "withdrawn",
] as const;
export type ClarificationStatus = (typeof CLARIFICATION_STATUSES)[number];

export const OPEN_STATUSES: ClarificationStatus[] = ["submitted", "in_review", "answer_drafted", "approved"];

export const STATUS_LABELS: Record<ClarificationStatus, string> = {
  submitted: "Submitted",
  in_review: "In review",
  answer_drafted: "Answer drafted",
  approved: "Approved",
  published: "Published",
  answered_privately: "Answered privately",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

export const STATUS_COLOURS: Record<ClarificationStatus, TagColour> = {
  submitted: "blue",
  in_review: "yellow",
  answer_drafted: "orange",
  approved: "purple",
  published: "green",
  answered_privately: "aqua-green",
  rejected: "red",
  withdrawn: "grey",
};

/** What suppliers see: staff's internal steps read as one "being answered". */
export function supplierStatusLabel(status: ClarificationStatus): string {
  if (status === "in_review" || status === "answer_drafted" || status === "approved") return "Being answered";
  return STATUS_LABELS[status];
}

/** "3 hours", "2 days": how long a question has waited by `now` (the portal's clock, from the loader). */
export function ageOf(since: Date | string, now: number): string {
  const ms = Math.max(0, now - new Date(since).getTime());
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return minutes <= 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours === 1 ? "1 hour" : `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}
