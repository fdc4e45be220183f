// Money as integer fen (1 yuan = 100 fen), read from exact decimal text (C8, C9, P3, P8–P14).
import { z } from 'zod';

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
export const zFen = z.number().int('must be whole fen').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER);

/**
 * The schema of a money field: `zYuanAmount` where a client sends yuan, `zFen` where a parsed
 * command is checked again (see domain/validation.ts `commandOf`). Action schemas are built for both.
 */
export type MoneySchema = typeof zYuanAmount | typeof zFen;

/** The largest amount a request may carry: ten billion yuan. */
export const MAX_YUAN = 10_000_000_000;

/**
 * A non-negative yuan amount, 0 to MAX_YUAN with at most two decimals, as a number or a decimal
 * string (`12345.6`, `"12345.60"`); parses to fen.
 */
export const zYuanAmount = z
  .union([
    z.number().min(0, 'must not be negative').max(MAX_YUAN, `must be at most ${MAX_YUAN}`).meta({ multipleOf: 0.01 }),
    z.string().regex(/^\s*\d{1,11}(\.\d{1,2})?\s*$/, 'must be yuan with at most two decimals, e.g. "12345.60"'),
  ])
  .transform((value, ctx): number => {
    try {
      const fen = yuanToFen(value);
      if (fen > MAX_YUAN * 100) throw new Error(`must be at most ${MAX_YUAN}`);
      return fen;
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message, input: value });
      return z.NEVER;
    }
  })
  .describe(`yuan, 0 to ${MAX_YUAN} with at most two decimals, as a number or a decimal string`);
