// The draft preliminary market engagement notice as an A4 PDF (its HTML equivalent is the staff page).
import { Document, Font, Page, Path, renderToBuffer, StyleSheet, Svg, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import type { EngagementNotice, EngagementNoticeEvent } from "./engagement-notice.server";

// react-pdf hyphenates by default, splitting words in narrow table cells ("regis-tration"): keep words whole.
Font.registerHyphenationCallback((word) => [word]);

const NHS_BLUE = "#005EB8";
const NHS_DARK_BLUE = "#003087";
const TEXT = "#212B32";
const SECONDARY = "#4C6272";
const BORDER = "#D8DDE0";
const PALE_GREY = "#F0F4F5";
const WARM_YELLOW = "#FFB81C";

const BAND_HEIGHT = 64;
const A4_HEIGHT = 841.89;

const styles = StyleSheet.create({
  page: {
    fontFamily: "Helvetica",
    fontSize: 10,
    lineHeight: 1.4,
    color: TEXT,
    paddingTop: BAND_HEIGHT + 28,
    paddingBottom: 64,
    paddingHorizontal: 50,
  },
  band: {
    position: "absolute",
    top: 0,
    left: 0,
    right: 0,
    height: BAND_HEIGHT,
    backgroundColor: NHS_BLUE,
    paddingHorizontal: 50,
    flexDirection: "row",
    alignItems: "center",
    justifyContent: "space-between",
  },
  bandLeft: { flexDirection: "row", alignItems: "center" },
  bandText: { color: "#FFFFFF", marginLeft: 12 },
  bandTitle: { fontFamily: "Helvetica-Bold", fontSize: 11, color: "#FFFFFF" },
  bandSubtitle: { fontSize: 8.5, color: "#FFFFFF" },
  draftTag: {
    backgroundColor: WARM_YELLOW,
    color: TEXT,
    fontFamily: "Helvetica-Bold",
    fontSize: 10,
    paddingVertical: 4,
    paddingHorizontal: 10,
  },
  caption: { fontSize: 9.5, color: SECONDARY, marginBottom: 2 },
  title: { fontFamily: "Helvetica-Bold", fontSize: 22, lineHeight: 1.2, color: TEXT, marginBottom: 6 },
  subtitle: { fontSize: 14, lineHeight: 1.3, color: NHS_DARK_BLUE, marginBottom: 14 },
  draftNotice: {
    borderLeftWidth: 5,
    borderLeftColor: WARM_YELLOW,
    backgroundColor: "#FFF9E6",
    paddingVertical: 8,
    paddingHorizontal: 12,
    marginBottom: 16,
  },
  draftNoticeHeading: { fontFamily: "Helvetica-Bold", marginBottom: 2 },
  section: { marginBottom: 14 },
  heading: {
    fontFamily: "Helvetica-Bold",
    fontSize: 13,
    color: NHS_DARK_BLUE,
    borderBottomWidth: 1,
    borderBottomColor: BORDER,
    paddingBottom: 3,
    marginBottom: 8,
  },
  subheading: { fontFamily: "Helvetica-Bold", fontSize: 10.5, marginBottom: 2 },
  paragraph: { marginBottom: 6 },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: BORDER, paddingVertical: 4 },
  rowKey: { width: 150, fontFamily: "Helvetica-Bold", paddingRight: 10 },
  rowValue: { flex: 1 },
  table: { borderTopWidth: 1.5, borderTopColor: NHS_BLUE },
  tableHead: {
    flexDirection: "row",
    backgroundColor: PALE_GREY,
    borderBottomWidth: 1,
    borderBottomColor: BORDER,
    fontFamily: "Helvetica-Bold",
    fontSize: 9,
  },
  tableRow: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: BORDER },
  cell: { paddingVertical: 5, paddingHorizontal: 5, fontSize: 9 },
  colWhen: { width: "27%" },
  colEvent: { width: "30%" },
  colPlace: { width: "25%" },
  colDeadline: { width: "18%" },
  bold: { fontFamily: "Helvetica-Bold" },
  muted: { color: SECONDARY },
  kind: { fontSize: 7.5, color: SECONDARY, textTransform: "uppercase", marginBottom: 1 },
  eventDetail: { marginBottom: 8, paddingLeft: 8, borderLeftWidth: 3, borderLeftColor: BORDER },
  closes: {
    backgroundColor: PALE_GREY,
    borderLeftWidth: 5,
    borderLeftColor: NHS_BLUE,
    paddingVertical: 8,
    paddingHorizontal: 12,
  },
  closesText: { fontFamily: "Helvetica-Bold", fontSize: 12 },
  footer: {
    position: "absolute",
    // Placed from the top: react-pdf 4.9 drops a fixed element positioned by `bottom`.
    top: A4_HEIGHT - 52,
    left: 50,
    right: 50,
    borderTopWidth: 0.5,
    borderTopColor: BORDER,
    paddingTop: 6,
    flexDirection: "row",
    justifyContent: "space-between",
    fontSize: 8,
    color: SECONDARY,
  },
  footerName: { flex: 1, paddingRight: 12 },
});

