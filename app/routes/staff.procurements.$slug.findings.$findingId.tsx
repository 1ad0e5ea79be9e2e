import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { InsetText, PageHeading, SubmitButton, SummaryList, Table, Tag } from "~/components/page";
import { FindingForm } from "~/findings/components/finding-form";
import { FindingTags } from "~/findings/components/finding-summary";
import { findingForStaff } from "~/findings/finding-reads.server";
import { listResponses } from "~/findings/finding-responses.server";
import { listThemes } from "~/findings/themes.server";
import { setFindingStatus, updateFinding } from "~/findings/finding-authoring.server";
import { FindingSchema } from "~/findings/schema";
import { formFailure, parseForm, readForm, type FormFailure } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.finding.title ?? "Finding"} (staff) – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const finding = await findingForStaff(user, procurement.id, params.findingId);
  const [themes, responses] = await Promise.all([
    listThemes(procurement.id),
    listResponses(user, procurement.id, finding.id),
  ]);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    finding: {
      id: finding.id,
      title: finding.title,
      kind: finding.kind,
      theme: finding.theme,
      impact: finding.impact,
      description: finding.description,
      evidenceSource: finding.evidenceSource,
      evidenceCount: finding.evidenceCount,
      status: finding.status,
      publishedAt: finding.publishedAt,
      updatedAt: finding.updatedAt,
      version: finding.version,
    },
    themes,
    defaults: {
      title: finding.title,
      kind: finding.kind,
      theme: finding.theme,
      description: finding.description,
      evidenceSource: finding.evidenceSource,
      evidenceCount: String(finding.evidenceCount),
      impact: finding.impact,
      version: String(finding.version),
    },
    responses: responses.map((r) => ({
      id: r.id,
      body: r.body,
      person: r.person,
      organisation: r.organisation,
      createdAt: r.createdAt,
    })),
  };
}

const STATUS_ACTIONS = { publish: "published", archive: "archived", draft: "draft" } as const;
const STATUS_NOTICES = {
  published: "Finding published on the procurement's page",
  archived: "Finding archived: it is no longer shown to suppliers or the public",
  draft: "Finding returned to draft: it is no longer shown to suppliers or the public",
} as const;

type ActionData = FormFailure & { conflict?: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const fields = await readForm(request);
  const here = `/staff/procurements/${procurement.slug}/findings/${params.findingId}`;
  const intent = String(fields.get("intent") ?? "");
  if (intent === "save") {
    const form = await parseForm(request, FindingSchema, fields);
    if (!form.success) return data<ActionData>(formFailure(form.errors, form.values), { status: 400 });
    const result = await updateFinding(user, procurement.id, params.findingId, form.data);
    if (!result.ok) {
      return data<ActionData>(
        { ...formFailure(result.fieldErrors, form.values), conflict: result.conflict },
        { status: result.conflict ? 409 : 400 },
      );
    }
    return redirectWithNotice(here, "Finding saved");
  }
  if (Object.hasOwn(STATUS_ACTIONS, intent)) {
    const status = STATUS_ACTIONS[intent as keyof typeof STATUS_ACTIONS];
    const version = Number(fields.get("version"));
    const result = await setFindingStatus(user, procurement.id, params.findingId, status, {
      expectedVersion: fields.has("version") && Number.isInteger(version) ? version : undefined,
    });
    if (!result.ok) {
      return data<ActionData>(
        { ...formFailure({ form: result.message }, { intent }), conflict: true },
        { status: 409 },
      );
    }
    return redirectWithNotice(here, STATUS_NOTICES[status]);
  }
  return data<ActionData>(formFailure({ form: "Choose what to do" }, { intent }), { status: 400 });
}

// After a refused (409) save or status change, reload the finding so the page shows what is saved
// now and the next attempt carries its current version. (Single fetch skips this after a 4xx.)
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

