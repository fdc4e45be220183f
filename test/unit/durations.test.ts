import fc from 'fast-check';
import { z } from 'zod';
import { formatDuration, parseDuration, zDuration } from '../../domain/durations';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  test.each([
    ['500ms', 500],
    ['90s', 90 * S],
    ['15m', 15 * M],
    ['6h', 6 * H],
    ['7h', 7 * H],
    ['13d', 13 * D],
    ['17d', 17 * D],
    ['2w', 14 * D],
    ['1h30m', 90 * M],
    ['1d2h', 26 * H],
    ['1w2d3h4m5s6ms', 9 * D + 3 * H + 4 * M + 5 * S + 6],
    ['1m500ms', M + 500],
    ['0s', 0],
    ['  15m ', 15 * M],
  ])('C17, C18, S14 (time settings): "%s" is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test('C17: "13d" and "17d" are the default case limits in calendar days', () => {
    expect(parseDuration('13d')).toBe(13 * 24 * 60 * 60 * 1000);
    expect(parseDuration('17d')).toBe(17 * 24 * 60 * 60 * 1000);
  });

  test('C18 (time settings): a plain number is refused because a unit is required', () => {
    expect(() => parseDuration('15')).toThrow(/unit is required/);
    expect(() => parseDuration('0')).toThrow(/unit is required/);
  });

  test.each(['', '   ', 'h', '1.5h', '-5m', '1x', '1 h', '1h 30m', '1e3ms', '15min', 'm15', '1hh', '1mss'])(
    'C18 (time settings): "%s" is refused with a clear message',
    (text) => {
      expect(() => parseDuration(text)).toThrow(/Invalid duration/);
    },
  );

  test('C18 (time settings): units must come largest first, each once', () => {
    expect(() => parseDuration('30m1h')).toThrow(/largest first/);
    expect(() => parseDuration('1h1h')).toThrow(/largest first/);
    expect(() => parseDuration('1s1ms1s')).toThrow(/largest first/);
  });

  test('C18 (time settings): a duration too large to count exactly is refused', () => {
    expect(() => parseDuration('99999999999999w')).toThrow(/too large/);
  });

  test('C18 (time settings): a non-string is refused', () => {
    expect(() => parseDuration(15 as unknown as string)).toThrow(/expected a string/);
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [500, '500ms'],
    [90 * S, '1m30s'],
    [15 * M, '15m'],
    [6 * H, '6h'],
    [90 * M, '1h30m'],
    [26 * H, '1d2h'],
    [13 * D, '13d'],
    [14 * D, '14d'],
    [S + 500, '1s500ms'],
    [D + 1, '1d1ms'],
  ])('C18 (time settings): %d ms is written "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test.each([-1, 1.5, NaN, Infinity])('C18 (time settings): %p ms cannot be formatted', (ms) => {
    expect(() => formatDuration(ms)).toThrow(/Cannot format duration/);
  });

  test('C18 (time settings): formatDuration and parseDuration are inverses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (ms) => parseDuration(formatDuration(ms)) === ms),
      { seed: 14, numRuns: 500 },
    );
  });
});

describe('zDuration', () => {
  const zConfig = z.object({ caseLimit: zDuration, reminderInterval: zDuration });

  test('C17, C19: configuration durations parse to ms', () => {
    expect(zConfig.parse({ caseLimit: '13d', reminderInterval: '1d' })).toEqual({ caseLimit: 13 * D, reminderInterval: D });
  });

  test('C18 (time settings): a bad duration is reported on its field with the parse message', () => {
    const r = zConfig.safeParse({ caseLimit: '13', reminderInterval: '1 day' });
    expect(r.success).toBe(false);
    const issues = r.error?.issues ?? [];
    expect(issues.map((i) => i.path.join('.'))).toEqual(['caseLimit', 'reminderInterval']);
    expect(issues[0]?.message).toMatch(/unit is required/);
  });

  test('C18 (time settings): a number instead of a string is refused', () => {
    expect(zDuration.safeParse(60000).success).toBe(false);
  });
});
