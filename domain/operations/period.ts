// O1–O5: the periods the operations reports and goals are counted over, in the company's time zone:
// a month `2026-11`, an ISO week `2026-W48` (Monday to Sunday; week 1 holds the year's first
// Thursday) or a day `2026-11-30`. A period is a half-open range of local dates [start, end); the
// API turns those into instants with TIME_ZONE.
import { z } from 'zod';
import { isIsoDate } from '../businessCalendar';
import { DATE_TEXT, YEARS } from '../fields';
import { startOfLocalDate } from '../localTime';

export type PeriodKind = 'month' | 'week' | 'day';

export interface Period {
  kind: PeriodKind;
  /** As written: `2026-11`, `2026-W48`, `2026-11-30`. */
  text: string;
  /** The first local date of the period, YYYY-MM-DD. */
  start: string;
  /** The first local date after the period (exclusive). */
  end: string;
  /** Calendar days in the period. */
  days: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const DAY_MS = 86_400_000;

const utcOf = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
};
const dateOf = (utcMs: number): string => {
  const t = new Date(utcMs);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/** `date` plus `days` calendar days. */
export const shiftDate = (date: string, days: number): string => dateOf(utcOf(date) + days * DAY_MS);

/** Calendar days from `a` to `b` (b − a). */
export const daysBetween = (a: string, b: string): number => Math.round((utcOf(b) - utcOf(a)) / DAY_MS);

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export const isoWeekday = (date: string): number => new Date(utcOf(date)).getUTCDay() || 7;

/** The ISO week a date falls in: the year of its Thursday, and the week number 1–53. */
export function isoWeekOf(date: string): { year: number; week: number } {
  const thursday = shiftDate(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${pad(year, 4)}-01-01`, thursday) / 7) + 1;
  return { year, week };
}

/** The Monday that begins ISO week `week` of `year`. */
export function isoWeekStart(year: number, week: number): string {
  const jan4 = `${pad(year, 4)}-01-04`;
  return shiftDate(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
}

/** ISO weeks in a year: 53 when 28 December falls in week 53, else 52. */
export const isoWeeksIn = (year: number): number => isoWeekOf(`${pad(year, 4)}-12-28`).week;

const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${pad(y! + 1, 4)}-01` : `${pad(y!, 4)}-${pad(m! + 1)}`;
};
const prevMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${pad(y! - 1, 4)}-12` : `${pad(y!, 4)}-${pad(m! - 1)}`;
};

const inYears = (year: number) => year >= YEARS.min && year <= YEARS.max;

function make(kind: PeriodKind, text: string, start: string, end: string): Period {
  return { kind, text, start, end, days: daysBetween(start, end) };
}

/** Reads `YYYY-MM`, `YYYY-Www` or `YYYY-MM-DD` (years 2000–2100); null for anything else. */
export function parsePeriod(text: string): Period | null {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (m) {
    if (!inYears(Number(m[1]))) return null;
    return make('month', text, `${text}-01`, `${nextMonth(text)}-01`);
  }
  m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    if (!inYears(year) || week < 1 || week > isoWeeksIn(year)) return null;
    const start = isoWeekStart(year, week);
    return make('week', text, start, shiftDate(start, 7));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    if (!inYears(Number(m[1])) || !isIsoDate(text)) return null;
    return make('day', text, text, shiftDate(text, 1));
  }
  return null;
}

/** The period of `kind` that contains local date `date`. */
export function periodContaining(kind: PeriodKind, date: string): Period {
  if (kind === 'day') return parsePeriod(date)!;
  if (kind === 'month') return parsePeriod(date.slice(0, 7))!;
  const { year, week } = isoWeekOf(date);
  return parsePeriod(`${pad(year, 4)}-W${pad(week)}`)!;
}

/** The period of the same kind just before `p`. */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'month') return parsePeriod(prevMonth(p.text))!;
  return periodContaining(p.kind, shiftDate(p.start, -1));
}

/** The `n` periods before `p`, oldest first (fewer when they would fall before the year 2000). */
export function previousPeriods(p: Period, n: number): Period[] {
  const out: Period[] = [];
  let cur = p;
  for (let i = 0; i < n; i++) {
    if (Number(shiftDate(cur.start, -1).slice(0, 4)) < YEARS.min) break;
    cur = previousPeriod(cur);
    out.unshift(cur);
  }
  return out;
}

/** Each local date of the period, in order. */
export function datesOf(p: Period): string[] {
  return Array.from({ length: p.days }, (_, i) => shiftDate(p.start, i));
}

/** Whether local date `date` lies in the period. */
export const inPeriod = (p: Period, date: string): boolean => date >= p.start && date < p.end;

/** The first and last local day of the period, as reports show them. */
export const periodDays = (p: Period): { from: string; to: string } => ({ from: p.start, to: shiftDate(p.end, -1) });

/** What every period report starts with: the period, its first and last day, and the region it is narrowed to. */
export const periodHead = (p: Period, region: string | undefined): { period: string; from: string; to: string; region: string | null } => ({
  period: p.text,
  ...periodDays(p),
  region: region ?? null,
});

/** The period as instants [start, end) in `timeZone`. */
export function periodInstants(p: Period, timeZone: string): { start: Date; end: Date } {
  return { start: startOfLocalDate(p.start, timeZone), end: startOfLocalDate(p.end, timeZone) };
}

const PERIOD_HELP = 'must be a month YYYY-MM, an ISO week YYYY-Www or a day YYYY-MM-DD, from 2000 to 2100';

/** The years 2000–2100 that have an ISO week 53. */
const YEARS_WITH_WEEK_53 = Array.from({ length: YEARS.max - YEARS.min + 1 }, (_, i) => YEARS.min + i).filter((y) => isoWeeksIn(y) === 53);
/**
 * Exactly the periods `parsePeriod` reads, for the document: months and real dates 2000 to 2100,
 * weeks 01–52 of every year and week 53 of the years that have one. Written with [0-9], not \d.
 */
export const PERIOD_TEXT = new RegExp(
  '^((20[0-9][0-9]|2100)-(0[1-9]|1[0-2])' +
    '|(20[0-9][0-9]|2100)-W(0[1-9]|[1-4][0-9]|5[0-2])' +
    `|(${YEARS_WITH_WEEK_53.join('|')})-W53` +
    `|${DATE_TEXT.source.slice(1, -1)})$`,
);

/** A period as a request gives it. */
export const zPeriod = z
  .string()
  .refine((s) => parsePeriod(s) !== null, PERIOD_HELP)
  .meta({ pattern: PERIOD_TEXT.source })
  .transform((s) => parsePeriod(s)!)
  .describe(`${PERIOD_HELP}, in the company time zone`);

/** Keeps `isIsoDate` close for callers that validate a date before building a period. */
export { isIsoDate };
