import fc from 'fast-check';
import { caseNumberPeriod, formatCaseNumber, parseCaseNumber } from '../../domain/caseNumber';

describe('C2: case number period', () => {
  test('C2: a case in November 2026 is numbered in period 2611', () => {
    expect(caseNumberPeriod(new Date('2026-11-15T03:00:00Z'), 'Asia/Shanghai')).toBe('2611');
  });

  test('C2: 2026-11-30T16:30Z is already December in Asia/Shanghai (2612) but still November in UTC (2611)', () => {
    const at = new Date('2026-11-30T16:30:00Z');
    expect(caseNumberPeriod(at, 'Asia/Shanghai')).toBe('2612');
    expect(caseNumberPeriod(at, 'UTC')).toBe('2611');
  });

  test('C2: the last instant of November in Asia/Shanghai is still 2611', () => {
    expect(caseNumberPeriod(new Date('2026-11-30T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2611');
  });

  test('C2: New Year in Asia/Shanghai starts period 2701 while UTC is still in 2612', () => {
    const at = new Date('2026-12-31T16:00:00Z');
    expect(caseNumberPeriod(at, 'Asia/Shanghai')).toBe('2701');
    expect(caseNumberPeriod(at, 'UTC')).toBe('2612');
  });

  test('C2: the year keeps two digits with a leading zero (2009 → 09)', () => {
    expect(caseNumberPeriod(new Date('2009-03-10T00:00:00Z'), 'Asia/Shanghai')).toBe('0903');
    expect(caseNumberPeriod(new Date('2100-01-10T00:00:00Z'), 'Asia/Shanghai')).toBe('0001');
  });

  test('C2: an unknown time zone or invalid date fails', () => {
    expect(() => caseNumberPeriod(new Date('2026-11-15T00:00:00Z'), 'Nowhere/City')).toThrow(RangeError);
    expect(() => caseNumberPeriod(new Date('x'), 'Asia/Shanghai')).toThrow(/valid Date/);
  });
});

describe('C2: formatCaseNumber', () => {
  test.each([
    [1, '2611-01'],
    [2, '2611-02'],
    [10, '2611-10'],
    [99, '2611-99'],
    [100, '2611-100'],
    [1234, '2611-1234'],
  ])('C2: serial %d in 2611 is %s', (serial, expected) => {
    expect(formatCaseNumber('2611', serial)).toBe(expected);
  });

  test('C2: the serial keeps working past 99: 99 → 100 is never truncated', () => {
    expect(formatCaseNumber('2611', 99)).toBe('2611-99');
    expect(formatCaseNumber('2611', 100)).toBe('2611-100');
    expect(parseCaseNumber(formatCaseNumber('2611', 100))?.serial).toBe(100);
  });

  test.each(['261', '26111', '2613', '2600', 'ab11', ''])('C2: period "%s" is refused', (period) => {
    expect(() => formatCaseNumber(period, 1)).toThrow(/period/);
  });

  test.each([0, -1, 1.5, NaN, Infinity])('C2: serial %p is refused (serials start at 1)', (serial) => {
    expect(() => formatCaseNumber('2611', serial)).toThrow(/serial/);
  });
});

describe('C2: parseCaseNumber', () => {
  test('C2: reads period and serial', () => {
    expect(parseCaseNumber('2611-01')).toEqual({ period: '2611', serial: 1 });
    expect(parseCaseNumber('2612-99')).toEqual({ period: '2612', serial: 99 });
    expect(parseCaseNumber('2701-100')).toEqual({ period: '2701', serial: 100 });
  });

  test.each(['2611-1', '2611-001', '2611-0100', '2611-00', '2613-01', '2600-01', '261101', '2611_01', ' 2611-01', '2611-01 ', 'x', '', '2611-99999999999999999999'])(
    'C2: "%s" is not a case number',
    (s) => {
      expect(parseCaseNumber(s)).toBeNull();
    },
  );

  test('C2: format and parse are inverses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1e9 }), (yy, mm, serial) => {
        const period = `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}`;
        const parsed = parseCaseNumber(formatCaseNumber(period, serial));
        return parsed !== null && parsed.period === period && parsed.serial === serial;
      }),
      { seed: 2, numRuns: 300 },
    );
  });
});
