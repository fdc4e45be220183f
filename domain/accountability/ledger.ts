// P14: each person's deduction ledger, month by month, in integer fen. A month deducts what is
// owed (brought forward plus the month's new charges) up to the cap, a share of that month's
// efficiency bonus (50% by default, PENALTY_MONTHLY_CAP); the rest is carried into the next
// month as the following instalment. Nothing is rounded away: over any sequence of months,
// opening balance + charges = deductions + closing balance, to the fen.

import { zonedParts, zonedToInstant } from '../businessCalendar';
import { AppError } from '../errors';
import { YEARS, isMonth } from '../fields';

export { isMonth };

/** Year and month of a month the platform keeps books for (2000–2100); anything else is invalid input. */
function parts(month: string): [number, number] {
  if (!isMonth(month)) throw new AppError('invalid_input', `"${month}" is not a month YYYY-MM from ${YEARS.min} to ${YEARS.max}.`, [{ field: 'month', message: 'must be a month YYYY-MM from 2000 to 2100' }]);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
}

const format = (y: number, m: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;

export function addMonths(month: string, n: number): string {
  const [y, m] = parts(month);
  const index = y * 12 + (m - 1) + n;
  return format(Math.floor(index / 12), (index % 12) + 1);
}

export const nextMonth = (month: string): string => addMonths(month, 1);
export const previousMonth = (month: string): string => addMonths(month, -1);

/** Months from `from` to `to`, both included; empty when `to` is before `from`. */
export function monthsFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

/** P14: the most month's deductions may take: `capBp` basis points of the efficiency bonus, rounded down. */
export function monthlyCapFen(efficiencyBonusFen: number, capBp: number): number {
  if (!Number.isSafeInteger(efficiencyBonusFen) || efficiencyBonusFen < 0) throw new Error(`Invalid efficiency bonus ${efficiencyBonusFen}`);
  if (!Number.isSafeInteger(capBp) || capBp < 0 || capBp > 10_000) throw new Error(`Invalid cap ${capBp} basis points`);
  return Number((BigInt(efficiencyBonusFen) * BigInt(capBp)) / 10_000n);
}

export interface LedgerMonth {
  month: string;
  broughtForwardFen: number;
  chargedFen: number;
  /** null when no bonus is on file for the month: the cap is then 0 and everything is carried. */
  efficiencyBonusFen: number | null;
  capFen: number;
  deductedFen: number;
  carriedForwardFen: number;
}

/** One month of the ledger: deduct what is owed, up to the cap; carry the rest. */
export function settleMonth(input: {
  month: string;
  broughtForwardFen: number;
  chargedFen: number;
  efficiencyBonusFen: number | null;
  capBp: number;
}): LedgerMonth {
  for (const [k, v] of [['brought forward', input.broughtForwardFen], ['charged', input.chargedFen]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`Invalid ${k} amount ${v}`);
  }
  const capFen = monthlyCapFen(input.efficiencyBonusFen ?? 0, input.capBp);
  const owed = input.broughtForwardFen + input.chargedFen;
  const deductedFen = Math.min(owed, capFen);
  return {
    month: input.month,
    broughtForwardFen: input.broughtForwardFen,
    chargedFen: input.chargedFen,
    efficiencyBonusFen: input.efficiencyBonusFen,
    capFen,
    deductedFen,
    carriedForwardFen: owed - deductedFen,
  };
}

/**
 * The ledger over consecutive months: `months` in order, each with the charges that land in it
 * and its efficiency bonus; `openingFen` is what was carried into the first.
 */
export function runLedger(
  months: readonly { month: string; chargedFen: number; efficiencyBonusFen: number | null }[],
  capBp: number,
  openingFen = 0,
): LedgerMonth[] {
  const out: LedgerMonth[] = [];
  let carried = openingFen;
  for (const m of months) {
    const row = settleMonth({ ...m, broughtForwardFen: carried, capBp });
    out.push(row);
    carried = row.carriedForwardFen;
  }
  return out;
}

/** The month `YYYY-MM` of instant `at` in `timeZone` (the company's months: TIME_ZONE). */
export function monthOf(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return format(p.year, p.month);
}

/** `[start, end)` instants of `month` in `timeZone`. */
export function monthRange(month: string, timeZone: string): { start: Date; end: Date } {
  const [y, m] = parts(month);
  const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
  const at = (year: number, mon: number) => zonedToInstant({ year, month: mon, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
  return { start: at(y, m), end: at(ny, nm) };
}
