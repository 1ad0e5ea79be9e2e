// The staff tender page below its heading: status, weights, the evaluation method, the questionnaire
// builder, documents, publishing, the deadline and the two-person opening (the route's loader feeds it).
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, FileInput, Radio, Select, Textarea, TextInput } from "~/components/fields";
import { InsetText, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import type { loader } from "~/routes/staff.procurements.$slug.tender._index";
import { WeightSummary } from "~/tenders/components/questionnaire-view";
import {
  DeadlineSchema,
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KINDS,
  DocumentSchema,
  EvaluationMethodSchema,
  JUSTIFICATION_MAX,
  JUSTIFICATION_MIN,
  PublishSchema,
  SCALE_MAXIMA,
  TIE_BREAK_LABELS,
  TIE_BREAKS,
} from "~/tenders/schema";
import { formatDateTime } from "~/time";

import { Hidden, SectionForm, Sections, SmallButton } from "~/tenders/components/staff-tender-questionnaire";
type Page = SerializeFrom<typeof loader>;
export type StaffTenderView = NonNullable<Page["tender"]>;
type TenderView = StaffTenderView;

function status(tender: TenderView) {
  if (tender.opened) return <Tag colour="green">Bids opened</Tag>;
  if (tender.publishedVersion === 0) return <Tag colour="grey">Not published</Tag>;
  if (tender.hasUnpublishedChanges)
    return <Tag colour="orange">Version {tender.publishedVersion} published; unpublished changes</Tag>;
  return <Tag colour="blue">Version {tender.publishedVersion} published</Tag>;
}

export function TenderPage({ tender, procurement }: { tender: TenderView; procurement: Page["procurement"] }) {
  const base = `/staff/procurements/${procurement.slug}`;
  // After the deadline the tender stands as bidders answered it (an extension reopens it).
  const closed = tender.publishedVersion > 0 && procurement.deadlinePassed;
  const editable = !tender.opened && !closed;
  return (
    <>
      <SummaryList
        rows={[
          { key: "Status", value: status(tender) },
          {
            key: "Bid deadline",
            value: procurement.bidDeadline ? `${formatDateTime(procurement.bidDeadline)} (UK time)` : "Not set",
          },
          {
            key: "Bids submitted",
            value: `${tender.submitted} ${tender.submitted === 1 ? "organisation has" : "organisations have"} submitted a bid`,
          },
          ...(tender.beingRecorded ? [{ key: "Bids being recorded", value: tender.beingRecorded }] : []),
        ]}
      />
      {tender.publishedVersion > 0 ? (
        <p>
          <Link to={`/procurements/${procurement.slug}/tender`}>See the published tender as suppliers do</Link>
        </p>
      ) : null}
      {tender.opened ? (
        <InsetText>
          The bids were opened on {formatDateTime(tender.openedAt)}, requested by {tender.openingRequestedBy} and
          confirmed by {tender.openedBy}. <Link to={`${base}/tender/bids`}>Read the opened bids</Link>
        </InsetText>
      ) : null}
      {tender.opened ? (
        <p>
          <Link to={`${base}/evaluation`}>Evaluation: the panel, declarations, progress and moderation</Link>
        </p>
      ) : null}

      {closed && !tender.opened ? (
        <InsetText>
          The bid deadline has passed: the tender stands as bidders answered it. Extending the deadline reopens it.
        </InsetText>
      ) : null}
      <h2 id="field-weights">Weights</h2>
      <WeightSummary weights={tender.weights} />

      <EvaluationMethod tender={tender} />

      <h2>Questionnaire</h2>
      <Sections tender={tender} editable={editable} slug={procurement.slug} />
      {editable ? <SectionForm tender={tender} /> : null}

      <h2>Tender documents</h2>
      <Documents tender={tender} slug={procurement.slug} editable={editable} />
      {editable ? <DocumentForm version={tender.version} /> : null}

      {editable ? <PublishForm tender={tender} /> : null}

      <h2>Versions published</h2>
      {tender.versions.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <Table
          head={["Version", "Published", "By", "Reason"]}
          rows={tender.versions.map((v) => [
            String(v.number),
            formatDateTime(v.publishedAt),
            v.publishedBy,
            v.reason ?? "First publication",
          ])}
        />
      )}

      {!tender.opened && !tender.openingRequestedAt ? <DeadlineForm procurement={procurement} /> : null}

      <h2>Opening the bids</h2>
      <Opening tender={tender} procurement={procurement} />

      <h2>Late bids register</h2>
      {tender.lateBids.count === 0 ? (
        <p>No attempts to submit after the deadline.</p>
      ) : tender.lateBids.attempts === null ? (
        <p>
          {`${tender.lateBids.count} ${tender.lateBids.count === 1 ? "attempt" : "attempts"} to submit a bid after the deadline ${tender.lateBids.count === 1 ? "was" : "were"} refused.`}{" "}
          Who made them is sealed, like the bids, until two members of staff have opened them.
        </p>
      ) : (
        <Table
          caption="Attempts to submit a bid after the deadline, refused"
          head={["Organisation", "Person", "Attempted at", "Deadline then"]}
          rows={tender.lateBids.attempts.map((l) => [
            l.organisation,
            `${l.user} (${l.email})`,
            formatDateTime(l.attemptedAt),
            formatDateTime(l.deadline),
          ])}
        />
      )}
    </>
  );
}

