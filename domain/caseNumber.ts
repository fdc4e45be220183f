// Complaint case numbers: two-digit year, two-digit month, serial restarting each month (C2).
import { zonedParts } from './businessCalendar';

const PERIOD = /^\d{2}(0[1-9]|1[0-2])$/;
const CASE_NUMBER = /^(\d{2}(?:0[1-9]|1[0-2]))-(\d{2,})$/;

/** The numbering period (`YYMM`, e.g. `2611`) of instant `at` as dated in `timeZone`. */
export function caseNumberPeriod(at: Date, timeZone: string): string {
  const { year, month } = zonedParts(at, timeZone);
  return `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
}

/** `2611-01`, …, `2611-99`, `2611-100`: the serial has at least two digits and is never cut short. */
export function formatCaseNumber(period: string, serial: number): string {
  if (!PERIOD.test(period)) throw new Error(`Invalid case number period "${period}": expected YYMM, e.g. "2611"`);
  if (!Number.isSafeInteger(serial) || serial < 1) {
    throw new Error(`Invalid case serial ${serial}: expected a whole number from 1`);
  }
  return `${period}-${String(serial).padStart(2, '0')}`;
}

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
