// Durations with units for every configured time setting (docs/API.md, "Time settings"; C17, C18, C19, S14, S15, S16).
import { z } from 'zod';

/** Milliseconds per unit, largest first: the order units must appear in a combined duration. */
const UNITS = [
  ['w', 7 * 24 * 60 * 60 * 1000],
  ['d', 24 * 60 * 60 * 1000],
  ['h', 60 * 60 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
] as const;

type Unit = (typeof UNITS)[number][0];

const UNIT_MS: ReadonlyMap<string, number> = new Map(UNITS);
const UNIT_RANK: ReadonlyMap<string, number> = new Map(UNITS.map(([unit], i) => [unit, i]));

const WHOLE = /^(?:\d+(?:ms|w|d|h|m|s))+$/;
const PART = /(\d+)(ms|w|d|h|m|s)/g;

/**
 * Parses a duration such as `500ms`, `90s`, `15m`, `6h`, `13d`, `2w` or a combination in
 * descending units such as `1h30m` or `1d2h`, and returns milliseconds. Every number needs a unit;
 * whole numbers only; each unit at most once.
 */
export function parseDuration(text: string): number {
  if (typeof text !== 'string') throw new Error(`Invalid duration: expected a string such as "15m", got ${typeof text}`);
  const s = text.trim();
  if (s === '') throw new Error('Invalid duration: empty; use a number with a unit such as "90s", "15m", "6h" or "13d"');
  if (/^\d+$/.test(s)) {
    throw new Error(`Invalid duration "${text}": a unit is required (ms, s, m, h, d or w), e.g. "${s}m"`);
  }
  if (!WHOLE.test(s)) {
    throw new Error(
      `Invalid duration "${text}": expected whole numbers with units ms, s, m, h, d or w, such as "500ms", "15m" or "1h30m"`,
    );
  }
  let total = 0;
  let lastRank = -1;
  for (const match of s.matchAll(PART)) {
    const unit = match[2] as Unit;
    const rank = UNIT_RANK.get(unit) ?? -1;
    if (rank <= lastRank) {
      throw new Error(`Invalid duration "${text}": units must appear once each, largest first (e.g. "1h30m")`);
    }
    lastRank = rank;
    total += Number(match[1]) * (UNIT_MS.get(unit) ?? 0);
  }
  if (!Number.isSafeInteger(total)) throw new Error(`Invalid duration "${text}": too large`);
  return total;
}

/**
 * Formats milliseconds compactly with days, hours, minutes, seconds and milliseconds
 * (`1d2h`, `13d`, `1h30m`, `1s500ms`, `0s`). Weeks are written as days. `parseDuration` reads it back.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new Error(`Cannot format duration ${ms}: expected a whole, non-negative number of milliseconds`);
  }
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    if (unit === 'w') continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Configuration field holding a duration string; parses to milliseconds. */
export const zDuration = z.string().transform((text, ctx): number => {
  try {
    return parseDuration(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message, input: text });
    return z.NEVER;
  }
});
