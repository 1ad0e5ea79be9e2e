// The procurement record's clarifications part: every question with every published or private
// answer version.
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client.server";
import { clarificationAnswers, clarificationQuestions, organisations, users } from "../../db/schema";
import { clarificationNumber } from "../clarifications/schema";
import { toCsv } from "../csv.server";
import type { Procurement } from "../procurements/procurements.server";
import { json, RecordZip } from "./record-zip.server";

export async function addClarifications(zip: RecordZip, procurement: Procurement) {
  const questions = await db()
    .select({ question: clarificationQuestions, organisation: organisations.legalName, askedBy: users.name })
    .from(clarificationQuestions)
    .innerJoin(organisations, eq(organisations.id, clarificationQuestions.organisationId))
    .innerJoin(users, eq(users.id, clarificationQuestions.askedByUserId))
    .where(eq(clarificationQuestions.procurementId, procurement.id))
    .orderBy(asc(clarificationQuestions.createdAt), asc(clarificationQuestions.id));
  const answers = await db()
    .select()
    .from(clarificationAnswers)
    .where(eq(clarificationAnswers.procurementId, procurement.id))
    .orderBy(asc(clarificationAnswers.questionId), asc(clarificationAnswers.version));
  const index: unknown[][] = [];
  for (const { question: q, organisation, askedBy } of questions) {
    const versions = answers.filter((a) => a.questionId === q.id);
    const current = versions.find((a) => a.current) ?? versions[versions.length - 1];
    const label = current?.number
      ? clarificationNumber(current.number)
      : current
        ? `private-${q.id.slice(0, 8)}`
        : `unanswered-${q.id.slice(0, 8)}`;
    const path = `clarifications/${label}.json`;
    index.push([
      label,
      q.id,
      q.status,
      current?.audience ?? "",
      versions.length,
      organisation,
      q.createdAt,
      current?.firstPublishedAt ?? "",
      q.subject,
      path,
    ]);
    zip.add(path, async () =>
      json({
        label,
        question: { ...q, askingOrganisation: organisation, askedBy },
        answerVersions: versions.map(({ search: _s, ...version }) => version),
      }),
    );
  }
  zip.add("clarifications/index.csv", async () =>
    toCsv(
      [
        "Label",
        "Question id",
        "Status",
        "Audience",
        "Answer versions",
        "Asking organisation",
        "Asked at (UTC)",
        "First published (UTC)",
        "Subject",
        "File",
      ],
      index,
    ),
  );
}
