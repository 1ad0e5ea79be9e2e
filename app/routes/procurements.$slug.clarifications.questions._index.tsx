import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { clarificationWindow, listOwnQuestions } from "~/clarifications/asking.server";
import { clarificationNumber } from "~/clarifications/schema";
import { STATUS_COLOURS, supplierStatusLabel } from "~/clarifications/status";
import { PageHeading, Table, Tag } from "~/components/page";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Your questions: ${data?.procurement.title ?? ""} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const questions = await listOwnQuestions(user, procurement);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    windowOpen: clarificationWindow(procurement).open,
    questions,
  };
}

export default function OwnQuestions() {
  const { procurement, questions, windowOpen } = useLoaderData<typeof loader>();
  const base = `/procurements/${procurement.slug}/clarifications`;
  return (
    <>
      <Link className="nhsuk-back-link" to={base}>
        Clarification log
      </Link>
      <PageHeading caption={procurement.title}>Your organisation's questions</PageHeading>
      <p>
        Questions asked by anyone in your organisation, and where each one is. Other suppliers never see these, nor who
        asked a published answer.
      </p>
      {windowOpen ? (
        <Link className="nhsuk-button" to={`${base}/ask`}>
          Ask a question
        </Link>
      ) : null}
      {questions.length === 0 ? (
        <p>Your organisation has not asked any questions about this procurement.</p>
      ) : (
        <Table
          head={["Question", "Asked", "By", "Status"]}
          rows={questions.map((q) => [
            <Link key="l" to={`${base}/questions/${q.id}`}>
              {q.subject}
            </Link>,
            formatDateTime(q.createdAt),
            q.askedBy,
            <span key="s">
              <Tag colour={STATUS_COLOURS[q.status]}>{supplierStatusLabel(q.status)}</Tag>
              {q.number ? (
                <>
                  {" "}
                  <Link to={`${base}#${clarificationNumber(q.number)}`}>{clarificationNumber(q.number)}</Link>
                </>
              ) : null}
            </span>,
          ])}
        />
      )}
    </>
  );
}
