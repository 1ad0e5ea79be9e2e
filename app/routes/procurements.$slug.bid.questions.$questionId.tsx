import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { bidWorkspace } from "~/bids/workspace.server";
import { removeBidFile, uploadBidFiles } from "~/bids/files.server";
import { saveAnswer } from "~/bids/answers.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { AnswerEditor, type SaveResponse } from "~/bids/components/answer-editor";
import { RemoveFileSchema, SaveAnswerSchema } from "~/bids/schema";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page";
import { formFailure, parseForm, readForm, submitForm } from "~/forms.server";
import { isUuid } from "~/ids";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { allQuestions } from "~/tenders/questionnaire";
import { notFound } from "~/refusals.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Question ${data?.question.number ?? ""}: your bid – AI Imaging Platform procurement` },
];

async function context(request: Request, slug: string | undefined, questionId: string | undefined) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(slug);
  const published = await requirePublishedTender(procurement);
  const question = isUuid(questionId)
    ? allQuestions(published.questionnaire).find((q) => q.id === questionId)
    : undefined;
  if (!question) notFound();
  return { user, procurement, published, question };
}

// One question on its own page: where a save without JavaScript comes back when it is refused.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, procurement, published, question } = await context(request, params.slug, params.questionId);
  const workspace = await bidWorkspace(user, procurement, published);
  if (workspace.state !== "bid") throw redirect(`/procurements/${procurement.slug}/bid`);
  const answer = workspace.answers[question.id];
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    question,
    answer: answer ? { value: answer.value, version: answer.version, updatedBy: answer.updatedBy } : null,
    files: (workspace.files[question.id] ?? []).map((f) => ({ ...f, size: Number(f.size) })),
    editable: workspace.open,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, procurement, published, question } = await context(request, params.slug, params.questionId);
  const back = `/procurements/${procurement.slug}/bid#question-${question.id}`;
  // A file question's upload streams its file to storage; any other multipart form is read as text, capped.
  if (question.kind === "file" && (request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const result = await uploadBidFiles(user, procurement, published, question.id, request);
    if (!result.ok) return data(formFailure(result.fieldErrors, {}), { status: 400, headers: { Connection: "close" } });
    return redirectWithNotice(back, `Uploaded ${result.filenames.join(", ")}`);
  }
  const fields = await readForm(request);
  if (fields.get("intent") === "remove-file") {
    return submitForm(
      request,
      RemoveFileSchema,
      fields,
      (input) => removeBidFile(user, procurement, published, question.id, input.fileId),
      () => redirectWithNotice(back, "File removed"),
    );
  }
  const form = await parseForm(request, SaveAnswerSchema, fields);
  // Refused as the editor reads it, so that what was typed is shown back with the errors.
  if (!form.success) return data({ ok: false as const, ...formFailure(form.errors, form.values) }, { status: 400 });
  const result = await saveAnswer(user, procurement, published, question.id, form.data, fields);
  if (!result.ok) {
    const current = "current" in result ? result.current : undefined;
    return data(
      { ok: false as const, ...formFailure(result.fieldErrors, form.values), current },
      { status: current !== undefined ? 409 : 400 },
    );
  }
  if (form.data.mode === "fetch") return data({ ok: true as const, version: result.version });
  return redirectWithNotice(back, `Your answer to question ${question.number} has been saved`);
}

export default function BidQuestion() {
  const { procurement, question, answer, files, editable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as SaveResponse | { errors: Record<string, string> } | undefined;
  const refused = result && "ok" in result && !result.ok ? result : undefined;
  const errors = result && "errors" in result ? result.errors : {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <Link className="nhsuk-back-link" to={`/procurements/${procurement.slug}/bid#question-${question.id}`}>
        Your bid
      </Link>
      <PageHeading caption={procurement.title}>
        {question.number} {question.title}
      </PageHeading>
      {question.guidance ? <p style={{ whiteSpace: "pre-wrap" }}>{question.guidance}</p> : null}
      <AnswerEditor
        slug={procurement.slug}
        question={question}
        answer={answer}
        files={files}
        editable={editable}
        refused={refused ?? (Object.keys(errors).length ? { ok: false, errors, values: {} } : undefined)}
      />
    </>
  );
}
