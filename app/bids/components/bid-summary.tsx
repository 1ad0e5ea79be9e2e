// The bid's checklist of what is incomplete, and every submission made (each version is kept).
import { Form, Link } from "@remix-run/react";
import { SubmitButton, Table, Tag } from "~/components/page";
import { formatDateTimeToSecond } from "~/time";
import type { ChecklistItem } from "../checklist";

export function Checklist({ items }: { items: ChecklistItem[] }) {
  if (items.length === 0) return <p>Every required answer is complete.</p>;
  return (
    <ul className="nhsuk-list nhsuk-list--bullet" aria-label="Incomplete answers">
      {items.map((item) => (
        <li key={`${item.questionId}-${item.problem}`}>
          <a href={`#question-${item.questionId}`}>
            {item.number} {item.title}
          </a>
          : {item.problem}
        </li>
      ))}
    </ul>
  );
}

type Submission = {
  reference: string;
  sequence: number;
  submittedAt: Date;
  submittedBy: string;
  digest: string;
  withdrawnAt: Date | null;
  supersededAt: Date | null;
};

export function SubmissionHistory({
  slug,
  submissions,
  withdrawable,
}: {
  slug: string;
  submissions: Submission[];
  withdrawable: boolean;
}) {
  if (submissions.length === 0) return <p>Your organisation has not submitted this bid yet.</p>;
  return (
    <Table
      caption="Every submission of your bid"
      head={["Reference", "Received (UK time)", "Status", ""]}
      rows={submissions.map((s) => [
        <Link key="ref" to={`/procurements/${slug}/bid/receipts/${s.reference}`}>
          {s.reference}
        </Link>,
        `${formatDateTimeToSecond(s.submittedAt)} by ${s.submittedBy}`,
        s.withdrawnAt ? (
          <Tag key="status" colour="grey">
            Withdrawn
          </Tag>
        ) : s.supersededAt ? (
          <Tag key="status" colour="grey">
            Replaced
          </Tag>
        ) : (
          <Tag key="status" colour="green">
            Counts
          </Tag>
        ),
        !s.withdrawnAt && !s.supersededAt && withdrawable ? (
          <Form key="withdraw" method="post" action={`/procurements/${slug}/bid?index`}>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="reference" value={s.reference} />
            <SubmitButton warning>
              Withdraw<span className="nhsuk-u-visually-hidden"> bid {s.reference}</span>
            </SubmitButton>
          </Form>
        ) : (
          ""
        ),
      ])}
    />
  );
}
