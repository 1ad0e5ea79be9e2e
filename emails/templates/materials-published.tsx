// Sent to every user of every supplier organisation registered on the procurement when a
// session's materials are published: equal treatment (Procurement Act 2023 s.12, s.16).
import { EmailButton, EmailLayout, renderEmail } from "./layout";

export function materialsPublishedMessage(props: { name: string; sessionTitle: string; procurementTitle: string; link: string }) {
  const subject = `Materials published: ${props.sessionTitle}`;
  return renderEmail(
    subject,
    <EmailLayout heading={subject}>
      <p>Dear {props.name},</p>
      <p>
        The materials from this market engagement session for <strong>{props.procurementTitle}</strong> are now
        published. Every supplier registered on the procurement can read them, whether or not they attended.
      </p>
      <EmailButton href={props.link}>Read the materials</EmailButton>
    </EmailLayout>,
    `Dear ${props.name},

The materials from "${props.sessionTitle}", a market engagement session for ${props.procurementTitle}, are now published. Every supplier registered on the procurement can read them, whether or not they attended.

Read the materials: ${props.link}`,
  );
}
