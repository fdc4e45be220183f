// Pure aggregation for the service side's reports: time per category for a technician's day (S10)
// and over a supervisor's technicians (S11).
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
