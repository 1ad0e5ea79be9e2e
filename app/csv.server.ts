// CSV downloads: RFC 4180 via csv-stringify, with spreadsheet formula injection neutralised.
import { stringify } from "csv-stringify/sync";

// A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice).
function neutralise(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return stringify([header, ...rows.map((row) => row.map(neutralise))], { record_delimiter: "\r\n" });
}

export function csvResponse(filename: string, csv: string) {
  const safe = filename.replace(/[^a-zA-Z0-9._-]/g, "-");
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${safe}"`,
      "Cache-Control": "no-store",
    },
  });
}
