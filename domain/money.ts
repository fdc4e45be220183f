// Money as integer fen (1 yuan = 100 fen), read from exact decimal text (C8, C9, P3, P8–P14).
// The money schemas are functions that build one where it is used (see fields.ts).
import { z } from 'zod';
import { SPACE } from './fields';

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Converts a yuan amount with at most two decimals to fen, exactly: `12.3` → 1230, `'0.07'` → 7.
 * The amount is read as decimal text, so `1.15` is 115 fen. Three decimals, exponents, NaN and
 * infinities are refused; negative amounts only with `allowNegative`.
 */
export function yuanToFen(value: number | string, options: { allowNegative?: boolean } = {}): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Invalid amount ${value}: expected a finite number of yuan`);
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new Error(`Invalid amount: expected a number or a decimal string, got ${typeof value}`);
  }
  const m = DECIMAL.exec(text);
  if (!m) {
    throw new Error(`Invalid amount "${String(value)}": expected yuan with at most two decimals, e.g. "12345.60"`);
  }
  const [, sign, whole = '', decimals = ''] = m;
  if (sign === '-' && !options.allowNegative) throw new Error(`Invalid amount "${String(value)}": must not be negative`);
  const fen = Number(whole + decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new Error(`Invalid amount "${String(value)}": too large`);
  return sign === '-' && fen !== 0 ? -fen : fen;
}

/** Writes fen as yuan with exactly two decimals: 1234560 → `'12345.60'`, -5 → `'-0.05'`. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`Invalid amount ${fen}: fen must be a whole number`);
  const abs = Math.abs(fen);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return fen < 0 ? `-${text}` : text;
}

/** A non-negative amount in whole fen, as parsed commands carry money. */
export const zFen = () => z.number().int('must be whole fen').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER);

/**
 * The schema of a money field: `zYuanAmount` where a client sends yuan, `zFen` where a parsed
 * command is checked again (see domain/validation.ts `commandOf`). Action schemas are built for both.
 */
export type MoneySchema = ReturnType<typeof zYuanAmount> | ReturnType<typeof zFen>;

/** The largest amount a request may carry: ten billion yuan. */
export const MAX_YUAN = 10_000_000_000;

/**
 * What the document says an amount as text is: 1 to 11 digits with at most two decimals, at most
 * `maxYuan` (a power of ten), spaces around allowed; exactly the text the schema below turns into
 * fen. Written with `[0-9]` and the spaces `trim()` removes rather than `\d` and `\s`, so that it
 * means the same in every regular-expression dialect that reads the document.
 */
export function yuanTextPattern(maxYuan: number, positive: boolean): RegExp {
  const digits = String(maxYuan).length - 1;
  if (`1${'0'.repeat(digits)}` !== String(maxYuan) || digits > 10) throw new Error(`${maxYuan} is not a power of ten up to ${MAX_YUAN}`);
  const spaces = `${SPACE}*`;
  // Below maxYuan: at most `digits` significant digits after leading zeros, 11 digits in all; or maxYuan itself.
  const amount = `(0{0,${11 - digits}}[0-9]{1,${digits}}(\\.[0-9]{1,2})?|0{0,${10 - digits}}${maxYuan}(\\.00?)?)`;
  const notZero = positive ? `(?!${spaces}0+(\\.0*)?${spaces}$)` : '';
  return new RegExp(`^${notZero}${spaces}${amount}${spaces}$`);
}

const yuanAmount = (options: { positive: boolean; maxYuan: number }) =>
  z
    .union([
      z
        .number()
        .min(0, 'must not be negative')
        .max(options.maxYuan, `must be at most ${options.maxYuan}`)
        .meta(options.positive ? { minimum: 0, exclusiveMinimum: true, multipleOf: 0.01 } : { multipleOf: 0.01 }),
      z
        .string()
        .regex(/^\s*\d{1,11}(\.\d{1,2})?\s*$/, 'must be yuan with at most two decimals, e.g. "12345.60"')
        .meta({ pattern: yuanTextPattern(options.maxYuan, options.positive).source }),
    ])
    .transform((value, ctx): number => {
      try {
        const fen = yuanToFen(value);
        if (fen > options.maxYuan * 100) throw new Error(`must be at most ${options.maxYuan}`);
        return fen;
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message, input: value });
        return z.NEVER;
      }
    });

/**
 * A non-negative yuan amount, 0 to MAX_YUAN with at most two decimals, as a number or a decimal
 * string (`12345.6`, `"12345.60"`); parses to fen.
 */
export const zYuanAmount = () =>
  yuanAmount({ positive: false, maxYuan: MAX_YUAN }).describe(
    `yuan, 0 to ${MAX_YUAN} with at most two decimals, as a number or a decimal string`,
  );

/**
 * The same where the amount must be greater than 0 (a fee): it reads exactly as zYuanAmount, and the
 * document states the lower bound; the schema that uses it refuses 0 with its own message.
 */
export const zPositiveYuanAmount = () =>
  yuanAmount({ positive: true, maxYuan: MAX_YUAN }).describe(
    `yuan, more than 0 and at most ${MAX_YUAN} with at most two decimals, as a number or a decimal string`,
  );

/** The cost of a part, 0 to 1,000,000,000 yuan (the most a part's cost in fen may be, 100,000,000,000). */
export const zPartCost = () =>
  yuanAmount({ positive: false, maxYuan: 1_000_000_000 }).describe(
    'yuan, 0 to 1000000000 with at most two decimals, as a number or a decimal string',
  );