// The NHS logo as on the web pages' header: drawn white on the blue band it reads as the reversed logo.
function NhsLogo() {
  return (
    <Svg viewBox="0 0 200 80" width={60} height={24}>
      <Path
        fill="#FFFFFF"
        d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
      />
    </Svg>
  );
}

function Section({
  heading,
  children,
  breakable = true,
}: {
  heading: string;
  children: ReactNode;
  breakable?: boolean;
}) {
  return (
    <View style={styles.section} wrap={breakable}>
      {/* minPresenceAhead keeps a heading from sitting alone at the foot of a page. */}
      <Text style={styles.heading} minPresenceAhead={60}>
        {heading}
      </Text>
      {children}
    </View>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View style={styles.row} wrap={false}>
      <Text style={styles.rowKey}>{label}</Text>
      <View style={styles.rowValue}>{typeof children === "string" ? <Text>{children}</Text> : children}</View>
    </View>
  );
}

function EventsTable({ events }: { events: EngagementNoticeEvent[] }) {
  return (
    <View style={styles.table}>
      <View style={styles.tableHead} fixed>
        <Text style={[styles.cell, styles.colWhen]}>Date and time (UK)</Text>
        <Text style={[styles.cell, styles.colEvent]}>Event</Text>
        <Text style={[styles.cell, styles.colPlace]}>Place</Text>
        <Text style={[styles.cell, styles.colDeadline]}>Register by</Text>
      </View>
      {events.map((event) => (
        <View key={event.id} style={styles.tableRow} wrap={false}>
          <View style={[styles.cell, styles.colWhen]}>
            <Text style={styles.bold}>{event.date}</Text>
            <Text>
              {event.startTime} to {event.endTime} {event.zone}
            </Text>
          </View>
          <View style={[styles.cell, styles.colEvent]}>
            <Text style={styles.kind}>{event.kindLabel}</Text>
            <Text style={styles.bold}>{event.title}</Text>
          </View>
          <View style={[styles.cell, styles.colPlace]}>
            {event.placeLines.map((line, i) => (
              <Text key={i} style={i === 0 && event.kind === "in_person" ? styles.bold : undefined}>
                {line}
              </Text>
            ))}
          </View>
          <View style={[styles.cell, styles.colDeadline]}>
            <Text>{event.registrationDeadlineText}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}

export function EngagementNoticeDocument({ notice }: { notice: EngagementNotice }) {
  const { buyer, procurement, engagement, events } = notice;
  const footerName = `Preliminary market engagement notice: ${procurement.title} (draft)`;
  return (
    <Document
      title={`Preliminary market engagement notice: ${procurement.title} (draft)`}
      author={`${buyer.name} (${buyer.unit})`}
      subject={`Draft preliminary market engagement notice under section 17 of the Procurement Act 2023 for ${procurement.title}`}
      creator="AI Imaging Platform procurement portal"
      producer="AI Imaging Platform procurement portal"
      language="en-GB"
    >
      <Page size="A4" style={styles.page}>
        <View style={styles.band} fixed>
          <View style={styles.bandLeft}>
            <NhsLogo />
            <View style={styles.bandText}>
              <Text style={styles.bandTitle}>
                {buyer.name}: {buyer.unit}
              </Text>
              <Text style={styles.bandSubtitle}>On behalf of {buyer.onBehalfOf}</Text>
            </View>
          </View>
          <Text style={styles.draftTag}>DRAFT</Text>
        </View>
        {/* Fixed elements must come before the flowing content: react-pdf drops those placed after it. */}
        <View style={styles.footer} fixed>
          <Text style={styles.footerName}>{footerName}</Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>

        <Text style={styles.caption}>Procurement Act 2023, section 17</Text>
        <Text style={styles.title}>Preliminary market engagement notice</Text>
        <Text style={styles.subtitle}>{procurement.title}</Text>

        <View style={styles.draftNotice} wrap={false}>
          <Text style={styles.draftNoticeHeading}>Draft for review: not yet published</Text>
          <Text>
            Prepared from the procurement portal on {notice.generatedAtText}. Check it before it is published on Find a
            Tender; dates and events may change.
          </Text>
        </View>

        <Section heading="1. Contracting authority">
          <Row label="Name">{`${buyer.name} (${buyer.unit}), on behalf of ${buyer.onBehalfOf}`}</Row>
          <Row label="Contact">{buyer.contactEmail}</Row>
        </Section>

        <Section heading="2. The procurement">
          <Row label="Title">{procurement.title}</Row>
          <Row label="Procurement identifier">{procurement.reference}</Row>
          <Row label="Summary">{procurement.summary}</Row>
          {procurement.description ? <Row label="What is being procured">{procurement.description}</Row> : null}
          <Row label="Main CPV code">
            {procurement.cpvCode
              ? `${procurement.cpvCode}${procurement.cpvDescription ? `: ${procurement.cpvDescription}` : ""}`
              : "To be confirmed"}
          </Row>
          <Row label="Estimated value">{procurement.estimatedValue ?? "To be confirmed"}</Row>
          <Row label="More information">{procurement.url}</Row>
        </Section>

        <Section heading="3. How engagement is run">
          {engagement.howItRuns.map((paragraph, i) => (
            <Text key={i} style={styles.paragraph}>
              {paragraph}
            </Text>
          ))}
        </Section>

        <Section heading="4. Engagement events">
          {events.length === 0 ? (
            <Text>No events have been scheduled yet.</Text>
          ) : (
            <>
              <Text style={styles.paragraph}>
                All times are UK time: British Summer Time (BST) from late March to late October, Greenwich Mean Time
                (GMT) otherwise.
              </Text>
              <EventsTable events={events} />
            </>
          )}
        </Section>

        {events.length > 0 ? (
          <Section heading="5. About each event">
            {events.map((event) => (
              <View key={event.id} style={styles.eventDetail} wrap={false}>
                <Text style={styles.subheading}>{event.title}</Text>
                <Text style={styles.muted}>
                  {event.kindLabel}, {event.date}, {event.startTime} to {event.endTime} {event.zone}. {event.place}.
                </Text>
                {event.slots && event.slots.count > 0 ? (
                  <Text style={styles.muted}>
                    {event.slots.count} {event.slots.count === 1 ? "slot" : "slots"}, each bookable by one organisation.
                  </Text>
                ) : null}
                <Text style={{ marginTop: 2 }}>{event.agenda}</Text>
              </View>
            ))}
          </Section>
        ) : null}

        <Section heading={`${events.length > 0 ? 6 : 5}. Equal treatment`}>
          {engagement.equalTreatment.map((paragraph, i) => (
            <Text key={i} style={styles.paragraph}>
              {paragraph}
            </Text>
          ))}
        </Section>

        <Section heading={`${events.length > 0 ? 7 : 6}. When engagement closes`} breakable={false}>
          <View style={styles.closes}>
            <Text style={styles.closesText}>Engagement closes: {engagement.closesText}</Text>
            {engagement.startsText ? <Text>Engagement opened on {engagement.startsText}.</Text> : null}
          </View>
          <Text style={[styles.paragraph, { marginTop: 8 }]}>
            Questions about this notice or about taking part: {buyer.contactEmail}
          </Text>
        </Section>
      </Page>
    </Document>
  );
}

/**
 * Renders the notice. It is a few pages and takes well under a second; react-pdf blocks the event
 * loop while it works, so anything much larger belongs off the request thread.
 */
export async function renderEngagementNoticePdf(notice: EngagementNotice): Promise<Buffer> {
  return renderToBuffer(<EngagementNoticeDocument notice={notice} />);
}
