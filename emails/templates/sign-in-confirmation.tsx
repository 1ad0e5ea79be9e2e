// Sent when the right password is given for an account that many failed sign-ins have targeted: the link that completes the sign-in.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function signInConfirmationMessage(props: {
  name: string;
  link: string;
  resetLink: string;
  expiresInMinutes: number;
}) {
  const subject = "Finish signing in";
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>
        Someone has just signed in to your account with your password. There have been many failed attempts to sign in
        to it recently, so to finish signing in we also need you to use this link.
      </p>
      <EmailButton href={props.link}>Finish signing in</EmailButton>
      <p>Or paste this link into your browser: {props.link}</p>
      <p>The link works once and expires in {props.expiresInMinutes} minutes.</p>
      <p>
        If this was not you, someone else knows your password. Do not use the link, and{" "}
        <a href={props.resetLink}>reset your password</a> now.
      </p>
    </EmailLayout>,
    `Dear ${props.name},

Someone has just signed in to your account with your password. There have been many failed attempts to sign in to it recently, so to finish signing in we also need you to use this link:

${props.link}

The link works once and expires in ${props.expiresInMinutes} minutes.

If this was not you, someone else knows your password. Do not use the link, and reset your password now: ${props.resetLink}`,
  );
}
