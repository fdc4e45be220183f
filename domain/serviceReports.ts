// Pure aggregation for the service side's reports: time per category for a technician's day (S10)
// and over a supervisor's technicians (S11), and CSV output.
import { WORK_CATEGORIES, type WorkCategory } from './serviceCall/stages';

export type CategoryMinutes = Record<WorkCategory, number> & { total: number };

export const emptyTotals = (): CategoryMinutes => ({ A: 0, B: 0, C: 0, D: 0, total: 0 });

/** Sums minutes per category A–D; an unknown category counts in the total only. */
export function categoryTotals(entries: readonly { category: string; minutes: number }[]): CategoryMinutes {
  const out = emptyTotals();
  for (const e of entries) {
    if ((WORK_CATEGORIES as readonly string[]).includes(e.category)) out[e.category as WorkCategory] += e.minutes;
    out.total += e.minutes;
  }
  return out;
}

export function addTotals(a: CategoryMinutes, b: CategoryMinutes): CategoryMinutes {
  return { A: a.A + b.A, B: a.B + b.B, C: a.C + b.C, D: a.D + b.D, total: a.total + b.total };
}

/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted; lines end with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A leading =, +, - or @ would be read as a formula by spreadsheets.
    const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
