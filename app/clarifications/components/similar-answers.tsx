// Published answers that look like the question being typed, so a supplier need not ask twice.
import { Link } from "@remix-run/react";

export type SimilarAnswer = { anchor: string; label: string; question: string; answer: string };

export function SimilarAnswers({ slug, results }: { slug: string; results: SimilarAnswer[] }) {
  return (
    <div aria-live="polite" id="similar-answers">
      {results.length > 0 ? (
        <div className="nhsuk-inset-text nhsuk-u-margin-top-0">
          <h2 className="nhsuk-heading-s">Answers already published that may help</h2>
          <ul className="nhsuk-list">
            {results.map((r) => (
              <li key={r.anchor} className="nhsuk-u-margin-bottom-3">
                <Link to={`/procurements/${slug}/clarifications#${r.anchor}`} target="_blank" rel="noopener">
                  {r.label}
                  <span className="nhsuk-u-visually-hidden"> (opens in a new tab)</span>
                </Link>
                : {r.question}
                <br />
                <span className="nhsuk-body-s">Answer: {r.answer}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
