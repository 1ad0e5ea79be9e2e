import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { bidWorkspace, reviewAmendments, startBid } from "~/bids/workspace.server";
import { withdrawSubmission } from "~/bids/withdrawing.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { AnswerEditor } from "~/bids/components/answer-editor";
import { Checklist, SubmissionHistory } from "~/bids/components/bid-summary";
import { WorkspaceActionSchema } from "~/bids/schema";
import { ErrorSummary } from "~/components/error-summary";
import { InsetText, PageHeading, SubmitButton } from "~/components/page";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { QUESTION_KIND_LABELS } from "~/tenders/questionnaire";
import { formatDateTime, formatDateTimeToSecond } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Your bid: ${data?.procurement.title ?? ""} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  const workspace = await bidWorkspace(user, procurement, published);
  return {
    procurement: { slug: procurement.slug, title: procurement.title, bidDeadline: procurement.bidDeadline },
    questionnaire: published.questionnaire,
    tenderVersion: published.tender.publishedVersion,
    workspace,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  const form = await parseForm(request, WorkspaceActionSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  const base = `/procurements/${procurement.slug}/bid`;
  switch (form.data.intent) {
    case "start": {
      const result = await startBid(user, procurement, published);
      if (!result.ok) return formRejected(409, result.fieldErrors, form.values);
      return redirectWithNotice(
        base,
        "Your organisation's bid has been started. Anyone in your organisation can edit it",
      );
    }
    case "review": {
      await reviewAmendments(user, procurement, published);
      return redirectWithNotice(base, "You have confirmed that you reviewed the changes to the tender");
    }
    case "withdraw": {
      const result = await withdrawSubmission(user, procurement, published, form.data.reference, context.receivedAt());
      if (!result.ok) return formRejected(409, result.fieldErrors, form.values);
      return redirectWithNotice(base, `Bid ${form.data.reference} has been withdrawn. Your draft is kept`);
    }
  }
}

export default function BidWorkspace() {
  const { procurement, questionnaire, workspace } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/procurements/${procurement.slug}/bid`;
  const deadline = procurement.bidDeadline ? (
    <p>
      Submit by <strong>{formatDateTime(procurement.bidDeadline)}</strong> (UK time). What counts is when the portal
      receives your submit request, to the second, by its clock: a request received at or after the deadline is refused.{" "}
      <Link to={`/procurements/${procurement.slug}/tender#when-a-bid-counts`}>When a bid counts</Link>
    </p>
  ) : null;

  if (workspace.state === "register-interest") {
    return (
      <>
        <PageHeading caption={procurement.title}>Your bid</PageHeading>
        <Form method="post" action={`/procurements/${procurement.slug}/interest`}>
          <p>Register your organisation's interest in this procurement before you start a bid.</p>
          <SubmitButton>Register interest</SubmitButton>
        </Form>
      </>
    );
  }
  if (workspace.state === "start") {
    return (
      <>
        <ErrorSummary errors={result?.errors ?? {}} />
        <PageHeading caption={procurement.title}>Your bid</PageHeading>
        {deadline}
        {workspace.open ? (
          <Form method="post">
            <p>Your organisation has not started a bid. Once started, anyone in your organisation can edit it.</p>
            <input type="hidden" name="intent" value="start" />
            <SubmitButton>Start your organisation's bid</SubmitButton>
          </Form>
        ) : (
          <InsetText>Bids are closed for this tender.</InsetText>
        )}
      </>
    );
  }

  const counting = workspace.submissions.find((s) => !s.withdrawnAt && !s.supersededAt);
  const editable = workspace.open;
  return (
    <>
      <ErrorSummary errors={result?.errors ?? {}} />
      <PageHeading caption={procurement.title}>Your bid</PageHeading>
      {deadline}
      {workspace.amendments.length > 0 ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>The tender has changed
            </span>
          </h2>
          <p>
            The buyer has amended the tender since your organisation started this bid. Check your answers against the
            changes:
          </p>
          <ul>
            {workspace.amendments.map((a) => (
              <li key={a.number}>
                Version {a.number}, {formatDateTime(a.publishedAt)}: {a.reason ?? "first publication"}
              </li>
            ))}
          </ul>
          <p>You cannot submit until you confirm that you have reviewed them.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="review" />
            <SubmitButton secondary>I have reviewed the changes</SubmitButton>
          </Form>
        </div>
      ) : null}
      {counting ? (
        <InsetText>
          Your bid <Link to={`${base}/receipts/${counting.reference}`}>{counting.reference}</Link> was received on{" "}
          {formatDateTimeToSecond(counting.submittedAt)} (UK time) and counts. Changes you make below are not part of it
          until you submit again.
        </InsetText>
      ) : workspace.bid.status === "withdrawn" ? (
        <InsetText>Your bid was withdrawn. Your organisation has no bid that counts until you submit again.</InsetText>
      ) : null}
      {!editable ? <InsetText>Bids are closed for this tender: answers can no longer be changed.</InsetText> : null}

      <h2 className="nhsuk-heading-m">What still needs doing</h2>
      <Checklist items={workspace.checklist} />
      {editable ? (
        <p>
          <Link className="nhsuk-button" to={`${base}/submit`}>
            {counting ? "Submit your bid again" : "Check and submit your bid"}
          </Link>
        </p>
      ) : null}

      {questionnaire.sections.map((section) => (
        <section key={section.id}>
          <h2 className="nhsuk-heading-l">
            {section.number}. {section.title}
          </h2>
          {section.description ? <p>{section.description}</p> : null}
          {section.questions.map((q) => {
            const answer = workspace.answers[q.id];
            return (
              <div key={q.id} id={`question-${q.id}`} className="nhsuk-card">
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading nhsuk-heading-m">
                    {q.number} {q.title}
                  </h3>
                  <p className="nhsuk-body-s nhsuk-u-secondary-text-color">
                    {QUESTION_KIND_LABELS[q.kind]}
                    {q.required ? "" : " (optional)"}
                    {q.weight !== null ? `, weight ${q.weight}%` : ""}
                    {q.wordLimit ? `, up to ${q.wordLimit} words` : ""}
                    {answer ? `. Last saved by ${answer.updatedBy}, ${formatDateTime(answer.updatedAt)}` : ""}
                  </p>
                  {q.guidance ? <p style={{ whiteSpace: "pre-wrap" }}>{q.guidance}</p> : null}
                  <AnswerEditor
                    slug={procurement.slug}
                    question={q}
                    answer={
                      answer ? { value: answer.value, version: answer.version, updatedBy: answer.updatedBy } : null
                    }
                    files={(workspace.files[q.id] ?? []).map((f) => ({ ...f, size: Number(f.size) }))}
                    editable={editable}
                  />
                </div>
              </div>
            );
          })}
        </section>
      ))}

      <h2 className="nhsuk-heading-m">Submissions</h2>
      <SubmissionHistory slug={procurement.slug} submissions={workspace.submissions} withdrawable={editable} />
    </>
  );
}
