// Demo market engagement for the AI imaging platform: upcoming webinar, in-person day and 1:1
// slots, and a past webinar whose materials are published to every registered supplier.
import type { Transaction } from "../../db/client.server";
import { engagementRegistrations, engagementSessions, engagementSlots, sessionMaterials } from "../../db/schema";
import * as clock from "../clock.server";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

function at(days: number, hourUtc: number) {
  const date = new Date(clock.now().getTime() + days * DAY);
  date.setUTCHours(hourUtc, 0, 0, 0);
  return date;
}

export async function seedEngagement(
  tx: Transaction,
  ids: { procurementId: string; staffId: string; suppliers: { organisationId: string; userId: string }[] },
) {
  const [past] = await tx
    .insert(engagementSessions)
    .values({
      procurementId: ids.procurementId,
      kind: "webinar",
      title: "Market briefing: the national AI imaging platform",
      agenda:
        "Why a national platform; what we learned in discovery; the integration layer (DICOM, HL7 FHIR, IHE AI Results); assurance once (DTAC, DCB0129/DCB0160); questions from the market.",
      startsAt: at(-10, 10),
      endsAt: at(-10, 11),
      registrationDeadline: at(-11, 17),
      capacity: 200,
      maxPerOrganisation: 3,
      joiningLink: "https://teams.example.nhs.uk/l/meetup-join/market-briefing",
      materialsPublishedAt: at(-9, 9),
    })
    .returning({ id: engagementSessions.id });
  const [first] = ids.suppliers;
  if (first) {
    await tx.insert(engagementRegistrations).values({
      sessionId: past.id,
      organisationId: first.organisationId,
      userId: first.userId,
      registeredByUserId: first.userId,
      status: "confirmed",
      attended: true,
    });
  }
  await tx.insert(sessionMaterials).values([
    {
      sessionId: past.id,
      kind: "notes",
      title: "Notes of the market briefing",
      body: "We set out the problem: each trust integrates, assures and monitors AI imaging tools separately. Around 40 suppliers attended. The platform would offer a common integration layer with PACS and RIS, national assurance, and monitoring of model performance and drift.",
      position: 1,
      createdByUserId: ids.staffId,
    },
    {
      sessionId: past.id,
      kind: "question_answer",
      title: "Questions asked and our answers",
      body: "Q: Will suppliers have to host their models on the platform?\nA: Not necessarily. We are exploring both hosted models and a brokered connection to suppliers' own hosting; tell us which you prefer in the one-to-one meetings.\n\nQ: Will an existing DTAC assessment be recognised?\nA: Yes, we intend assurance done once to be reused nationally.",
      position: 2,
      createdByUserId: ids.staffId,
    },
  ]);

  await tx.insert(engagementSessions).values([
    {
      procurementId: ids.procurementId,
      kind: "webinar",
      title: "Webinar: interoperability with PACS and RIS",
      agenda:
        "How AI results return to PACS and RIS today; DICOM SR and IHE AI Results; HL7 FHIR ImagingStudy; what a common integration layer would need from vendors.",
      startsAt: at(7, 10),
      endsAt: at(7, 11),
      registrationDeadline: at(6, 17),
      capacity: 150,
      maxPerOrganisation: 3,
      joiningLink: "https://teams.example.nhs.uk/l/meetup-join/interoperability",
    },
    {
      procurementId: ids.procurementId,
      kind: "in_person",
      title: "Supplier day in Leeds",
      agenda:
        "Morning: the platform's scope and the tender timetable. Afternoon: workshops on clinical safety (DCB0129/DCB0160), information governance and DSPT, and post-market surveillance.",
      startsAt: at(14, 9),
      endsAt: at(14, 16),
      registrationDeadline: at(10, 17),
      capacity: 60,
      maxPerOrganisation: 2,
      venueName: "NHS England, Quarry House",
      venueAddress: "Quarry Hill, Leeds LS2 7UE",
    },
  ]);

  const [oneToOne] = await tx
    .insert(engagementSessions)
    .values({
      procurementId: ids.procurementId,
      kind: "one_to_one",
      title: "One-to-one meetings with the AI Lab",
      agenda:
        "45 minutes with the commercial and clinical leads to discuss your product, your integration approach and your view of the market. A summary of each meeting is published without your name.",
      startsAt: at(20, 9),
      endsAt: at(20, 15),
      registrationDeadline: at(18, 17),
      capacity: 8,
      maxPerOrganisation: 1,
    })
    .returning({ id: engagementSessions.id });
  const slots = Array.from({ length: 8 }, (_, i) => ({
    sessionId: oneToOne.id,
    startsAt: new Date(at(20, 9).getTime() + i * 45 * 60 * 1000),
    endsAt: new Date(at(20, 9).getTime() + (i + 1) * 45 * 60 * 1000),
  }));
  await tx.insert(engagementSlots).values(slots);
}
