// The labels bids are known by to the evaluation panel: "Bidder A", "Bidder B"… (decision 009). The seal
// gives evaluators bids by these labels only (./seal/evaluator.server.ts).

/** "Bidder A" … "Bidder Z", then "Bidder AA", "Bidder AB"… */
export function bidderLabel(index: number): string {
  let letters = "";
  for (let n = index; n >= 0; n = Math.floor(n / 26) - 1) letters = String.fromCharCode(65 + (n % 26)) + letters;
  return `Bidder ${letters}`;
}
