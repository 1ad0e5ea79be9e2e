import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
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
import { QuestionPage } from "~/clarifications/components/staff-question-page";
import {
  AmendAnswerSchema,
  clarificationNumber,
  DraftAnswerSchema,
  RejectQuestionSchema,
  ReturnToDrafterSchema,
  VersionSchema,
} from "~/clarifications/schema";
import * as clock from "~/clock.server";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page";
import { formRejected, readForm, submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import type { Refusal } from "~/refusals.server";
import { requireProcurement } from "~/procurements/procurements.server";

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
  // Most steps post only the version of the question they were shown.
  const versioned = <R extends { ok: true }>(
    step: (version: number) => Promise<R | Refusal>,
    done: (result: R) => Response | Promise<Response>,
  ) => submitForm(request, VersionSchema, fields, (input) => step(input.version), done);
  switch (fields.get("intent")) {
    case "assign":
      return versioned(
        (version) => assignToMe(user, procurement, params.questionId, version),
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
      return versioned(
        (version) => approveAnswer(user, procurement, params.questionId, version),
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
      return versioned(
        (version) => publishAnswer(user, procurement, params.questionId, version),
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
      return versioned(
        (version) => approveAmendment(user, procurement, params.questionId, version),
        (result) =>
          redirectWithNotice(here, `Amendment published as version ${result.version}. Suppliers will be emailed`),
      );
    case "discard-amendment":
      return versioned(
        (version) => discardAmendment(user, procurement, params.questionId, version),
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
  const { procurement, question } = page;
  const intent = (result?.values as Record<string, string> | undefined)?.intent;
  return (
    <>
      {SIMPLE_INTENTS.includes(intent) ? <ErrorSummary errors={result?.errors ?? {}} /> : null}
      <Link className="nhsuk-back-link" to={`/staff/procurements/${procurement.slug}/clarifications`}>
        Clarification questions
      </Link>
      <PageHeading caption={procurement.title}>{question.subject}</PageHeading>
      <QuestionPage page={page} intent={intent} />
    </>
  );
}
