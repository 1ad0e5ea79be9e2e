// Sent on request: a single-use link to choose a new password.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function passwordResetMessage(props: { name: string; link: string; expiresInMinutes: number }) {
  const subject = "Reset your password";
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>We received a request to reset the password for your account.</p>
      <EmailButton href={props.link}>Choose a new password</EmailButton>
      <p>Or paste this link into your browser: {props.link}</p>
      <p>
        The link works once and expires in {props.expiresInMinutes} minutes. If you did not ask to reset your password,
        ignore this email: your password has not changed.
      </p>
    </EmailLayout>,
    `Dear ${props.name},

We received a request to reset the password for your account. Choose a new password:

${props.link}

The link works once and expires in ${props.expiresInMinutes} minutes. If you did not ask to reset your password, ignore this email: your password has not changed.`,
  );
}
