// The award decision and the assessment summaries: staff record the winning bid with the award
// notice date (the standstill end follows), then send every bidder its own summary at once.
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { awards, bidSubmissions, procurements, tenders } from "../../db/schema";
import { enqueueEmail } from "../../emails/outbox.server";
import { assessmentSummaryMessage } from "../../emails/templates/assessment-summary";
import { anchorAfterStageChange } from "../audit/anchors.server";
import { recordAudit } from "../audit/audit.server";
import type { SignedInUser } from "../auth/guards.server";
import { requirePublishedTender } from "../tenders/published.server";
import { config } from "../config.server";
import { actorOf, type Procurement } from "../procurements/procurements.server";
import { formatDate, formatDateTime, fromLondonLocal, toLondonLocal } from "../time";
import { organisationRecipients } from "../users/users.server";
import { assessmentSummaryOf, type AssessmentSummary } from "./assessment-summary";
import { renderAssessmentSummaryPdfOffThread } from "./evaluation-pdf.server";
import type { AwardDecision } from "./award-schema";
import type { Bidder } from "./bidders.server";
import {
  awardFor,
  bidderOf,
  evaluationResults,
  priceTotalsOf,
  rankedBid,
  type EvaluationResults,
} from "./results.server";
import { consensusFingerprint } from "./moderation.server";
import { standstillEndsOn } from "./standstill";
import * as clock from "../clock.server";
import { notFound, requireRole } from "../refusals.server";

export type AwardResult = { ok: true } | { ok: false; fieldErrors: Record<string, string> };
export type SendResult =
  { ok: true; repeated: boolean; organisations: number; emails: number } | { ok: false; error: string };

/** Today's date in the UK, YYYY-MM-DD: the default award notice date. */
export function todayInUk(now = clock.now()): string {
  return toLondonLocal(now).slice(0, 10);
}

export function assessmentSummaryLink(slug: string): string {
  return new URL(`/procurements/${slug}/assessment-summary`, config().publicUrl).toString();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Records the award: a ranked (not excluded) bid, the reasons and the notice date; the standstill
 * end is computed (8 working days, England and Wales bank holidays). One award per tender.
 */
export async function decideAward(
  user: SignedInUser,
  procurement: Procurement,
  input: AwardDecision,
): Promise<AwardResult> {
  requireRole(user, "staff");
  const { tender } = await requirePublishedTender(procurement);
  const fingerprint = await consensusFingerprint(db(), tender.id);
  const results = await evaluationResults(user, procurement);
  if (results.award) return { ok: false, fieldErrors: { bidId: "The award has already been decided" } };
  const winner = results.ranked.find((r) => r.bidId === input.bidId);
  if (!winner) return { ok: false, fieldErrors: { bidId: "Choose the winning bid" } };
  if (winner.rank === null) {
    return {
      ok: false,
      fieldErrors: {
        bidId: `${winner.label} is not ranked (${winner.excluded ? "excluded" : "not fully moderated"}): choose a ranked bid`,
      },
    };
  }
  const opened = results.tender.openedAt ? todayInUk(results.tender.openedAt) : null;
  if (opened && input.noticeDate < opened) {
    return {
      ok: false,
      fieldErrors: { noticeDate: `The award notice cannot be before the bids were opened (${formatDate(opened)})` },
    };
  }
  if (new Date(input.noticeDate).getTime() > clock.now().getTime() + 366 * DAY_MS) {
    return { ok: false, fieldErrors: { noticeDate: "The award notice date must be within the next year" } };
  }
  let ends: string;
  try {
    ends = standstillEndsOn(input.noticeDate);
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, fieldErrors: { noticeDate: error.message } };
    throw error;
  }
  const decided = await db().transaction(async (tx): Promise<AwardResult> => {
    // The tender's row for update: a consensus being saved (which shares it) finishes first, and
    // then the ranking decided on must still be the one the consensus marks give.
    await tx.select({ id: tenders.id }).from(tenders).where(eq(tenders.id, results.tender.id)).for("update");
    if ((await consensusFingerprint(tx, results.tender.id)) !== fingerprint) {
      return {
        ok: false,
        fieldErrors: {
          form: "A consensus mark changed while you were deciding: check the ranking again before you record the award",
        },
      };
    }
    const inserted = await tx
      .insert(awards)
      .values({
        tenderId: results.tender.id,
        bidId: winner.bidId,
        rationale: input.rationale,
        decidedByUserId: user.id,
        noticeDate: input.noticeDate,
        standstillEndsOn: ends,
        decidedAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: awards.id });
    if (inserted.length === 0) return { ok: false, fieldErrors: { bidId: "The award has already been decided" } };
    await recordAudit(tx, actorOf(user), {
      action: "award.decided",
      subjectType: "award",
      subjectId: inserted[0].id,
      procurementId: procurement.id,
      summary: {
        bidId: winner.bidId,
        bidder: winner.label,
        total: winner.total,
        noticeDate: input.noticeDate,
        standstillEndsOn: ends,
      },
    });
    return { ok: true };
  });
  if (decided.ok) await anchorAfterStageChange("award.decided", procurement.id);
  return decided;
}

type Summaries = { bidder: Bidder; summary: AssessmentSummary }[];

/** Every bidder's summary, from the results (each names only its own organisation). */
export function summariesOf(results: EvaluationResults, procurement: Procurement): Summaries {
  const award = results.award;
  if (!award) return [];
  const winner = rankedBid(results, award.bidId);
  const generatedAtText = formatDateTime(clock.now());
  return results.bidders.map((bidder) => ({
    bidder,
    summary: assessmentSummaryOf({
      procurementTitle: procurement.title,
      organisation: bidder.organisation,
      own: rankedBid(results, bidder.bidId),
      ownPriceTotals: priceTotalsOf(bidder),
      winner,
      ranked: results.ranked,
      scaleMax: results.rules.scaleMax,
      noticeDateText: formatDate(award.noticeDate),
      standstillEndsOnText: formatDate(award.standstillEndsOn),
      generatedAtText,
      portalUrl: assessmentSummaryLink(procurement.slug),
    }),
  }));
}

