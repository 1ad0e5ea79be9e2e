// The published questionnaire as bidders read it: sections, questions, guidance, limits and weights.
import { QUESTION_KIND_LABELS, type PublishedQuestion, type PublishedQuestionnaire } from "../questionnaire";

export function WeightSummary({ weights }: { weights: { quality: number; price: number; total: number } }) {
  return (
    <p>
      Quality {weights.quality}% and price {weights.price}%: {weights.total}% in total
      {weights.total === 100 ? "." : ". They must add up to 100% before the tender can be published."}
    </p>
  );
}

const megabytes = (bytes: number) => +(bytes / (1024 * 1024)).toFixed(1);

/** What a question asks for, in a line: its kind, weight and limits. */
export function questionTerms(
  q: Pick<PublishedQuestion, "kind" | "weight" | "wordLimit" | "maxBytes" | "required">,
  typeLabels?: string[],
) {
  const terms: string[] = [QUESTION_KIND_LABELS[q.kind]];
  terms.push(q.kind === "pass_fail" ? "pass or fail, not scored" : `weight ${q.weight ?? 0}%`);
  if (q.kind === "text" && q.wordLimit) terms.push(`up to ${q.wordLimit.toLocaleString("en-GB")} words`);
  if (q.kind === "file" && q.maxBytes)
    terms.push(`${typeLabels?.join(", ") ?? "file"} up to ${megabytes(q.maxBytes)} MB`);
  if (!q.required) terms.push("optional");
  return terms.join(", ");
}

export function QuestionnaireView({
  questionnaire,
  typeLabels,
}: {
  questionnaire: PublishedQuestionnaire;
  typeLabels: Record<string, string>;
}) {
  return (
    <>
      {questionnaire.sections.map((section) => (
        <section key={section.id}>
          <h3 className="nhsuk-heading-m">
            {section.number}. {section.title}
          </h3>
          {section.description ? <p style={{ whiteSpace: "pre-line" }}>{section.description}</p> : null}
          {section.questions.map((q) => (
            <div key={q.id} className="nhsuk-card">
              <div className="nhsuk-card__content">
                <h4 className="nhsuk-card__heading nhsuk-heading-s">
                  {q.number} {q.title}
                </h4>
                <p className="nhsuk-hint">
                  {questionTerms(
                    q,
                    (q.allowedTypes ?? []).map((t) => typeLabels[t] ?? t),
                  )}
                </p>
                {q.guidance ? <p style={{ whiteSpace: "pre-line" }}>{q.guidance}</p> : null}
                {q.kind === "price" && q.priceItems?.length ? (
                  <table className="nhsuk-table">
                    <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
                      Price lines: bidders give a unit price for each
                    </caption>
                    <thead className="nhsuk-table__head">
                      <tr className="nhsuk-table__row">
                        <th scope="col" className="nhsuk-table__header">
                          Item
                        </th>
                        <th scope="col" className="nhsuk-table__header">
                          Unit
                        </th>
                        <th scope="col" className="nhsuk-table__header">
                          Quantity
                        </th>
                      </tr>
                    </thead>
                    <tbody className="nhsuk-table__body">
                      {q.priceItems.map((item) => (
                        <tr key={item.key} className="nhsuk-table__row">
                          <td className="nhsuk-table__cell">{item.description}</td>
                          <td className="nhsuk-table__cell">{item.unit}</td>
                          <td className="nhsuk-table__cell">{item.quantity.toLocaleString("en-GB")}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </div>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
