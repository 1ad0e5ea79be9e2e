// Sent to every person of each bidding organisation when staff send the assessment summaries: the
// outcome, the standstill end and a link to the summary (the PDF is attached).
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function assessmentSummaryMessage(props: {
  name: string;
  organisation: string;
  procurementTitle: string;
  successful: boolean;
  standstillEndsOnText: string;
  summaryLink: string;
  dashboardLink: string;
}) {
  const subject = `Assessment summary: ${props.procurementTitle}`;
  const outcome = props.successful
    ? `We intend to award the contract to ${props.organisation}.`
    : `We do not intend to award the contract to ${props.organisation}.`;
  const standstill = `The standstill period ends at midnight at the end of ${props.standstillEndsOnText}: the contract will not be entered into before then.`;
  const why =
    "The attached assessment summary gives, for every award criterion, its weight, the score available, your bid's score and the reasons for it, and the same for the winning bid.";
  return renderEmail(
    subject,
    <EmailLayout heading="Your assessment summary">
      <p>Dear {props.name},</p>
      <p>
        Thank you for bidding for <strong>{props.procurementTitle}</strong>. {outcome}
      </p>
      <p>{why}</p>
      <p>{standstill}</p>
      <EmailButton href={props.summaryLink}>Read your assessment summary</EmailButton>
      <p>
        It is also on your <a href={props.dashboardLink}>supplier dashboard</a>.
      </p>
    </EmailLayout>,
    `Dear ${props.name},

Thank you for bidding for ${props.procurementTitle}. ${outcome}

${why}

${standstill}

Read your assessment summary: ${props.summaryLink}
Your supplier dashboard: ${props.dashboardLink}`,
  );
}
