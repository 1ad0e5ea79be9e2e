// The evaluation arithmetic a panel and a court would check by hand: price points by formula,
// weighted quality, pass/fail exclusion, the tie-break rule, spreads flagged to the moderator,
// and the standstill end date against England and Wales bank holidays.
import { describe, expect, it } from "vitest";
import bankHolidays from "../../app/evaluation/bank-holidays-england-and-wales.json";
import {
  formatPoints,
  rankBids,
  scoreDescriptors,
  scoreSpread,
  type ConsensusMark,
  type RankingBid,
  type RankingQuestion,
  type TieBreak,
} from "../../app/evaluation/ranking";
import { addWorkingDays, isWorkingDay, standstillEndsOn } from "../../app/evaluation/standstill";

// Quality 70 (clinical safety 40, implementation plan 30) and price 30, behind an insurance gate.
const QUESTIONS: RankingQuestion[] = [
  { id: "insurance", number: "1.1", title: "Clinical negligence insurance", kind: "pass_fail", weight: null },
  { id: "safety", number: "2.1", title: "Clinical safety case", kind: "text", weight: 40 },
  { id: "plan", number: "2.2", title: "Implementation plan", kind: "file", weight: 30 },
  { id: "price", number: "3.1", title: "Price schedule", kind: "price", weight: 30 },
];

const POUND = 100;
const passes: ConsensusMark = { score: null, pass: true, rationale: "Certificate for £10m provided." };

function bid(
  label: string,
  scores: { safety: number; plan: number },
  pounds: number,
  insurance: ConsensusMark = passes,
): RankingBid {
  return {
    bidId: label.toLowerCase().replace(" ", "-"),
    label,
    consensus: {
      insurance,
      safety: { score: scores.safety, pass: null, rationale: `Safety case scored ${scores.safety}.` },
      plan: { score: scores.plan, pass: null, rationale: `Plan scored ${scores.plan}.` },
    },
    priceTotals: { price: pounds * POUND },
  };
}

function rank(bids: RankingBid[], tieBreak: TieBreak = "quality") {
  return rankBids({ questions: QUESTIONS, bids, scaleMax: 4, tieBreak });
}

function byLabel(ranking: ReturnType<typeof rank>, label: string) {
  const found = ranking.find((b) => b.label === label);
  if (!found) throw new Error(`${label} is not in the ranking`);
  return found;
}

describe("price points", () => {
  it("gives the lowest compliant price the full weight and the others lowest ÷ theirs × weight", () => {
    const ranking = rank([
      bid("Bidder A", { safety: 2, plan: 2 }, 800_000),
      bid("Bidder B", { safety: 4, plan: 3 }, 1_000_000),
      bid("Bidder C", { safety: 3, plan: 4 }, 1_200_000),
    ]);

    expect(byLabel(ranking, "Bidder A").price).toBeCloseTo(30, 10);
    expect(byLabel(ranking, "Bidder B").price).toBeCloseTo(24, 10);
    expect(byLabel(ranking, "Bidder C").price).toBeCloseTo(20, 10);
    const priceLine = byLabel(ranking, "Bidder B").questions.find((q) => q.number === "3.1");
    expect(priceLine?.rationale).toBe("Lowest compliant price £800,000.00 ÷ this bid's £1,000,000.00 × 30 = 24.00.");
    expect(byLabel(ranking, "Bidder C").totalPricePence).toBe(120_000_000);
  });

  it("gives a bid with no price no price points, and does not treat it as the lowest", () => {
    const unpriced = bid("Bidder A", { safety: 4, plan: 4 }, 0);
    const ranking = rank([unpriced, bid("Bidder B", { safety: 2, plan: 2 }, 1_000_000)]);

    expect(byLabel(ranking, "Bidder A").price).toBe(0);
    expect(byLabel(ranking, "Bidder A").questions[3].rationale).toBe("No total price, so no price points.");
    expect(byLabel(ranking, "Bidder B").price).toBe(30);
  });
});

