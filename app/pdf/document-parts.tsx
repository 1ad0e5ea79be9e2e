// The parts every portal PDF shares: NHS colours, the blue band with the NHS logo, and the footer
// with the document's name and page numbers (react-pdf; rendered in worker threads).
import { Document, Font, Path, StyleSheet, Svg, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";

// react-pdf hyphenates by default ("clarifi-cation"), even names and references in narrow table
// cells: keep words whole in every document that uses these parts.
Font.registerHyphenationCallback((word) => [word]);

export const NHS_BLUE = "#005EB8";
export const NHS_DARK_BLUE = "#003087";
export const TEXT = "#212B32";
export const SECONDARY = "#4C6272";
export const BORDER = "#D8DDE0";
export const PALE_GREY = "#F0F4F5";
export const WARM_YELLOW = "#FFB81C";
export const A4_HEIGHT = 841.89;
export const BAND_HEIGHT = 56;
export const MARGIN = 50;

export const partStyles = StyleSheet.create({
  /** An A4 page below the band and above the footer. */
  page: {
    fontFamily: "Helvetica",
    fontSize: 10,
    lineHeight: 1.4,
    color: TEXT,
    paddingTop: BAND_HEIGHT + 24,
    paddingBottom: 64,
    paddingHorizontal: MARGIN,
  },
  band: {
    position: "absolute",
    top: 0,
    left: 0,
    right: 0,
    height: BAND_HEIGHT,
    backgroundColor: NHS_BLUE,
    paddingHorizontal: MARGIN,
    flexDirection: "row",
    alignItems: "center",
  },
  bandText: { color: "#FFFFFF", marginLeft: 12, fontFamily: "Helvetica-Bold", fontSize: 11, flex: 1 },
  bandMarking: { color: "#FFFFFF", fontFamily: "Helvetica-Bold", fontSize: 9, letterSpacing: 0.5 },
  footer: {
    position: "absolute",
    // Placed from the top: react-pdf 4.9 drops a fixed element positioned by `bottom`.
    top: A4_HEIGHT - 52,
    left: MARGIN,
    right: MARGIN,
    borderTopWidth: 0.5,
    borderTopColor: BORDER,
    paddingTop: 6,
    flexDirection: "row",
    justifyContent: "space-between",
    fontSize: 8,
    color: SECONDARY,
  },
  footerName: { flex: 1, paddingRight: 12 },
  footerPage: { width: 70, textAlign: "right" },
  footerMarking: { fontFamily: "Helvetica-Bold", color: TEXT },
});

export function NhsLogo() {
  return (
    <Svg viewBox="0 0 200 80" width={55} height={22}>
      <Path
        fill="#FFFFFF"
        d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
      />
    </Svg>
  );
}

/** The blue band across the top of every page, with a protective marking on the right if given. */
export function Band({ marking }: { marking?: string }) {
  return (
    <View style={partStyles.band} fixed>
      <NhsLogo />
      <Text style={partStyles.bandText}>NHS England: NHS AI Lab</Text>
      {marking ? <Text style={partStyles.bandMarking}>{marking}</Text> : null}
    </View>
  );
}

/** The footer: the document's name (and marking, if any) on the left, "Page n of N" on the right. */
export function Footer({ name, marking }: { name: string; marking?: string }) {
  return (
    <View style={partStyles.footer} fixed>
      <Text style={partStyles.footerName}>
        {marking ? <Text style={partStyles.footerMarking}>{marking}. </Text> : null}
        {name}
      </Text>
      <Text
        style={partStyles.footerPage}
        render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`}
      />
    </View>
  );
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The document with the portal's metadata (author, creator, language). */
export function PortalDocument({ title, subject, children }: { title: string; subject: string; children: ReactNode }) {
  return (
    <Document
      title={title}
      author="NHS England (NHS AI Lab)"
      subject={subject}
      creator="AI Imaging Platform procurement portal"
      producer="AI Imaging Platform procurement portal"
      language="en-GB"
    >
      {children}
    </Document>
  );
}
