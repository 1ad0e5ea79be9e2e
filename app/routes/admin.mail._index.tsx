import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { PageHeading, Table, Tag } from "~/components/page";
import { config } from "~/config.server";
import { queryPage, readQuery } from "~/query";
import { formatDateTime } from "~/time";
import { listSentMail } from "~/mail/sent-mail.server";

export const meta: MetaFunction = () => [{ title: "Sent mail – AI Imaging Platform procurement" }];

const PAGE_SIZE = 50;
const SentMailPageSchema = z.object({ page: queryPage });

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUser(request, { role: "admin" });
  const page = readQuery(request, SentMailPageSchema).page ?? 1;
  const messages = await listSentMail(admin, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    delivery: config().smtpUrl ? "SMTP" : `files in ${config().mailDir}`,
    demo: config().demoInstance,
    page,
    more: messages.length === PAGE_SIZE,
    messages: messages.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      status: m.status,
      attempts: m.attempts,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      lastError: m.lastError,
    })),
  };
}

const COLOURS = { sent: "green", pending: "blue", failed: "red" } as const;

export default function SentMail() {
  const { messages, delivery, page, more, demo } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeading caption="Administration">Sent mail</PageHeading>
      <p>Every email the portal sends goes through its outbox. Mail is delivered by {delivery}.</p>
      {demo ? (
        <p>This is the demo: every email is shown in full, so that you can follow the links it sends.</p>
      ) : (
        <p>
          Emails that carry a single-use link or code (invitations, password resets, email and sign-in checks) are
          listed, but their text is not shown: only the person they were sent to may use them.
        </p>
      )}
      <Table
        caption="Emails, newest first"
        head={["Queued", "To", "Subject", "Status", "Tries"]}
        rows={messages.map((m) => [
          formatDateTime(m.createdAt),
          m.to,
          <Link key="s" to={`/admin/mail/${m.id}`}>
            {m.subject}
          </Link>,
          <Tag key="t" colour={COLOURS[m.status]}>
            {m.status}
          </Tag>,
          m.attempts,
        ])}
      />
      <p>
        {page > 1 ? <Link to={`/admin/mail?page=${page - 1}`}>Newer</Link> : null}{" "}
        {more ? <Link to={`/admin/mail?page=${page + 1}`}>Older</Link> : null}
      </p>
    </>
  );
}
