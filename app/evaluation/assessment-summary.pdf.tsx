// A bidder's assessment summary as an A4 PDF: the outcome and standstill, a table of every
// criterion with the bidder's and the winning bid's scores, then the reasons for each. Its HTML
// equivalent is /procurements/:slug/assessment-summary. Rendered in a worker thread.
import { Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
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
} from "../pdf/document-parts";
import { summaryMethodText, type AssessmentSummary, type SummaryCriterion } from "./assessment-summary";

const styles = StyleSheet.create({
  caption: { fontSize: 11, color: SECONDARY, marginBottom: 2 },
  title: { fontFamily: "Helvetica-Bold", fontSize: 24, lineHeight: 1.15, marginBottom: 6 },
  subtitle: { fontSize: 14, color: NHS_DARK_BLUE, marginBottom: 16 },
  facts: { borderLeftWidth: 5, borderLeftColor: NHS_BLUE, backgroundColor: PALE_GREY, padding: 10, marginBottom: 14 },
  fact: { flexDirection: "row", marginBottom: 2 },
  factKey: { width: 150, fontFamily: "Helvetica-Bold" },
  factValue: { flex: 1 },
  heading: { fontFamily: "Helvetica-Bold", fontSize: 14, color: NHS_DARK_BLUE, marginTop: 12, marginBottom: 6 },
  paragraph: { marginBottom: 6 },
  tableHead: {
    flexDirection: "row",
    borderBottomWidth: 1,
    borderBottomColor: TEXT,
    paddingBottom: 3,
    fontFamily: "Helvetica-Bold",
    fontSize: 8.5,
  },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: BORDER, paddingVertical: 3, fontSize: 9 },
  firstTotal: { borderTopWidth: 1, borderTopColor: TEXT },
  total: { fontFamily: "Helvetica-Bold" },
  cCriterion: { flex: 1, paddingRight: 6 },
  cWeight: { width: 52 },
  cAvailable: { width: 70 },
  cMark: { width: 100, paddingRight: 4 },
  criterion: { marginBottom: 10, paddingBottom: 8, borderBottomWidth: 0.5, borderBottomColor: BORDER },
  criterionHead: { fontFamily: "Helvetica-Bold", fontSize: 11, marginBottom: 2 },
  criterionMeta: { fontSize: 8.5, color: SECONDARY, marginBottom: 4 },
  reasonsLabel: { fontFamily: "Helvetica-Bold", marginTop: 3 },
  reasons: { paddingLeft: 8, borderLeftWidth: 2, borderLeftColor: BORDER },
});

const OUTCOME = {
  successful: "Successful: we intend to award the contract to your organisation",
  unsuccessful: "Unsuccessful: we do not intend to award the contract to your organisation",
  excluded: "Excluded: your bid did not pass a pass or fail question",
} as const;

function Fact({ name, value }: { name: string; value: string }) {
  return (
    <View style={styles.fact}>
      <Text style={styles.factKey}>{name}</Text>
      <Text style={styles.factValue}>{value}</Text>
    </View>
  );
}

function markText(mark: SummaryCriterion["own"]) {
  return mark.points ? `${mark.score} (${mark.points})` : mark.score;
}

function Criterion({ c }: { c: SummaryCriterion }) {
  return (
    <View style={styles.criterion}>
      <View wrap={false} minPresenceAhead={60}>
        <Text style={styles.criterionHead}>
          {c.number} {c.title}
        </Text>
        <Text style={styles.criterionMeta}>
          {c.kind === "pass_fail"
            ? "Pass or fail question, no weight"
            : `Weight ${c.weight}. Available: ${c.available}`}
          . Your bid: {markText(c.own)}. The winning bid: {markText(c.winning)}.
        </Text>
      </View>
      <Text style={styles.reasonsLabel} minPresenceAhead={30}>
        Why your bid scored as it did
      </Text>
      <Text style={styles.reasons}>{c.own.reasons || "No reasons recorded."}</Text>
      <Text style={styles.reasonsLabel} minPresenceAhead={30}>
        Why the winning bid scored as it did
      </Text>
      <Text style={styles.reasons}>{c.winning.reasons || "No reasons recorded."}</Text>
    </View>
  );
}

