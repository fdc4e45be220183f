// Pure aggregation for the service side's reports: time per category for a technician's day (S10)
// and over a supervisor's technicians (S11).
import { z } from 'zod';
import { WORK_CATEGORIES, type WorkCategory } from './serviceCall/stages';

const minutes = (what: string) => z.number().int().describe(what);

/** Minutes per work category (S1: A paid, B contract, C warranty, D internal) and in total. */
export const categoryMinutesShape = {
  A: minutes('minutes on paid calls'),
  B: minutes('minutes on contract calls'),
  C: minutes('minutes on warranty calls'),
  D: minutes('minutes of internal work'),
  total: minutes('all minutes'),
};
export const zCategoryMinutes = z
  .object(categoryMinutesShape)
  .strict()
  .meta({ id: 'CategoryMinutes', description: 'Minutes per work category A–D and in total (S10, S11)' });
export type CategoryMinutes = z.infer<typeof zCategoryMinutes>;

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
