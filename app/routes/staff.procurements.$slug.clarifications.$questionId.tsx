import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import {
  approveAnswer,
  assignToMe,
  questionForStaff,
  rejectQuestion,
  returnToDrafter,
  saveDraft,
} from "~/clarifications/drafting.server";
import {
  approveAmendment,
  discardAmendment,
  proposeAmendment,
  publishAnswer,
} from "~/clarifications/publishing.server";
import { AmendForm, DraftForm } from "~/clarifications/components/draft-form";
import { reference } from "~/clarifications/components/log-entry";
import { RejectForm, ReturnForm } from "~/clarifications/components/review-forms";
import {
  AmendAnswerSchema,
  clarificationNumber,
  DraftAnswerSchema,
  RejectQuestionSchema,
  ReturnToDrafterSchema,
  VersionSchema,
} from "~/clarifications/schema";
import { ageOf, OPEN_STATUSES, STATUS_COLOURS, STATUS_LABELS } from "~/clarifications/status";
import * as clock from "~/clock.server";
import { ErrorSummary } from "~/components/error-summary";
import { InsetText, PageHeading, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import { formRejected, readForm, submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.question.subject ?? "Clarification question"} (staff) – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const view = await questionForStaff(user, procurement, params.questionId);
  const q = view.question;
  return {
    now: clock.now().getTime(),
    me: user.id,
    procurement: { slug: procurement.slug, title: procurement.title },
    question: {
      id: q.id,
      subject: q.subject,
      body: q.body,
      documentRef: q.documentRef,
      sectionRef: q.sectionRef,
      status: q.status,
      version: q.version,
      createdAt: q.createdAt,
      confidentialRequested: q.confidentialRequested,
      confidentialReason: q.confidentialReason,
      confidentialDecision: q.confidentialDecision,
      confidentialDecisionNote: q.confidentialDecisionNote,
      assigneeId: q.assigneeUserId,
      draftedById: q.draftedByUserId,
      draftedAt: q.draftedAt,
      approvedAt: q.approvedAt,
      reviewComment: q.reviewComment,
      rejectionReason: q.rejectionReason,
      confirmedFlags: q.confirmedFlags,
      proposal: q.proposedByUserId
        ? {
            byId: q.proposedByUserId,
            at: q.proposedAt,
            question: q.proposedQuestion ?? "",
            answer: q.proposedAnswer ?? "",
            reason: q.proposedReason ?? "",
            confirmedFlags: q.proposedFlags,
          }
        : null,
    },
    proposer: view.proposer,
    proposalFlags: view.proposalFlags,
    organisation: view.organisation,
    asker: { name: view.askerName, email: view.askerEmail },
    assignee: view.assignee,
    drafter: view.drafter,
    approver: view.approver,
    identity: view.identity,
    draft: view.draft,
    flags: view.flags,
    versions: view.versions.map((v) => ({
      id: v.id,
      number: v.number,
      version: v.version,
      audience: v.audience,
      question: v.question,
      answer: v.answer,
      publishedAt: v.publishedAt,
      amendmentReason: v.amendmentReason,
    })),
    events: view.events,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const here = `/staff/procurements/${procurement.slug}/clarifications/${params.questionId}`;
  const fields = await readForm(request);
  const back = (notice: string) => () => redirectWithNotice(here, notice);
  switch (fields.get("intent")) {
    case "assign":
      return submitForm(
        request,
        VersionSchema,
        fields,
        (input) => assignToMe(user, procurement, params.questionId, input.version),
        back("The question is assigned to you"),
      );
    case "draft":
      return submitForm(
        request,
        DraftAnswerSchema,
        fields,
        (input) => saveDraft(user, procurement, params.questionId, input),
        (result) =>
          redirectWithNotice(
            here,
            result.flags.length > 0
              ? `Draft saved. ${result.flags.length} flagged ${result.flags.length === 1 ? "piece" : "pieces"} of text still need removing or confirming before it can be published`
              : "Draft saved. Another member of staff must now approve it",
          ),
        { arrays: ["confirmFlags"] },
      );
    case "approve":
      return submitForm(
        request,
        VersionSchema,
        fields,
        (input) => approveAnswer(user, procurement, params.questionId, input.version),
        back("Answer approved. It can now be published"),
      );
    case "return":
      return submitForm(
        request,
        ReturnToDrafterSchema,
        fields,
        (input) => returnToDrafter(user, procurement, params.questionId, input.comment, input.version),
        back("Returned to the drafter with your comment"),
      );
    case "publish":
      return submitForm(
        request,
        VersionSchema,
        fields,
        (input) => publishAnswer(user, procurement, params.questionId, input.version),
        (result) =>
          redirectWithNotice(
            here,
            result.private
              ? "Answer sent privately to the asking organisation"
              : `Published as ${clarificationNumber(result.number)}. Every registered supplier will be emailed`,
          ),
      );
    case "reject":
      return submitForm(
        request,
        RejectQuestionSchema,
        fields,
        (input) => rejectQuestion(user, procurement, params.questionId, input.reason, input.version),
        back("Question rejected. The supplier who asked has been emailed the reason"),
      );
    case "amend":
      return submitForm(
        request,
        AmendAnswerSchema,
        fields,
        (input) => proposeAmendment(user, procurement, params.questionId, input),
        back("Amendment proposed. Another member of staff must approve it before it is published"),
        { arrays: ["confirmFlags"] },
      );
    case "approve-amendment":
      return submitForm(
        request,
        VersionSchema,
        fields,
        (input) => approveAmendment(user, procurement, params.questionId, input.version),
        (result) =>
          redirectWithNotice(here, `Amendment published as version ${result.version}. Suppliers will be emailed`),
      );
    case "discard-amendment":
      return submitForm(
        request,
        VersionSchema,
        fields,
        (input) => discardAmendment(user, procurement, params.questionId, input.version),
        back("The proposed amendment has been discarded"),
      );
    default:
      return formRejected(400, { form: "Choose what to do" }, {});
  }
}

const SIMPLE_INTENTS = ["assign", "approve", "publish", "approve-amendment", "discard-amendment", undefined];

export default function StaffQuestion() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { procurement, question, me } = page;
  const intent = (result?.values as Record<string, string> | undefined)?.intent;
  const open = OPEN_STATUSES.includes(question.status);
  const mine = question.assigneeId === me;
  const drafter = question.draftedById === me;
  const privateAnswer = question.confidentialRequested && question.confidentialDecision === "accepted";
  const current = page.versions[0];
  const ref = reference(question);
  return (
    <>
      {SIMPLE_INTENTS.includes(intent) ? <ErrorSummary errors={result?.errors ?? {}} /> : null}
      <Link className="nhsuk-back-link" to={`/staff/procurements/${procurement.slug}/clarifications`}>
        Clarification questions
      </Link>
      <PageHeading caption={procurement.title}>{question.subject}</PageHeading>
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
                <details className="nhsuk-details">
                  <summary className="nhsuk-details__summary">
                    <span className="nhsuk-details__summary-text">Return it to the drafter</span>
                  </summary>
                  <div className="nhsuk-details__text">
                    <ReturnForm version={question.version} />
                  </div>
                </details>
              ) : null}
            </>
          ) : null}

          {open ? (
            <details className="nhsuk-details" open={intent === "reject"}>
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">Reject the question</span>
              </summary>
              <div className="nhsuk-details__text">
                <RejectForm version={question.version} />
              </div>
            </details>
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
