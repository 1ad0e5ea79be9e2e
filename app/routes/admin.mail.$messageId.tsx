import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { found } from "~/refusals.server";
import { PageHeading, SummaryList } from "~/components/page";
import { formatDateTime } from "~/time";
import { findSentMail } from "~/mail/sent-mail.server";

export const meta: MetaFunction = () => [{ title: "Email – AI Imaging Platform procurement" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const message = found(await findSentMail(admin, params.messageId ?? ""));
  return {
    to: message.to,
    subject: message.subject,
    // Outside the demo, findSentMail has already withheld what carries a single-use link or code.
    text: message.text,
    status: message.status,
    attempts: message.attempts,
    lastError: message.lastError,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
    attachments: message.attachments.map((a) => a.filename),
  };
}

export default function MailMessage() {
  const m = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to="/admin/mail">
        Sent mail
      </Link>
      <PageHeading caption="Sent mail">{m.subject}</PageHeading>
      <SummaryList
        rows={[
          { key: "To", value: m.to },
          { key: "Queued", value: formatDateTime(m.createdAt) },
          {
            key: "Status",
            value: `${m.status}${m.sentAt ? `, ${formatDateTime(m.sentAt)}` : ""} (${m.attempts} tries)`,
          },
          ...(m.lastError ? [{ key: "Last error", value: m.lastError }] : []),
          ...(m.attachments.length ? [{ key: "Attachments", value: m.attachments.join(", ") }] : []),
        ]}
      />
      <h2 className="nhsuk-heading-m">Plain-text version</h2>
      <div className="portal-mail-body">{m.text}</div>
    </>
  );
}
