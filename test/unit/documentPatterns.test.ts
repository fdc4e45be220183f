// G5: where a schema reads text more leniently than a regular expression can say on its own (amounts,
// base points, unit paths), the OpenAPI document carries a pattern written for it. The pattern must
// accept exactly what the schema accepts, or a client following the document is refused (or the
// document promises a refusal the server does not make).
import fc from 'fast-check';
import type { ZodType } from 'zod';
import { BASE_POINTS_TEXT, UNIT_TEXT, zBasePoints, zUnit } from '../../domain/accountability/schemas';
import { DATE_TEXT, text, zDate, zInstant } from '../../domain/fields';
import { PHONE_SEARCH_TEXT, zPhoneSearch } from '../../domain/installedBase/schemas';
import { MAX_YUAN, yuanTextPattern, zPartCost, zPositiveYuanAmount, zYuanAmount } from '../../domain/money';
import { PERIOD_TEXT, zPeriod } from '../../domain/operations/period';

/** Text made of the characters these schemas care about, spaces of several kinds among them. */
const candidate = fc.string({
  unit: fc.constantFrom('0', '0', '1', '5', '9', '.', ' ', '\t', '\u00a0', '\u3000', '\ufeff', '\u001c', '\u0000', '-', '/', '_', 'a', 'Z', '\u0663'),
  maxLength: 16,
});
const DIGITS = fc.stringMatching(/^[0-9]{1,12}(\.[0-9]{1,3})?$/);

function agrees(pattern: RegExp, accepts: (s: string) => boolean, extra: string[] = []): void {
  for (const s of extra) expect([s, pattern.test(s)]).toEqual([s, accepts(s)]);
  fc.assert(
    fc.property(fc.oneof(candidate, DIGITS), (s) => pattern.test(s) === accepts(s)),
    { numRuns: 3000, seed: 7 },
  );
}

const parses = (schema: ZodType, s: string) => schema.safeParse(s).success;
const fenOf = (schema: ZodType<number>, s: string) => {
  const r = schema.safeParse(s);
  return r.success ? r.data : null;
};

test('an amount as text: the pattern accepts exactly what parses, up to the maximum', () => {
  const edges = ['0', '10000000000', '10000000000.00', '10000000000.01', '09999999999.99', '99999999999', '000000000001', ' 5.5 ', '5.', '.5', '1e3', '-1'];
  agrees(yuanTextPattern(MAX_YUAN, false), (s) => parses(zYuanAmount(), s), edges);
  agrees(yuanTextPattern(MAX_YUAN, true), (s) => (fenOf(zPositiveYuanAmount(), s) ?? 0) > 0, [...edges, '0.00', '000.01', ' 0 ']);
  agrees(yuanTextPattern(1_000_000_000, false), (s) => parses(zPartCost(), s), ['1000000000', '1000000000.01', '00999999999.99', '01000000000']);
});

test('base points and unit paths: the pattern accepts exactly what parses', () => {
  agrees(BASE_POINTS_TEXT, (s) => parses(zBasePoints(), s), ['100', '100.00', '100.01', '0.01', '0', '0.00', '007.5', ' 1 ']);
  agrees(UNIT_TEXT, (s) => parses(zUnit(), s), ['manufacturing/section-2', ' Sales / East ', '/a', 'a//b', '-a', 'a/-b', 'a b', '/']);
});

test('dates and instants: the pattern accepts exactly the real calendar dates 2000 to 2100', () => {
  const two = (n: number) => String(n).padStart(2, '0');
  let checked = 0;
  for (let year = 1999; year <= 2101; year++) {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        const date = `${year}-${two(month)}-${two(day)}`;
        expect([date, DATE_TEXT.test(date)]).toEqual([date, zDate().safeParse(date).success]);
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThan(40_000);
  expect(zDate().safeParse('2000-02-29').success && !zDate().safeParse('2100-02-29').success).toBe(true);
  for (const instant of ['2024-02-29T12:00:00+08:00', '2023-02-29T12:00:00Z', '2026-04-31T00:00Z', '2100-12-31T23:59:59.999-05:00']) {
    const pattern = new RegExp(DATE_TEXT.source.replace(/\$$/, 'T'));
    expect([instant, pattern.test(instant)]).toEqual([instant, zInstant().safeParse(instant).success]);
  }
});

test('text: the pattern accepts exactly what the API takes (something not a space, and never U+0000)', () => {
  const pattern = new RegExp((text().meta() as { pattern: string }).pattern);
  agrees(pattern, (s) => parses(text(), s) && !s.includes('\u0000'), ['a', ' a ', ' ', '', '\u0000', 'a\u0000', '\u001c', '\ufeff']);
});

test('O1–O5: the period pattern accepts exactly the months, ISO weeks and real dates 2000 to 2100 a report takes', () => {
  const two = (n: number) => String(n).padStart(2, '0');
  const periods: string[] = ['', '2026-11 ', '2026-W5', '2026-w48', '2026-11-1', '20261130', '2026-W048'];
  for (let year = 1999; year <= 2101; year++) {
    for (let month = 0; month <= 13; month++) {
      periods.push(`${year}-${two(month)}`);
      for (let day = 0; day <= 32; day++) periods.push(`${year}-${two(month)}-${two(day)}`);
    }
    for (let week = 0; week <= 54; week++) periods.push(`${year}-W${two(week)}`);
  }
  for (const period of periods) expect([period, PERIOD_TEXT.test(period)]).toEqual([period, zPeriod.safeParse(period).success]);
  // 2026 has an ISO week 53 (it begins on a Thursday), 2027 does not.
  expect([PERIOD_TEXT.test('2026-W53'), PERIOD_TEXT.test('2027-W53')]).toEqual([true, false]);
});

test('O6: the phone search pattern accepts exactly what has the least digits a search takes', () => {
  agrees(PHONE_SEARCH_TEXT, (s) => parses(zPhoneSearch, s) && !s.includes('\u0000'), ['1234', ' 12 34 ', '0512-6666', '123', '+86 ١٢٣٤', '12\n34', '', '1234\u0000', '\u00001234']);
});