describe("weighted totals", () => {
  it("scores consensus ÷ scale × weight, adds quality 70 and price 30 out of 100, and ranks by total", () => {
    const ranking = rank([
      bid("Bidder A", { safety: 2, plan: 2 }, 800_000),
      bid("Bidder B", { safety: 4, plan: 3 }, 1_000_000),
      bid("Bidder C", { safety: 3, plan: 4 }, 1_200_000),
      bid("Bidder D", { safety: 4, plan: 4 }, 800_000),
    ]);

    expect(ranking.map((b) => [b.label, b.rank, formatPoints(b.quality), formatPoints(b.total)])).toEqual([
      ["Bidder D", 1, "70.00", "100.00"],
      ["Bidder B", 2, "62.50", "86.50"],
      ["Bidder C", 3, "60.00", "80.00"],
      ["Bidder A", 4, "35.00", "65.00"],
    ]);
    const safety = byLabel(ranking, "Bidder B").questions[1];
    expect(safety).toMatchObject({
      number: "2.1",
      available: 40,
      raw: 4,
      weighted: 40,
      rationale: "Safety case scored 4.",
    });
    expect(ranking.every((b) => b.tieBreak === null)).toBe(true);
  });

  it("refuses a consensus score outside the tender's scale", () => {
    expect(() => rank([bid("Bidder A", { safety: 5, plan: 2 }, 800_000)])).toThrow(
      "Bidder A's consensus score on 2.1 is 5, outside 0 to 4",
    );
  });
});

describe("pass/fail exclusion", () => {
  it("excludes a bid that fails at consensus, with the moderator's reason, and ignores its lower price", () => {
    const fails: ConsensusMark = { score: null, pass: false, rationale: "No clinical negligence cover evidenced." };
    const ranking = rank([
      bid("Bidder A", { safety: 4, plan: 4 }, 600_000, fails),
      bid("Bidder B", { safety: 3, plan: 3 }, 800_000),
      bid("Bidder C", { safety: 3, plan: 3 }, 1_000_000),
    ]);

    const excluded = byLabel(ranking, "Bidder A");
    expect(excluded.excluded).toEqual({
      number: "1.1",
      title: "Clinical negligence insurance",
      reason: "No clinical negligence cover evidenced.",
    });
    expect(excluded.rank).toBeNull();
    expect(ranking.at(-1)?.label).toBe("Bidder A");
    expect(byLabel(ranking, "Bidder B")).toMatchObject({ rank: 1, price: 30 });
    expect(byLabel(ranking, "Bidder C").price).toBeCloseTo(24, 10);
  });

  it("leaves a bid without consensus on every question unranked, naming the questions, its price not the lowest", () => {
    const unfinished = bid("Bidder A", { safety: 4, plan: 4 }, 500_000);
    delete unfinished.consensus.plan;
    unfinished.consensus.insurance = { score: null, pass: null, rationale: "" };
    const ranking = rank([unfinished, bid("Bidder B", { safety: 3, plan: 3 }, 800_000)]);

    expect(byLabel(ranking, "Bidder A")).toMatchObject({ missing: ["1.1", "2.2"], rank: null, excluded: null });
    expect(byLabel(ranking, "Bidder B")).toMatchObject({ rank: 1, price: 30 });
  });
});

describe("ties", () => {
  // Bidder P: quality 55 + price 30 = 85. Bidder Q: quality 60 + price 800k ÷ 960k × 30 = 25 → 85.
  const bidderP = bid("Bidder P", { safety: 4, plan: 2 }, 800_000);
  const bidderQ = bid("Bidder Q", { safety: 3, plan: 4 }, 960_000);

  it("puts the higher quality score first by default, and says why", () => {
    const ranking = rank([bidderP, bidderQ]);

    expect(ranking.map((b) => [b.label, b.rank, formatPoints(b.total)])).toEqual([
      ["Bidder Q", 1, "85.00"],
      ["Bidder P", 2, "85.00"],
    ]);
    expect(byLabel(ranking, "Bidder Q").tieBreak).toBe(
      "Total 85.00, equal to Bidder P. Placed above Bidder P by the tie-break rule (higher quality score first): " +
        "60.00 quality points against 55.00 quality points for Bidder P.",
    );
    expect(byLabel(ranking, "Bidder P").tieBreak).toContain("Placed below Bidder Q");
  });

  it("puts the lower total price first when the tender says price", () => {
    const ranking = rank([bidderQ, bidderP], "price");

    expect(ranking.map((b) => [b.label, b.rank])).toEqual([
      ["Bidder P", 1],
      ["Bidder Q", 2],
    ]);
    expect(byLabel(ranking, "Bidder P").tieBreak).toBe(
      "Total 85.00, equal to Bidder Q. Placed above Bidder Q by the tie-break rule (lower total price first): " +
        "£800,000.00 against £960,000.00 for Bidder Q.",
    );
  });

  it("shares the rank when bids are still equal after the tie-break, and the next bid's rank skips", () => {
    const ranking = rank([
      bid("Bidder R", { safety: 3, plan: 3 }, 800_000),
      bid("Bidder S", { safety: 3, plan: 3 }, 800_000),
      bid("Bidder T", { safety: 2, plan: 2 }, 800_000),
    ]);

    expect(ranking.map((b) => [b.label, b.rank])).toEqual([
      ["Bidder R", 1],
      ["Bidder S", 1],
      ["Bidder T", 3],
    ]);
    expect(byLabel(ranking, "Bidder S").tieBreak).toBe(
      "Total 82.50, equal to Bidder R. Still equal to Bidder R after the tie-break rule (higher quality score first), " +
        "so the rank is shared.",
    );
  });
});