/**
 * Sends every bidding organisation's active people their own assessment summary (the PDF
 * attached), all at once, and sets the procurement's award and standstill dates. Sending again
 * sends nothing: the award row is locked and its summariesSentAt checked in the transaction.
 */
export async function sendAssessmentSummaries(user: SignedInUser, procurement: Procurement): Promise<SendResult> {
  requireRole(user, "staff");
  const results = await evaluationResults(user, procurement);
  const award = results.award;
  if (!award) return { ok: false, error: "Decide the award before sending the assessment summaries" };
  if (award.summariesSentAt) return { ok: true, repeated: true, organisations: 0, emails: 0 };
  const summaries = summariesOf(results, procurement);
  // Rendered before the transaction (off the request thread), so that it holds no lock while they render.
  const pdfs = await Promise.all(summaries.map((s) => renderAssessmentSummaryPdfOffThread(s.summary)));
  const dashboardLink = new URL("/supplier", config().publicUrl).toString();
  const sent = await db().transaction(async (tx): Promise<SendResult> => {
    const [locked] = await tx.select().from(awards).where(eq(awards.id, award.id)).for("update");
    if (!locked || locked.summariesSentAt) return { ok: true, repeated: true, organisations: 0, emails: 0 };
    let emails = 0;
    for (const [index, { bidder, summary }] of summaries.entries()) {
      for (const person of await organisationRecipients(tx, bidder.organisationId)) {
        await enqueueEmail(tx, {
          to: person.email,
          template: "assessment-summary",
          content: assessmentSummaryMessage({
            name: person.name,
            organisation: bidder.organisation,
            procurementTitle: procurement.title,
            successful: summary.outcome === "successful",
            standstillEndsOnText: summary.standstillEndsOnText,
            summaryLink: summary.portalUrl,
            dashboardLink,
          }),
          attachments: [
            {
              filename: `assessment-summary-${procurement.slug}.pdf`,
              contentType: "application/pdf",
              content: pdfs[index].toString("base64"),
            },
          ],
        });
        emails += 1;
      }
    }
    const now = clock.now();
    await tx
      .update(awards)
      .set({ summariesSentAt: now, summariesSentByUserId: user.id })
      .where(and(eq(awards.id, award.id), isNull(awards.summariesSentAt)));
    // The stage dates everyone sees: the award notice's day, and the end of the standstill's last day.
    await tx
      .update(procurements)
      .set({
        awardAt: fromLondonLocal(`${locked.noticeDate}T09:00`),
        standstillEndsAt: fromLondonLocal(`${locked.standstillEndsOn}T23:59`),
        version: sql`${procurements.version} + 1`,
      })
      .where(eq(procurements.id, procurement.id));
    await recordAudit(tx, actorOf(user), {
      action: "award.summaries_sent",
      subjectType: "award",
      subjectId: award.id,
      procurementId: procurement.id,
      summary: { organisations: summaries.length, emails },
    });
    return { ok: true, repeated: false, organisations: summaries.length, emails };
  });
  if (sent.ok && !sent.repeated) await anchorAfterStageChange("award.summaries_sent", procurement.id);
  return sent;
}

// After the summaries are sent the portal reads the results on a bidder's behalf, through the
// seal as the panel does, and shows the bidder only its own bid and the winning bid's scores.
const PORTAL_AS_PANEL: SignedInUser = {
  id: "00000000-0000-4000-8000-000000000000",
  email: "portal@localhost",
  name: "The portal",
  role: "staff",
  organisationId: null,
  isOrganisationAdmin: false,
  emailVerified: true,
  twoFactorEnabled: true,
  sessionId: "",
  ip: null,
};

/**
 * The caller's own organisation's assessment summary: a supplier whose organisation bid, once the
 * summaries are sent; 404 for anyone else and before then.
 */
export async function ownAssessmentSummary(user: SignedInUser, procurement: Procurement): Promise<AssessmentSummary> {
  if (user.role !== "supplier" || !user.organisationId) notFound();
  const { tender } = await requirePublishedTender(procurement);
  const award = await awardFor(tender.id);
  if (!award?.summariesSentAt) notFound();
  const results = await evaluationResults(PORTAL_AS_PANEL, procurement);
  const bidder = bidderOf(results, user.organisationId);
  if (!bidder) notFound();
  return summariesOf(results, procurement).find((s) => s.bidder.bidId === bidder.bidId)?.summary ?? notFound();
}

/** Whether the caller's organisation has an assessment summary to read, per procurement slug (dashboard). */
export async function sentSummarySlugs(user: SignedInUser): Promise<string[]> {
  if (user.role !== "supplier" || !user.organisationId) return [];
  const rows = await db()
    .selectDistinct({ slug: procurements.slug })
    .from(awards)
    .innerJoin(tenders, eq(tenders.id, awards.tenderId))
    .innerJoin(procurements, eq(procurements.id, tenders.procurementId))
    .innerJoin(bidSubmissions, eq(bidSubmissions.tenderId, tenders.id))
    .where(
      and(
        isNotNull(awards.summariesSentAt),
        eq(bidSubmissions.organisationId, user.organisationId),
        isNull(bidSubmissions.withdrawnAt),
        isNull(bidSubmissions.supersededAt),
      ),
    );
  return rows.map((r) => r.slug);
}