function Documents({ tender, slug, editable }: { tender: TenderView; slug: string; editable: boolean }) {
  if (tender.documents.length === 0) return <p>No documents yet.</p>;
  return (
    <Table
      head={["Document", "Kind", "File", ...(editable ? ["Change"] : [])]}
      rows={tender.documents.map((d) => [
        <a key="d" href={`/procurements/${slug}/tender/documents/${d.id}`}>
          {d.title}
        </a>,
        d.kind,
        `${d.filename}, ${d.size}`,
        ...(editable
          ? [
              <SmallButton key="r" intent="remove-document" itemId={d.id} version={tender.version}>
                Remove<Hidden> {d.title}</Hidden>
              </SmallButton>,
            ]
          : []),
      ])}
    />
  );
}

function DocumentForm({ version }: { version: number }) {
  const form = useValidatedForm(DocumentSchema, { documentKind: "specification" }, { intent: "add-document" });
  return (
    <>
      <h3 className="nhsuk-heading-m">Add a document</h3>
      <ErrorSummary errors={form.errors} order={["form", "documentKind", "documentTitle", "file"]} />
      {/* No client-side validation here: the file field is not in the schema. Text fields come before
          the file so that they are read even when the file is refused part-way. */}
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="add-document" />
        <input type="hidden" name="version" value={version} />
        <Select
          label="Kind of document"
          options={DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_KIND_LABELS[k] }))}
          {...form.field("documentKind")}
        />
        <TextInput label="Title" {...form.field("documentTitle")} />
        <FileInput
          label="File"
          hint="PDF, Word (DOCX) or Excel (XLSX), up to 50 MB"
          name="file"
          accept=".pdf,.docx,.xlsx"
          error={form.errors.file}
        />
        <SubmitButton secondary>Upload the document</SubmitButton>
      </Form>
    </>
  );
}

function PublishForm({ tender }: { tender: TenderView }) {
  const form = useValidatedForm(PublishSchema, {}, { intent: "publish" });
  const amendment = tender.publishedVersion > 0;
  if (amendment && !tender.hasUnpublishedChanges) return null;
  return (
    <>
      <h2>{amendment ? "Publish an amendment" : "Publish the tender"}</h2>
      <ErrorSummary errors={form.errors} order={["form", "weights", "reason"]} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="publish" />
        <input {...form.hidden("version", String(tender.version))} />
        {amendment ? (
          <>
            <p>
              Your changes become version {tender.publishedVersion + 1}. Every person at every supplier that registered
              interest is emailed the reason, and bids started on an earlier version are flagged for review.
            </p>
            <Textarea
              label="Reason for the amendment"
              hint="Suppliers read this in the email and on the tender page"
              rows={4}
              {...form.field("reason")}
            />
          </>
        ) : (
          <p>Publishing fixes the questionnaire and documents as version 1. Later changes are amendments.</p>
        )}
        <SubmitButton submitting={form.submitting}>
          {amendment ? "Publish amendment" : "Publish the tender"}
        </SubmitButton>
      </Form>
    </>
  );
}

