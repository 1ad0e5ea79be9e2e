// A procurement's stages in order, and which one it is in now (shared by server and pages: `now`
// is always given, read from the portal's clock on the server).
export type StageDates = {
  discoveryStartsAt: string | Date | null;
  engagementStartsAt: string | Date | null;
  engagementClosesAt: string | Date | null;
  tenderPublishedAt: string | Date | null;
  clarificationDeadline: string | Date | null;
  bidDeadline: string | Date | null;
  evaluationStartsAt: string | Date | null;
  awardAt: string | Date | null;
  standstillEndsAt: string | Date | null;
};

export type StageKey = keyof StageDates;

export const STAGES: { key: StageKey; label: string; description: string }[] = [
  {
    key: "discoveryStartsAt",
    label: "Discovery",
    description: "We talk to trusts, clinicians and suppliers about what helps and what blocks.",
  },
  {
    key: "engagementStartsAt",
    label: "Preliminary market engagement",
    description: "Webinars, in-person days and one-to-one meetings with the market.",
  },
  {
    key: "engagementClosesAt",
    label: "Market engagement closes",
    description: "The last day of preliminary market engagement.",
  },
  {
    key: "tenderPublishedAt",
    label: "Tender published",
    description: "The tender notice and documents are published.",
  },
  {
    key: "clarificationDeadline",
    label: "Clarification questions close",
    description: "The last moment to ask a clarification question.",
  },
  { key: "bidDeadline", label: "Bids due", description: "Bids must be submitted before this moment." },
  { key: "evaluationStartsAt", label: "Evaluation", description: "The evaluation panel scores the opened bids." },
  {
    key: "awardAt",
    label: "Award",
    description: "The contract award notice is published and bidders are told the outcome.",
  },
  { key: "standstillEndsAt", label: "Standstill ends", description: "The earliest the contract may be entered into." },
];

function time(value: string | Date | null): number | null {
  if (!value) return null;
  return (typeof value === "string" ? new Date(value) : value).getTime();
}

/** The latest stage whose date has passed; null before the first. */
export function currentStage(dates: StageDates, now: number): StageKey | null {
  let current: StageKey | null = null;
  for (const stage of STAGES) {
    const at = time(dates[stage.key]);
    if (at !== null && at <= now) current = stage.key;
  }
  return current;
}

export function isClarificationWindowOpen(dates: StageDates, now: number) {
  // Open from the start of market engagement (or the tender, if that comes first or alone).
  const starts = [time(dates.engagementStartsAt), time(dates.tenderPublishedAt)].filter((t): t is number => t !== null);
  const opens = starts.length ? Math.min(...starts) : null;
  const closes = time(dates.clarificationDeadline);
  return opens !== null && closes !== null && opens <= now && now < closes;
}
