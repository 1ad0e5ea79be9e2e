import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { optionalUser, requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { Textarea } from "~/components/fields";
import { PageHeading, SubmitButton, SummaryList } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { FindingTags } from "~/findings/components/finding-summary";
import { ownResponses, respondToFinding } from "~/findings/finding-responses.server";
import { publishedFinding } from "~/findings/finding-reads.server";
import { FindingResponseSchema } from "~/findings/schema";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDate, formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.finding.title ?? "Finding"} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await optionalUser(request);
  const procurement = await requireProcurement(params.slug);
  const finding = await publishedFinding(procurement.id, params.findingId);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    finding,
    viewer: user ? { role: user.role } : null,
    // A repeated post of the response form (a double click) records one response.
    idempotencyKey: user?.role === "supplier" ? crypto.randomUUID() : null,
    responses: (await ownResponses(user, finding.id)).map((r) => ({
      id: r.id,
      body: r.body,
      person: r.person,
      createdAt: r.createdAt,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const form = await parseForm(request, FindingResponseSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  await respondToFinding(user, procurement.id, params.findingId, form.data);
  return redirectWithNotice(
    `/procurements/${procurement.slug}/findings/${params.findingId}`,
    "Thank you: your response has been sent to the NHS AI Lab team",
  );
}

export default function FindingPage() {
  const data = useLoaderData<typeof loader>();
  // A new response remounts the page's form state, so the sent text does not stay in the box.
  return <FindingPageContent key={data.responses.length} {...data} />;
}

function FindingPageContent({
  procurement,
  finding,
  viewer,
  responses,
  idempotencyKey,
}: ReturnType<typeof useLoaderData<typeof loader>>) {
  const form = useValidatedForm(FindingResponseSchema);
  const here = `/procurements/${procurement.slug}/findings/${finding.id}`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to={`/procurements/${procurement.slug}/findings`}>
          Discovery findings
        </Link>
        <ErrorSummary errors={form.errors} order={["body"]} />
        <PageHeading caption="Discovery finding">{finding.title}</PageHeading>
        <FindingTags finding={finding} />
        <p style={{ whiteSpace: "pre-line" }}>{finding.description}</p>
        <SummaryList
          rows={[
            { key: "Evidence", value: finding.evidenceSource },
            { key: "Organisations that said so", value: finding.evidenceCount },
            { key: "Published", value: formatDate(finding.publishedAt) },
          ]}
        />
        <h2>Respond to this finding</h2>
        {viewer?.role === "supplier" ? (
          <>
            {responses.length > 0 ? (
              <>
                <h3 className="nhsuk-heading-s">Your organisation's responses</h3>
                {responses.map((r) => (
                  <div key={r.id} className="nhsuk-inset-text">
                    <p style={{ whiteSpace: "pre-line" }}>{r.body}</p>
                    <p className="nhsuk-body-s">
                      {r.person}, {formatDateTime(r.createdAt)}
                    </p>
                  </div>
                ))}
              </>
            ) : null}
            <Form method="post" noValidate onSubmit={form.onSubmit}>
              {idempotencyKey ? <input {...form.hidden("idempotencyKey", idempotencyKey)} /> : null}
              <Textarea
                label="Your response"
                hint="For example, how your product already deals with this. Only the NHS AI Lab team reads responses."
                rows={6}
                {...form.field("body")}
              />
              <SubmitButton submitting={form.submitting}>Send response</SubmitButton>
            </Form>
          </>
        ) : viewer?.role === "staff" ? (
          <p>
            Suppliers respond here; only staff read the responses.{" "}
            <Link to={`/staff/procurements/${procurement.slug}/findings/${finding.id}`}>
              See the responses to this finding
            </Link>
            .
          </p>
        ) : viewer ? (
          <p>Signed-in suppliers can respond to this finding here.</p>
        ) : (
          <p>
            <Link to={`/sign-in?redirectTo=${encodeURIComponent(here)}`}>Sign in</Link> or{" "}
            <Link to="/register">register your organisation</Link> to respond.
          </p>
        )}
      </div>
    </div>
  );
}
