// The new password and its confirmation, as every form that sets a password asks for them.
import { TextInput } from "./fields";
import type { useValidatedForm } from "./use-validated-form";

type ValidatedForm = Pick<ReturnType<typeof useValidatedForm>, "field">;

/** The `password` and `confirmPassword` fields: "Create a password" on a new account, "New password" on a change. */
export function NewPasswordFields({
  form,
  label,
  confirmLabel,
}: {
  form: ValidatedForm;
  label: string;
  confirmLabel: string;
}) {
  return (
    <>
      <TextInput
        label={label}
        hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember"
        type="password"
        autoComplete="new-password"
        {...form.field("password")}
      />
      <TextInput label={confirmLabel} type="password" autoComplete="new-password" {...form.field("confirmPassword")} />
    </>
  );
}
