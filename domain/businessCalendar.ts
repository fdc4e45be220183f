// Business calendar and working-time arithmetic (S14; docs/API.md, "Time settings": always-open calendar).
import { z } from 'zod';

export type BusinessCalendar = {
  /** IANA time zone the calendar's dates and hours are read in, e.g. `Asia/Shanghai`. */
  timeZone: string;
  /** ISO weekdays that are worked: 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  /** Daily opening hours in local time, ascending and not overlapping; a gap is a break (lunch). */
  hours: Array<{ start: string; end: string }>;
  /** Local dates (`YYYY-MM-DD`) that are closed although their weekday is worked. */
  holidays: string[];
  /** Local dates (`YYYY-MM-DD`) that are worked although their weekday is not (make-up working days). */
  extraWorkingDays: string[];
  /** Open around the clock every day (demonstrations); the other fields are then ignored. */
  alwaysOpen: boolean;
};

export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  workingDays: [1, 2, 3, 4, 5],
  hours: [
    { start: '08:30', end: '12:00' },
    { start: '13:00', end: '17:30' },
  ],
  holidays: [],
  extraWorkingDays: [],
  alwaysOpen: false,
};

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** S14: at most 6 working hours from call to arrival in town, 7 in the suburbs. */
export const DEFAULT_ARRIVAL_SLA = { urbanMs: 6 * HOUR_MS, suburbanMs: 7 * HOUR_MS } as const;

// ---------------------------------------------------------------------------------------------
// Local date and time in a time zone (Intl only)

/** A wall-clock date and time in some time zone. */
export type ZonedParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` names a time zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function assertInstant(at: Date, name: string): number {
  const t = at instanceof Date ? at.getTime() : NaN;
  if (Number.isNaN(t)) throw new Error(`${name} must be a valid Date`);
  return t;
}

/** The wall-clock date and time at instant `at` in `timeZone`. */
export function zonedParts(at: Date, timeZone: string): ZonedParts {
  const t = assertInstant(at, 'at');
  const values: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(t)) values[p.type] = p.value;
  return {
    year: Number(values.year),
    month: Number(values.month),
    day: Number(values.day),
    hour: Number(values.hour),
    minute: Number(values.minute),
    second: Number(values.second),
    millisecond: ((t % 1000) + 1000) % 1000,
  };
}

/** Offset of `timeZone` from UTC at instant `t`, in ms (Shanghai: +8 h). */
function offsetAt(t: number, timeZone: string): number {
  const p = zonedParts(new Date(t), timeZone);
  return utcOf(p) - t;
}

function utcOf(p: ZonedParts): number {
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  d.setUTCHours(p.hour, p.minute, p.second, p.millisecond);
  return d.getTime();
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`. A time skipped by a
 * daylight-saving change is read with the offset from before the change (02:30 on the spring-forward
 * night becomes 03:30 summer time); a time shown twice resolves to the earlier instant.
 */
export function zonedToInstant(local: ZonedParts, timeZone: string): Date {
  const asUtc = utcOf(local);
  const before = asUtc - offsetAt(asUtc - DAY_MS, timeZone);
  const after = asUtc - offsetAt(asUtc + DAY_MS, timeZone);
  const fits = (t: number) => utcOf(zonedParts(new Date(t), timeZone)) === asUtc;
  const candidates = [before, after].filter(fits);
  return new Date(candidates.length > 0 ? Math.min(...candidates) : before);
}

// ---------------------------------------------------------------------------------------------
// Calendar dates

type Ymd = { year: number; month: number; day: number };

const pad2 = (n: number) => String(n).padStart(2, '0');

function ymdString(d: Ymd): string {
  return `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.day)}`;
}

function nextDay(d: Ymd): Ymd {
  const n = new Date(utcOf({ ...d, hour: 0, minute: 0, second: 0, millisecond: 0 }) + DAY_MS);
  return { year: n.getUTCFullYear(), month: n.getUTCMonth() + 1, day: n.getUTCDate() };
}

