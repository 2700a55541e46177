/**
 * Calendar dates as the law counts them. Dates are `YYYY-MM-DD` strings; arithmetic is on day
 * numbers (days since 1970-01-01, UTC), so no time zone can shift a day.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Whether `s` is a real calendar date `YYYY-MM-DD` (years 1900–2199). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The date `years` years after `date` — its corresponding day (对应日). When that month has
 * no such day (29 February in a common year), the last day of the month (Civil Code art. 203:
 * 没有对应日的，月末日为期间的最后一日).
 */
export function addYears(date: string, years: number): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const y = Number(m[1]) + years;
  const mo = Number(m[2]);
  const d = Math.min(Number(m[3]), daysInMonth(y, mo));
  return `${String(y).padStart(4, '0')}-${m[2]}-${String(d).padStart(2, '0')}`;
}

/** Number of days of the half-open range [from, to) that fall inside calendar year `year`. */
export function daysInYear(from: string, to: string, year: number): number {
  const start = Math.max(dayNumber(from), dayNumber(`${year}-01-01`));
  const end = Math.min(dayNumber(to), dayNumber(`${year + 1}-01-01`));
  return Math.max(0, end - start);
}