describe("the moderator's view of individual scores", () => {
  it("flags scores two or more points apart", () => {
    expect(scoreSpread([1, 3])).toEqual({ spread: 2, flagged: true });
    expect(scoreSpread([0, 2, 4])).toEqual({ spread: 4, flagged: true });
    expect(scoreSpread([2, 3, 3])).toEqual({ spread: 1, flagged: false });
    expect(scoreSpread([])).toEqual({ spread: 0, flagged: false });
  });

  it("describes the default 0–4 scale in words, and names the ends of any other", () => {
    expect(scoreDescriptors(4).map((d) => `${d.score} ${d.label}`)).toEqual([
      "0 Unacceptable",
      "1 Poor",
      "2 Satisfactory",
      "3 Good",
      "4 Excellent",
    ]);
    const tenPoint = scoreDescriptors(10);
    expect(tenPoint).toHaveLength(11);
    expect([tenPoint[0].label, tenPoint[5].label, tenPoint[10].label]).toEqual(["Unacceptable", "5", "Excellent"]);
  });
});

describe("standstill", () => {
  it("ends on the 8th working day after the notice, the notice day not counted", () => {
    expect(standstillEndsOn("2026-11-30")).toBe("2026-12-10");
  });

  it("skips Christmas Day and the Boxing Day substitute when Boxing Day falls on a Saturday (2026)", () => {
    expect(standstillEndsOn("2026-12-17")).toBe("2026-12-31");
  });

  it("skips Good Friday and Easter Monday 2027", () => {
    expect(standstillEndsOn("2027-03-19")).toBe("2027-04-02");
  });

  it("skips Good Friday and Easter Monday 2028", () => {
    expect(standstillEndsOn("2028-04-12")).toBe("2028-04-26");
  });

  it("counts from the next working day after a weekend notice, past the August bank holiday", () => {
    expect(standstillEndsOn("2025-08-23")).toBe("2025-09-04");
    expect(standstillEndsOn("2025-08-24")).toBe("2025-09-04");
  });

  it("knows weekends and substitute days are not working days", () => {
    expect(isWorkingDay("2027-12-24")).toBe(true);
    expect(isWorkingDay("2027-12-25")).toBe(false);
    expect(isWorkingDay("2027-12-27")).toBe(false);
    expect(isWorkingDay("2027-12-28")).toBe(false);
    expect(isWorkingDay("2028-01-03")).toBe(false);
    expect(addWorkingDays("2027-12-24", 1)).toBe("2027-12-29");
    expect(addWorkingDays("2027-12-24", 0)).toBe("2027-12-24");
  });

  it("ships eight bank holidays a year for 2024 to 2028, each on a weekday", () => {
    const weekdays = bankHolidays.map((h) => new Date(`${h.date}T00:00:00Z`).getUTCDay());
    expect(weekdays.filter((d) => d === 0 || d === 6)).toEqual([]);
    const perYear: Record<string, number> = {};
    for (const { date } of bankHolidays) perYear[date.slice(0, 4)] = (perYear[date.slice(0, 4)] ?? 0) + 1;
    expect(perYear).toEqual({
      2024: 8,
      2025: 8,
      2026: 8,
      2027: 8,
      2028: 8,
    });
  });

  it("refuses a date beyond the shipped list rather than give a wrong one", () => {
    expect(() => standstillEndsOn("2029-01-02")).toThrow(/outside the bank holidays the portal knows/);
    // Standstill from 22 December 2028 would run into January 2029.
    expect(() => standstillEndsOn("2028-12-22")).toThrow("2029-01-01 is outside the bank holidays");
    expect(() => standstillEndsOn("2026-02-30")).toThrow('"2026-02-30" is not a date in the form YYYY-MM-DD');
  });
});
