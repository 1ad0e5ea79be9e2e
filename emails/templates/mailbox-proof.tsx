// Sent when a staff, evaluator or admin account first sets up two-factor sign-in: the code that
// shows the person setting it up can read this mailbox, not only knows the password.
import { EmailLayout, renderEmail } from "./layout";

export function mailboxProofMessage(props: { name: string; code: string; expiresInMinutes: number }) {
  const subject = "Your code to set up two-factor sign-in";
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>Someone signed in to your account and is setting up two-factor sign-in. To continue, enter this code:</p>
      <p style={{ fontSize: "28px", fontWeight: "bold", letterSpacing: "4px", margin: "24px 0" }}>{props.code}</p>
      <p>The code works once and expires in {props.expiresInMinutes} minutes.</p>
      <p>
        If this was not you, do not share the code: someone knows your password. Change it now and tell your portal
        administrator.
      </p>
    </EmailLayout>,
    `Dear ${props.name},

Someone signed in to your account and is setting up two-factor sign-in. To continue, enter this code:

${props.code}

The code works once and expires in ${props.expiresInMinutes} minutes.

If this was not you, do not share the code: someone knows your password. Change it now and tell your portal administrator.`,
  );
}
