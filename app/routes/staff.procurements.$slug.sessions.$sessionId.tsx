import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, FileInput, Select, TextInput, Textarea } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import { SessionForm } from "~/engagement/components/session-form";
import { addMaterial, publishMaterials } from "~/engagement/materials.server";
import { cancelSession, updateSession } from "~/engagement/sessions.server";
import { joiningLinkRule, sessionWhen } from "~/engagement/shared.server";
import { markAttendance, sessionAttendance } from "~/engagement/attendance.server";
import { sessionForViewer } from "~/engagement/reading.server";
import {
  CancelSessionSchema,
  ENGAGEMENT_KIND_LABELS,
  engagementSessionSchema,
  MaterialSchema,
} from "~/engagement/schema";
import { formRejected, parseForm, readForm, submitForm } from "~/forms.server";
import { parseUploadForm } from "~/storage/multipart.server";
import { DOCUMENT_TYPES } from "~/storage/storage.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime, formatTime, toLondonLocal } from "~/time";

export const meta: MetaFunction = () => [{ title: "Manage session – AI Imaging Platform procurement" }];

const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const { session, registrations, slots } = await sessionAttendance(user, procurement, params.sessionId);
  const view = await sessionForViewer(user, procurement, params.sessionId);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    session: {
      id: session.id,
      kind: session.kind,
      kindLabel: ENGAGEMENT_KIND_LABELS[session.kind],
      title: session.title,
      status: session.status,
      when: sessionWhen(session.startsAt, session.endsAt),
      sequence: session.sequence,
      materialsPublishedAt: session.materialsPublishedAt,
      capacity: session.capacity,
    },
    defaults: {
      kind: session.kind,
      title: session.title,
      agenda: session.agenda,
      startsAt: toLondonLocal(session.startsAt),
      endsAt: toLondonLocal(session.endsAt),
      registrationDeadline: toLondonLocal(session.registrationDeadline),
      capacity: String(session.capacity),
      maxPerOrganisation: String(session.maxPerOrganisation),
      slotMinutes: slots.length
        ? String(Math.round((slots[0].slot.endsAt.getTime() - slots[0].slot.startsAt.getTime()) / 60000))
        : "",
      joiningLink: session.joiningLink ?? "",
      venueName: session.venueName ?? "",
      venueAddress: session.venueAddress ?? "",
      version: String(session.version),
    },
    registrations: registrations.map((r) => ({ ...r })),
    slots: slots.map((s) => ({
      id: s.slot.id,
      startsAt: s.slot.startsAt,
      endsAt: s.slot.endsAt,
      organisation: s.organisation,
      bookedBy: s.bookedBy,
      attended: s.slot.attended,
    })),
    materials: view.materials.items,
    links: joiningLinkRule(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const here = `/staff/procurements/${procurement.slug}/sessions/${params.sessionId}`;
  // Materials may carry a file: that form is multipart and its file streams to storage.
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  const upload = multipart
    ? await parseUploadForm(request, {
        files: { file: { maxBytes: MAX_MATERIAL_BYTES, allowedTypes: DOCUMENT_TYPES } },
      })
    : null;
  const fields = upload ? upload.fields : await readForm(request);
  switch (fields.get("intent")) {
    case "save":
      return submitForm(
        request,
        engagementSessionSchema(joiningLinkRule()),
        fields,
        (input) => updateSession(user, procurement, params.sessionId ?? "", input),
        () => redirectWithNotice(here, "Session saved. Anyone registered has been sent the change"),
      );
    case "cancel": {
      const form = await parseForm(request, CancelSessionSchema, fields);
      if (!form.success) return formRejected(400, form.errors, form.values);
      const result = await cancelSession(user, procurement, params.sessionId, form.data.reason);
      return redirectWithNotice(here, `Session cancelled. ${result.notified} people have been sent a cancellation`);
    }
    case "attendance": {
      const attended = new Map<string, boolean>();
      for (const id of fields.getAll("registered")) attended.set(String(id), fields.getAll("attended").includes(id));
      await markAttendance(user, procurement, params.sessionId, attended);
      return redirectWithNotice(here, "Attendance saved");
    }
    case "add-material": {
      const form = await parseForm(request, MaterialSchema, fields);
      const refusal = upload?.refusals[0];
      if (!form.success || refusal) {
        const errors = { ...(form.success ? {} : form.errors), ...(refusal ? { file: refusal.message } : {}) };
        return formRejected(400, errors, form.values);
      }
      const file = upload?.files.file?.[0];
      if (form.data.kind === "file" && !file)
        return formRejected(400, { file: "Choose a file to upload" }, form.values);
      await addMaterial(user, procurement, params.sessionId, { ...form.data, body: form.data.body ?? "", file });
      return redirectWithNotice(here, "Added to the session's materials");
    }
    case "publish-materials": {
      const result = await publishMaterials(user, procurement, params.sessionId);
      if (!result.ok) return formRejected(400, { publish: result.error }, {});
      return redirectWithNotice(
        here,
        `Materials published to every supplier registered on the procurement (${result.notified} people emailed)`,
      );
    }
    default:
      return formRejected(400, { form: "Choose what to do" }, {});
  }
}

