import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page";
import { SessionPage } from "~/engagement/components/staff-session-page";
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
import { toLondonLocal } from "~/time";

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
  const page = useLoaderData<typeof loader>();
  const { procurement, session } = page;
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = (result?.values ?? {}) as Record<string, string>;
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
      <SessionPage page={page} errors={errors} values={values} />
    </>
  );
}
