// Dates and times are stored in UTC and shown in UK time (Europe/London).
const LONDON = "Europe/London";

// Formatters are costly to build, so each is built once.
const dateTimeOptions: Intl.DateTimeFormatOptions = {
  timeZone: LONDON,
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
};
const dateTimeFormatter = new Intl.DateTimeFormat("en-GB", dateTimeOptions);
const dateTimeSecondFormatter = new Intl.DateTimeFormat("en-GB", { ...dateTimeOptions, second: "2-digit" });
const dateFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  day: "numeric",
  month: "long",
  year: "numeric",
});
const timeFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h12",
});

export function formatDateTime(value: Date | string | null | undefined): string {
  return formatWith(dateTimeFormatter, value);
}

/** To the second, as a bid's received time is stated (decision 026): "8 December 2026, 11:59:58pm". */
export function formatDateTimeToSecond(value: Date | string | null | undefined): string {
  return formatWith(dateTimeSecondFormatter, value);
}

function formatWith(formatter: Intl.DateTimeFormat, value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return formatter
    .format(date)
    .replace(" at ", ", ")
    .replace(/\s?(am|pm)$/i, (m) => m.trim().toLowerCase());
}

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return dateFormatter.format(date);
}

const partsFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function londonParts(date: Date) {
  const parts = Object.fromEntries(partsFormatter.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far UK time is ahead of UTC at an instant, in milliseconds (0 in GMT, 1 hour in BST). */
export function londonOffsetMs(date: Date): number {
  const p = londonParts(date);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * A wall-clock time in the UK ("2027-03-28T01:30", as a datetime-local field sends it) as a UTC
 * instant. A time that does not exist (clocks going forward) moves forward an hour; an ambiguous
 * one (clocks going back) is taken as the first, BST, occurrence.
 */
export function fromLondonLocal(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) throw new Error(`Not a local date and time: ${value}`);
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  // Try the BST reading first, then GMT: the first whose offset agrees with itself wins.
  for (const offset of [3_600_000, 0]) {
    const candidate = new Date(wall - offset);
    if (londonOffsetMs(candidate) === offset) return candidate;
  }
  // Only a time skipped when the clocks go forward gets here: read it with the offset before the change.
  return new Date(wall - londonOffsetMs(new Date(wall - 86_400_000)));
}

/** A UTC instant as the value of a datetime-local field in UK time. */
export function toLondonLocal(value: Date | string | null | undefined): string {
  if (!value) return "";
  const p = londonParts(typeof value === "string" ? new Date(value) : value);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return timeFormatter.format(date).replace(/\s?(am|pm)$/i, (m) => m.trim().toLowerCase());
}
