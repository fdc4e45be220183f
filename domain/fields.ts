// The request fields every case type shares, with the bounds the platform enforces stated in the
// schema itself, so that the OpenAPI document says exactly what the server accepts: text that is
// not blank, real calendar dates and months from 2000 to 2100, instants with an offset, counts,
// ratios with at most four decimals. Money is in money.ts.
// Each schema is a function that builds it where it is used, so that loading this module builds
// nothing: a workflow loads it and builds only the schemas of the actions it checks.
import { z } from 'zod';
import { isIsoDate } from './businessCalendar';

/**
 * The characters `trim()` removes (JavaScript's `\s`), spelled out for patterns written into the
 * document, where `\s` means other sets in other regular-expression dialects.
 */
export const SPACE_CHARS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
export const SPACE = `[${SPACE_CHARS}]`;

/** The years a date, month or instant may fall in. */
export const YEARS = { min: 2000, max: 2100 } as const;
// Written with [0-9] rather than \d, which other regular-expression dialects read as any digit.
const YEAR = '(20[0-9][0-9]|2100)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[12][0-9]|3[01])';
/** Exactly the real calendar dates 2000 to 2100 (2000 is a leap year, 2100 is not), for the document. */
const REAL_DATE =
  `(${YEAR}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|${YEAR}-(0[469]|11)-(0[1-9]|[12][0-9]|30)` +
  `|${YEAR}-02-(0[1-9]|1[0-9]|2[0-8])|20(0[048]|[2468][048]|[13579][26])-02-29)`;
export const DATE_TEXT = new RegExp(`^${REAL_DATE}$`);
const TIME_OF_DAY = 'T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,3})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])';

/**
 * Text with at least one character that is not a space; trimmed; at most `max` characters. The
 * document's pattern also says what the API refuses in all text: the character U+0000.
 */
export const text = (max = 2000) =>
  z
    .string()
    .regex(/\S/, 'must not be empty')
    .trim()
    .max(max, `must be at most ${max} characters`)
    .meta({ pattern: `^[^\\u0000]*[^${SPACE_CHARS}\\u0000][^\\u0000]*$` });

/** A real calendar date `YYYY-MM-DD`, 2000 to 2100. */
export const zDate = () =>
  z
    .string()
    .regex(new RegExp(`^${YEAR}-${MONTH}-${DAY}$`), `must be a date YYYY-MM-DD from ${YEARS.min} to ${YEARS.max}`)
    .refine(isIsoDate, 'is not a real calendar date')
    .meta({ pattern: DATE_TEXT.source })
    .describe(`a real calendar date YYYY-MM-DD from ${YEARS.min} to ${YEARS.max}`);

const MONTH_TEXT = new RegExp(`^${YEAR}-${MONTH}$`);

/** A month `YYYY-MM`, 2000 to 2100. */
export const zMonth = () =>
  z
    .string()
    .regex(MONTH_TEXT, `must be a month YYYY-MM from ${YEARS.min} to ${YEARS.max}`)
    .describe(`a month YYYY-MM from ${YEARS.min} to ${YEARS.max}`);

export const isMonth = (s: string): boolean => MONTH_TEXT.test(s);

/** An instant with its offset, e.g. `2026-11-30T17:00:00+08:00`, 2000 to 2100; normalised to UTC ISO. */
export const zInstant = () =>
  z
    .string()
    .regex(
      new RegExp(`^${YEAR}-${MONTH}-${DAY}${TIME_OF_DAY}$`),
      'must be a time with offset, e.g. 2026-11-30T17:00:00+08:00',
    )
    .refine((s) => isIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), 'is not a real time')
    .meta({ pattern: `^${REAL_DATE}${TIME_OF_DAY}$` })
    .transform((s) => new Date(Date.parse(s)).toISOString());

/** A whole number of pieces, 0 to 1,000,000,000. */
export const count = () => z.number().int('must be a whole number').min(0, 'must not be negative').max(1_000_000_000, 'must be at most 1000000000');

/** A ratio 0 < r ≤ 1 with at most four decimals, so that sums are checked exactly (as basis points). */
export const zRatio = () =>
  z
    .number()
    .gt(0, 'must be greater than 0')
    .lte(1, 'must be at most 1')
    .refine((r) => Math.abs(Math.round(r * 10_000) - r * 10_000) < 1e-6, 'must have at most 4 decimals')
    .meta({ multipleOf: 0.0001 });

export const ratioToBasisPoints = (r: number): number => Math.round(r * 10_000);
