import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { optionalUser, requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox, Fieldset, Radio } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton, SummaryList, Tag } from "~/components/page";
import { bookSlot, cancelSlotBooking } from "~/engagement/slots.server";
import { cancelRegistration, registerAttendees } from "~/engagement/registration.server";
import { sessionForViewer } from "~/engagement/reading.server";
import { sessionWhen } from "~/engagement/shared.server";
import { ENGAGEMENT_KIND_LABELS, RegisterAttendeesSchema } from "~/engagement/schema";
import { formRejected, parseForm, readForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime, formatTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.session.title ?? "Session"} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await optionalUser(request);
  const procurement = await requireProcurement(params.slug);
  const view = await sessionForViewer(user, procurement, params.sessionId);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    viewer: user ? { role: user.role, id: user.id } : null,
    ...view,
    session: {
      ...view.session,
      kindLabel: ENGAGEMENT_KIND_LABELS[view.session.kind],
      when: sessionWhen(view.session.startsAt, view.session.endsAt),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: ["supplier", "staff"] });
  const procurement = await requireProcurement(params.slug);
  const fields = await readForm(request);
  const here = `/procurements/${procurement.slug}/sessions/${params.sessionId}`;
  switch (fields.get("intent")) {
    case "register": {
      const form = await parseForm(request, RegisterAttendeesSchema, fields, { arrays: ["attendees"] });
      if (!form.success) return formRejected(400, form.errors, form.values);
      const result = await registerAttendees(user, procurement, params.sessionId, form.data.attendees);
      if (!result.ok) return formRejected(400, result.fieldErrors, form.values);
      const parts = [
        result.confirmed.length ? `Place confirmed for ${result.confirmed.join(", ")}` : null,
        result.waitlisted.length ? `On the waitlist: ${result.waitlisted.join(", ")}` : null,
      ].filter(Boolean);
      return redirectWithNotice(
        here,
        `${parts.join(". ")}. We have emailed ${result.confirmed.length + result.waitlisted.length === 1 ? "them" : "each of them"}`,
      );
    }
    case "cancel-registration": {
      await cancelRegistration(user, procurement, params.sessionId, String(fields.get("registrationId") ?? ""));
      return redirectWithNotice(here, "The place has been cancelled");
    }
    case "book-slot": {
      const result = await bookSlot(user, procurement, params.sessionId, String(fields.get("slotId") ?? ""));
      if (!result.ok) return formRejected(409, result.fieldErrors, {});
      return redirectWithNotice(here, "Your slot is booked. We have emailed you a calendar invitation");
    }
    case "cancel-slot": {
      await cancelSlotBooking(user, procurement, params.sessionId, String(fields.get("slotId") ?? ""));
      return redirectWithNotice(here, "Your slot booking has been cancelled");
    }
    default:
      return formRejected(400, { form: "Choose what to do" }, {});
  }
}

