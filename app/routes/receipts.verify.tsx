import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { VerifyReceiptSchema } from "~/bids/schema";
import { verifyReceipt } from "~/bids/sealed.server";
import { ErrorSummary } from "~/components/error-summary";
import { TextInput } from "~/components/fields";
import { InsetText, PageHeading, SubmitButton } from "~/components/page";
import { zodErrors } from "~/forms.server";
import { formatDateTimeToSecond } from "~/time";

export const meta: MetaFunction = () => [{ title: "Check a bid receipt – AI Imaging Platform procurement" }];

// Public: anyone holding a receipt can check it. A GET form, so the answer can be bookmarked.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const values = { reference: url.searchParams.get("reference") ?? "", digest: url.searchParams.get("digest") ?? "" };
  const none: Record<string, string> = {};
  if (!url.searchParams.has("reference") && !url.searchParams.has("digest")) {
    return { values, errors: none, check: null };
  }
  const parsed = VerifyReceiptSchema.safeParse(values);
  if (!parsed.success) return { values, errors: zodErrors(parsed.error), check: null };
  return { values, errors: none, check: await verifyReceipt(parsed.data.reference, parsed.data.digest) };
}

const STATUS_TEXT = {
  counting: "It is the bidder's latest submission: it counts.",
  superseded: "A later submission by the same bidder replaced it.",
  withdrawn: "The bidder withdrew it.",
};

export default function VerifyReceipt() {
  const { values, errors, check } = useLoaderData<typeof loader>();
  return (
    <>
      <ErrorSummary errors={errors} order={["reference", "digest"]} />
      <PageHeading>Check a bid receipt</PageHeading>
      <p>
        Enter the reference and the SHA-256 digest from a bid receipt. We tell you whether the portal holds a submission
        with both. We never show what the bid says or who sent it.
      </p>
      {check ? (
        check.found ? (
          <div className="nhsuk-inset-text" role="status">
            <h2 className="nhsuk-heading-m">This receipt matches a submission</h2>
            <p>
              The portal holds a submission for <strong>{check.procurementTitle}</strong> with this reference and
              digest, received by the portal on {formatDateTimeToSecond(check.submittedAt)} (UK time).{" "}
              {STATUS_TEXT[check.status]}
            </p>
            {check.opened ? (
              check.recomputedMatches ? (
                <p>
                  The bids have been opened. We recomputed the digest from the stored submission:{" "}
                  <strong>it matches</strong>.
                </p>
              ) : (
                <p>
                  <strong>The digest recomputed from the stored submission does not match.</strong> Contact the NHS AI
                  Lab commercial team.
                </p>
              )
            ) : (
              <p>
                The bids have not been opened yet: they stay sealed until the deadline has passed and two staff open
                them.
              </p>
            )}
          </div>
        ) : (
          <InsetText>
            <h2 className="nhsuk-heading-m">No submission matches</h2>
            <p>The portal holds no submission with this reference and this digest. Check both against your receipt.</p>
          </InsetText>
        )
      ) : null}
      <Form method="get" noValidate>
        <TextInput
          label="Reference"
          hint="For example, AIP-BID-2026-7K3M9QXD"
          name="reference"
          defaultValue={values.reference}
          error={errors.reference}
          width={20}
        />
        <TextInput
          label="SHA-256 digest"
          hint="64 characters, 0 to 9 and a to f"
          name="digest"
          defaultValue={values.digest}
          error={errors.digest}
          spellCheck={false}
          autoComplete="off"
        />
        <SubmitButton>Check receipt</SubmitButton>
      </Form>
    </>
  );
}
