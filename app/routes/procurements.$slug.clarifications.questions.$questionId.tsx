import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ownQuestion, withdrawQuestion } from "~/clarifications/asking.server";
import { reference } from "~/clarifications/components/log-entry";
import { clarificationNumber, VersionSchema } from "~/clarifications/schema";
import { STATUS_COLOURS, supplierStatusLabel } from "~/clarifications/status";
import { ErrorSummary } from "~/components/error-summary";
import { InsetText, PageHeading, SubmitButton, SummaryList, Tag } from "~/components/page";
import { submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.question.subject ?? "Your question"} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const question = await ownQuestion(user, procurement, params.questionId);
  return { procurement: { slug: procurement.slug, title: procurement.title }, question };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  return submitForm(
    request,
    VersionSchema,
    undefined,
    (input) => withdrawQuestion(user, procurement, params.questionId, input.version),
    () =>
      redirectWithNotice(
        `/procurements/${procurement.slug}/clarifications/questions/${params.questionId}`,
        "Your question has been withdrawn",
      ),
  );
}

export default function OwnQuestion() {
  const { procurement, question } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/procurements/${procurement.slug}/clarifications`;
  const current = question.answers[0];
  const ref = reference(question);
  return (
    <>
      <ErrorSummary errors={result?.errors ?? {}} />
      <Link className="nhsuk-back-link" to={`${base}/questions`}>
        Your organisation's questions
      </Link>
      <PageHeading caption={procurement.title}>{question.subject}</PageHeading>
      <SummaryList
        rows={[
          {
            key: "Status",
            value: <Tag colour={STATUS_COLOURS[question.status]}>{supplierStatusLabel(question.status)}</Tag>,
          },
          { key: "Asked", value: `${formatDateTime(question.createdAt)} by ${question.askedBy}` },
          ...(ref ? [{ key: "Refers to", value: ref }] : []),
          ...(question.confidentialRequested
            ? [
                {
                  key: "Confidentiality",
                  value: `You asked us to treat it as confidential: ${question.confidentialReason ?? ""}`,
                },
              ]
            : []),
        ]}
      />
      <h2 className="nhsuk-heading-m">Your question</h2>
      <p style={{ whiteSpace: "pre-line" }}>{question.body}</p>

      {question.status === "rejected" ? (
        <InsetText>
          <p>
            <strong>We will not answer this question.</strong> {question.rejectionReason}
          </p>
        </InsetText>
      ) : null}

      {current ? (
        <>
          <h2 className="nhsuk-heading-m">
            {current.audience === "organisation" ? "Our answer, to your organisation only" : "Our published answer"}
          </h2>
          {current.audience === "all" ? (
            <p>
              Published to every registered supplier as{" "}
              <Link to={`${base}#${clarificationNumber(current.number)}`}>{clarificationNumber(current.number)}</Link>{" "}
              on {formatDateTime(current.firstPublishedAt)}, without saying who asked.
            </p>
          ) : (
            <p>
              We accepted that your question is commercially confidential, so we answered your organisation only, on{" "}
              {formatDateTime(current.firstPublishedAt)}.
            </p>
          )}
          {current.version > 1 ? (
            <InsetText>
              Amended on {formatDateTime(current.publishedAt)}
              {current.amendmentReason ? `: ${current.amendmentReason}` : ""}
            </InsetText>
          ) : null}
          <h3 className="nhsuk-heading-s">Question as published</h3>
          <p style={{ whiteSpace: "pre-line" }}>{current.question}</p>
          <h3 className="nhsuk-heading-s">Answer</h3>
          <p style={{ whiteSpace: "pre-line" }}>{current.answer}</p>
        </>
      ) : null}

      {question.withdrawable ? (
        <Form method="post">
          <input type="hidden" name="version" value={question.version} />
          <p>You can withdraw the question until we answer it.</p>
          <SubmitButton secondary>Withdraw question</SubmitButton>
        </Form>
      ) : null}
    </>
  );
}
