// The scoring pack as an A4 PDF for the evaluation panel and the audit file: a cover with the
// protective marking, contents, methodology and weights, the ranking and award, then every bid's
// marks and consensus, the conflicts register and the key audit events. The marking is in every
// page's header and footer. Its HTML equivalent is /procurements/:slug/scoring-pack.
import { Link, Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import { createContext, useContext, type ReactNode } from "react";
import {
  Band,
  PortalDocument,
  partStyles,
  BORDER,
  Footer,
  NHS_BLUE,
  NHS_DARK_BLUE,
  PALE_GREY,
  SECONDARY,
  TEXT,
  WARM_YELLOW,
} from "../pdf/document-parts";
import { PACK_SECTIONS, type PackBid, type PackQuestion, type ScoringPack } from "./scoring-pack";

export type { ScoringPack };

const styles = StyleSheet.create({
  markingBox: {
    borderWidth: 1.5,
    borderColor: TEXT,
    paddingVertical: 6,
    textAlign: "center",
    fontFamily: "Helvetica-Bold",
    fontSize: 12,
    letterSpacing: 1,
    marginTop: 10,
  },
  coverCaption: { fontSize: 11, color: SECONDARY, marginTop: 60, marginBottom: 4 },
  coverTitle: { fontFamily: "Helvetica-Bold", fontSize: 30, lineHeight: 1.15, marginBottom: 10 },
  coverSubtitle: { fontSize: 16, color: NHS_DARK_BLUE, marginBottom: 24 },
  facts: { borderLeftWidth: 5, borderLeftColor: NHS_BLUE, backgroundColor: PALE_GREY, padding: 10, marginBottom: 16 },
  fact: { flexDirection: "row", marginBottom: 2 },
  factKey: { width: 170, fontFamily: "Helvetica-Bold" },
  factValue: { flex: 1 },
  handling: { borderLeftWidth: 5, borderLeftColor: WARM_YELLOW, paddingLeft: 10, marginBottom: 16 },
  h1: { fontFamily: "Helvetica-Bold", fontSize: 18, color: NHS_DARK_BLUE, marginBottom: 8 },
  h2: { fontFamily: "Helvetica-Bold", fontSize: 13, color: NHS_DARK_BLUE, marginTop: 14, marginBottom: 6 },
  paragraph: { marginBottom: 6 },
  contentsRow: { flexDirection: "row", paddingVertical: 2, borderBottomWidth: 0.5, borderBottomColor: BORDER },
  contentsNumber: { width: 28, fontFamily: "Helvetica-Bold" },
  contentsLink: { flex: 1, color: NHS_BLUE, textDecoration: "none" },
  contentsPage: { width: 30, textAlign: "right" },
  marker: { height: 0, fontSize: 1 },
  contentsSub: { flexDirection: "row", paddingVertical: 1, paddingLeft: 28, fontSize: 9, color: SECONDARY },
  th: {
    flexDirection: "row",
    borderBottomWidth: 1,
    borderBottomColor: TEXT,
    paddingBottom: 3,
    fontFamily: "Helvetica-Bold",
    fontSize: 8.5,
  },
  tr: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: BORDER, paddingVertical: 3 },
  cell: { paddingRight: 6 },
  bidHead: { borderBottomWidth: 2, borderBottomColor: NHS_BLUE, paddingBottom: 4, marginBottom: 8 },
  bidTitle: { fontFamily: "Helvetica-Bold", fontSize: 15, lineHeight: 1.3, color: NHS_DARK_BLUE, marginBottom: 2 },
  bidMeta: { fontSize: 9, color: SECONDARY },
  question: { marginBottom: 12 },
  questionHead: { flexDirection: "row", backgroundColor: PALE_GREY, paddingVertical: 3, paddingHorizontal: 5 },
  questionTitle: { flex: 1, fontFamily: "Helvetica-Bold", paddingRight: 10 },
  questionWeight: { width: 120, textAlign: "right", fontSize: 8.5, color: SECONDARY },
  mark: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: BORDER, paddingVertical: 3 },
  evaluator: { width: 105, paddingRight: 6, paddingLeft: 5 },
  markValue: { width: 60, paddingRight: 6, fontFamily: "Helvetica-Bold" },
  justification: { flex: 1 },
  consensus: { borderLeftWidth: 4, borderLeftColor: NHS_BLUE, paddingLeft: 8, paddingVertical: 3, marginTop: 4 },
  consensusHead: { fontFamily: "Helvetica-Bold" },
  muted: { color: SECONDARY, fontSize: 8.5 },
});

