// The staff page of a clarification question below its heading: its summary, the draft, approval and
// publishing steps, rejection, the published versions with any amendment, and its history.
import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { AmendForm, DraftForm } from "~/clarifications/components/draft-form";
import { reference } from "~/clarifications/components/log-entry";
import { RejectForm, ReturnForm } from "~/clarifications/components/review-forms";
import { clarificationNumber } from "~/clarifications/schema";
import { ageOf, OPEN_STATUSES, STATUS_COLOURS, STATUS_LABELS } from "~/clarifications/status";
import { Details, InsetText, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import type { loader } from "~/routes/staff.procurements.$slug.clarifications.$questionId";
import { formatDateTime } from "~/time";

type Page = SerializeFrom<typeof loader>;

export function QuestionPage({ page, intent }: { page: Page; intent: string | undefined }) {
  const { question, me } = page;
  const open = OPEN_STATUSES.includes(question.status);
  const mine = question.assigneeId === me;
  const drafter = question.draftedById === me;
  const privateAnswer = question.confidentialRequested && question.confidentialDecision === "accepted";
  const current = page.versions[0];
  const ref = reference(question);
  return (
    <>
      <SummaryList
        rows={[
          {
            key: "Status",
            value: <Tag colour={STATUS_COLOURS[question.status]}>{STATUS_LABELS[question.status]}</Tag>,
          },
          {
            key: "Asked by",
            value: `${page.asker.name} (${page.asker.email}), ${page.organisation}, on ${formatDateTime(question.createdAt)}: ${ageOf(question.createdAt, page.now)} ago`,
          },
          { key: "Held by", value: page.assignee ?? "Nobody yet" },
          ...(ref ? [{ key: "Refers to", value: ref }] : []),
          ...(page.drafter
            ? [{ key: "Drafted by", value: `${page.drafter}, ${formatDateTime(question.draftedAt)}` }]
            : []),
          ...(page.approver
            ? [{ key: "Approved by", value: `${page.approver}, ${formatDateTime(question.approvedAt)}` }]
            : []),
          ...(question.confidentialRequested
            ? [
                {
                  key: "Confidentiality",
                  value: `Requested: ${question.confidentialReason ?? ""}${question.confidentialDecision ? `. Decision: ${question.confidentialDecision === "accepted" ? "accepted (answer privately)" : "refused (publish to all)"}` : ""}`,
                },
              ]
            : []),
        ]}
      />
      <h2 className="nhsuk-heading-m">The supplier's question</h2>
      <p style={{ whiteSpace: "pre-line" }}>{question.body}</p>

      {question.status === "rejected" ? <InsetText>Rejected: {question.rejectionReason}</InsetText> : null}
      {question.reviewComment && question.status === "in_review" ? (
        <InsetText>
          <strong>Returned by the reviewer:</strong> {question.reviewComment}
        </InsetText>
      ) : null}

      {open && !mine ? (
        <Form method="post">
          <input type="hidden" name="intent" value="assign" />
          <input type="hidden" name="version" value={question.version} />
          <p>
            {page.assignee
              ? `${page.assignee} holds this question. Take it over to change the draft.`
              : "Assign the question to yourself to draft the answer."}
          </p>
          <SubmitButton secondary>Assign to me</SubmitButton>
        </Form>
      ) : null}

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {open && mine ? (
            <>
              <h2 className="nhsuk-heading-m">Draft the answer</h2>
              {question.status === "approved" ? (
                <p>It is approved. Saving the draft again withdraws the approval.</p>
              ) : null}
              <DraftForm
                identity={page.identity}
                draft={page.draft}
                version={question.version}
                confirmed={question.confirmedFlags}
                confidential={{
                  requested: question.confidentialRequested,
                  decision: question.confidentialDecision,
                  note: question.confidentialDecisionNote,
                }}
              />
            </>
          ) : null}

          {question.status === "answer_drafted" || question.status === "approved" ? (
            <>
              <h2 className="nhsuk-heading-m">{question.status === "approved" ? "Publish" : "Check and approve"}</h2>
              {!(open && mine) ? (
                <>
                  <h3 className="nhsuk-heading-s">Question as it will be published</h3>
                  <p style={{ whiteSpace: "pre-line" }}>{page.draft.anonymisedQuestion}</p>
                  <h3 className="nhsuk-heading-s">Answer</h3>
                  <p style={{ whiteSpace: "pre-line" }}>{page.draft.answer}</p>
                </>
              ) : null}
              {privateAnswer ? (
                <InsetText>
                  The confidentiality request was accepted: this answer goes to {page.organisation} only, with no public
                  number.
                </InsetText>
              ) : page.flags.length > 0 ? (
                <InsetText>
                  Flagged text:{" "}
                  {page.flags
                    .map(
                      (f) =>
                        `“${f.text}” (${question.confirmedFlags.includes(f.key) ? "confirmed by the drafter" : "not confirmed"})`,
                    )
                    .join(", ")}
                </InsetText>
              ) : null}
              {question.status === "answer_drafted" ? (
                drafter ? (
                  <p>You drafted this answer, so another member of staff must approve it.</p>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="version" value={question.version} />
                    <SubmitButton>Approve answer</SubmitButton>
                  </Form>
                )
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="publish" />
                  <input type="hidden" name="version" value={question.version} />
                  <p>
                    {privateAnswer
                      ? `Sends the answer to everyone at ${page.organisation}.`
                      : "Gives the answer the next number, publishes it in the clarification log and emails every supplier registered on the procurement."}
                  </p>
                  <SubmitButton>{privateAnswer ? "Send private answer" : "Publish to all suppliers"}</SubmitButton>
                </Form>
              )}
              {!drafter ? (
                <Details summary="Return it to the drafter">
                  <ReturnForm version={question.version} />
                </Details>
              ) : null}
            </>
          ) : null}

          {open ? (
            <Details open={intent === "reject"} summary="Reject the question">
              <RejectForm version={question.version} />
            </Details>
          ) : null}

          {current ? (
            <>
              <h2 className="nhsuk-heading-m">
                {current.audience === "all"
                  ? `Published as ${clarificationNumber(current.number)}`
                  : "Answered privately"}
              </h2>
              <Table
                head={["Version", "Published", "Why amended"]}
                rows={page.versions.map((v) => [
                  String(v.version),
                  formatDateTime(v.publishedAt),
                  v.amendmentReason ?? "",
                ])}
              />
              {question.proposal ? (
                <>
                  <h3 className="nhsuk-heading-s">Proposed amendment</h3>
                  <InsetText>
                    <p>
                      Proposed by {page.proposer ?? "a member of staff"} on {formatDateTime(question.proposal.at)}. Why:{" "}
                      {question.proposal.reason}
                    </p>
                  </InsetText>
                  <h4 className="nhsuk-heading-xs">Question as it will be published</h4>
                  <p style={{ whiteSpace: "pre-line" }}>{question.proposal.question}</p>
                  <h4 className="nhsuk-heading-xs">Amended answer</h4>
                  <p style={{ whiteSpace: "pre-line" }}>{question.proposal.answer}</p>
                  {page.proposalFlags.length > 0 ? (
                    <p>
                      Flagged text:{" "}
                      {page.proposalFlags
                        .map(
                          (f) =>
                            `“${f.text}” (${question.proposal?.confirmedFlags.includes(f.key) ? "confirmed by the proposer" : "not confirmed"})`,
                        )
                        .join(", ")}
                    </p>
                  ) : null}
                  {question.proposal.byId === me ? (
                    <p>You proposed this amendment, so another member of staff must approve it.</p>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="approve-amendment" />
                      <input type="hidden" name="version" value={question.version} />
                      <SubmitButton>Approve and publish amendment</SubmitButton>
                    </Form>
                  )}
                  <Form method="post">
                    <input type="hidden" name="intent" value="discard-amendment" />
                    <input type="hidden" name="version" value={question.version} />
                    <SubmitButton secondary>Discard proposed amendment</SubmitButton>
                  </Form>
                </>
              ) : (
                <>
                  <h3 className="nhsuk-heading-s">Amend the answer</h3>
                  <p>
                    An amendment is published as a new version with its reason, once another member of staff approves
                    it; earlier versions stay in the log.
                  </p>
                  <AmendForm
                    identity={page.identity}
                    current={{ anonymisedQuestion: current.question, answer: current.answer }}
                    version={question.version}
                    confirmed={question.confirmedFlags}
                    privateAnswer={current.audience === "organisation"}
                  />
                </>
              )}
            </>
          ) : null}

          <h2 className="nhsuk-heading-m">History</h2>
          <Table
            head={["When", "What", "Who"]}
            rows={page.events.map((e) => [
              formatDateTime(e.at),
              e.action.replace("clarification.", "").replace(/_/g, " "),
              e.actor ?? "",
            ])}
          />
        </div>
      </div>
    </>
  );
}
