import fc from 'fast-check';
import { z } from 'zod';
import { fenToYuan, yuanToFen, zYuanAmount } from '../../domain/money';

describe('yuanToFen', () => {
  test.each<[number | string, number]>([
    ['12345.60', 1234560],
    [12345.6, 1234560],
    ['12345.6', 1234560],
    [10000, 1000000],
    ['10000.00', 1000000],
    ['10000.01', 1000001],
    [0.07, 7],
    ['0.1', 10],
    [0, 0],
    ['0', 0],
    ['007.50', 750],
    ['  5.5 ', 550],
  ])('C8: %p yuan is %d fen', (value, fen) => {
    expect(yuanToFen(value)).toBe(fen);
  });

  test('C8: decimal amounts are exact where binary floats are not (1.15 yuan is 115 fen, 0.29 is 29)', () => {
    expect(1.15 * 100).not.toBe(115);
    expect(yuanToFen(1.15)).toBe(115);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen('4.35')).toBe(435);
  });

  test('C8: a float sum like 0.1 + 0.2 has more than two decimals and is refused', () => {
    expect(() => yuanToFen(0.1 + 0.2)).toThrow(/at most two decimals/);
  });

  test.each<[number | string]>([['1.234'], [1.234], ['0.001'], [NaN], [Infinity], [-Infinity], [''], ['abc'], ['1,000'], ['1e3'], [1e21], [5e-7], ['.5'], ['5.'], ['+5'], ['¥5'], ['1 000']])(
    'C8: %p is refused',
    (value) => {
      expect(() => yuanToFen(value)).toThrow(/Invalid amount/);
    },
  );

  test('C8: negative amounts are refused unless allowed', () => {
    expect(() => yuanToFen(-1)).toThrow(/negative/);
    expect(() => yuanToFen('-0.01')).toThrow(/negative/);
    expect(yuanToFen(-1, { allowNegative: true })).toBe(-100);
    expect(yuanToFen('-12.34', { allowNegative: true })).toBe(-1234);
    expect(Object.is(yuanToFen('-0.00', { allowNegative: true }), 0)).toBe(true);
  });

  test('C8: amounts beyond exact integer fen are refused', () => {
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => yuanToFen('90071992547409.92')).toThrow(/too large/);
  });

  test('C8: a value that is neither number nor string is refused', () => {
    expect(() => yuanToFen(null as unknown as string)).toThrow(/number or a decimal string/);
  });
});

describe('fenToYuan', () => {
  test.each([
    [1234560, '12345.60'],
    [1000001, '10000.01'],
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [-5, '-0.05'],
    [-123456, '-1234.56'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('P3: %d fen is written %s yuan', (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
  });

  test.each([1.5, NaN, Infinity, 2 ** 53])('P3: %p fen is refused', (fen) => {
    expect(() => fenToYuan(fen)).toThrow(/whole number/);
  });

  test('P3: fenToYuan and yuanToFen are inverses', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => yuanToFen(fenToYuan(fen), { allowNegative: true }) === fen),
      { seed: 100, numRuns: 500 },
    );
  });
});

describe('zYuanAmount', () => {
  const zHandling = z.object({ amount: zYuanAmount() });

  test('C8: numbers and decimal strings parse to fen', () => {
    expect(zYuanAmount().parse(10000)).toBe(1000000);
    expect(zYuanAmount().parse('10000.01')).toBe(1000001);
    expect(zYuanAmount().parse(0)).toBe(0);
  });

  test.each<[unknown]>([[-1], ['-0.01'], ['1.001'], [0.1 + 0.2], [NaN], [true], [null], ['abc']])(
    'G5: amount %p is refused and the error names the field',
    (amount) => {
      const r = zHandling.safeParse({ amount });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['amount']);
    },
  );

  test('G5: the message says what is wrong', () => {
    const r = zHandling.safeParse({ amount: '1.001' });
    expect(r.error?.issues[0]?.message).toMatch(/at most two decimals/);
  });
});
