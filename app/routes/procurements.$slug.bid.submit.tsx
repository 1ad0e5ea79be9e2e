import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { bidWorkspace } from "~/bids/workspace.server";
import { submitBid } from "~/bids/submitting.server";
import { requirePublishedTender } from "~/tenders/published.server";
import { Checklist } from "~/bids/components/bid-summary";
import { WhenABidCounts } from "~/bids/components/when-a-bid-counts";
import { SubmitBidSchema } from "~/bids/schema";
import { ErrorSummary } from "~/components/error-summary";
import { Checkbox } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { formRejected, parseForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Submit your bid: ${data?.procurement.title ?? ""} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  const workspace = await bidWorkspace(user, procurement, published);
  if (workspace.state !== "bid") throw redirect(`/procurements/${procurement.slug}/bid`);
  return {
    procurement: { slug: procurement.slug, title: procurement.title, bidDeadline: procurement.bidDeadline },
    open: workspace.open,
    checklist: workspace.checklist,
    amendments: workspace.amendments.length,
    resubmission: workspace.submissions.some((s) => !s.withdrawnAt && !s.supersededAt),
    // A fresh key per form: a double click or a retried post finds the submission the first one made.
    idempotencyKey: randomUUID(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "supplier" });
  const procurement = await requireProcurement(params.slug);
  const published = await requirePublishedTender(procurement);
  const form = await parseForm(request, SubmitBidSchema);
  if (!form.success) return formRejected(400, form.errors, form.values);
  // The time that counts: when the portal received this request (decision 026).
  const result = await submitBid(user, procurement, published, form.data, context.receivedAt());
  if (result.recording === true) throw redirect(`/procurements/${procurement.slug}/bid/requests/${result.requestId}`);
  if (!result.ok) return formRejected(409, result.fieldErrors, form.values);
  return redirectWithNotice(
    `/procurements/${procurement.slug}/bid/receipts/${result.reference}`,
    "Your bid has been submitted. We have emailed this receipt to everyone in your organisation",
  );
}

export default function SubmitBid() {
  const page = useLoaderData<typeof loader>();
  const form = useValidatedForm(SubmitBidSchema, {});
  const base = `/procurements/${page.procurement.slug}/bid`;
  const ready = page.open && page.checklist.length === 0 && page.amendments === 0;
  return (
    <>
      <ErrorSummary errors={form.errors} order={["form", "declaration"]} />
      <Link className="nhsuk-back-link" to={base}>
        Your bid
      </Link>
      <PageHeading caption={page.procurement.title}>
        {page.resubmission ? "Submit your bid again" : "Submit your bid"}
      </PageHeading>
      <WhenABidCounts deadline={page.procurement.bidDeadline} />
      {page.resubmission ? (
        <InsetText>Your new submission will replace the one that counts now. Every submission is kept.</InsetText>
      ) : null}
      {!page.open ? <InsetText>Bids are closed for this tender.</InsetText> : null}
      {page.amendments > 0 ? (
        <InsetText>
          The tender has changed. <Link to={base}>Review the changes</Link> and confirm before you submit.
        </InsetText>
      ) : null}
      {page.checklist.length > 0 ? (
        <>
          <h2 className="nhsuk-heading-m">Complete these before you submit</h2>
          <Checklist items={page.checklist.map((i) => ({ ...i }))} />
          <p>
            <Link to={base}>Return to your bid</Link>
          </p>
        </>
      ) : null}
      {ready || form.errors.form ? (
        <Form method="post" noValidate onSubmit={form.onSubmit}>
          <input {...form.hidden("idempotencyKey", String(form.values.idempotencyKey ?? page.idempotencyKey))} />
          <div className={`nhsuk-form-group${form.errors.declaration ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Declaration</legend>
              {form.errors.declaration ? (
                <span className="nhsuk-error-message" id="declaration-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {form.errors.declaration}
                </span>
              ) : null}
              <div className="nhsuk-checkboxes">
                <Checkbox
                  label="I confirm that I am authorised to submit this bid for my organisation, that its answers are true and complete, and that it is submitted on the terms of the tender"
                  {...form.checkbox("declaration")}
                />
              </div>
            </fieldset>
          </div>
          <SubmitButton submitting={form.submitting}>Submit bid</SubmitButton>
        </Form>
      ) : null}
    </>
  );
}
