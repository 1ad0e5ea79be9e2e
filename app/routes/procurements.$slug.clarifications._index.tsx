import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { clarificationWindow } from "~/clarifications/asking.server";
import { clarificationLog } from "~/clarifications/log.server";
import { LogEntry } from "~/clarifications/components/log-entry";
import { filterQuery, LogFilters } from "~/clarifications/components/log-filters";
import { logFiltersFrom } from "~/clarifications/schema";
import { InsetText, PageHeading, SubmitButton } from "~/components/page";
import { Pagination } from "~/components/pagination";
import { requireProcurement } from "~/procurements/procurements.server";
import { formatDateTime } from "~/time";
import { shareablePage } from "~/page-cache";

// Shown again to the same caller until anything is recorded (decision 030).
export const headers = shareablePage;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Clarification log: ${data?.procurement.title ?? ""} – AI Imaging Platform procurement` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const procurement = await requireProcurement(params.slug);
  const filters = logFiltersFrom(new URL(request.url));
  const log = await clarificationLog(user, procurement, filters);
  const window = clarificationWindow(procurement);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    viewer: { role: user.role },
    window: { open: window.open, deadline: window.deadline },
    filters,
    ...log,
  };
}

export default function ClarificationLog() {
  const { procurement, viewer, window, filters, access, entries, total, page, pageCount, documents } =
    useLoaderData<typeof loader>();
  const base = `/procurements/${procurement.slug}/clarifications`;
  const filtered = Boolean(
    filters.q || filters.document || filters.section || filters.number || filters.from || filters.to || filters.amended,
  );
  const query = filterQuery(filters);
  return (
    <>
      <Link className="nhsuk-back-link" to={`/procurements/${procurement.slug}`}>
        {procurement.title}
      </Link>
      <PageHeading caption={procurement.title}>Clarification log</PageHeading>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <p>
            Every answer to a clarification question, published to all suppliers registered on this procurement without
            saying who asked. Answers are numbered and dated; an amended answer keeps its earlier versions.
          </p>
          {window.deadline ? (
            <p>
              {window.open ? "Ask clarification questions by " : "Clarification questions closed on "}
              <strong>{formatDateTime(window.deadline)}</strong> (UK time).
            </p>
          ) : null}
        </div>
      </div>

      {access === "register-interest" ? (
        <Form method="post" action={`/procurements/${procurement.slug}/interest`}>
          <InsetText>
            <p>
              The clarification log is published to the suppliers registered on this procurement. Register your
              organisation's interest to read it, ask questions and be emailed when answers are published.
            </p>
          </InsetText>
          <SubmitButton>Register interest</SubmitButton>
        </Form>
      ) : (
        <>
          {viewer.role === "supplier" ? (
            <ul className="nhsuk-list">
              {window.open ? (
                <li>
                  <Link to={`${base}/ask`}>Ask a clarification question</Link>
                </li>
              ) : null}
              <li>
                <Link to={`${base}/questions`}>Your organisation's questions and their status</Link>
              </li>
            </ul>
          ) : null}
          {viewer.role === "staff" ? (
            <p>
              <Link to={`/staff/procurements/${procurement.slug}/clarifications`}>
                Questions waiting to be answered
              </Link>
            </p>
          ) : null}
          <LogFilters filters={filters} documents={documents} />
          <p>
            Download {filtered ? "these answers" : "the log"}: <a href={`${base}.csv${query}`}>spreadsheet (CSV)</a> or{" "}
            <a href={`${base}.pdf${query}`}>PDF</a>
          </p>
          <h2 className="nhsuk-heading-m" aria-live="polite">
            {total} {total === 1 ? "answer" : "answers"}
            {filtered ? (total === 1 ? " matches your search" : " match your search") : ""}
            {pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
          </h2>
          {entries.length === 0 && !filtered ? <p>No answers have been published yet.</p> : null}
          {entries.map((entry) => (
            <LogEntry key={entry.anchor} entry={entry} />
          ))}
          <Pagination
            page={page}
            pageCount={pageCount}
            hrefFor={(p) => `${base}${filterQuery(filters, p)}`}
            label="Pages of the clarification log"
          />
        </>
      )}
    </>
  );
}
