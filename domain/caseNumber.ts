// Case numbers: two-digit year, two-digit month, serial restarting each month: complaints `2611-01`
// (C2); service calls `S2611-001` and maintenance contracts `HT2611-001` carry a prefix and three digits.
import { zonedParts } from './businessCalendar';

const PERIOD = /^\d{2}(0[1-9]|1[0-2])$/;
const CASE_NUMBER = /^(\d{2}(?:0[1-9]|1[0-2]))-(\d{2,})$/;

/** The numbering period (`YYMM`, e.g. `2611`) of instant `at` as dated in `timeZone`. */
export function caseNumberPeriod(at: Date, timeZone: string): string {
  const { year, month } = zonedParts(at, timeZone);
  return `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
}

/** `2611-01`, …, `2611-99`, `2611-100`: the serial has at least two digits and is never cut short. */
export const formatCaseNumber = (period: string, serial: number): string => formatNumberOf('complaint', period, serial);

/** Reads a case number written by `formatCaseNumber`; null for anything else. */
export function parseCaseNumber(s: string): { period: string; serial: number } | null {
  const m = CASE_NUMBER.exec(s);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const serial = Number(m[2]);
  if (!Number.isSafeInteger(serial) || serial < 1) return null;
  // One spelling per number: `2611-01`, never `2611-001`.
  if (formatCaseNumber(m[1], serial) !== s) return null;
  return { period: m[1], serial };
}

/** How each kind of case is numbered: a prefix before the period and the least digits of the serial. */
export const NUMBERING = {
  complaint: { prefix: '', digits: 2 },
  service_call: { prefix: 'S', digits: 3 },
  contract: { prefix: 'HT', digits: 3 },
} as const;
export type NumberedKind = keyof typeof NUMBERING;

/** The number of the `serial`-th case of `kind` in `period`: `2611-07`, `S2611-007`, `HT2611-007`. */
export function formatNumberOf(kind: NumberedKind, period: string, serial: number): string {
  if (!PERIOD.test(period)) throw new Error(`Invalid case number period "${period}": expected YYMM, e.g. "2611"`);
  if (!Number.isSafeInteger(serial) || serial < 1) {
    throw new Error(`Invalid case serial ${serial}: expected a whole number from 1`);
  }
  const { prefix, digits } = NUMBERING[kind];
  return `${prefix}${period}-${String(serial).padStart(digits, '0')}`;
}