export default function SessionPage() {
  const { procurement, session, viewer, ownRegistrations, colleagues, slots, materials } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const registeredIds = new Set(ownRegistrations.map((r) => r.userId));
  const available = colleagues.filter((c) => !registeredIds.has(c.id));
  const ownSlot = slots.find((s) => s.ours);
  return (
    <>
      <ErrorSummary errors={errors} order={["attendees", "slotId"]} />
      <Link className="nhsuk-back-link" to={`/procurements/${procurement.slug}`}>
        {procurement.title}
      </Link>
      <PageHeading caption={session.kindLabel}>{session.title}</PageHeading>
      {session.status === "cancelled" ? (
        <InsetText>
          <strong>This session has been cancelled.</strong>
        </InsetText>
      ) : null}
      <SummaryList
        rows={[
          { key: "When", value: session.when },
          {
            key: "Where",
            value: session.joiningLink ? <a href={session.joiningLink}>{session.place}</a> : session.place,
          },
          { key: "Register by", value: formatDateTime(session.registrationDeadline) },
          {
            key: session.kind === "one_to_one" ? "Slots" : "Places",
            value: `${session.placesLeft} of ${session.capacity} left${session.kind !== "one_to_one" ? `; up to ${session.maxPerOrganisation} per organisation` : "; one slot per organisation"}`,
          },
        ]}
      />
      <h2>Agenda</h2>
      <p style={{ whiteSpace: "pre-line" }}>{session.agenda}</p>

      {viewer?.role === "supplier" && session.kind !== "one_to_one" ? (
        <>
          <h2>Your organisation's places</h2>
          {ownRegistrations.length === 0 ? <p>No one from your organisation is registered yet.</p> : null}
          {ownRegistrations.map((r) => (
            <Form method="post" key={r.id} className="nhsuk-u-margin-bottom-3">
              <input type="hidden" name="intent" value="cancel-registration" />
              <input type="hidden" name="registrationId" value={r.id} />
              {r.name}{" "}
              <Tag colour={r.status === "confirmed" ? "green" : "yellow"}>
                {r.status === "confirmed" ? "Place confirmed" : "On the waitlist"}
              </Tag>{" "}
              <button
                type="submit"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
              >
                Cancel <span className="nhsuk-u-visually-hidden">the place for {r.name}</span>
              </button>
            </Form>
          ))}
          {session.registrationOpen && available.length > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="register" />
              <Fieldset
                legend="Who will attend?"
                hint={
                  session.placesLeft > 0
                    ? "Select all that apply"
                    : "The session is full: people you select join the waitlist in order"
                }
                name="attendees"
                error={errors.attendees}
              >
                {available.map((c, index) => (
                  <Checkbox
                    key={c.id}
                    name="attendees"
                    label={c.name}
                    value={c.id}
                    id={index === 0 ? undefined : `attendee-${c.id}`}
                  />
                ))}
              </Fieldset>
              <SubmitButton submitting={navigation.state === "submitting"}>
                {session.placesLeft > 0 ? "Register" : "Join the waitlist"}
              </SubmitButton>
            </Form>
          ) : null}
          {!session.registrationOpen && session.status === "scheduled" ? <p>Registration has closed.</p> : null}
        </>
      ) : null}

      {viewer?.role === "supplier" && session.kind === "one_to_one" ? (
        <>
          <h2>Book a slot</h2>
          {ownSlot ? (
            <Form method="post">
              <input type="hidden" name="intent" value="cancel-slot" />
              <input type="hidden" name="slotId" value={ownSlot.id} />
              <p>
                Your organisation's slot:{" "}
                <strong>
                  {formatDateTime(ownSlot.startsAt)} to {formatTime(ownSlot.endsAt)}
                </strong>
              </p>
              <SubmitButton secondary>Cancel your slot</SubmitButton>
            </Form>
          ) : session.registrationOpen ? (
            <Form method="post">
              <input type="hidden" name="intent" value="book-slot" />
              <Fieldset
                legend="Choose a slot"
                hint="One slot per organisation"
                name="slotId"
                kind="radios"
                error={errors.slotId}
              >
                {slots
                  .filter((s) => s.free)
                  .map((s, index) => (
                    <Radio
                      key={s.id}
                      first={index === 0}
                      name="slotId"
                      value={s.id}
                      label={`${formatDateTime(s.startsAt)} to ${formatTime(s.endsAt)}`}
                    />
                  ))}
              </Fieldset>
              {slots.some((s) => s.free) ? <SubmitButton>Book slot</SubmitButton> : <p>All slots are booked.</p>}
            </Form>
          ) : (
            <p>Booking has closed.</p>
          )}
        </>
      ) : null}

      {viewer === null && session.registrationOpen ? (
        <p>
          <Link
            to={`/sign-in?redirectTo=${encodeURIComponent(`/procurements/${procurement.slug}/sessions/${session.id}`)}`}
          >
            Sign in
          </Link>{" "}
          or <Link to="/register">register your organisation</Link> to book a place.
        </p>
      ) : null}

      <h2>Materials</h2>
      {materials.visible && materials.items.length > 0 ? (
        <>
          {!materials.published ? <InsetText>Not yet published: only staff can see these.</InsetText> : null}
          {materials.items.map((m) => (
            <section key={m.id} className="nhsuk-u-margin-bottom-5">
              <h3 className="nhsuk-heading-s">{m.title}</h3>
              {m.slotStartsAt ? (
                <p className="nhsuk-body-s">Summary of a one-to-one meeting at {formatDateTime(m.slotStartsAt)}</p>
              ) : null}
              {m.body ? <p style={{ whiteSpace: "pre-line" }}>{m.body}</p> : null}
              {m.filename ? (
                <p>
                  <a href={`/procurements/${procurement.slug}/sessions/${session.id}/materials/${m.id}`}>
                    Download {m.filename} ({Math.ceil(Number(m.size) / 1024)} KB)
                  </a>
                </p>
              ) : null}
            </section>
          ))}
        </>
      ) : materials.published ? (
        <p>
          The materials are published to every supplier registered on this procurement.{" "}
          {viewer
            ? "Register your organisation's interest on the procurement page to read them."
            : "Sign in to read them."}
        </p>
      ) : (
        <p>
          Slides, notes and the questions asked will be published here after the session, to every supplier registered
          on the procurement.
        </p>
      )}
    </>
  );
}
