// The tender as bidders, evaluators and the opened-bid pages read it: the questionnaire as last
// published and every published version's reason. 404 while it has never been published.
import type { Procurement } from "../procurements/procurements.server";
import { notFound } from "../refusals.server";
import type { PublishedQuestionnaire } from "./questionnaire";
import { publishedTender } from "./reading.server";
import type { Tender } from "./shared.server";

export type PublishedTender = {
  tender: Tender;
  questionnaire: PublishedQuestionnaire;
  /** Every published version, newest first: the amendments' reasons. */
  versions: { number: number; reason: string | null; publishedAt: Date }[];
};

/** The procurement's tender as last published, with the questionnaire bidders answer; null while never published. */
export async function tenderForBids(procurement: Procurement): Promise<PublishedTender | null> {
  const published = await publishedTender(procurement);
  if (!published) return null;
  return { tender: published.tender, questionnaire: published.latest.questionnaire, versions: published.versions };
}

export async function requirePublishedTender(procurement: Procurement): Promise<PublishedTender> {
  return (await tenderForBids(procurement)) ?? notFound();
}
