// The scoring pack's content written with raw pdfkit, for the benchmark's comparison with
// @react-pdf: the same sections, tables, marking on every page and "Page n of N" footers, laid
// out by hand (measure each cell, break the page before a row that does not fit).
import PDFDocument from "pdfkit";
import type { ScoringPack } from "../../app/evaluation/scoring-pack";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const TOP = 56 + 22;
const BOTTOM = A4.height - 64;
const WIDTH = A4.width - 2 * MARGIN;
const BLUE = "#005EB8";
const DARK_BLUE = "#003087";
const TEXT = "#212B32";
const SECONDARY = "#4C6272";
const BORDER = "#D8DDE0";
const PALE = "#F0F4F5";

type Column = { title: string; width?: number };

export function renderScoringPackWithPdfkit(pack: ScoringPack): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: TOP, bottom: 0, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `Scoring pack: ${pack.procurementTitle}`, Author: "NHS England (NHS AI Lab)" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  let y = TOP;

  const newPage = () => {
    doc.addPage();
    y = TOP;
  };
  const ensure = (height: number) => {
    if (y + height > BOTTOM) newPage();
  };
  const write = (text: string, options: { size?: number; bold?: boolean; color?: string; gap?: number } = {}) => {
    doc
      .font(options.bold ? "Helvetica-Bold" : "Helvetica")
      .fontSize(options.size ?? 9.5)
      .fillColor(options.color ?? TEXT);
    const height = doc.heightOfString(text, { width: WIDTH, lineGap: 2 });
    ensure(height);
    doc.text(text, MARGIN, y, { width: WIDTH, lineGap: 2 });
    y += height + (options.gap ?? 4);
  };
  const table = (columns: Column[], rows: string[][]) => {
    const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
    const flexible = columns.filter((c) => !c.width).length;
    const widths = columns.map((c) => c.width ?? (WIDTH - fixed) / Math.max(1, flexible));
    const row = (cells: string[], bold: boolean) => {
      doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 8.5 : 9);
      const height =
        Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 6, lineGap: 1.5 }))) + 6;
      ensure(height);
      let x = MARGIN;
      cells.forEach((cell, i) => {
        doc.fillColor(TEXT).text(cell, x, y + 3, { width: widths[i] - 6, lineGap: 1.5 });
        x += widths[i];
      });
      y += height;
      doc
        .moveTo(MARGIN, y)
        .lineTo(MARGIN + WIDTH, y)
        .lineWidth(bold ? 1 : 0.5)
        .strokeColor(bold ? TEXT : BORDER)
        .stroke();
    };
    row(
      columns.map((c) => c.title),
      true,
    );
    for (const cells of rows) row(cells, false);
    y += 8;
  };

  // Cover and contents.
  doc.rect(MARGIN, y, WIDTH, 26).lineWidth(1.5).strokeColor(TEXT).stroke();
  doc
    .font("Helvetica-Bold")
    .fontSize(12)
    .fillColor(TEXT)
    .text(pack.marking, MARGIN, y + 8, { width: WIDTH, align: "center" });
  y += 90;
  write("Evaluation of bids", { size: 11, color: SECONDARY });
  write("Scoring pack", { size: 30, bold: true, gap: 8 });
  write(pack.procurementTitle, { size: 16, color: DARK_BLUE, gap: 20 });
  for (const fact of [...pack.facts, { name: "Generated", value: `${pack.generatedAtText} (UK time)` }]) {
    write(`${fact.name}: ${fact.value}`);
  }
  y += 10;
  write("Contents", { size: 13, bold: true, color: DARK_BLUE });
  [
    "Methodology and weights",
    "Ranking",
    "Award decision",
    "Scores by bid",
    "Conflicts of interest register",
    "Key events",
  ].forEach((title, i) => {
    write(`${i + 1}  ${title}`, { gap: 2 });
    if (i === 3)
      pack.bids.forEach((b, j) =>
        write(`     4.${j + 1}  ${b.label}: ${b.organisation}`, { size: 8.5, color: SECONDARY, gap: 1 }),
      );
  });

  // Methodology, ranking, award.
  newPage();
  write("1 Methodology and weights", { size: 18, bold: true, color: DARK_BLUE });
  write(pack.methodology.scale);
  for (const d of pack.methodology.descriptors) write(`   ${d}`, { gap: 1 });
  for (const text of [
    pack.methodology.priceFormula,
    pack.methodology.passFail,
    pack.methodology.tieBreak,
    pack.methodology.moderation,
  ]) {
    write(text);
  }
  table(
    [
      { title: "Question", width: 44 },
      { title: "Criterion" },
      { title: "Type", width: 90 },
      { title: "Weight", width: 62 },
      { title: "Available", width: 66 },
    ],
    pack.criteria.map((c) => [c.number, c.title, c.kind, c.weight, c.available]),
  );
  newPage();
  write("2 Ranking", { size: 18, bold: true, color: DARK_BLUE });
  table(
    [
      { title: "Rank", width: 34 },
      { title: "Bidder", width: 56 },
      { title: "Organisation" },
      { title: "Quality", width: 48 },
      { title: "Price", width: 44 },
      { title: "Total", width: 44 },
      { title: "Standing", width: 90 },
    ],
    pack.ranking.map((r) => [r.rank, r.label, r.organisation, r.quality, r.price, r.total, r.status]),
  );
  for (const note of pack.rankingNotes) write(note, { size: 8.5, color: SECONDARY });
  write("3 Award decision", { size: 18, bold: true, color: DARK_BLUE });
  for (const fact of pack.award ?? []) write(`${fact.name}: ${fact.value}`);

  // Every bid, a page each to begin with.
  pack.bids.forEach((bid, index) => {
    newPage();
    if (index === 0) write("4 Scores by bid", { size: 18, bold: true, color: DARK_BLUE });
    write(`4.${index + 1} ${bid.label}: ${bid.organisation}`, { size: 15, bold: true, color: DARK_BLUE, gap: 2 });
    write(`${bid.standing}. Receipt ${bid.reference}, submitted ${bid.submittedAtText} (UK time).`, {
      size: 9,
      color: SECONDARY,
      gap: 8,
    });
    for (const q of bid.questions) {
      ensure(90);
      doc.rect(MARGIN, y, WIDTH, 16).fill(PALE);
      doc
        .font("Helvetica-Bold")
        .fontSize(9.5)
        .fillColor(TEXT)
        .text(`${q.number} ${q.title}`, MARGIN + 5, y + 3, { width: WIDTH - 140, lineBreak: false, ellipsis: true });
      doc
        .font("Helvetica")
        .fontSize(8.5)
        .fillColor(SECONDARY)
        .text(`${q.kind}, ${q.weight}`, MARGIN + WIDTH - 125, y + 4, { width: 120, align: "right" });
      y += 18;
      if (q.marks.length > 0) {
        table(
          [{ title: "Evaluator", width: 105 }, { title: "Mark", width: 60 }, { title: "Justification" }],
          q.marks.map((m) => [m.evaluator, m.mark, m.justification]),
        );
      }
      if (q.consensus) {
        const text = `Consensus: ${q.consensus.mark}${q.consensus.points ? ` (${q.consensus.points})` : ""}\n${q.consensus.rationale}\n${q.consensus.byline}`;
        doc.font("Helvetica").fontSize(9.5);
        const height = doc.heightOfString(text, { width: WIDTH - 12, lineGap: 2 }) + 6;
        ensure(height);
        doc.rect(MARGIN, y, 4, height).fill(BLUE);
        doc.fillColor(TEXT).text(text, MARGIN + 12, y + 3, { width: WIDTH - 12, lineGap: 2 });
        y += height + 12;
      }
    }
  });

  newPage();
  write("5 Conflicts of interest register", { size: 18, bold: true, color: DARK_BLUE });
  table(
    [
      { title: "Evaluator", width: 100 },
      { title: "Bid", width: 120 },
      { title: "Declaration", width: 70 },
      { title: "Details" },
      { title: "Declared", width: 80 },
    ],
    pack.conflicts.map((c) => [c.evaluator, c.bid, c.declaration, c.details, c.declaredAtText]),
  );
  write("6 Key events from the audit log", { size: 18, bold: true, color: DARK_BLUE });
  table(
    [
      { title: "When (UK time)", width: 100 },
      { title: "What", width: 130 },
      { title: "Who", width: 95 },
      { title: "Detail" },
    ],
    pack.events.map((e) => [e.atText, e.what, e.who, e.detail]),
  );

  // The band and the footer on every page, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.rect(0, 0, A4.width, 56).fill(BLUE);
    doc
      .font("Helvetica-Bold")
      .fontSize(11)
      .fillColor("#FFFFFF")
      .text("NHS England: NHS AI Lab", MARGIN, 22, { lineBreak: false });
    doc.fontSize(9).text(pack.marking, MARGIN, 23, { width: WIDTH, align: "right", lineBreak: false });
    doc
      .moveTo(MARGIN, A4.height - 52)
      .lineTo(MARGIN + WIDTH, A4.height - 52)
      .lineWidth(0.5)
      .strokeColor(BORDER)
      .stroke();
    doc
      .font("Helvetica-Bold")
      .fontSize(8)
      .fillColor(TEXT)
      .text(`${pack.marking}. `, MARGIN, A4.height - 46, { continued: true, lineBreak: false })
      .font("Helvetica")
      .fillColor(SECONDARY)
      .text(`Scoring pack: ${pack.procurementTitle}. Generated ${pack.generatedAtText}`, { lineBreak: false });
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN, A4.height - 46, {
      width: WIDTH,
      align: "right",
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}
