// Sent when someone registers with an address that already has an account: the page itself says
// nothing different, so that registration never reveals which addresses are registered.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function alreadyRegisteredMessage(props: { signInLink: string; resetLink: string }) {
  const subject = "Someone tried to register with your email address";
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>
        Someone tried to register an organisation on the AI Imaging Platform procurement portal with this email address,
        which already has an account.
      </p>
      <EmailButton href={props.signInLink}>Sign in</EmailButton>
      <p>
        If you have forgotten your password, <a href={props.resetLink}>reset it</a>. If this was not you, you can ignore
        this email.
      </p>
    </EmailLayout>,
    `Someone tried to register an organisation on the AI Imaging Platform procurement portal with this email address, which already has an account.

Sign in: ${props.signInLink}
Forgotten your password? Reset it: ${props.resetLink}

If this was not you, you can ignore this email.`,
  );
}
