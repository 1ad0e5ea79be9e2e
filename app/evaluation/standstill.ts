// Working days in England and Wales and the standstill period after an award notice.
// Dates are plain "YYYY-MM-DD" strings counted as whole UTC days, so no local time zone or
// clock change can move a date. Browser-safe: the award form previews the same date.
import bankHolidayList from "./bank-holidays-england-and-wales.json";

export const STANDSTILL_WORKING_DAYS = 8;

export type BankHoliday = { date: string; name: string };

export const BANK_HOLIDAYS: readonly BankHoliday[] = bankHolidayList;

const bankHolidayDates = new Set(BANK_HOLIDAYS.map((h) => h.date));

// The list covers whole calendar years; past its end a working day cannot be known, and a
// silently wrong standstill date is worse than an error that says the list needs its next years.
export const BANK_HOLIDAYS_FROM = `${BANK_HOLIDAYS[0].date.slice(0, 4)}-01-01`;
export const BANK_HOLIDAYS_UNTIL = `${BANK_HOLIDAYS[BANK_HOLIDAYS.length - 1].date.slice(0, 4)}-12-31`;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days since 1970-01-01 for a "YYYY-MM-DD" that names a real calendar date; throws otherwise. */
function toDayNumber(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate) {
    throw new RangeError(`"${isoDate}" is not a date in the form YYYY-MM-DD`);
  }
  return ms / DAY_MS;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function assertCovered(isoDate: string) {
  if (isoDate < BANK_HOLIDAYS_FROM || isoDate > BANK_HOLIDAYS_UNTIL) {
    throw new RangeError(
      `${isoDate} is outside the bank holidays the portal knows (${BANK_HOLIDAYS_FROM} to ${BANK_HOLIDAYS_UNTIL}); ` +
        "add the next years from gov.uk/bank-holidays to app/evaluation/bank-holidays-england-and-wales.json",
    );
  }
}

/** Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(isoDate: string): boolean {
  const weekday = (toDayNumber(isoDate) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  assertCovered(isoDate);
  return weekday !== 0 && weekday !== 6 && !bankHolidayDates.has(isoDate);
}

/** The nth working day after the date (the date itself never counts); n = 0 gives the date back. */
export function addWorkingDays(isoDate: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Cannot add ${n} working days`);
  let day = toDayNumber(isoDate);
  let counted = 0;
  while (counted < n) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day))) counted += 1;
  }
  return fromDayNumber(day);
}

/**
 * The last day of standstill: the 8th working day after the day the award notice is published.
 * The notice day is not counted, as the tender's evaluation rules state. Section 51 of the
 * Procurement Act 2023 counts "eight working days beginning with the day" of publication, so for
 * a notice published on a working day this date is one working day later than the Act's minimum:
 * the safe side, since a contract entered into during standstill can be set aside.
 */
export function standstillEndsOn(noticeDate: string): string {
  assertCovered(noticeDate);
  return addWorkingDays(noticeDate, STANDSTILL_WORKING_DAYS);
}
