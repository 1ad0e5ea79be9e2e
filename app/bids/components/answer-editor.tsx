// One question of the bid workspace: its answer form (a plain Save button without JavaScript,
// debounced autosave with it), a colleague's newer version when a save was refused, and for file
// questions the uploaded files with their SHA-256.
import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import {
  countWords,
  formatPence,
  formatUnitPrice,
  perUnit,
  priceTotals,
  type AnswerValue,
  type PassFailAnswer,
  type PriceAnswer,
  type PublishedQuestion,
  type TextAnswer,
} from "~/tenders/questionnaire";
import { ErrorMessage, FormGroup } from "~/components/fields";
import { formatBytes } from "~/storage/sizes";

export type EditorAnswer = { value: AnswerValue; version: number; updatedBy: string } | null;
export type EditorFile = { id: string; filename: string; size: number; sha256: string; addedBy: string };
/** What the question's action answers: saved, or refused with field errors (and the current answer when stale). */
export type SaveResponse =
  | { ok: true; version: number }
  | { ok: false; errors: Record<string, string>; values: Record<string, string | string[]>; current?: EditorAnswer };

const AUTOSAVE_MS = 1500;

/** A colleague's answer as it is now, shown read-only beside the caller's own text. */
export function AnswerValueView({ question, value }: { question: PublishedQuestion; value: AnswerValue }) {
  switch (question.kind) {
    case "pass_fail": {
      const v = value as PassFailAnswer;
      return (
        <>
          <p>
            <strong>{v.answer === "yes" ? "Yes" : v.answer === "no" ? "No" : "Not answered"}</strong>
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{v.evidence}</p>
        </>
      );
    }
    case "text":
      return <p style={{ whiteSpace: "pre-wrap" }}>{(value as TextAnswer).text}</p>;
    case "price": {
      const prices = (value as PriceAnswer).unitPrices ?? {};
      const totals = priceTotals(question.priceItems ?? [], prices);
      return (
        <ul className="nhsuk-list">
          {(question.priceItems ?? []).map((item) => (
            <li key={item.key}>
              {item.description}: {prices[item.key] ? formatUnitPrice(prices[item.key]) : "no price"}{" "}
              {perUnit(item.unit)}
            </li>
          ))}
          <li>
            <strong>Total: {formatPence(totals.totalPence)}</strong>
          </li>
        </ul>
      );
    }
    case "file":
      return null;
  }
}