const STATUS_COLOURS = { draft: "yellow", published: "green", archived: "grey" } as const;
const STATUS_LABELS = { draft: "Draft", published: "Published", archived: "Archived" } as const;

export default function StaffFinding() {
  const { procurement, finding, themes, defaults, responses } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const statusError = actionData && actionData.values.intent !== "save" ? actionData.errors : null;
  const publicPath = `/procurements/${procurement.slug}/findings/${finding.id}`;
  // After a refused save, the saved version sits beside the refused text; after a refused status
  // change the form itself shows the saved version.
  const current =
    actionData?.conflict && actionData.values.intent === "save" ? (
      <div className="nhsuk-card nhsuk-card--feature">
        <div className="nhsuk-card__content nhsuk-card__content--feature">
          <h2 className="nhsuk-card__heading nhsuk-card__heading--feature nhsuk-heading-m">The version saved now</h2>
          <p className="nhsuk-body-s">Last changed {formatDateTime(finding.updatedAt)}</p>
          <FindingTags finding={finding} />
          <h3 className="nhsuk-heading-s">{finding.title}</h3>
          <p style={{ whiteSpace: "pre-line" }}>{finding.description}</p>
          <SummaryList
            rows={[
              { key: "Evidence", value: finding.evidenceSource },
              { key: "Organisations that said so", value: finding.evidenceCount },
            ]}
          />
        </div>
      </div>
    ) : null;
  return (
    <>
      <Link className="nhsuk-back-link" to={`/staff/procurements/${procurement.slug}/findings`}>
        Discovery findings
      </Link>
      {statusError ? <ErrorSummary errors={statusError} /> : null}
      <PageHeading caption={procurement.title}>{finding.title}</PageHeading>
      <p>
        <Tag colour={STATUS_COLOURS[finding.status]}>{STATUS_LABELS[finding.status]}</Tag>{" "}
        {finding.status === "published" ? (
          <>
            Everyone can read it on <Link to={publicPath}>the procurement&apos;s findings page</Link>.
          </>
        ) : finding.status === "draft" ? (
          "Only staff can see it."
        ) : (
          "Archived: only staff can see it."
        )}
        {finding.publishedAt ? ` First published ${formatDateTime(finding.publishedAt)}.` : null}
      </p>
      {/* One form: the button pressed says what to do; the version says what was on screen. */}
      <Form method="post" className="nhsuk-button-group">
        <input type="hidden" name="version" value={finding.version} />
        {finding.status !== "published" ? (
          <SubmitButton name="intent" value="publish">
            Publish
          </SubmitButton>
        ) : null}
        {finding.status !== "draft" ? (
          <SubmitButton name="intent" value="draft" secondary>
            Return to draft
          </SubmitButton>
        ) : null}
        {finding.status !== "archived" ? (
          <SubmitButton name="intent" value="archive" secondary>
            Archive
          </SubmitButton>
        ) : null}
      </Form>

      <h2>{`Supplier responses (${responses.length})`}</h2>
      {responses.length === 0 ? (
        <InsetText>
          <p>No supplier has responded to this finding yet.</p>
        </InsetText>
      ) : (
        <Table
          head={["Organisation", "Person", "Response", "Sent"]}
          rows={responses.map((r) => [
            r.organisation,
            r.person,
            <span key="b" style={{ whiteSpace: "pre-line" }}>
              {r.body}
            </span>,
            formatDateTime(r.createdAt),
          ])}
        />
      )}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2>Edit the finding</h2>
          {finding.status === "published" ? (
            <InsetText>
              <p>This finding is published: a saved change shows on the public page straight away.</p>
            </InsetText>
          ) : null}
          {/* Remounted when the saved version changes, unless it holds text the server just refused. */}
          <FindingForm
            key={actionData?.values.intent === "save" ? "refused-edit" : defaults.version}
            defaults={defaults}
            themes={themes}
            submitLabel="Save changes"
            beforeForm={current}
          />
        </div>
      </div>
    </>
  );
}
