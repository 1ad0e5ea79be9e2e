import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { Fieldset, Radio, Textarea } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton, Table, Tag } from "~/components/page";
import { useValidatedForm } from "~/components/use-validated-form";
import { ProgressTag } from "~/evaluation/components/progress-tag";
import { declareConflict } from "~/evaluation/conflicts.server";
import { evaluatorTender } from "~/evaluation/evaluator-tenders.server";
import { DeclarationSchema, DETAILS_MAX_CHARS } from "~/evaluation/schema";
import { submitForm } from "~/forms.server";
import { isUuid } from "~/ids";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Evaluation: ${data?.procurement.title ?? "procurement"} – AI Imaging Platform procurement` },
];

// A tender as one of its evaluators sees it: first the bidding organisations by name with their
// declaration for each; once every one is declared, the bids by label only (less any they have a
// conflict with) and how far their marking has got. Names and labels never share an id, and no
// bid shows before all are declared, so nothing tells which label is which name. Not on the
// panel: 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "evaluator" });
  const procurement = await requireProcurement(params.slug);
  const view = await evaluatorTender(user, procurement);
  const declare = new URL(request.url).searchParams.get("declare");
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    ...view,
    declare: isUuid(declare) ? declare : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "evaluator" });
  const procurement = await requireProcurement(params.slug);
  return submitForm(
    request,
    DeclarationSchema,
    undefined,
    (input) => declareConflict(user, procurement, input),
    (result) => {
      const made = result.hasConflict
        ? `Conflict of interest declared for ${result.organisation}. You will not see or mark its bid; staff will reassign it`
        : `No conflict of interest declared for ${result.organisation}`;
      // Back to the list, never to a bid: which bid follows a declaration would name it.
      return redirectWithNotice(
        `/evaluation/${procurement.slug}`,
        result.declaredForAll ? `${made}. You have declared for every bidder: the bids are below` : made,
      );
    },
  );
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function EvaluatorTender() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const posted = (result?.values as Record<string, string> | undefined)?.organisationId;
  const declaring = page.bidders.find((b) => b.organisationId === (posted ?? page.declare) && !b.declaration);
  const here = `/evaluation/${page.procurement.slug}`;
  const undeclared = page.bidders.filter((b) => !b.declaration).length;
  return (
    <>
      {!declaring ? <ErrorSummary errors={result?.errors ?? {}} /> : null}
      <Link className="nhsuk-back-link" to="/evaluator">
        Evaluator dashboard
      </Link>
      <PageHeading caption="Evaluation">{page.procurement.title}</PageHeading>
      <p>
        You mark{" "}
        {page.sections.length === 0 ? "no sections" : page.sections.map((s) => `${s.number}. ${s.title}`).join("; ")}.
      </p>
      {!page.opened ? (
        <InsetText>The bids are not opened yet. They appear here once two members of staff have opened them.</InsetText>
      ) : page.bidders.length === 0 ? (
        <p>No bid counts on this tender.</p>
      ) : (
        <>
          <h2>Your declarations of interest</h2>
          <p>
            These organisations bid. For each one, declare whether you have a conflict of interest with it. A
            declaration is final; with a conflict you will not see that organisation&apos;s bid.
          </p>
          <Table
            head={["Bidding organisation", "Your declaration", ""]}
            rows={page.bidders.map((b) => [
              b.name,
              b.declaration ? (
                <span key="d">
                  {b.declaration.hasConflict ? (
                    <Tag colour="red">Conflict declared</Tag>
                  ) : (
                    <Tag colour="green">No conflict</Tag>
                  )}{" "}
                  {formatDateTime(b.declaration.declaredAt)}
                </span>
              ) : (
                <Tag key="d" colour="grey">
                  Not declared
                </Tag>
              ),
              b.declaration ? (
                ""
              ) : (
                <Link key="a" to={`${here}?declare=${b.organisationId}#declaration`}>
                  Declare<span className="nhsuk-u-visually-hidden"> for {b.name}</span>
                </Link>
              ),
            ])}
          />
          {declaring ? <DeclarationForm bidder={declaring} /> : null}
          <h2>Bids to mark</h2>
          {page.bids === null ? (
            <InsetText>
              <p>
                The bids are shown once you have declared for every bidder ({undeclared} still to declare). They are
                shown by label only, without names, and not in the order above.
              </p>
            </InsetText>
          ) : page.bids.length === 0 ? (
            <p>You have declared a conflict with every bidder: there is no bid for you to mark.</p>
          ) : (
            <>
              <p>Bids are shown by label only, so that who bid does not sway your marks.</p>
              <Table
                head={["Bid", "Your marking", ""]}
                rows={page.bids.map((b) => [
                  b.label,
                  <ProgressTag key="p" progress={b.progress} />,
                  <Link key="a" to={`${here}/bids/${b.bidId}`}>
                    {b.progress.state === "submitted" ? "See your marks" : "Read and mark"}
                    <span className="nhsuk-u-visually-hidden"> for {b.label}</span>
                  </Link>,
                ])}
              />
            </>
          )}
        </>
      )}
    </>
  );
}

function DeclarationForm({ bidder }: { bidder: Page["bidders"][number] }) {
  const form = useValidatedForm(DeclarationSchema, {});
  return (
    <section id="declaration">
      <h2>Declaration for {bidder.name}</h2>
      <ErrorSummary errors={form.errors} order={["form", "hasConflict", "details"]} />
      <Form method="post" noValidate onSubmit={form.onSubmit}>
        <input {...form.hidden("organisationId", bidder.organisationId)} />
        <Fieldset
          legend={`Do you have a conflict of interest with ${bidder.name}?`}
          hint="For example a financial interest, a past or present role with the bidder, or a close relationship with someone who works there."
          kind="radios"
          name="hasConflict"
          error={form.errors.hasConflict}
        >
          <Radio first label="No, I have no conflict of interest" {...form.radio("hasConflict", "no")} />
          <Radio label="Yes, I have a conflict of interest" {...form.radio("hasConflict", "yes")} />
        </Fieldset>
        <Textarea
          label="If you have a conflict, describe it"
          hint={`Staff read this in the conflicts register. Up to ${DETAILS_MAX_CHARS.toLocaleString("en-GB")} characters`}
          rows={4}
          {...form.field("details")}
        />
        <SubmitButton submitting={form.submitting}>Make the declaration</SubmitButton>
      </Form>
    </section>
  );
}
