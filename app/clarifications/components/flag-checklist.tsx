// The identifying-text flags of a draft, each with the box the drafter ticks to confirm it may stay.
import { Checkbox, Fieldset } from "~/components/fields";
import type { IdentifyingFlag } from "../identifying-text";

export function FlagChecklist({
  flags,
  confirmed,
  error,
  privateAnswer,
}: {
  flags: IdentifyingFlag[];
  confirmed: string[];
  error?: string;
  privateAnswer?: boolean;
}) {
  if (flags.length === 0) {
    return (
      <p className="nhsuk-body-s" aria-live="polite">
        <strong>No text that may identify the asker was found.</strong> Read the text again before you save: the check
        finds names, email and web addresses, phone numbers and company numbers, not everything.
      </p>
    );
  }
  return (
    <div aria-live="polite">
      <Fieldset
        legend={`${flags.length} ${flags.length === 1 ? "piece" : "pieces"} of text may identify the asker`}
        hint={
          privateAnswer
            ? "This answer goes to the asking organisation only, so these may stay."
            : "Remove each one from the text, or tick it to confirm that it may be published: the answer cannot be published while any is left unconfirmed."
        }
        name="confirmFlags"
        error={error}
      >
        {flags.map((flag, index) => (
          <Checkbox
            key={flag.key}
            name="confirmFlags"
            value={flag.key}
            id={index === 0 ? undefined : `confirm-flag-${index}`}
            defaultChecked={confirmed.includes(flag.key)}
            label={
              <>
                <mark>{flag.text}</mark>: {flag.label.toLowerCase()}, in {flag.fields.join(" and ")}. It may be
                published.
              </>
            }
          />
        ))}
      </Fieldset>
    </div>
  );
}
