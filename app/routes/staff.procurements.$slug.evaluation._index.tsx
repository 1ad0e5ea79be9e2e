import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary } from "~/components/error-summary";
import { PageHeading } from "~/components/page";
import { EvaluationPage } from "~/evaluation/components/staff-evaluation-page";
import {
  assignEvaluator,
  changeEvaluatorSections,
  evaluationPanel,
  removeEvaluator,
} from "~/evaluation/panel-assignment.server";
import { AssignEvaluatorSchema, ChangeSectionsSchema, RemoveEvaluatorSchema } from "~/evaluation/schema";
import { formRejected, readForm, submitForm } from "~/forms.server";
import { redirectWithNotice } from "~/notice.server";
import { requireProcurement } from "~/procurements/procurements.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Evaluation: ${data?.procurement.title ?? "procurement"} (staff) – AI Imaging Platform procurement` },
];

// The evaluation panel of a tender: who evaluates which sections, and once the bids are opened
// the bidder mapping, everyone's progress and the conflicts register.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const panel = await evaluationPanel(user, procurement);
  const sectionName = new Map(panel.sections.map((s) => [s.id, `${s.number}. ${s.title}`]));
  const sectionsText = (ids: string[] | null) =>
    ids === null ? "All sections" : ids.map((id) => sectionName.get(id) ?? "A removed section").join("; ");
  const change = new URL(request.url).searchParams.get("change");
  const changing = panel.final ? undefined : panel.assignments.find((a) => a.id === change && a.removedAt === null);
  return {
    procurement: { slug: procurement.slug, title: procurement.title },
    sections: panel.sections,
    available: panel.available,
    active: panel.assignments
      .filter((a) => a.removedAt === null)
      .map((a) => ({
        id: a.id,
        evaluator: a.evaluator,
        email: a.email,
        sections: sectionsText(a.sectionIds),
        assignedAt: a.assignedAt,
      })),
    removed: panel.assignments
      .filter((a) => a.removedAt !== null)
      .map((a) => ({ id: a.id, evaluator: a.evaluator, sections: sectionsText(a.sectionIds), removedAt: a.removedAt })),
    changing: changing ? { id: changing.id, evaluator: changing.evaluator, sectionIds: changing.sectionIds } : null,
    final: panel.final,
    opened: panel.opened,
    submitted: panel.opened ? null : panel.submitted,
    mapping: panel.opened ? panel.byBid : [],
    progress: panel.opened ? panel.progress : [],
    register: panel.opened
      ? panel.register.map((d) => ({
          evaluator: d.evaluator,
          label: d.label,
          organisation: d.organisation,
          hasConflict: d.hasConflict,
          details: d.details,
          declaredAt: d.declaredAt,
        }))
      : [],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: "staff" });
  const procurement = await requireProcurement(params.slug);
  const here = `/staff/procurements/${procurement.slug}/evaluation`;
  const fields = await readForm(request);
  switch (fields.get("intent")) {
    case "assign":
      return submitForm(
        request,
        AssignEvaluatorSchema,
        fields,
        (input) => assignEvaluator(user, procurement, input),
        (result) => redirectWithNotice(here, `${result.name} is on the evaluation panel`),
        { arrays: ["sectionIds"] },
      );
    case "sections":
      return submitForm(
        request,
        ChangeSectionsSchema,
        fields,
        (input) => changeEvaluatorSections(user, procurement, input),
        (result) =>
          redirectWithNotice(
            here,
            result.changed
              ? `${result.name}'s sections are changed. Marks they have already submitted are kept`
              : `${result.name} already marks those sections: nothing changed`,
          ),
        { arrays: ["sectionIds"] },
      );
    case "remove":
      return submitForm(
        request,
        RemoveEvaluatorSchema,
        fields,
        (input) => removeEvaluator(user, procurement, input.assignmentId),
        (result) =>
          redirectWithNotice(
            here,
            `${result.name} is no longer on the panel. Their declarations and any marks they submitted are kept`,
          ),
      );
    default:
      return formRejected(400, { form: "Choose what to do" }, {});
  }
}

export default function StaffEvaluation() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const intent = (result?.values as Record<string, string> | undefined)?.intent;
  const base = `/staff/procurements/${page.procurement.slug}`;
  return (
    <>
      {/* The assign and change forms show their own errors; any other refusal shows here. */}
      {intent !== "assign" && !(intent === "sections" && page.changing) ? (
        <ErrorSummary errors={result?.errors ?? {}} />
      ) : null}
      <Link className="nhsuk-back-link" to={`${base}/tender`}>
        Tender
      </Link>
      <PageHeading caption={page.procurement.title}>Evaluation</PageHeading>
      <EvaluationPage page={page} />
    </>
  );
}
