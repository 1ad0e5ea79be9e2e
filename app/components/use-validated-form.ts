// One zod schema validates in the browser (react-hook-form) and in the action: this hook wires a
// Remix <Form> to it, shows the server's errors when they come back, and keeps what was typed.
import { zodResolver } from "@hookform/resolvers/zod";
import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { useForm, type FieldValues } from "react-hook-form";
import type { z } from "zod";
import { fieldId } from "./error-summary";

export type ServerFormState = { errors?: Record<string, string>; values?: Record<string, string> } | undefined;

function flattenErrors(errors: Record<string, unknown>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== "object") continue;
    const message = (value as { message?: unknown }).message;
    if (typeof message === "string") out[`${prefix}${key}`] = message;
    else Object.assign(out, flattenErrors(value as Record<string, unknown>, `${prefix}${key}.`));
  }
  return out;
}

/**
 * `options.intent`: on a page with several forms, this form adopts the server's errors and values
 * only when the submitted `intent` field was its own.
 */
export function useValidatedForm<S extends z.ZodTypeAny>(
  schema: S,
  defaults: Record<string, unknown> = {},
  options: { intent?: string } = {},
) {
  const allActionData = useActionData() as ServerFormState;
  const actionData = options.intent && allActionData?.values?.intent !== options.intent ? undefined : allActionData;
  const navigation = useNavigation();
  const submit = useSubmit();
  const serverErrors = actionData?.errors ?? {};
  const values: Record<string, unknown> = { ...defaults, ...(actionData?.values ?? {}) };
  const form = useForm<FieldValues>({
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onSubmit",
    // The NHS pattern focuses the error summary, which links to each field.
    shouldFocusError: false,
  });
  const clientErrors = flattenErrors(form.formState.errors as Record<string, unknown>);
  const errors = Object.keys(clientErrors).length > 0 ? clientErrors : serverErrors;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const formElement = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? formElement, { method: "post" }))(event);
  };

  /** Props for a text-like field: id, name, the value to show, its error and the RHF binding. */
  const field = (name: string) => ({
    ...form.register(name),
    id: fieldId(name),
    defaultValue: typeof values[name] === "string" ? (values[name] as string) : undefined,
    error: errors[name],
  });

  const checkbox = (name: string) => ({
    ...form.register(name),
    id: fieldId(name),
    defaultChecked: values[name] === "on" || values[name] === "true" || values[name] === true,
    error: errors[name],
  });

  const radio = (name: string, value: string) => ({
    ...form.register(name),
    value,
    defaultChecked: values[name] === value,
  });

  /** A hidden field the schema checks too, so the browser validates exactly what the server will. */
  // Controlled, so a value the loader refreshes (a record's version after a conflict) reaches the form.
  const hidden = (name: string, value: string) => ({ ...form.register(name), type: "hidden", value });

  return {
    errors,
    hidden,
    values,
    field,
    checkbox,
    radio,
    onSubmit,
    submitting: navigation.state === "submitting",
  };
}
