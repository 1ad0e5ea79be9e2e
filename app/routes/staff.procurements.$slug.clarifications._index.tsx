import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { assignToMe, clarificationQueue, type QueueFilter } from "~/clarifications/drafting.server";
import { clarificationNumber, VersionSchema } from "~/clarifications/schema";
import { ageOf, CLARIFICATION_STATUSES, STATUS_COLOURS, STATUS_LABELS } from "~/clarifications/status";
import * as clock from "~/clock.server";
import { ErrorSummary } from "~/components/error-summary";
import { Select } from "~/components/fields";
import { PageHeading, Table, Tag } from "~/components/page";
import { readForm, submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction = () => [
  { title: "Clarification questions (staff) – AI Imaging Platform procurement" },
];

function filterFrom(url: URL): QueueFilter {
  const value = url.searchParams.get("status");
  if (value === "all") return "all";
  return CLARIFICATION_STATUSES.find((s) => s === value) ?? "open";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const filter = filterFrom(new URL(request.url));
  const queue = await clarificationQueue(user, procurement, filter);
  return {
    now: clock.now().getTime(),
    me: user.id,
    filter,
    procurement: { slug: procurement.slug, title: procurement.title },
    ...queue,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const fields = await readForm(request);
  const questionId = String(fields.get("questionId") ?? "");
  return submitForm(
    request,
    VersionSchema,
    fields,
    (input) => assignToMe(user, procurement, questionId, input.version),
    () =>
      redirectWithNotice(
        `/staff/procurements/${procurement.slug}/clarifications/${questionId}`,
        "The question is assigned to you",
      ),
  );
}

export default function ClarificationQueue() {
  const { procurement, rows, counts, filter, now, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/staff/procurements/${procurement.slug}/clarifications`;
  const open = (["submitted", "in_review", "answer_drafted", "approved"] as const).reduce(
    (n, s) => n + (counts[s] ?? 0),
    0,
  );
  return (
    <>
      <ErrorSummary errors={result?.errors ?? {}} />
      <Link className="nhsuk-back-link" to={`/staff/procurements/${procurement.slug}`}>
        {procurement.title}
      </Link>
      <PageHeading caption={procurement.title}>Clarification questions</PageHeading>
      <p>
        {open} {open === 1 ? "question is" : "questions are"} waiting: {counts.submitted ?? 0} new,{" "}
        {counts.in_review ?? 0} in review, {counts.answer_drafted ?? 0} waiting for approval, {counts.approved ?? 0}{" "}
        approved and ready to publish.{" "}
        <Link to={`/procurements/${procurement.slug}/clarifications`}>See the published log</Link>.
      </p>
      <Form method="get" className="portal-filters" aria-label="Filter questions">
        <Select
          label="Show"
          name="status"
          defaultValue={filter}
          options={[
            { value: "open", label: "Waiting questions" },
            { value: "all", label: "All questions" },
            ...CLARIFICATION_STATUSES.map((s) => ({ value: s, label: `${STATUS_LABELS[s]} (${counts[s] ?? 0})` })),
          ]}
        />
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Show
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>No questions here.</p>
      ) : (
        <Table
          head={[
            "Question",
            "Organisation",
            "Status",
            "Waiting",
            "Held by",
            <span key="a" className="nhsuk-u-visually-hidden">
              Action
            </span>,
          ]}
          rows={rows.map((q) => [
            <Link key="l" to={`${base}/${q.id}`}>
              {q.subject}
            </Link>,
            q.organisation,
            <span key="s">
              <Tag colour={STATUS_COLOURS[q.status]}>{STATUS_LABELS[q.status]}</Tag>
              {q.number ? ` ${clarificationNumber(q.number)}` : ""}
              {q.confidentialRequested ? " (confidentiality requested)" : ""}
            </span>,
            ageOf(q.createdAt, now),
            q.assignee ?? "Nobody",
            ["submitted", "in_review", "answer_drafted", "approved"].includes(q.status) && q.assigneeId !== me ? (
              <Form method="post" key="a">
                <input type="hidden" name="questionId" value={q.id} />
                <input type="hidden" name="version" value={q.version} />
                <button
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                  type="submit"
                >
                  Assign to me<span className="nhsuk-u-visually-hidden">: {q.subject}</span>
                </button>
              </Form>
            ) : (
              ""
            ),
          ])}
        />
      )}
    </>
  );
}
