// Zod schemas for engagement forms: shared by the browser and the actions.
import { z } from "zod";
import { requiredText } from "~/text-schema";

const localDateTime = (label: string) =>
  z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `Enter ${label} as a date and time, like 2027-03-31T10:00`);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

// An empty number field means "not given", not zero (z.coerce would read "" as 0).
const blankAsUndefined = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

export const ENGAGEMENT_KINDS = ["webinar", "in_person", "one_to_one"] as const;
export const ENGAGEMENT_KIND_LABELS: Record<(typeof ENGAGEMENT_KINDS)[number], string> = {
  webinar: "Webinar",
  in_person: "In-person event",
  one_to_one: "One-to-one meetings",
};

// The session form's fields and the rules between them; the joining link's scheme is checked by
// engagementSessionSchema below, under the instance's rule.
const sessionFields = z
  .object({
    kind: z.enum(ENGAGEMENT_KINDS, { errorMap: () => ({ message: "Select the kind of session" }) }),
    title: requiredText({ missing: "Enter a title", subject: "Title", max: 200 }),
    agenda: requiredText({ missing: "Enter the agenda", subject: "Agenda", max: 5000 }),
    startsAt: localDateTime("the start"),
    endsAt: localDateTime("the end"),
    registrationDeadline: localDateTime("the registration deadline"),
    capacity: blankAsUndefined(
      z.coerce
        .number({ invalid_type_error: "Enter the number of places as a number" })
        .int("Enter a whole number of places")
        .min(1, "There must be at least 1 place")
        .max(5000, "There can be at most 5,000 places")
        .optional(),
    ),
    maxPerOrganisation: z.coerce
      .number({ invalid_type_error: "Enter a number" })
      .int("Enter a whole number")
      .min(1, "Allow at least 1 attendee per organisation")
      .max(50, "Allow at most 50 attendees per organisation"),
    slotMinutes: blankAsUndefined(
      z.coerce
        .number({ invalid_type_error: "Enter the length of a slot in minutes, as a number" })
        .int("Enter a whole number of minutes")
        .min(15, "Slots must be at least 15 minutes")
        .max(240, "Slots must be 4 hours or shorter")
        .optional(),
    ),
    joiningLink: optionalText(500, "The joining link").pipe(
      z.string().url("Enter the joining link as a web address starting https://").optional(),
    ),
    venueName: optionalText(200, "The venue name"),
    venueAddress: optionalText(500, "The venue address"),
    version: z.coerce.number().int().min(0).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.startsAt && v.endsAt && v.endsAt <= v.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start" });
    }
    if (v.registrationDeadline && v.startsAt && v.registrationDeadline > v.startsAt) {
      ctx.addIssue({
        code: "custom",
        path: ["registrationDeadline"],
        message: "Registration must close before the session starts",
      });
    }
    if (v.kind === "webinar" && !v.joiningLink) {
      ctx.addIssue({ code: "custom", path: ["joiningLink"], message: "Enter the joining link for the webinar" });
    }
    if (v.kind === "in_person" && !v.venueName) {
      ctx.addIssue({ code: "custom", path: ["venueName"], message: "Enter the venue" });
    }
    if (v.kind === "in_person" && !v.venueAddress) {
      ctx.addIssue({ code: "custom", path: ["venueAddress"], message: "Enter the venue's address" });
    }
    if (v.kind !== "one_to_one" && !v.capacity) {
      ctx.addIssue({ code: "custom", path: ["capacity"], message: "Enter the number of places" });
    }
    if (v.kind === "one_to_one" && !v.slotMinutes) {
      ctx.addIssue({ code: "custom", path: ["slotMinutes"], message: "Enter how long each slot lasts" });
    }
  });

/**
 * Which joining links staff may give: https only, or http too where the portal is not in production
 * (the demo, a developer's machine), where a local meeting link may be plain http. Anything else
 * (javascript:, data:, a file) would run or open something on an attendee's machine, not a meeting.
 */
export type JoiningLinkRule = { allowHttp: boolean };

const withJoiningLinkRule = ({ allowHttp }: JoiningLinkRule) =>
  sessionFields.superRefine((v, ctx) => {
    if (!v.joiningLink) return;
    let scheme: string;
    try {
      scheme = new URL(v.joiningLink).protocol;
    } catch {
      return; // not a web address at all: the field's own check has said so
    }
    if (scheme === "https:" || (allowHttp && scheme === "http:")) return;
    ctx.addIssue({
      code: "custom",
      path: ["joiningLink"],
      message: allowHttp
        ? "Enter the joining link as a web address starting https:// (or http:// on this instance)"
        : "Enter the joining link as a web address starting https://",
    });
  });

/** The production rule: a joining link starts https://. */
export const EngagementSessionSchema = withJoiningLinkRule({ allowHttp: false });
const EngagementSessionSchemaAllowingHttp = withJoiningLinkRule({ allowHttp: true });

/** The session form's schema under a rule: the page's loader says which, and its action parses the same. */
export function engagementSessionSchema(links: JoiningLinkRule) {
  return links.allowHttp ? EngagementSessionSchemaAllowingHttp : EngagementSessionSchema;
}

export type EngagementSessionInput = z.infer<typeof EngagementSessionSchema>;

export const RegisterAttendeesSchema = z.object({
  attendees: z
    .array(z.string().uuid("Select colleagues from the list"), {
      required_error: "Select who will attend",
      invalid_type_error: "Select who will attend",
    })
    .min(1, "Select who will attend")
    .max(50, "Select fewer people"),
});

export const CancelSessionSchema = z.object({
  reason: requiredText({ missing: "Enter why the session is cancelled", subject: "Reason", max: 1000 }),
});

export const MaterialSchema = z.object({
  kind: z.enum(["notes", "question_answer", "summary", "file"], {
    errorMap: () => ({ message: "Select what you are adding" }),
  }),
  title: requiredText({ missing: "Enter a title", subject: "Title", max: 200 }),
  body: z.string().trim().max(20000, "Text must be 20,000 characters or fewer").optional().default(""),
  slotId: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.string().uuid().optional()),
});
