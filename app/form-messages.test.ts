// Every message a form schema gives is ours: none of zod's own wording ("Invalid literal value,
// expected "on"", "Required", "Expected number, received nan") reaches a person, on the server or
// in the browser (where react-hook-form shows the first error of a union's closest member).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as auth from "~/auth/schema";
import * as bids from "~/bids/schema";
import * as clarifications from "~/clarifications/schema";
import * as engagement from "~/engagement/schema";
import * as evaluation from "~/evaluation/schema";
import * as findings from "~/findings/schema";
import * as procurements from "~/procurements/schema";
import * as tenders from "~/tenders/schema";

const ZOD_WORDING = /^Invalid|^Required$|^Expected|received|^String must|^Number must|^Array must/;

/** Each issue's message, and each message inside a union's issues (as the browser's resolver reads them). */
function messages(issues: z.ZodIssue[]): string[] {
  return issues.flatMap((issue) => [
    issue.message,
    ...("unionErrors" in issue ? issue.unionErrors.flatMap((e) => messages(e.issues)) : []),
  ]);
}

const modules = { auth, bids, clarifications, engagement, evaluation, findings, procurements, tenders };
const schemas = Object.entries(modules).flatMap(([module, exports]) =>
  Object.entries(exports)
    // The list filters read the address bar, where an odd value is ignored or refused with a 400.
    .filter((entry): entry is [string, z.ZodTypeAny] => entry[1] instanceof z.ZodType && !/Filters/.test(entry[0]))
    .map(([name, schema]) => ({ name: `${module}.${name}`, schema })),
);

// A form sent empty, and a form sent with every field blank.
const ODD = { "empty form": undefined, "blank fields": "" };

/** A form schema's fields, under its refinements; undefined for a one-field schema. */
function fieldsOf(schema: z.ZodTypeAny): z.ZodRawShape | undefined {
  if (schema instanceof z.ZodEffects) return fieldsOf(schema.innerType());
  return schema instanceof z.ZodObject ? schema.shape : undefined;
}

describe("form schemas", () => {
  it("say in our words that the declaration needs ticking, with JavaScript on and off", () => {
    for (const declaration of [undefined, false, "", "off"]) {
      const result = bids.SubmitBidSchema.safeParse({ declaration, idempotencyKey: crypto.randomUUID() });
      expect(result.success).toBe(false);
      expect(new Set(messages(result.error!.issues))).toEqual(
        new Set(["Confirm the declaration before you submit your bid"]),
      );
    }
  });

  it.each(schemas)("$name gives only messages of ours", ({ schema }) => {
    const shape = fieldsOf(schema);
    for (const [what, fill] of Object.entries(ODD)) {
      // A schema for one field (an email address, a password) is given the field's value itself.
      const input = !shape
        ? fill
        : what === "empty form"
          ? {}
          : Object.fromEntries(Object.keys(shape).map((key) => [key, fill]));
      const result = schema.safeParse(input);
      const ours = result.success ? [] : messages(result.error.issues).filter((m) => ZOD_WORDING.test(m));
      expect(ours, what).toEqual([]);
    }
  });
});
