// Sent after registration: the link that proves the registrant owns the email address.
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function verifyEmailMessage(props: { name: string; link: string; expiresInHours: number }) {
  const subject = "Confirm your email address";
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>
        Your organisation has been registered on the AI Imaging Platform procurement portal. Confirm your email address
        to start taking part.
      </p>
      <EmailButton href={props.link}>Confirm email address</EmailButton>
      <p>Or paste this link into your browser: {props.link}</p>
      <p>The link expires in {props.expiresInHours} hours. If you did not register, ignore this email.</p>
    </EmailLayout>,
    `Dear ${props.name},

Your organisation has been registered on the AI Imaging Platform procurement portal. Confirm your email address to start taking part:

${props.link}

The link expires in ${props.expiresInHours} hours. If you did not register, ignore this email.`,
  );
}