export function AssessmentSummaryDocument({ summary }: { summary: AssessmentSummary }) {
  const name = `Assessment summary for ${summary.organisation}: ${summary.procurementTitle}`;
  return (
    <PortalDocument
      title={name}
      subject={`Assessment summary (Procurement Act 2023, section 50) for ${summary.procurementTitle}`}
    >
      <Page size="A4" style={partStyles.page}>
        <Band />
        <Footer name={name} />
        <Text style={styles.caption}>Procurement Act 2023, section 50</Text>
        <Text style={styles.title}>Assessment summary</Text>
        <Text style={styles.subtitle}>{summary.procurementTitle}</Text>
        <View style={styles.facts}>
          <Fact name="Bidder" value={summary.organisation} />
          <Fact name="Outcome" value={OUTCOME[summary.outcome]} />
          {summary.position ? <Fact name="Your bid ranked" value={summary.position} /> : null}
          {summary.exclusion ? <Fact name="Reason for exclusion" value={summary.exclusion} /> : null}
          <Fact
            name="Your total score"
            value={`${summary.totals.own.total} of ${summary.totals.available.total} points`}
          />
          <Fact
            name="The winning bid's total"
            value={`${summary.totals.winning.total} of ${summary.totals.available.total} points`}
          />
          <Fact name="Award notice" value={summary.noticeDateText} />
          <Fact name="Standstill ends" value={`Midnight at the end of ${summary.standstillEndsOnText}`} />
        </View>
        <Text style={styles.paragraph}>{summaryMethodText(summary.scaleMax)}</Text>
        <Text style={styles.heading}>Scores</Text>
        <View style={styles.tableHead}>
          <Text style={styles.cCriterion}>Criterion</Text>
          <Text style={styles.cWeight}>Weight</Text>
          <Text style={styles.cAvailable}>Available</Text>
          <Text style={styles.cMark}>Your bid</Text>
          <Text style={styles.cMark}>The winning bid</Text>
        </View>
        {summary.criteria.map((c) => (
          <View key={c.number} style={styles.row} wrap={false}>
            <Text style={styles.cCriterion}>
              {c.number} {c.title}
            </Text>
            <Text style={styles.cWeight}>{c.weight}</Text>
            <Text style={styles.cAvailable}>{c.available}</Text>
            <Text style={styles.cMark}>{markText(c.own)}</Text>
            <Text style={styles.cMark}>{markText(c.winning)}</Text>
          </View>
        ))}
        {(["quality", "price", "total"] as const).map((key) => (
          <View
            key={key}
            style={[styles.row, key === "quality" ? styles.firstTotal : {}, key === "total" ? styles.total : {}]}
            wrap={false}
          >
            <Text style={styles.cCriterion}>{key === "total" ? "Total" : key === "quality" ? "Quality" : "Price"}</Text>
            <Text style={styles.cWeight}> </Text>
            <Text style={styles.cAvailable}>{summary.totals.available[key]} points</Text>
            <Text style={styles.cMark}>{summary.totals.own[key]} points</Text>
            <Text style={styles.cMark}>{summary.totals.winning[key]} points</Text>
          </View>
        ))}
        <Text style={styles.heading} break>
          Reasons, criterion by criterion
        </Text>
        {summary.criteria.map((c) => (
          <Criterion key={c.number} c={c} />
        ))}
        <Text style={[styles.paragraph, { marginTop: 8, color: SECONDARY }]}>
          Produced on {summary.generatedAtText} (UK time). The same summary is on the portal: {summary.portalUrl}
        </Text>
      </Page>
    </PortalDocument>
  );
}

export async function renderAssessmentSummaryPdf(summary: AssessmentSummary): Promise<Buffer> {
  return renderToBuffer(<AssessmentSummaryDocument summary={summary} />);
}