export function AnswerEditor(props: {
  slug: string;
  question: PublishedQuestion;
  answer: EditorAnswer;
  files: EditorFile[];
  editable: boolean;
  /** After a refused save without JavaScript: the errors, the caller's values and the current answer. */
  refused?: Extract<SaveResponse, { ok: false }>;
}) {
  const { slug, question, editable } = props;
  const action = `/procurements/${slug}/bid/questions/${question.id}`;
  const fetcher = useFetcher<SaveResponse>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [hydrated, setHydrated] = useState(false);
  const [pending, setPending] = useState(false);
  const [version, setVersion] = useState(props.refused?.current?.version ?? props.answer?.version ?? 0);
  // The version the next save must carry, current at once: a save that goes the moment the last one
  // is back must not carry the version from before it (it would be refused as a colleague's change).
  const versionRef = useRef(version);
  const [status, setStatus] = useState<string | null>(null);
  // The latest save decides: a refusal shown after a post without JavaScript goes once a save succeeds.
  const refused = fetcher.data ? (fetcher.data.ok ? undefined : fetcher.data) : props.refused;
  const conflict = refused?.current !== undefined ? refused.current : undefined;
  const errors = refused?.errors ?? {};
  const values = props.refused?.values ?? {};
  const id = (name: string) => `q-${question.id}-${name.replace(/\W/g, "-")}`;

  useEffect(() => {
    setHydrated(true);
    return () => clearTimeout(timer.current);
  }, []);

  // A save came back: take its version (or, when refused as stale, the colleague's, so that saving
  // again knowingly replaces it).
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok) {
      versionRef.current = fetcher.data.version;
      setVersion(fetcher.data.version);
      setStatus("Saved");
    } else if (fetcher.data.current !== undefined) {
      versionRef.current = fetcher.data.current?.version ?? 0;
      setVersion(versionRef.current);
      setStatus(null);
    } else setStatus(null);
  }, [fetcher.state, fetcher.data]);

  // One save at a time, autosave or the Save button alike: a save asked for while another is on its
  // way goes once that one is back, with the version it returned.
  useEffect(() => {
    if (pending && fetcher.state === "idle" && formRef.current) {
      setPending(false);
      setStatus("Saving…");
      const form = new FormData(formRef.current);
      form.set("version", String(versionRef.current));
      fetcher.submit(form, { method: "post", action });
    }
  }, [pending, fetcher, fetcher.state, action]);

  /** The Save button, with JavaScript: queued like an autosave (which it makes unnecessary). */
  const saveNow = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    clearTimeout(timer.current);
    setPending(true);
  };

  const changed = () => {
    setStatus("Not saved yet");
    clearTimeout(timer.current);
    // After a refused save, nothing is sent until the person chooses to save again.
    if (conflict !== undefined || Object.keys(errors).length > 0) return;
    timer.current = setTimeout(() => setPending(true), AUTOSAVE_MS);
  };

  const initial = props.answer?.value;
  const str = (name: string, fallback: string) =>
    typeof values[name] === "string" ? (values[name] as string) : fallback;

  const [words, setWords] = useState(countWords(str("text", (initial as TextAnswer | undefined)?.text ?? "")));
  const [prices, setPrices] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      (question.priceItems ?? []).map((item) => [
        item.key,
        str(`unitPrice.${item.key}`, (initial as PriceAnswer | undefined)?.unitPrices?.[item.key] ?? ""),
      ]),
    ),
  );

  if (question.kind === "file") return <FileAnswer {...props} action={action} errors={errors} />;

  let fields: ReactNode = null;
  if (question.kind === "text") {
    const over = question.wordLimit !== null && words > question.wordLimit;
    fields = (
      <FormGroup error={errors.text}>
        <label className="nhsuk-label" htmlFor={id("text")}>
          Your answer
        </label>
        <ErrorMessage id={id("text")} error={errors.text} />
        <textarea
          className={`nhsuk-textarea${errors.text ? " nhsuk-textarea--error" : ""}`}
          id={id("text")}
          name="text"
          rows={10}
          disabled={!editable}
          defaultValue={str("text", (initial as TextAnswer | undefined)?.text ?? "")}
          aria-describedby={`${id("text")}-count`}
          onChange={(e) => {
            setWords(countWords(e.target.value));
            changed();
          }}
        />
        <p
          id={`${id("text")}-count`}
          className={`nhsuk-body-s ${over ? "nhsuk-error-message" : "nhsuk-hint"}`}
          aria-live="polite"
        >
          {question.wordLimit === null
            ? `${words} words`
            : over
              ? `${words} words: ${words - question.wordLimit} over the limit of ${question.wordLimit}`
              : `${words} of ${question.wordLimit} words`}
        </p>
      </FormGroup>
    );
  } else if (question.kind === "pass_fail") {
    const chosen = str("answer", (initial as PassFailAnswer | undefined)?.answer ?? "");
    fields = (
      <>
        <FormGroup error={errors.answer}>
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Do you meet this requirement?</legend>
            <ErrorMessage id={id("answer")} error={errors.answer} />
            <div className="nhsuk-radios nhsuk-radios--inline">
              {(["yes", "no"] as const).map((v) => (
                <div className="nhsuk-radios__item" key={v}>
                  <input
                    className="nhsuk-radios__input"
                    id={id(`answer-${v}`)}
                    name="answer"
                    type="radio"
                    value={v}
                    disabled={!editable}
                    defaultChecked={chosen === v}
                    onChange={changed}
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={id(`answer-${v}`)}>
                    {v === "yes" ? "Yes" : "No"}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </FormGroup>
        <FormGroup error={errors.evidence}>
          <label className="nhsuk-label" htmlFor={id("evidence")}>
            Evidence
          </label>
          <ErrorMessage id={id("evidence")} error={errors.evidence} />
          <textarea
            className="nhsuk-textarea"
            id={id("evidence")}
            name="evidence"
            rows={4}
            disabled={!editable}
            defaultValue={str("evidence", (initial as PassFailAnswer | undefined)?.evidence ?? "")}
            onChange={changed}
          />
        </FormGroup>
      </>
    );
  } else if (question.kind === "price") {
    const totals = priceTotals(question.priceItems ?? [], prices);
    fields = (
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Price schedule</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Quantity</th>
            <th scope="col">Unit price (£)</th>
            <th scope="col">Line total</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {(question.priceItems ?? []).map((item) => {
            const name = `unitPrice.${item.key}`;
            const line = totals.lines.find((l) => l.key === item.key);
            return (
              <tr key={item.key}>
                <td>{item.description}</td>
                <td>
                  {item.quantity} {item.unit}
                </td>
                <td>
                  <FormGroup error={errors[name]}>
                    <label className="nhsuk-label nhsuk-u-visually-hidden" htmlFor={id(name)}>
                      Unit price for {item.description}, {perUnit(item.unit)}
                    </label>
                    <ErrorMessage id={id(name)} error={errors[name]} />
                    <input
                      className="nhsuk-input nhsuk-input--width-10"
                      id={id(name)}
                      name={name}
                      inputMode="decimal"
                      disabled={!editable}
                      defaultValue={prices[item.key]}
                      onChange={(e) => {
                        setPrices((p) => ({ ...p, [item.key]: e.target.value }));
                        changed();
                      }}
                    />
                  </FormGroup>
                </td>
                <td>{line?.unitPence === null ? "–" : formatPence(line?.totalPence ?? 0)}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td aria-live="polite">
              <strong>{formatPence(totals.totalPence)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    );
  }

  return (
    <fetcher.Form method="post" action={action} ref={formRef} noValidate onSubmit={saveNow}>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="mode" value={hydrated ? "fetch" : "page"} />
      <input type="hidden" name="version" value={version} />
      {errors.form ? (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
          <h3 className="nhsuk-error-summary__title">This answer was not saved</h3>
          <div className="nhsuk-error-summary__body">
            <p>{errors.form}</p>
          </div>
        </div>
      ) : null}
      {conflict ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            <strong>{conflict.updatedBy}'s version, saved since you started:</strong>
          </p>
          <AnswerValueView question={question} value={conflict.value} />
        </div>
      ) : null}
      {fields}
      {editable ? (
        <div className="nhsuk-u-margin-bottom-4">
          <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
            Save<span className="nhsuk-u-visually-hidden"> answer to question {question.number}</span>
          </button>{" "}
          <span className="nhsuk-body-s nhsuk-u-secondary-text-color" role="status">
            {fetcher.state !== "idle" ? "Saving…" : status}
          </span>
        </div>
      ) : null}
    </fetcher.Form>
  );
}

function FileAnswer(props: {
  slug: string;
  question: PublishedQuestion;
  files: EditorFile[];
  editable: boolean;
  action: string;
  errors: Record<string, string>;
}) {
  const { question, files, editable, action, errors, slug } = props;
  const inputId = `q-${question.id}-file`;
  return (
    <>
      {files.length === 0 ? (
        <p>No files uploaded.</p>
      ) : (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
            Files for question {question.number}
          </caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256</th>
              <th scope="col">
                <span className="nhsuk-u-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {files.map((f) => (
              <tr key={f.id}>
                <td>
                  <a href={`/procurements/${slug}/bid/files/${f.id}`}>{f.filename}</a>
                </td>
                <td>{formatBytes(f.size)}</td>
                <td style={{ fontFamily: "monospace", wordBreak: "break-all", fontSize: "14px" }}>{f.sha256}</td>
                <td>
                  {editable ? (
                    <Form method="post" action={action}>
                      <input type="hidden" name="intent" value="remove-file" />
                      <input type="hidden" name="fileId" value={f.id} />
                      <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
                        Remove<span className="nhsuk-u-visually-hidden"> {f.filename}</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable ? (
        // Keyed on the files held: once an upload lands the form is new, and the chosen file is gone from it.
        <Form key={files.map((f) => f.id).join(",")} method="post" action={action} encType="multipart/form-data">
          <input type="hidden" name="intent" value="upload" />
          <FormGroup error={errors.file}>
            <label className="nhsuk-label" htmlFor={inputId}>
              Upload a file
            </label>
            <ErrorMessage id={inputId} error={errors.file} />
            <input className="nhsuk-file-upload" id={inputId} name="file" type="file" />
          </FormGroup>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            Upload<span className="nhsuk-u-visually-hidden"> a file for question {question.number}</span>
          </button>
        </Form>
      ) : null}
    </>
  );
}