function EvaluationMethod({ tender }: { tender: TenderView }) {
  const { rules } = tender;
  const form = useValidatedForm(
    EvaluationMethodSchema,
    rules
      ? {
          scaleMax: String(rules.scaleMax),
          tieBreak: rules.tieBreak,
          justificationMinChars: String(rules.justificationMinChars),
        }
      : {},
    { intent: "evaluation-method" },
  );
  if (!rules) return null;
  // Bidders are told the method in the tender: once published it stands (an amendment of it is not supported).
  if (tender.publishedVersion > 0) {
    return (
      <>
        <h2 id="evaluation-method">Evaluation method</h2>
        <SummaryList
          rows={[
            { key: "Score scale", value: `0 to ${rules.scaleMax}` },
            { key: "Tie-break", value: `Of bids with equal totals, the one with ${TIE_BREAK_LABELS[rules.tieBreak]}` },
            { key: "Minimum justification", value: `${rules.justificationMinChars} characters` },
          ]}
        />
        <InsetText>
          The evaluation method was fixed when the tender was published and bidders read it in the tender. It cannot be
          changed here: changing it would need an amendment of the award criteria, which this portal does not support.
        </InsetText>
      </>
    );
  }
  return (
    <>
      <h2 id="evaluation-method">Evaluation method</h2>
      <p>
        Bidders read this in the tender. Set it before you publish: once the tender is published it cannot be changed.
      </p>
      <ErrorSummary errors={form.errors} order={["form", "scaleMax", "tieBreak", "justificationMinChars"]} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="evaluation-method" />
        <input {...form.hidden("version", String(tender.version))} />
        <Fieldset
          legend="Highest score on the scale"
          hint="Evaluators score each quality question from 0 to this"
          name="scaleMax"
          kind="radios"
          error={form.errors.scaleMax}
        >
          {SCALE_MAXIMA.map((max, i) => (
            <Radio key={max} label={`0 to ${max}`} first={i === 0} {...form.radio("scaleMax", max)} />
          ))}
        </Fieldset>
        <Fieldset
          legend="When two bids have equal totals, the one ranked higher has"
          name="tieBreak"
          kind="radios"
          error={form.errors.tieBreak}
        >
          {TIE_BREAKS.map((rule, i) => (
            <Radio key={rule} label={TIE_BREAK_LABELS[rule]} first={i === 0} {...form.radio("tieBreak", rule)} />
          ))}
        </Fieldset>
        <TextInput
          label="Minimum length of an evaluator's justification, in characters"
          hint={`Between ${JUSTIFICATION_MIN} and ${JUSTIFICATION_MAX}`}
          inputMode="numeric"
          width={4}
          {...form.field("justificationMinChars")}
        />
        <SubmitButton secondary submitting={form.submitting}>
          Save the evaluation method
        </SubmitButton>
      </Form>
    </>
  );
}

function DeadlineForm({ procurement }: { procurement: Page["procurement"] }) {
  const form = useValidatedForm(DeadlineSchema, { deadline: procurement.bidDeadlineLocal }, { intent: "deadline" });
  return (
    <>
      <h2>Change the bid deadline</h2>
      <ErrorSummary errors={form.errors} order={["form", "deadline", "deadlineReason"]} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="deadline" />
        <input {...form.hidden("procurementVersion", String(procurement.version))} />
        <TextInput
          label="New deadline (UK time)"
          hint="Once any supplier has started a bid, the deadline can only move later"
          type="datetime-local"
          width={20}
          {...form.field("deadline")}
        />
        <Textarea
          label="Reason for the change"
          hint="Every person at every interested supplier is emailed it"
          rows={3}
          {...form.field("deadlineReason")}
        />
        <SubmitButton secondary submitting={form.submitting}>
          Change the deadline
        </SubmitButton>
      </Form>
    </>
  );
}

function OpeningButton({
  intent,
  version,
  children,
  warning,
}: {
  intent: string;
  version: number;
  children: string;
  warning?: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <SubmitButton secondary={!warning} warning={warning}>
        {children}
      </SubmitButton>
    </Form>
  );
}

function Opening({ tender, procurement }: { tender: TenderView; procurement: Page["procurement"] }) {
  const { me } = useLoaderData<typeof loader>();
  if (tender.opened) return <p>Opened on {formatDateTime(tender.openedAt)}.</p>;
  if (tender.publishedVersion === 0) return <p>The tender has not been published.</p>;
  const waiting = tender.beingRecorded ? <InsetText>{tender.beingRecorded}.</InsetText> : null;
  if (!procurement.deadlinePassed) {
    return (
      <p>
        Bids can be opened after the deadline, {formatDateTime(procurement.bidDeadline)} (UK time). Two different
        members of staff are needed: one asks, the other confirms. Until then nobody can read any bid.
      </p>
    );
  }
  if (!tender.openingRequestedAt) {
    return (
      <>
        <p>The deadline has passed. Ask to open the bids; a different member of staff then confirms.</p>
        {waiting}
        <OpeningButton intent="request-opening" version={tender.version}>
          Ask to open the bids
        </OpeningButton>
      </>
    );
  }
  const mine = tender.openingRequestedById === me;
  return (
    <>
      <p>
        {tender.openingRequestedBy} asked to open the bids on {formatDateTime(tender.openingRequestedAt)}.{" "}
        {mine ? "A different member of staff must confirm it." : "Confirm to open them."}
      </p>
      {waiting}
      {!mine ? (
        <OpeningButton intent="confirm-opening" version={tender.version} warning>
          Confirm: open the bids
        </OpeningButton>
      ) : null}
      <OpeningButton intent="cancel-opening" version={tender.version}>
        Cancel the request
      </OpeningButton>
    </>
  );
}
