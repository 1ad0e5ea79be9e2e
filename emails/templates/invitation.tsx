// Sent by an admin (staff, evaluators, admins) or an organisation admin (colleagues).
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function invitationMessage(props: {
  name: string;
  invitedBy: string;
  joining: string;
  link: string;
  expiresInDays: number;
}) {
  const subject = `You have been invited to the AI Imaging Platform procurement portal`;
  return renderEmail(
    subject,
    <EmailLayout heading="You have been invited">
      <p>Dear {props.name},</p>
      <p>
        {props.invitedBy} has invited you to join {props.joining} on the AI Imaging Platform procurement portal.
      </p>
      <EmailButton href={props.link}>Accept the invitation</EmailButton>
      <p>Or paste this link into your browser: {props.link}</p>
      <p>The invitation expires in {props.expiresInDays} days.</p>
    </EmailLayout>,
    `Dear ${props.name},

${props.invitedBy} has invited you to join ${props.joining} on the AI Imaging Platform procurement portal.

Accept the invitation: ${props.link}

The invitation expires in ${props.expiresInDays} days.`,
  );
}
