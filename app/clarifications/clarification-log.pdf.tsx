// The clarification log as an A4 PDF: a cover, then every answer with its number, dates and
// earlier versions; page numbers and the procurement's name in the footer. Its HTML equivalent is
// the log page. Rendered in a worker thread (clarification-log-pdf.server.ts).
import { Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
// The shared parts also keep words whole: react-pdf would hyphenate ("clarifi-cation").
import {
  Band,
  BORDER,
  chunks,
  Footer,
  NHS_BLUE,
  NHS_DARK_BLUE,
  PALE_GREY,
  partStyles,
  PortalDocument,
  SECONDARY,
} from "../pdf/document-parts";

export type PdfLogVersion = {
  version: number;
  question: string;
  answer: string;
  publishedAtText: string;
  amendmentReason: string | null;
};

export type PdfLogEntry = {
  label: string;
  private: boolean;
  version: number;
  question: string;
  answer: string;
  reference: string | null;
  firstPublishedAtText: string;
  publishedAtText: string;
  amendmentReason: string | null;
  history: PdfLogVersion[];
};

export type ClarificationLogPdf = {
  procurementTitle: string;
  logUrl: string;
  generatedAtText: string;
  filtersText: string | null;
  entries: PdfLogEntry[];
};

const styles = StyleSheet.create({
  coverCaption: { fontSize: 11, color: SECONDARY, marginTop: 90, marginBottom: 4 },
  coverTitle: { fontFamily: "Helvetica-Bold", fontSize: 30, lineHeight: 1.15, marginBottom: 10 },
  coverSubtitle: { fontSize: 16, color: NHS_DARK_BLUE, marginBottom: 30 },
  coverFacts: {
    borderLeftWidth: 5,
    borderLeftColor: NHS_BLUE,
    backgroundColor: PALE_GREY,
    padding: 12,
    marginBottom: 20,
  },
  coverFact: { marginBottom: 3 },
  paragraph: { marginBottom: 8 },
  entry: { marginBottom: 16, paddingBottom: 10, borderBottomWidth: 0.5, borderBottomColor: BORDER },
  entryHead: { flexDirection: "row", alignItems: "center", marginBottom: 2 },
  entryNumber: { fontFamily: "Helvetica-Bold", fontSize: 14, color: NHS_DARK_BLUE, marginRight: 8 },
  tag: {
    fontSize: 8,
    fontFamily: "Helvetica-Bold",
    backgroundColor: PALE_GREY,
    paddingVertical: 2,
    paddingHorizontal: 5,
  },
  privateTag: {
    fontSize: 8,
    fontFamily: "Helvetica-Bold",
    backgroundColor: "#FFF9E6",
    paddingVertical: 2,
    paddingHorizontal: 5,
    marginLeft: 4,
  },
  dates: { fontSize: 8.5, color: SECONDARY, marginBottom: 6 },
  label: { fontFamily: "Helvetica-Bold", marginTop: 4, marginBottom: 1 },
  amended: { borderLeftWidth: 3, borderLeftColor: "#FFB81C", paddingLeft: 6, marginTop: 4, marginBottom: 2 },
  history: {
    marginTop: 6,
    paddingLeft: 8,
    borderLeftWidth: 2,
    borderLeftColor: BORDER,
    fontSize: 8.5,
    color: SECONDARY,
  },
  historyHead: { fontFamily: "Helvetica-Bold", marginTop: 3 },
});

function Entry({ entry }: { entry: PdfLogEntry }) {
  return (
    <View style={styles.entry}>
      {/* minPresenceAhead keeps an entry's heading from sitting alone at the foot of a page. */}
      <View style={styles.entryHead} minPresenceAhead={80} wrap={false}>
        <Text style={styles.entryNumber}>{entry.label}</Text>
        <Text style={styles.tag}>Version {entry.version}</Text>
        {entry.private ? <Text style={styles.privateTag}>Private to your organisation</Text> : null}
      </View>
      <Text style={styles.dates}>
        Published {entry.firstPublishedAtText}
        {entry.version > 1 ? `. Amended on ${entry.publishedAtText}` : ""}
        {entry.reference ? `. Refers to ${entry.reference}` : ""}
      </Text>
      {entry.version > 1 && entry.amendmentReason ? (
        <View style={styles.amended}>
          <Text>
            <Text style={{ fontFamily: "Helvetica-Bold" }}>Why it was amended: </Text>
            {entry.amendmentReason}
          </Text>
        </View>
      ) : null}
      <Text style={styles.label} minPresenceAhead={30}>
        Question
      </Text>
      <Text>{entry.question}</Text>
      <Text style={styles.label} minPresenceAhead={30}>
        Answer
      </Text>
      <Text>{entry.answer}</Text>
      {entry.history.length > 0 ? (
        <View style={styles.history}>
          <Text style={{ fontFamily: "Helvetica-Bold" }}>Earlier versions</Text>
          {entry.history.map((v) => (
            <View key={v.version}>
              <Text style={styles.historyHead}>
                Version {v.version}, published {v.publishedAtText}
              </Text>
              {v.amendmentReason ? <Text>Why it was amended: {v.amendmentReason}</Text> : null}
              <Text>Question: {v.question}</Text>
              <Text>Answer: {v.answer}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

const ENTRIES_PER_RUN = 50;

/** An A4 page run with the NHS band, and the footer with the procurement's name and page numbers. */
function LogPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Page size="A4" style={partStyles.page}>
      <Band />
      {/* Fixed elements come before the flowing content: react-pdf drops those placed after it. */}
      <Footer name={`Clarification log: ${title}`} />
      {children}
    </Page>
  );
}

export function ClarificationLogDocument({ log }: { log: ClarificationLogPdf }) {
  const publicCount = log.entries.filter((e) => !e.private).length;
  const privateCount = log.entries.length - publicCount;
  const amended = log.entries.filter((e) => e.version > 1).length;
  return (
    <PortalDocument
      title={`Clarification log: ${log.procurementTitle}`}
      subject={`Clarification questions and answers for ${log.procurementTitle}`}
    >
      <LogPage title={log.procurementTitle}>
        <Text style={styles.coverCaption}>Clarification questions and answers</Text>
        <Text style={styles.coverTitle}>Clarification log</Text>
        <Text style={styles.coverSubtitle}>{log.procurementTitle}</Text>
        <View style={styles.coverFacts}>
          <Text style={styles.coverFact}>Produced on {log.generatedAtText} (UK time)</Text>
          <Text style={styles.coverFact}>
            {publicCount} {publicCount === 1 ? "answer" : "answers"} published to every registered supplier
            {amended > 0 ? `, ${amended} of them amended` : ""}
          </Text>
          {privateCount > 0 ? (
            <Text style={styles.coverFact}>
              {privateCount} private {privateCount === 1 ? "answer" : "answers"} to your organisation only
            </Text>
          ) : null}
          {log.filtersText ? <Text style={styles.coverFact}>Filtered: {log.filtersText}</Text> : null}
        </View>
        <Text style={styles.paragraph}>
          Every clarification question is answered to all suppliers registered on the procurement, without saying who
          asked, unless we decided that it was commercially confidential to the supplier who asked. Answers are numbered
          and dated. An answer is never changed silently: an amendment is a new version, with the reason, and the
          earlier versions stay in the log.
        </Text>
        <Text style={styles.paragraph}>The same log, with search and filters, is on the portal: {log.logUrl}</Text>
        {log.entries.length === 0 ? <Text>No answers have been published yet.</Text> : null}
      </LogPage>
      {/* Entries in runs of 50 per <Page>: react-pdf lays out each Page's flow as a whole, so one
          Page of 2,000 entries is far slower (worse than linear) than 40 Pages of 50. */}
      {chunks(log.entries, ENTRIES_PER_RUN).map((run, index) => (
        <LogPage key={index} title={log.procurementTitle}>
          {run.map((entry, i) => (
            <Entry key={`${entry.label}-${i}`} entry={entry} />
          ))}
        </LogPage>
      ))}
    </PortalDocument>
  );
}

export async function renderClarificationLogPdf(log: ClarificationLogPdf): Promise<Buffer> {
  return renderToBuffer(<ClarificationLogDocument log={log} />);
}
