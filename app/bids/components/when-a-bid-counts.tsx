// The rule on when a bid counts, in plain English, as the tender page and the submit page state it
// to bidders (decision 026).
import { formatDateTime } from "~/time";

export function WhenABidCounts({ deadline }: { deadline: Date | string | null }) {
  return (
    <>
      <h2 className="nhsuk-heading-m" id="when-a-bid-counts">
        When a bid counts
      </h2>
      <p>
        {deadline ? (
          <>
            The deadline is <strong>{formatDateTime(deadline)}</strong> (UK time).{" "}
          </>
        ) : null}
        What counts is the time the portal receives your submit request: the moment it has the whole of your request to
        submit, to the second, by the portal's clock. If that is before the deadline, your bid counts. If it is at or
        after the deadline, your bid is refused and your attempt is recorded in the late bids register.
      </p>
      <p>
        Upload your files and finish your answers before you submit: the submit request itself is small, and your bid is
        made of what your draft holds when the portal records it.
      </p>
      <p>
        Your receipt states the time the portal received your submit request, to the second. We email it to everyone in
        your organisation.
      </p>
      <p>
        If the portal is busy near the deadline, your bid may take a little longer to record. A bid the portal received
        before the deadline still counts: if recording it takes longer, the portal keeps trying by itself and emails
        your receipt when it is done. You do not need to submit again.
      </p>
    </>
  );
}