function isoWeekday(d: Ymd): number {
  const wd = new Date(utcOf({ ...d, hour: 0, minute: 0, second: 0, millisecond: 0 })).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** Whether `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  const check = new Date(utcOf({ ...d, hour: 0, minute: 0, second: 0, millisecond: 0 }));
  return check.getUTCMonth() + 1 === d.month && check.getUTCDate() === d.day;
}

/** The local date (`YYYY-MM-DD`) of instant `at` in the calendar's time zone. */
export function localDate(cal: BusinessCalendar, at: Date): string {
  return ymdString(zonedParts(at, cal.timeZone));
}

// ---------------------------------------------------------------------------------------------
// Working intervals

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes after midnight for `HH:MM` (`24:00` is the end of the day), or null when malformed. */
function minutesOf(hhmm: string): number | null {
  if (!HHMM.test(hhmm)) return null;
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

type DailyHours = Array<{ start: number; end: number }>;

function dailyHours(cal: BusinessCalendar): DailyHours {
  const out: DailyHours = [];
  for (const [i, h] of cal.hours.entries()) {
    const start = minutesOf(h.start);
    const end = minutesOf(h.end);
    if (start === null || end === null || start === 24 * 60 || end <= start) {
      throw new Error(`Invalid business calendar: hours[${i}] must be HH:MM with start before end`);
    }
    out.push({ start, end });
  }
  out.sort((a, b) => a.start - b.start);
  for (let i = 1; i < out.length; i++) {
    if ((out[i]?.start ?? 0) < (out[i - 1]?.end ?? 0)) throw new Error('Invalid business calendar: hours overlap');
  }
  return out;
}

/** Whether the calendar works on local date `d`: a make-up day, or a working weekday that is no holiday. */
function isWorkingDate(cal: BusinessCalendar, d: Ymd): boolean {
  const s = ymdString(d);
  if (cal.holidays.includes(s)) return false;
  return cal.extraWorkingDays.includes(s) || cal.workingDays.includes(isoWeekday(d));
}

/** The working intervals `[start, end)` (epoch ms) of local date `d`. */
function intervalsOn(cal: BusinessCalendar, hours: DailyHours, d: Ymd): Array<[number, number]> {
  if (!isWorkingDate(cal, d)) return [];
  const at = (min: number) => {
    const day = min === 24 * 60 ? nextDay(d) : d;
    const m = min % (24 * 60);
    return zonedToInstant({ ...day, hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 }, cal.timeZone).getTime();
  };
  const out: Array<[number, number]> = [];
  for (const h of hours) {
    const start = at(h.start);
    const end = at(h.end);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/**
 * Walks the working intervals that end after `from`, in order, calling `visit` for each until it
 * returns true, or until the local dates pass that of `until` when given. Fails when the calendar
 * has no working time ahead.
 */
function walkIntervals(
  cal: BusinessCalendar,
  from: number,
  visit: (start: number, end: number) => boolean,
  until?: number,
): void {
  const hours = dailyHours(cal);
  const lastDate = until === undefined ? undefined : ymdString(zonedParts(new Date(until), cal.timeZone));
  // With any working weekday, a closed run is at most a week plus the listed holidays.
  const maxClosedRun = 7 + cal.holidays.length;
  let day: Ymd = zonedParts(new Date(from), cal.timeZone);
  let closedRun = 0;
  for (;;) {
    const date = ymdString(day);
    if (lastDate !== undefined && date > lastDate) return;
    let open = false;
    for (const [start, end] of intervalsOn(cal, hours, day)) {
      if (end <= from) continue;
      open = true;
      if (visit(start, end)) return;
    }
    closedRun = open ? 0 : closedRun + 1;
    if (closedRun > maxClosedRun) {
      const nextExtra = cal.extraWorkingDays.filter((d) => d > date).sort()[0];
      if (nextExtra === undefined || hours.length === 0) {
        if (lastDate !== undefined) return;
        throw new Error('Business calendar has no working time ahead: check workingDays, hours and holidays');
      }
      const [y, m, d] = nextExtra.split('-').map(Number);
      day = { year: y ?? 0, month: m ?? 0, day: d ?? 0 };
      closedRun = 0;
      continue;
    }
    day = nextDay(day);
  }
}

// ---------------------------------------------------------------------------------------------
// Working-time arithmetic

/** Whether instant `at` falls inside working hours. */
export function isWorkingTime(cal: BusinessCalendar, at: Date): boolean {
  const t = assertInstant(at, 'at');
  if (cal.alwaysOpen) return true;
  const d = zonedParts(at, cal.timeZone);
  return intervalsOn(cal, dailyHours(cal), d).some(([start, end]) => start <= t && t < end);
}

/** `at` itself when it is working time, otherwise the next opening. */
export function nextWorkingStart(cal: BusinessCalendar, at: Date): Date {
  const t = assertInstant(at, 'at');
  if (cal.alwaysOpen) return new Date(t);
  let result = t;
  walkIntervals(cal, t, (start) => {
    result = Math.max(start, t);
    return true;
  });
  return new Date(result);
}

/**
 * The earliest instant by which `ms` of working time has elapsed after `from`. Counting starts at
 * the next opening when `from` is outside hours; a deadline that uses up an interval exactly falls
 * on its closing time (12:00, not 13:00). Zero ms gives `from`.
 */
export function addWorkingTime(cal: BusinessCalendar, from: Date, ms: number): Date {
  const t = assertInstant(from, 'from');
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`Working time must be a non-negative number of ms, got ${ms}`);
  if (ms === 0) return new Date(t);
  if (cal.alwaysOpen) return new Date(t + ms);
  let remaining = ms;
  let result = t;
  walkIntervals(cal, t, (start, end) => {
    const begin = Math.max(start, t);
    if (remaining <= end - begin) {
      result = begin + remaining;
      return true;
    }
    remaining -= end - begin;
    return false;
  });
  return new Date(result);
}

/** Working time, in ms, inside `[a, b)`; 0 when `b` is not after `a`. */
export function workingTimeBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  const ta = assertInstant(a, 'a');
  const tb = assertInstant(b, 'b');
  if (tb <= ta) return 0;
  if (cal.alwaysOpen) return tb - ta;
  let total = 0;
  walkIntervals(
    cal,
    ta,
    (start, end) => {
      if (start >= tb) return true;
      total += Math.min(end, tb) - Math.max(start, ta);
      return end >= tb;
    },
    tb,
  );
  return total;
}

/** S14: when the technician must be on site for a call received at `calledAt`. */
export function arrivalDueAt(
  cal: BusinessCalendar,
  calledAt: Date,
  area: 'urban' | 'suburban',
  sla: { urbanMs: number; suburbanMs: number } = DEFAULT_ARRIVAL_SLA,
): Date {
  return addWorkingTime(cal, calledAt, area === 'urban' ? sla.urbanMs : sla.suburbanMs);
}

// ---------------------------------------------------------------------------------------------
// Configuration schema

const zHhMm = () => z.string().regex(HHMM, 'expected HH:MM (00:00 to 24:00)');
const zIsoDate = () => z.string().refine(isIsoDate, 'expected a real date as YYYY-MM-DD');

const zOpeningHours = () =>
  z.object({ start: zHhMm(), end: zHhMm() }).superRefine((h, ctx) => {
    const start = minutesOf(h.start);
    const end = minutesOf(h.end);
    if (start === null || end === null) return;
    if (start === 24 * 60) ctx.addIssue({ code: 'custom', message: 'start must be before 24:00', path: ['start'] });
    else if (end <= start) ctx.addIssue({ code: 'custom', message: 'end must be after start', path: ['end'] });
  });

export const zBusinessCalendar = () =>
  z
    .object({
      timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone'),
      workingDays: z
        .array(z.number().int().min(1).max(7))
        .refine((days) => new Set(days).size === days.length, 'weekdays must not repeat'),
      hours: z.array(zOpeningHours()),
      holidays: z.array(zIsoDate()).default([]),
      extraWorkingDays: z.array(zIsoDate()).default([]),
      alwaysOpen: z.boolean().default(false),
    })
    .superRefine((cal, ctx) => {
      for (let i = 1; i < cal.hours.length; i++) {
        const prevEnd = minutesOf(cal.hours[i - 1]?.end ?? '');
        const start = minutesOf(cal.hours[i]?.start ?? '');
        if (start !== null && prevEnd !== null && start < prevEnd) {
          ctx.addIssue({ code: 'custom', message: 'hours must be in ascending order and not overlap', path: ['hours', i, 'start'] });
        }
      }
      for (const [i, d] of cal.extraWorkingDays.entries()) {
        if (cal.holidays.includes(d)) {
          ctx.addIssue({ code: 'custom', message: `${d} is also listed as a holiday`, path: ['extraWorkingDays', i] });
        }
      }
      if (!cal.alwaysOpen && cal.hours.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'at least one period of hours is required unless alwaysOpen', path: ['hours'] });
      }
      if (!cal.alwaysOpen && cal.workingDays.length === 0 && cal.extraWorkingDays.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'at least one working day is required unless alwaysOpen', path: ['workingDays'] });
      }
    });
