import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { InsetText, PageHeading, SummaryList, Table, Tag } from "~/components/page";
import { PACK_SECTIONS } from "~/evaluation/scoring-pack";
import { scoringPack } from "~/evaluation/scoring-pack.server";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Scoring pack: ${data?.pack.procurementTitle ?? "procurement"} – AI Imaging Platform procurement` },
];

// The scoring pack as a page (staff and admins): the HTML equivalent of the PDF, section for section.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["staff", "admin"] });
  const procurement = await requireProcurement(params.slug);
  return { slug: procurement.slug, pack: await scoringPack(user, procurement) };
}

const sectionId = (index: number) => `section-${index + 1}`;

export default function ScoringPackPage() {
  const { slug, pack } = useLoaderData<typeof loader>();
  return (
    <>
      <Link className="nhsuk-back-link" to={`/staff/procurements/${slug}/evaluation/ranking`}>
        Ranking and award
      </Link>
      <p>
        <Tag colour="red">{pack.marking}</Tag>
      </p>
      <PageHeading caption={pack.procurementTitle}>Scoring pack</PageHeading>
      <p>
        <a href={`/procurements/${slug}/scoring-pack.pdf`}>Download the scoring pack as a PDF</a>
      </p>
      <SummaryList
        rows={[...pack.facts, { name: "Generated", value: `${pack.generatedAtText} (UK time)` }].map((f) => ({
          key: f.name,
          value: f.value,
        }))}
      />
      <InsetText>
        <p>
          This pack holds bidders' commercial information and the evaluation panel's deliberations. Share it only with
          the evaluation panel, the approvers of the award and the audit file.
        </p>
      </InsetText>
      <h2 className="nhsuk-heading-m">Contents</h2>
      <ol className="nhsuk-list nhsuk-list--number">
        {PACK_SECTIONS.map((title, i) => (
          <li key={title}>
            <a href={`#${sectionId(i)}`}>{title}</a>
          </li>
        ))}
      </ol>

      <h2 className="nhsuk-heading-l" id={sectionId(0)}>
        1 Methodology and weights
      </h2>
      <p>{pack.methodology.scale}</p>
      <ul>
        {pack.methodology.descriptors.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
      <p>{pack.methodology.priceFormula}</p>
      <p>{pack.methodology.passFail}</p>
      <p>{pack.methodology.tieBreak}</p>
      <p>{pack.methodology.moderation}</p>
      <Table
        caption="Criteria and weights"
        head={["Question", "Criterion", "Type", "Weight", "Available"]}
        rows={[
          ...pack.criteria.map((c) => [c.number, c.title, c.kind, c.weight, c.available]),
          ["", "Quality in total", "", pack.weights.quality, ""],
          ["", "Price in total", "", pack.weights.price, ""],
        ]}
      />

      <h2 className="nhsuk-heading-l" id={sectionId(1)}>
        2 Ranking
      </h2>
      <Table
        head={["Rank", "Bidder", "Organisation", "Quality", "Price", "Total", "Standing"]}
        rows={pack.ranking.map((r) => [r.rank, r.label, r.organisation, r.quality, r.price, r.total, r.status])}
      />
      <ul className="nhsuk-list nhsuk-list--bullet">
        {pack.rankingNotes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>

      <h2 className="nhsuk-heading-l" id={sectionId(2)}>
        3 Award decision
      </h2>
      {pack.award ? (
        <SummaryList rows={pack.award.map((f) => ({ key: f.name, value: f.value }))} />
      ) : (
        <p>No award decision has been recorded yet.</p>
      )}

      <h2 className="nhsuk-heading-l" id={sectionId(3)}>
        4 Scores by bid
      </h2>
      {pack.bids.map((bid, i) => (
        <section key={bid.label}>
          <h3 className="nhsuk-heading-m">
            4.{i + 1} {bid.label}: {bid.organisation}
          </h3>
          <p className="nhsuk-body-s">
            {bid.standing}. Receipt {bid.reference}, submitted {bid.submittedAtText} (UK time).
          </p>
          {bid.questions.map((q) => (
            <div key={q.number} className="nhsuk-u-margin-bottom-5">
              <h4 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
                {q.number} {q.title}{" "}
                <span className="nhsuk-body-s">
                  ({q.kind}, {q.weight})
                </span>
              </h4>
              {q.marks.length > 0 ? (
                <Table
                  head={["Evaluator", "Mark", "Justification"]}
                  rows={q.marks.map((m) => [m.evaluator, m.mark, m.justification])}
                />
              ) : null}
              {q.notScoredBy.length > 0 ? (
                <p className="nhsuk-body-s">Not scored by: {q.notScoredBy.join(", ")}</p>
              ) : null}
              {q.consensus ? (
                <InsetText>
                  <p>
                    <strong>
                      Consensus: {q.consensus.mark}
                      {q.consensus.points ? ` (${q.consensus.points})` : ""}
                    </strong>
                  </p>
                  <p style={{ whiteSpace: "pre-line" }}>{q.consensus.rationale}</p>
                  <p className="nhsuk-body-s">{q.consensus.byline}</p>
                </InsetText>
              ) : (
                <p>No consensus recorded yet.</p>
              )}
            </div>
          ))}
        </section>
      ))}

      <h2 className="nhsuk-heading-l" id={sectionId(4)}>
        5 Conflicts of interest register
      </h2>
      {pack.conflicts.length === 0 ? (
        <p>No declarations have been made.</p>
      ) : (
        <Table
          head={["Evaluator", "Bid", "Declaration", "Details", "Declared"]}
          rows={pack.conflicts.map((c) => [c.evaluator, c.bid, c.declaration, c.details, c.declaredAtText])}
        />
      )}

      <h2 className="nhsuk-heading-l" id={sectionId(5)}>
        6 Key events from the audit log
      </h2>
      <Table
        head={["When (UK time)", "What", "Who", "Detail"]}
        rows={pack.events.map((e) => [e.atText, e.what, e.who, e.detail])}
      />
      <p>
        <Tag colour="red">{pack.marking}</Tag>
      </p>
    </>
  );
}
