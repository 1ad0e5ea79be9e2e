// A bid receipt as an A4 PDF: reference, the time the portal received the submit request, the
// digest and every answer's and file's hash. Its HTML equivalent is the receipt page. Rendered in a worker (receipt-pdf.server.ts).
import { Document, Font, Page, renderToBuffer, StyleSheet, Text, View } from "@react-pdf/renderer";

// Digests and references must stay whole: no hyphenation.
Font.registerHyphenationCallback((word) => [word]);

export type ReceiptPdf = {
  procurementTitle: string;
  organisation: string;
  reference: string;
  receivedAtText: string;
  submittedBy: string;
  tenderVersion: number;
  digest: string;
  status: string;
  answers: { number: string; title: string; sha256: string }[];
  files: { number: string; filename: string; size: string; sha256: string }[];
  verifyUrl: string;
};

const NHS_BLUE = "#005EB8";
const SECONDARY = "#4C6272";
const BORDER = "#D8DDE0";

const styles = StyleSheet.create({
  page: { fontFamily: "Helvetica", fontSize: 10, lineHeight: 1.4, color: "#212B32", padding: 50, paddingTop: 90 },
  band: {
    position: "absolute",
    top: 0,
    left: 0,
    right: 0,
    height: 56,
    backgroundColor: NHS_BLUE,
    paddingHorizontal: 50,
    justifyContent: "center",
  },
  bandText: { color: "#FFFFFF", fontFamily: "Helvetica-Bold", fontSize: 11 },
  title: { fontFamily: "Helvetica-Bold", fontSize: 22, marginBottom: 6 },
  subtitle: { fontSize: 12, color: SECONDARY, marginBottom: 16 },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: BORDER, paddingVertical: 4 },
  key: { width: 130, fontFamily: "Helvetica-Bold" },
  value: { flex: 1 },
  mono: { fontFamily: "Courier", fontSize: 8.5 },
  heading: { fontFamily: "Helvetica-Bold", fontSize: 13, marginTop: 18, marginBottom: 6 },
  item: { marginBottom: 6 },
  note: { marginTop: 18, color: SECONDARY },
});

function Fact({ name, children, mono }: { name: string; children: string; mono?: boolean }) {
  return (
    <View style={styles.row}>
      <Text style={styles.key}>{name}</Text>
      <Text style={mono ? [styles.value, styles.mono] : styles.value}>{children}</Text>
    </View>
  );
}

export function ReceiptDocument({ receipt }: { receipt: ReceiptPdf }) {
  return (
    <Document title={`Bid receipt ${receipt.reference}`} author="NHS England" language="en-GB">
      <Page size="A4" style={styles.page}>
        <View style={styles.band} fixed>
          <Text style={styles.bandText}>NHS England · AI Imaging Platform procurement</Text>
        </View>
        <Text style={styles.title}>Bid receipt</Text>
        <Text style={styles.subtitle}>{receipt.procurementTitle}</Text>
        <Fact name="Reference">{receipt.reference}</Fact>
        <Fact name="Organisation">{receipt.organisation}</Fact>
        <Fact name="Received (UK time)">{receipt.receivedAtText}</Fact>
        <Fact name="Submitted by">{receipt.submittedBy}</Fact>
        <Fact name="Tender version">{String(receipt.tenderVersion)}</Fact>
        <Fact name="Status">{receipt.status}</Fact>
        <Fact name="SHA-256 digest" mono>
          {receipt.digest}
        </Fact>
        <Text style={styles.heading}>Answers</Text>
        {receipt.answers.map((a) => (
          <View key={a.number} style={styles.item} wrap={false}>
            <Text>
              {a.number} {a.title}
            </Text>
            <Text style={styles.mono}>{a.sha256}</Text>
          </View>
        ))}
        <Text style={styles.heading}>Files</Text>
        {receipt.files.length === 0 ? <Text>No files.</Text> : null}
        {receipt.files.map((f) => (
          <View key={`${f.number}-${f.sha256}-${f.filename}`} style={styles.item} wrap={false}>
            <Text>
              {f.number} {f.filename} ({f.size})
            </Text>
            <Text style={styles.mono}>{f.sha256}</Text>
          </View>
        ))}
        <Text style={styles.note}>
          Received is the time the portal received the complete submit request, to the second: the time that counts
          against the deadline. The digest is the SHA-256 of the submission's content in canonical JSON (RFC 8785),
          which includes that time. Check this receipt at {receipt.verifyUrl}
        </Text>
      </Page>
    </Document>
  );
}

export async function renderReceiptPdf(receipt: ReceiptPdf): Promise<Buffer> {
  return renderToBuffer(<ReceiptDocument receipt={receipt} />);
}