// After a conflict (409) the page reloads, so the form carries the version now saved and the user's
// next save, made knowingly, goes through.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

export default function ManageSession() {
  const { procurement, session, defaults, registrations, slots, materials, links } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = (result?.values ?? {}) as Record<string, string>;
  const confirmed = registrations.filter((r) => r.status === "confirmed");
  const waitlisted = registrations.filter((r) => r.status === "waitlisted");
  const intent = values.intent;
  return (
    <>
      {intent !== "save" ? (
        <ErrorSummary errors={errors} order={["reason", "kind", "title", "body", "file", "publish"]} />
      ) : null}
      <Link className="nhsuk-back-link" to={`/staff/procurements/${procurement.slug}`}>
        {procurement.title}
      </Link>
      <PageHeading caption={session.kindLabel}>{session.title}</PageHeading>
      <SummaryList
        rows={[
          { key: "When", value: session.when },
          {
            key: "Status",
            value:
              session.status === "cancelled" ? <Tag colour="grey">Cancelled</Tag> : <Tag colour="blue">Scheduled</Tag>,
          },
          { key: "Invitation version", value: `SEQUENCE ${session.sequence}` },
          {
            key: "Places",
            value:
              session.kind === "one_to_one"
                ? `${slots.filter((s) => s.organisation).length} of ${slots.length} slots booked`
                : `${confirmed.length} of ${session.capacity} taken, ${waitlisted.length} on the waitlist`,
          },
        ]}
      />
      <p>
        <Link to={`/procurements/${procurement.slug}/sessions/${session.id}`}>See the session as suppliers do</Link>
      </p>

      <h2>{session.kind === "one_to_one" ? "Bookings and attendance" : "Registrations and attendance"}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="attendance" />
        {session.kind === "one_to_one" ? (
          <Table
            head={["Slot", "Organisation", "Booked by", "Attended"]}
            rows={slots.map((s) => [
              `${formatDateTime(s.startsAt)} to ${formatTime(s.endsAt)}`,
              s.organisation ?? "Free",
              s.bookedBy ?? "",
              s.organisation ? (
                <span key="a">
                  <input type="hidden" name="registered" value={s.id} />
                  <Checkbox
                    name="attended"
                    id={`attended-${s.id}`}
                    value={s.id}
                    defaultChecked={s.attended === true}
                    label={<span className="nhsuk-u-visually-hidden">{s.organisation} attended</span>}
                  />
                </span>
              ) : (
                ""
              ),
            ])}
          />
        ) : (
          <Table
            head={["Person", "Organisation", "Status", "Registered", "Attended"]}
            rows={registrations.map((r) => [
              r.name,
              r.organisation,
              <Tag key="s" colour={r.status === "confirmed" ? "green" : r.status === "waitlisted" ? "yellow" : "grey"}>
                {r.status}
              </Tag>,
              formatDateTime(r.createdAt),
              r.status === "confirmed" ? (
                <span key="a">
                  <input type="hidden" name="registered" value={r.id} />
                  <Checkbox
                    name="attended"
                    id={`attended-${r.id}`}
                    value={r.id}
                    defaultChecked={r.attended === true}
                    label={<span className="nhsuk-u-visually-hidden">{r.name} attended</span>}
                  />
                </span>
              ) : (
                ""
              ),
            ])}
          />
        )}
        {registrations.length > 0 || slots.some((s) => s.organisation) ? (
          <SubmitButton secondary>Save attendance</SubmitButton>
        ) : (
          <p>No one has registered yet.</p>
        )}
      </Form>

      <h2>Materials</h2>
      {session.materialsPublishedAt ? (
        <InsetText>
          Published on {formatDateTime(session.materialsPublishedAt)} to every supplier registered on the procurement.
        </InsetText>
      ) : (
        <p>
          Materials are seen only by staff until you publish them. Publishing makes them available to every supplier
          registered on the procurement, not only attendees, and emails them all.
        </p>
      )}
      {materials.map((m) => (
        <section key={m.id} className="nhsuk-u-margin-bottom-4">
          <h3 className="nhsuk-heading-s">{m.title}</h3>
          {m.body ? <p style={{ whiteSpace: "pre-line" }}>{m.body}</p> : null}
          {m.filename ? <p>File: {m.filename}</p> : null}
        </section>
      ))}
      {!session.materialsPublishedAt && materials.length > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="publish-materials" />
          {errors.publish ? <p className="nhsuk-error-message">{errors.publish}</p> : null}
          <SubmitButton>Publish materials to all suppliers</SubmitButton>
        </Form>
      ) : null}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h3>Add to the materials</h3>
          {/* Keyed on the count so that the form empties once an item is added. */}
          <Form method="post" encType="multipart/form-data" key={`material-${materials.length}`}>
            <input type="hidden" name="intent" value="add-material" />
            <Select
              label="What are you adding?"
              name="kind"
              defaultValue={values.kind ?? (session.kind === "one_to_one" ? "summary" : "notes")}
              error={errors.kind}
              options={[
                { value: "file", label: "Slides or another file" },
                { value: "notes", label: "Notes" },
                { value: "question_answer", label: "Questions asked and their answers" },
                { value: "summary", label: "Summary of a one-to-one meeting (without the supplier's identity)" },
              ]}
            />
            {session.kind === "one_to_one" ? (
              <Select
                label="Which meeting does the summary cover?"
                name="slotId"
                defaultValue={values.slotId ?? ""}
                options={[
                  { value: "", label: "Not a one-to-one summary" },
                  ...slots
                    .filter((s) => s.organisation)
                    .map((s) => ({ value: s.id, label: `${formatDateTime(s.startsAt)}` })),
                ]}
              />
            ) : null}
            <TextInput label="Title" name="title" defaultValue={values.title} error={errors.title} />
            <Textarea
              label="Text"
              name="body"
              rows={8}
              defaultValue={values.body}
              error={errors.body}
              hint="Do not name the supplier in a one-to-one summary"
            />
            <FileInput
              label="File (for slides or another file)"
              hint="PDF, Word, Excel, PowerPoint, PNG or JPEG, up to 20 MB"
              name="file"
              error={errors.file}
            />
            <SubmitButton secondary>Add</SubmitButton>
          </Form>

          {session.status === "scheduled" ? (
            <>
              <h2>Change the session</h2>
              <p>Changing the time, place or title sends everyone registered an updated calendar invitation.</p>
              <SessionForm defaults={defaults} submitLabel="Save changes" kindFixed links={links} />
              <h2>Cancel the session</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <Textarea
                  label="Why is it cancelled?"
                  hint="Sent to everyone registered, with a calendar cancellation"
                  name="reason"
                  rows={3}
                  defaultValue={values.reason}
                  error={errors.reason}
                />
                <SubmitButton warning>Cancel session</SubmitButton>
              </Form>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}
