// The staff page of an engagement session below its heading: its summary, registrations or bookings
// with attendance, its materials and the forms to change or cancel it (the route's loader feeds it).
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { Checkbox, FileInput, Select, TextInput, Textarea } from "~/components/fields";
import { InsetText, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import { SessionForm } from "~/engagement/components/session-form";
import type { loader } from "~/routes/staff.procurements.$slug.sessions.$sessionId";
import { formatDateTime, formatTime } from "~/time";

type Page = SerializeFrom<typeof loader>;

export function SessionPage({
  page,
  errors,
  values,
}: {
  page: Page;
  errors: Record<string, string>;
  values: Record<string, string>;
}) {
  const { procurement, session, defaults, registrations, slots, materials, links } = page;
  const confirmed = registrations.filter((r) => r.status === "confirmed");
  const waitlisted = registrations.filter((r) => r.status === "waitlisted");
  return (
    <>
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
              s.organisation ? <AttendedCheckbox key="a" id={s.id} who={s.organisation} attended={s.attended} /> : "",
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
              r.status === "confirmed" ? <AttendedCheckbox key="a" id={r.id} who={r.name} attended={r.attended} /> : "",
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

/** One registration's (or booked slot's) row in the attendance form: ticked when they came. */
function AttendedCheckbox({ id, who, attended }: { id: string; who: string; attended: boolean | null }) {
  return (
    <span>
      <input type="hidden" name="registered" value={id} />
      <Checkbox
        name="attended"
        id={`attended-${id}`}
        value={id}
        defaultChecked={attended === true}
        label={<span className="nhsuk-u-visually-hidden">{who} attended</span>}
      />
    </span>
  );
}
