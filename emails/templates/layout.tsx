// The shared NHS-styled frame of every email, and the helper that renders a template to HTML.
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";

export type EmailContent = { subject: string; html: string; text: string };

const SERVICE_NAME = "AI Imaging Platform procurement";

export function EmailLayout({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>{heading}</title>
      </head>
      <body style={{ margin: 0, background: "#f0f4f5", fontFamily: "Arial, Helvetica, sans-serif", color: "#212b32" }}>
        <table role="presentation" width="100%" cellPadding={0} cellSpacing={0}>
          <tbody>
            <tr>
              <td
                style={{
                  background: "#005eb8",
                  padding: "16px 24px",
                  color: "#ffffff",
                  fontSize: "18px",
                  fontWeight: "bold",
                }}
              >
                NHS England · {SERVICE_NAME}
              </td>
            </tr>
            <tr>
              <td style={{ background: "#ffffff", padding: "24px", fontSize: "16px", lineHeight: "1.5" }}>
                <h1 style={{ fontSize: "24px", margin: "0 0 16px" }}>{heading}</h1>
                {children}
              </td>
            </tr>
            <tr>
              <td style={{ padding: "16px 24px", fontSize: "14px", color: "#4c6272" }}>
                You are receiving this email from the {SERVICE_NAME} portal run by the NHS AI Lab (NHS England, on
                behalf of DHSC). Do not reply to this email.
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}

export function EmailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p style={{ margin: "24px 0" }}>
      <a
        href={href}
        style={{
          background: "#007f3b",
          color: "#ffffff",
          padding: "12px 16px",
          textDecoration: "none",
          fontWeight: "bold",
          borderRadius: "4px",
        }}
      >
        {children}
      </a>
    </p>
  );
}

export function renderEmail(subject: string, element: ReactNode, text: string): EmailContent {
  const html = `<!DOCTYPE html>${renderToStaticMarkup(<>{element}</>)}`;
  const footer = `\n\n--\nNHS England · ${SERVICE_NAME}\nDo not reply to this email.\n`;
  return { subject, html, text: `${text.trim()}${footer}` };
}
