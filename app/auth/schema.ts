// The zod schemas for sign-in, registration and account forms, shared by browser and server.
import { z } from "zod";
import { isOneLine } from "~/text";
import { optionalMatching } from "~/text-schema";
import { LinkTokenSchema } from "./emailed-link";
import { safeRedirectPath } from "./redirects";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const EmailSchema = z
  .string({ required_error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .email("Enter an email address in the correct format, like name@example.com")
  .transform((v) => v.toLowerCase());

export const NewPasswordSchema = z
  .string({ required_error: "Enter a password" })
  .min(1, "Enter a password")
  .min(PASSWORD_MIN, `Password must be ${PASSWORD_MIN} characters or more`)
  .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`);

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ required_error: "Enter your password" })
    .min(1, "Enter your password")
    .max(PASSWORD_MAX, "Enter a correct email address and password"),
  // Where to go after signing in: a target that would leave the portal reads as not given (the
  // person's home), decided here, before anything is written.
  redirectTo: z
    .string()
    .optional()
    .transform((v) => safeRedirectPath(v, undefined)),
});
export type SignIn = z.infer<typeof SignInSchema>;

const requiredText = (label: string, max = 200) =>
  z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0].toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

/** A person's or organisation's name: required, and on one line. */
const nameText = (label: string, max = 200) =>
  requiredText(label, max).refine(
    isOneLine,
    `${label[0].toUpperCase()}${label.slice(1)} must be on one line, without line breaks or other control characters`,
  );

const optionalText = (label: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal(""), z.boolean()])
  .optional()
  .transform((v) => v === "on" || v === "true" || v === true);

export const COMPANIES_HOUSE_PATTERN =
  /^(?:\d{8}|(?:SC|NI|OC|SO|NC|LP|SL|NL|R0|IP|SP|RC|SR|NP|NO|FC|SF|NF|GE|GN|GS|CE|CS|RS|SE|ZC|IC|SI|NR|AC|SA|NA|FE|LLP)\d{6})$/;

/**
 * A form's fields with a new password and the same password typed again, which must match. The two
 * come last, so their errors follow the form's other fields.
 */
function withNewPassword<T extends z.ZodRawShape>(fields: T) {
  return z
    .object({ ...fields, password: NewPasswordSchema, confirmPassword: z.string().max(PASSWORD_MAX).optional() })
    .refine((v) => v.password === v.confirmPassword, {
      message: "Passwords do not match",
      path: ["confirmPassword"],
    });
}

export const PasswordConfirmationSchema = withNewPassword({});

export const RegisterSupplierSchema = withNewPassword({
  legalName: nameText("the organisation's legal name"),
  tradingNames: optionalText("Trading names", 300).refine(
    isOneLine,
    "Trading names must be on one line, without line breaks or other control characters",
  ),
  companiesHouseNumber: z
    .string({ required_error: "Enter the Companies House number" })
    .trim()
    .toUpperCase()
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(
      z
        .string()
        .min(1, "Enter the Companies House number")
        .regex(
          COMPANIES_HOUSE_PATTERN,
          "Enter a Companies House number in the correct format, like 01234567 or SC123456",
        ),
    ),
  dunsNumber: optionalMatching(/^\d{9}$/, "A DUNS number is 9 digits, like 123456789", (v) => v.replace(/[\s-]/g, "")),
  addressLine1: requiredText("the first line of the address"),
  addressLine2: optionalText("Address line 2"),
  town: requiredText("the town or city", 100),
  postcode: z
    .string({ required_error: "Enter the postcode" })
    .trim()
    .toUpperCase()
    .min(1, "Enter the postcode")
    .regex(/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, "Enter a real postcode, like LS1 4AP"),
  isSme: checkbox,
  isVcse: checkbox,
  contactPhone: optionalMatching(/^[+\d][\d\s()-]{6,19}$/, "Enter a telephone number, like 0113 496 0000"),
  name: nameText("your full name", 100),
  email: EmailSchema,
});
export type RegisterSupplier = z.infer<typeof RegisterSupplierSchema>;

export const ForgotPasswordSchema = z.object({ email: EmailSchema });

export const ResetPasswordSchema = withNewPassword({
  token: LinkTokenSchema,
});

export const AcceptInvitationSchema = withNewPassword({
  token: LinkTokenSchema,
  name: nameText("your full name", 100),
});

export const ChangePasswordSchema = withNewPassword({
  currentPassword: z
    .string({ required_error: "Enter your current password" })
    .min(1, "Enter your current password")
    .max(PASSWORD_MAX),
});

/** The button on the page an emailed sign-in link opens. */
export const SignInLinkSchema = z.object({ token: LinkTokenSchema });

export const TwoFactorCodeSchema = z.object({
  code: z
    .string({ required_error: "Enter the 6-digit code from your authenticator app" })
    .trim()
    .transform((v) => v.replace(/[\s-]/g, ""))
    .pipe(
      z
        .string()
        .min(1, "Enter the 6-digit code from your authenticator app")
        .regex(/^(\d{6}|[a-z0-9]{10})$/i, "Enter the 6-digit code, or one of your 10-character recovery codes"),
    ),
});

const mailboxCode = z
  .string({ required_error: "Enter the code we emailed to you" })
  .trim()
  .transform((v) => v.replace(/[\s-]/g, ""))
  .pipe(
    z
      .string()
      .min(1, "Enter the code we emailed to you")
      .regex(/^\d{8}$/, "The code we emailed to you is 8 digits, like 12345678"),
  );

/** The code emailed at a staff, evaluator or admin account's first enrolment. */
export const MailboxCodeSchema = z.object({ mailboxCode });

/** Turning two-factor sign-in on: the app's code, and the emailed code where the mailbox is proved. */
export const TwoFactorEnrolmentSchema = TwoFactorCodeSchema.extend({ mailboxCode: mailboxCode.optional() });

export const InviteColleagueSchema = z.object({
  name: nameText("their full name", 100),
  email: EmailSchema,
});

export const InviteUserSchema = z.object({
  name: nameText("their full name", 100),
  email: EmailSchema,
  role: z.enum(["staff", "evaluator", "admin"], {
    errorMap: () => ({ message: "Select a role" }),
  }),
});

export const ChangeRoleSchema = z.object({
  role: z.enum(["supplier", "staff", "evaluator", "admin"], {
    errorMap: () => ({ message: "Select a role" }),
  }),
});
