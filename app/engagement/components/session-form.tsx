// The create/edit form for an engagement session (staff).
import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Radio, Textarea, TextInput } from "~/components/fields";
import { SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { ENGAGEMENT_KIND_LABELS, engagementSessionSchema, type JoiningLinkRule } from "../schema";

const ORDER = [
  "form",
  "kind",
  "title",
  "agenda",
  "startsAt",
  "endsAt",
  "registrationDeadline",
  "capacity",
  "maxPerOrganisation",
  "slotMinutes",
  "joiningLink",
  "venueName",
  "venueAddress",
];

export function SessionForm({
  defaults,
  submitLabel,
  kindFixed,
  links,
}: {
  defaults: Record<string, string>;
  submitLabel: string;
  kindFixed?: boolean;
  /** The instance's rule for joining links, from the loader: the action checks the same. */
  links: JoiningLinkRule;
}) {
  const form = useValidatedForm(engagementSessionSchema(links), defaults, { intent: "save" });
  return (
    <>
      <ErrorSummary errors={form.errors} order={ORDER} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="intent" value="save" />
        {defaults.version ? <input {...form.hidden("version", defaults.version)} /> : null}
        {kindFixed ? (
          <input {...form.hidden("kind", defaults.kind)} />
        ) : (
          <Fieldset legend="Kind of session" name="kind" kind="radios" error={form.errors.kind}>
            <Radio
              first
              label={ENGAGEMENT_KIND_LABELS.webinar}
              hint="Online, with a joining link"
              {...form.radio("kind", "webinar")}
            />
            <Radio label={ENGAGEMENT_KIND_LABELS.in_person} hint="At a venue" {...form.radio("kind", "in_person")} />
            <Radio
              label={ENGAGEMENT_KIND_LABELS.one_to_one}
              hint="A set of time slots, each bookable by one organisation"
              {...form.radio("kind", "one_to_one")}
            />
          </Fieldset>
        )}
        <TextInput label="Title" {...form.field("title")} />
        <Textarea
          label="Agenda"
          hint="What you will cover, and what suppliers should prepare"
          rows={6}
          {...form.field("agenda")}
        />
        <Fieldset legend="When (UK time)" name="when" kind="plain">
          <TextInput label="Starts" type="datetime-local" width={20} {...form.field("startsAt")} />
          <TextInput label="Ends" type="datetime-local" width={20} {...form.field("endsAt")} />
          <TextInput
            label="Registration closes"
            type="datetime-local"
            width={20}
            {...form.field("registrationDeadline")}
          />
        </Fieldset>
        <TextInput
          label="Places (webinars and in-person events)"
          hint="Total number of attendees"
          type="number"
          inputMode="numeric"
          width={4}
          {...form.field("capacity")}
        />
        <TextInput
          label="Attendees per organisation"
          type="number"
          inputMode="numeric"
          width={4}
          {...form.field("maxPerOrganisation")}
        />
        <TextInput
          label="Length of each slot in minutes (one-to-one meetings)"
          type="number"
          inputMode="numeric"
          width={4}
          {...form.field("slotMinutes")}
        />
        <TextInput
          label="Joining link (webinars)"
          hint="Shown only to people with a confirmed place"
          type="url"
          spellCheck={false}
          {...form.field("joiningLink")}
        />
        <TextInput label="Venue (in-person events)" {...form.field("venueName")} />
        <Textarea
          label="Venue address (in-person events)"
          hint="Shown only to people with a confirmed place"
          rows={3}
          {...form.field("venueAddress")}
        />
        <SubmitButton submitting={form.submitting}>{submitLabel}</SubmitButton>
      </Form>
    </>
  );
}
