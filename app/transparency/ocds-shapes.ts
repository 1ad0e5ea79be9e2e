// The OCDS 1.1 shapes this portal writes: a subset of the release schema, as TypeScript types.

// --- The OCDS shapes this portal writes (a subset of the release schema) ----------------------------

export type OcdsValue = { amount: number; currency: "GBP" };
export type OcdsPeriod = { startDate?: string; endDate?: string };
export type OcdsOrganisationReference = { id: string; name: string };
export type OcdsParty = OcdsOrganisationReference & {
  identifier?: { scheme: string; id: string; legalName: string };
  address?: { streetAddress: string; locality: string; postalCode: string; countryName: string };
  contactPoint?: { name: string; email: string };
  roles: OcdsPartyRole[];
};
export type OcdsPartyRole = "buyer" | "tenderer" | "supplier";
export type OcdsReleaseTag = "planning" | "tender" | "tenderAmendment" | "tenderCancellation" | "award";
export type OcdsTenderStatus = "planning" | "active" | "cancelled" | "complete";
export type OcdsAwardStatus = "pending" | "active";
export type OcdsMilestone = {
  id: string;
  title: string;
  type: "engagement";
  description: string;
  dueDate: string;
  dateMet?: string;
  status: "scheduled" | "met";
};
export type OcdsDocument = {
  id: string;
  documentType: string;
  title: string;
  url: string;
  datePublished: string;
  format?: string;
  language: "en";
};
export type OcdsAmendment = {
  id: string;
  date: string;
  rationale: string;
  amendsReleaseID: string;
  releaseID: string;
};
export type OcdsTender = {
  id: string;
  title?: string;
  description?: string;
  status: OcdsTenderStatus;
  value?: OcdsValue;
  procurementMethod?: "open";
  procurementMethodDetails?: string;
  items?: { id: string; description: string; classification: { scheme: "CPV"; id: string } }[];
  awardCriteria?: "ratedCriteria" | "priceOnly" | "qualityOnly";
  awardCriteriaDetails?: string;
  submissionMethod?: ["electronicSubmission"];
  submissionMethodDetails?: string;
  tenderPeriod?: OcdsPeriod;
  enquiryPeriod?: OcdsPeriod;
  documents?: OcdsDocument[];
  amendments?: OcdsAmendment[];
  numberOfTenderers?: number;
  tenderers?: OcdsOrganisationReference[];
};
export type OcdsAward = {
  id: string;
  title: string;
  status: OcdsAwardStatus;
  date: string;
  value?: OcdsValue;
  suppliers: OcdsOrganisationReference[];
};
export type OcdsRelease = {
  ocid: string;
  id: string;
  date: string;
  tag: OcdsReleaseTag[];
  initiationType: "tender";
  language: "en";
  parties: OcdsParty[];
  buyer: OcdsOrganisationReference;
  planning?: { rationale?: string; milestones: OcdsMilestone[] };
  tender: OcdsTender;
  awards?: OcdsAward[];
};
export type OcdsReleasePackage = {
  uri: string;
  version: "1.1";
  publishedDate: string;
  publisher: { name: string; uri: string };
  license: string;
  publicationPolicy: string;
  releases: OcdsRelease[];
};
