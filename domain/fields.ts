// The request fields every case type shares, with the bounds the platform enforces stated in the
// schema itself, so that the OpenAPI document says exactly what the server accepts: text that is
// not blank, real calendar dates and months from 2000 to 2100, instants with an offset, counts,
// ratios with at most four decimals. Money is in money.ts.
import { z } from 'zod';
import { isIsoDate } from './businessCalendar';

/** The years a date, month or instant may fall in. */
export const YEARS = { min: 2000, max: 2100 } as const;
const YEAR = '(20\\d\\d|2100)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[12]\\d|3[01])';

/** Text with at least one character that is not a space; trimmed; at most `max` characters. */
export const text = (max = 2000) =>
  z
    .string()
    .regex(/\S/, 'must not be empty')
    .trim()
    .max(max, `must be at most ${max} characters`);

/** A real calendar date `YYYY-MM-DD`, 2000 to 2100. */
export const zDate = z
  .string()
  .regex(new RegExp(`^${YEAR}-${MONTH}-${DAY}$`), `must be a date YYYY-MM-DD from ${YEARS.min} to ${YEARS.max}`)
  .refine(isIsoDate, 'is not a real calendar date')
  .describe(`a real calendar date YYYY-MM-DD from ${YEARS.min} to ${YEARS.max}`);

/** A month `YYYY-MM`, 2000 to 2100. */
export const zMonth = z
  .string()
  .regex(new RegExp(`^${YEAR}-${MONTH}$`), `must be a month YYYY-MM from ${YEARS.min} to ${YEARS.max}`)
  .describe(`a month YYYY-MM from ${YEARS.min} to ${YEARS.max}`);

export const isMonth = (s: string): boolean => zMonth.safeParse(s).success;

/** An instant with its offset, e.g. `2026-11-30T17:00:00+08:00`, 2000 to 2100; normalised to UTC ISO. */
export const zInstant = z
  .string()
  .regex(
    new RegExp(`^${YEAR}-${MONTH}-${DAY}T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,3})?)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$`),
    'must be a time with offset, e.g. 2026-11-30T17:00:00+08:00',
  )
  .refine((s) => isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), 'is not a real time')
  .transform((s) => new Date(Date.parse(s)).toISOString());

/** A whole number of pieces, 0 to 1,000,000,000. */
export const count = z.number().int('must be a whole number').min(0, 'must not be negative').max(1_000_000_000, 'must be at most 1000000000');

/** A ratio 0 < r ≤ 1 with at most four decimals, so that sums are checked exactly (as basis points). */
export const zRatio = z
  .number()
  .gt(0, 'must be greater than 0')
  .lte(1, 'must be at most 1')
  .refine((r) => Math.abs(Math.round(r * 10_000) - r * 10_000) < 1e-6, 'must have at most 4 decimals')
  .meta({ multipleOf: 0.0001 });

export const ratioToBasisPoints = (r: number): number => Math.round(r * 10_000);