function Fact({ name, value }: { name: string; value: string }) {
  return (
    <View style={styles.fact}>
      <Text style={styles.factKey}>{name}</Text>
      <Text style={styles.factValue}>{value}</Text>
    </View>
  );
}

type Column = { title: string; width?: number };

/** A table whose header row repeats when it runs onto another page (react-pdf `fixed` inside a flow). */
function Table({ columns, rows }: { columns: Column[]; rows: string[][] }) {
  const cellStyle = (c: Column) => [styles.cell, c.width ? { width: c.width } : { flex: 1 }];
  return (
    <View>
      <View style={styles.th} wrap={false}>
        {columns.map((c) => (
          <Text key={c.title} style={cellStyle(c)}>
            {c.title}
          </Text>
        ))}
      </View>
      {rows.map((row, r) => (
        <View key={r} style={styles.tr} wrap={false}>
          {row.map((value, i) => (
            <Text key={i} style={cellStyle(columns[i])}>
              {value}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

/** A run of pages with the band and footer; `bookmark` names it in a PDF reader's outline. */
function PackPage({ pack, bookmark, children }: { pack: ScoringPack; bookmark: string; children: ReactNode }) {
  return (
    <Page size="A4" bookmark={bookmark} style={[partStyles.page, { fontSize: 9.5, lineHeight: 1.35 }]}>
      <Band marking={pack.marking} />
      {/* Fixed elements come before the flowing content: react-pdf drops those placed after it. */}
      <Footer
        marking={pack.marking}
        name={`Scoring pack: ${pack.procurementTitle}. Generated ${pack.generatedAtText}`}
      />
      {children}
    </Page>
  );
}

// Where each section and bid begins, for the contents: markers record their page as react-pdf lays
// the document out; the contents, laid out first, show them on a second layout (renderScoringPackPdf).
const StartPages = createContext<Map<string, number>>(new Map());

function StartMarker({ name }: { name: string }) {
  const pages = useContext(StartPages);
  return (
    <Text
      style={styles.marker}
      render={({ pageNumber }) => {
        pages.set(name, pageNumber);
        return "";
      }}
    />
  );
}

function StartPage({ name }: { name: string }) {
  const page = useContext(StartPages).get(name);
  return <Text style={styles.contentsPage}>{page === undefined ? "" : String(page)}</Text>;
}

/** A numbered section's heading: the contents link to it. */
function SectionHeading({ index, spaced, break: pageBreak }: { index: number; spaced?: boolean; break?: boolean }) {
  const title = `${index + 1} ${PACK_SECTIONS[index]}`;
  return (
    <>
      <Text
        id={`section-${index + 1}`}
        style={spaced ? [styles.h1, { marginTop: 18 }] : styles.h1}
        minPresenceAhead={spaced ? 80 : undefined}
        break={pageBreak}
      >
        {title}
      </Text>
      <StartMarker name={`section-${index + 1}`} />
    </>
  );
}

function Question({ q }: { q: PackQuestion }) {
  return (
    <View style={styles.question}>
      <View style={styles.questionHead} wrap={false} minPresenceAhead={90}>
        <Text style={styles.questionTitle}>
          {q.number} {q.title}
        </Text>
        <Text style={styles.questionWeight}>
          {q.kind}, {q.weight}
        </Text>
      </View>
      {q.marks.map((m, i) => (
        <View key={i} style={styles.mark} wrap={false}>
          <Text style={styles.evaluator}>{m.evaluator}</Text>
          <Text style={styles.markValue}>{m.mark}</Text>
          <Text style={styles.justification}>{m.justification}</Text>
        </View>
      ))}
      {q.notScoredBy.length > 0 ? (
        <Text style={[styles.muted, { paddingLeft: 5 }]}>Not scored by: {q.notScoredBy.join(", ")}</Text>
      ) : null}
      {q.consensus ? (
        <View style={styles.consensus} wrap={false}>
          <Text style={styles.consensusHead}>
            Consensus: {q.consensus.mark}
            {q.consensus.points ? ` (${q.consensus.points})` : ""}
          </Text>
          <Text>{q.consensus.rationale}</Text>
          <Text style={styles.muted}>{q.consensus.byline}</Text>
        </View>
      ) : (
        <View style={styles.consensus}>
          <Text style={styles.consensusHead}>No consensus recorded yet</Text>
        </View>
      )}
    </View>
  );
}

function Bid({ bid, index }: { bid: PackBid; index: number }) {
  return (
    <>
      <View style={styles.bidHead} wrap={false}>
        <Text style={styles.bidTitle} id={`bid-${index + 1}`}>
          4.{index + 1} {bid.label}: {bid.organisation}
        </Text>
        <Text style={styles.bidMeta}>
          {bid.standing}. Receipt {bid.reference}, submitted {bid.submittedAtText} (UK time).
        </Text>
      </View>
      <StartMarker name={`bid-${index + 1}`} />
      {bid.questions.map((q) => (
        <Question key={q.number} q={q} />
      ))}
    </>
  );
}

export function ScoringPackDocument({
  pack,
  startPages = new Map(),
}: {
  pack: ScoringPack;
  startPages?: Map<string, number>;
}) {
  return (
    <StartPages.Provider value={startPages}>
      <PortalDocument
        title={`Scoring pack: ${pack.procurementTitle}`}
        subject={`${pack.marking}. Evaluation scoring pack for ${pack.procurementTitle}`}
      >
        <PackPage pack={pack} bookmark={"Cover and contents"}>
          <Text style={styles.markingBox}>{pack.marking}</Text>
          <Text style={styles.coverCaption}>Evaluation of bids</Text>
          <Text style={styles.coverTitle}>Scoring pack</Text>
          <Text style={styles.coverSubtitle}>{pack.procurementTitle}</Text>
          <View style={styles.facts}>
            {pack.facts.map((f) => (
              <Fact key={f.name} name={f.name} value={f.value} />
            ))}
            <Fact name="Generated" value={`${pack.generatedAtText} (UK time)`} />
          </View>
          <View style={styles.handling}>
            <Text style={{ fontFamily: "Helvetica-Bold" }}>Handling</Text>
            <Text>
              This pack holds bidders' commercial information and the evaluation panel's deliberations. Share it only
              with the evaluation panel, the approvers of the award and the audit file. Do not forward it to bidders:
              each bidder receives only its own assessment summary.
            </Text>
          </View>
          <Text style={styles.h2}>Contents</Text>
          {PACK_SECTIONS.map((title, i) => (
            <View key={title}>
              <View style={styles.contentsRow}>
                <Text style={styles.contentsNumber}>{i + 1}</Text>
                <Link src={`#section-${i + 1}`} style={styles.contentsLink}>
                  {title}
                </Link>
                <StartPage name={`section-${i + 1}`} />
              </View>
              {i === 3
                ? pack.bids.map((b, j) => (
                    <View key={b.label} style={styles.contentsSub}>
                      <Text style={{ width: 28 }}>4.{j + 1}</Text>
                      <Link src={`#bid-${j + 1}`} style={styles.contentsLink}>
                        {b.label}: {b.organisation}
                      </Link>
                      <StartPage name={`bid-${j + 1}`} />
                    </View>
                  ))
                : null}
            </View>
          ))}
        </PackPage>
        <PackPage pack={pack} bookmark={"1–3 Methodology, ranking and award"}>
          <SectionHeading index={0} />
          <Text style={styles.paragraph}>{pack.methodology.scale}</Text>
          {pack.methodology.descriptors.map((d) => (
            <Text key={d} style={{ paddingLeft: 10 }}>
              {d}
            </Text>
          ))}
          <Text style={[styles.paragraph, { marginTop: 6 }]}>{pack.methodology.priceFormula}</Text>
          <Text style={styles.paragraph}>{pack.methodology.passFail}</Text>
          <Text style={styles.paragraph}>{pack.methodology.tieBreak}</Text>
          <Text style={styles.paragraph}>{pack.methodology.moderation}</Text>
          <Table
            columns={[
              { title: "Question", width: 44 },
              { title: "Criterion" },
              { title: "Type", width: 90 },
              { title: "Weight", width: 62 },
              { title: "Available", width: 66 },
            ]}
            rows={[
              ...pack.criteria.map((c) => [c.number, c.title, c.kind, c.weight, c.available]),
              ["", "Quality in total", "", pack.weights.quality, ""],
              ["", "Price in total", "", pack.weights.price, ""],
            ]}
          />
          <SectionHeading index={1} break />
          <Table
            columns={[
              { title: "Rank", width: 34 },
              { title: "Bidder", width: 56 },
              { title: "Organisation" },
              { title: "Quality", width: 48 },
              { title: "Price", width: 44 },
              { title: "Total", width: 44 },
              { title: "Standing", width: 90 },
            ]}
            rows={pack.ranking.map((r) => [r.rank, r.label, r.organisation, r.quality, r.price, r.total, r.status])}
          />
          {pack.rankingNotes.map((note) => (
            <Text key={note} style={[styles.muted, { marginTop: 4 }]}>
              {note}
            </Text>
          ))}
          <SectionHeading index={2} spaced />
          {pack.award ? (
            <View style={styles.facts}>
              {pack.award.map((f) => (
                <Fact key={f.name} name={f.name} value={f.value} />
              ))}
            </View>
          ) : (
            <Text>No award decision has been recorded yet.</Text>
          )}
        </PackPage>
        {/* One Page per bid: react-pdf lays out each Page's flow as a whole, so many short pages
          render far faster than one long one. */}
        {pack.bids.map((bid, index) => (
          <PackPage key={bid.label} pack={pack} bookmark={`4.${index + 1} ${bid.label}: ${bid.organisation}`}>
            {index === 0 ? <SectionHeading index={3} /> : null}
            <Bid bid={bid} index={index} />
          </PackPage>
        ))}
        <PackPage pack={pack} bookmark={"5–6 Conflicts of interest and key events"}>
          <SectionHeading index={4} />
          {pack.conflicts.length === 0 ? (
            <Text>No declarations have been made.</Text>
          ) : (
            <Table
              columns={[
                { title: "Evaluator", width: 100 },
                { title: "Bid", width: 120 },
                { title: "Declaration", width: 70 },
                { title: "Details" },
                { title: "Declared", width: 80 },
              ]}
              rows={pack.conflicts.map((c) => [c.evaluator, c.bid, c.declaration, c.details, c.declaredAtText])}
            />
          )}
          <SectionHeading index={5} spaced />
          <Text style={[styles.paragraph, styles.muted]}>
            From the portal's append-only, hash-chained audit log: the opening of the bids, moderation and the award.
          </Text>
          <Table
            columns={[
              { title: "When (UK time)", width: 100 },
              { title: "What", width: 130 },
              { title: "Who", width: 95 },
              { title: "Detail" },
            ]}
            rows={pack.events.map((e) => [e.atText, e.what, e.who, e.detail])}
          />
        </PackPage>
      </PortalDocument>
    </StartPages.Provider>
  );
}

// Page numbers in the contents take a second layout of the whole pack (react-pdf lays out the
// contents before the pages it points to). Up to this many bids the pack is laid out twice; a
// larger pack keeps the contents' links without numbers, rather than doubling a long render.
const NUMBERED_CONTENTS_MAX_BIDS = 20;

export async function renderScoringPackPdf(pack: ScoringPack): Promise<Buffer> {
  const startPages = new Map<string, number>();
  const first = await renderToBuffer(<ScoringPackDocument pack={pack} startPages={startPages} />);
  if (pack.bids.length > NUMBERED_CONTENTS_MAX_BIDS) return first;
  return renderToBuffer(<ScoringPackDocument pack={pack} startPages={startPages} />);
}
