import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { beingRecordedMessage, cancelOpening, confirmOpening, requestOpening } from "~/bids/opening.server";
import * as clock from "~/clock.server";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading, SubmitButton } from "~/components/page";
import { setEvaluationMethod } from "~/evaluation/method.server";
import { rulesFor } from "~/evaluation/results.server";
import { formRejected, parseForm, readForm, submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { parseUploadForm } from "~/storage/multipart.server";
import { formatBytes } from "~/storage/sizes";
import { TenderPage } from "~/tenders/components/staff-tender-page";
import { changeBidDeadline } from "~/tenders/deadline.server";
import {
  addDocument,
  MAX_TENDER_DOCUMENT_BYTES,
  removeDocument,
  TENDER_DOCUMENT_TYPES,
} from "~/tenders/documents.server";
import { publishTender } from "~/tenders/publishing.server";
import {
  addQuestion,
  addSection,
  createTender,
  moveQuestion,
  moveSection,
  removeQuestion,
  removeSection,
  saveSection,
} from "~/tenders/questionnaire-building.server";
import { tenderForStaff } from "~/tenders/reading.server";
import { countSubmissionsBeingRecorded, countSubmittedBids, lateBidRegister } from "~/bids/sealed.server";
import {
  AddQuestionSchema,
  DeadlineSchema,
  DOCUMENT_KIND_LABELS,
  DocumentSchema,
  EditSectionSchema,
  EvaluationMethodSchema,
  MoveSchema,
  PublishSchema,
  RemoveSchema,
  SectionSchema,
  TenderVersionSchema,
} from "~/tenders/schema";
import { deadlinePassed, isTenderOpened } from "~/tenders/shared.server";
import { formatDateTime, toLondonLocal } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Tender: ${data?.procurement.title ?? "procurement"} (staff) – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const view = await tenderForStaff(user, procurement);
  const rules = view ? await rulesFor(view.tender.id) : null;
  // Of the bids, staff learn only how many were submitted, how many received before the deadline are
  // still being recorded (the opening waits for them), and who tried after the deadline (the seal).
  const recording = view ? await countSubmissionsBeingRecorded(view.tender.id, procurement.bidDeadline) : 0;
  const bids = view
    ? {
        submitted: await countSubmittedBids(view.tender.id),
        beingRecorded: recording > 0 ? beingRecordedMessage(recording) : null,
        lateBids: await lateBidRegister(user, view.tender),
      }
    : null;
  const now = clock.now().getTime();
  return {
    me: user.id,
    procurement: {
      slug: procurement.slug,
      title: procurement.title,
      version: procurement.version,
      bidDeadline: procurement.bidDeadline,
      bidDeadlineLocal: toLondonLocal(procurement.bidDeadline),
      deadlinePassed: deadlinePassed(procurement, new Date(now)),
    },
    tender:
      view && bids
        ? {
            version: view.tender.version,
            publishedVersion: view.tender.publishedVersion,
            hasUnpublishedChanges: view.tender.hasUnpublishedChanges,
            opened: isTenderOpened(view.tender),
            openedAt: view.tender.openedAt,
            openingRequestedAt: view.tender.openingRequestedAt,
            openingRequestedById: view.tender.openingRequestedByUserId,
            openingRequestedBy: view.opening.requestedBy,
            openedBy: view.opening.openedBy,
            sections: view.questionnaire.sections,
            documents: view.questionnaire.documents.map((d) => ({
              id: d.id,
              kind: DOCUMENT_KIND_LABELS[d.kind],
              title: d.title,
              filename: d.filename,
              size: formatBytes(d.size),
            })),
            weights: view.weights,
            versions: view.versions,
            ...bids,
            rules,
          }
        : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const here = `/staff/procurements/${procurement.slug}/tender`;
  // Only the document form is multipart: its file streams to storage under the size limit.
  const upload = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data")
    ? await parseUploadForm(request, {
        files: { file: { maxBytes: MAX_TENDER_DOCUMENT_BYTES, allowedTypes: TENDER_DOCUMENT_TYPES } },
      })
    : null;
  const fields = upload ? upload.fields : await readForm(request);
  const intent = fields.get("intent");
  const back = (notice: string) => () => redirectWithNotice(here, notice);

  switch (intent) {
    case "create": {
      await createTender(user, procurement);
      return redirectWithNotice(here, "Tender started. Add its sections and questions");
    }
    case "add-section":
      return submitForm(
        request,
        SectionSchema,
        fields,
        (input) => addSection(user, procurement, input),
        back("Section added"),
      );
    case "save-section":
      return submitForm(
        request,
        EditSectionSchema,
        fields,
        (input) => saveSection(user, procurement, input.sectionId, input),
        back("Section saved"),
      );
    case "move-section":
    case "move-question": {
      const move = intent === "move-section" ? moveSection : moveQuestion;
      return submitForm(request, MoveSchema, fields, (input) => move(user, procurement, input), back("Moved"));
    }
    case "remove-section":
    case "remove-question":
    case "remove-document": {
      const remove =
        intent === "remove-section" ? removeSection : intent === "remove-question" ? removeQuestion : removeDocument;
      return submitForm(
        request,
        RemoveSchema,
        fields,
        (input) => remove(user, procurement, input),
        back("Removed. It stays on record in any version already published"),
      );
    }
    case "add-question":
      return submitForm(
        request,
        AddQuestionSchema,
        fields,
        (input) => addQuestion(user, procurement, input),
        (result) => redirectWithNotice(`${here}/questions/${result.value}`, "Question added. Set its details below"),
      );
    case "add-document": {
      const form = await parseForm(request, DocumentSchema, fields);
      const refusal = upload?.refusals[0];
      const file = upload?.files.file?.[0];
      if (!form.success || refusal || !file) {
        const errors = {
          ...(form.success ? {} : form.errors),
          ...(refusal ? { file: refusal.message } : file ? {} : { file: "Choose a PDF, Word or Excel file to upload" }),
        };
        return formRejected(400, errors, form.values);
      }
      const result = await addDocument(user, procurement, { ...form.data, file });
      if (!result.ok) return formRejected(409, result.fieldErrors, form.values);
      return redirectWithNotice(here, "Document added. Publish the tender for suppliers to see it");
    }
    case "publish":
      return submitForm(
        request,
        PublishSchema,
        fields,
        (input) => publishTender(user, procurement, input),
        (result) =>
          redirectWithNotice(
            here,
            result.number === 1
              ? `Tender published as version 1. ${result.notified} people at interested suppliers will be emailed`
              : `Amendment published as version ${result.number}. ${result.notified} people at interested suppliers will be emailed`,
          ),
      );
    case "deadline":
      return submitForm(
        request,
        DeadlineSchema,
        fields,
        (input) => changeBidDeadline(user, procurement, input),
        (result) =>
          redirectWithNotice(
            here,
            `The bid deadline is now ${formatDateTime(result.deadline)}. ${result.notified} people at interested suppliers will be emailed`,
          ),
      );
    case "evaluation-method":
      return submitForm(
        request,
        EvaluationMethodSchema,
        fields,
        (input) => setEvaluationMethod(user, procurement, input),
        back("Evaluation method saved. Bidders will read it in the published tender"),
      );
    case "request-opening":
    case "confirm-opening":
    case "cancel-opening": {
      const step =
        intent === "request-opening" ? requestOpening : intent === "confirm-opening" ? confirmOpening : cancelOpening;
      return submitForm(
        request,
        TenderVersionSchema,
        fields,
        (input) => step(user, procurement, input.version),
        back(
          intent === "request-opening"
            ? "Opening requested. A different member of staff must now confirm it"
            : intent === "confirm-opening"
              ? "The bids are opened"
              : "The request to open the bids is cancelled",
        ),
      );
    }
    default:
      return formRejected(400, { form: "Choose what to do" }, {});
  }
}

// After a conflict (409) the page reloads, so each form carries the version now saved and the
// user's next save, made knowingly, goes through.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

// Forms with their own error summary; the page's summary shows the rest (moves, removals, opening).
const OWN_SUMMARY = [
  "add-section",
  "save-section",
  "add-question",
  "add-document",
  "publish",
  "deadline",
  "evaluation-method",
];

export default function StaffTender() {
  const { procurement, tender } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const intent = (result?.values as Record<string, string> | undefined)?.intent;
  const base = `/staff/procurements/${procurement.slug}`;
  return (
    <>
      {!OWN_SUMMARY.includes(intent ?? "") ? <ErrorSummary errors={result?.errors ?? {}} /> : null}
      <Link className="nhsuk-back-link" to={base}>
        {procurement.title}
      </Link>
      <PageHeading caption={procurement.title}>Tender</PageHeading>
      {!tender ? (
        <>
          <p>This procurement has no tender yet. Start one to build its questionnaire and add its documents.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="create" />
            <SubmitButton>Start the tender</SubmitButton>
          </Form>
        </>
      ) : (
        <TenderPage tender={tender} procurement={procurement} />
      )}
    </>
  );
}
