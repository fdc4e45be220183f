// Local calendar dates in the company's time zone (TIME_ZONE): report days (S10–S13), contract
// ends (S15), invoice days (S5, S8), score months (S17). Used by the API and activities, not by
// workflows (which compare instants handed to them).
import { zonedParts, zonedToInstant } from './businessCalendar';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The local date `YYYY-MM-DD` of instant `at` in `timeZone`. */
export function localDateIn(timeZone: string, at: Date): string {
  const p = zonedParts(at, timeZone);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** The local month `YYYY-MM` of instant `at`. */
export function localMonthIn(timeZone: string, at: Date): string {
  return localDateIn(timeZone, at).slice(0, 7);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) + days * 86_400_000);
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}

/** The instant local `date` begins (00:00) in `timeZone`. */
export function startOfLocalDate(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return zonedToInstant({ year: year ?? 0, month: month ?? 1, day: day ?? 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/** The first instant after local `date` ends: the following midnight. */
export function endOfLocalDate(date: string, timeZone: string): Date {
  return startOfLocalDate(addDays(date, 1), timeZone);
}

/** The end of the local day containing `at` (S5, S8: "the same day", "the day of return"). */
export function endOfLocalDay(at: Date, timeZone: string): Date {
  return endOfLocalDate(localDateIn(timeZone, at), timeZone);
}

/** `[start, end)` instants of local month `YYYY-MM`. */
export function localMonthRange(month: string, timeZone: string): { start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${(y ?? 0) + 1}-01` : `${y}-${pad2((m ?? 0) + 1)}`;
  return { start: startOfLocalDate(`${month}-01`, timeZone), end: startOfLocalDate(`${next}-01`, timeZone) };
}
