// P14: the deduction ledger. Properties over any sequence of months: no month deducts more than
// its cap, carry-over loses and invents nothing, and every month deducts as much as it may.
import fc from 'fast-check';
import { addMonths, monthOf, monthRange, monthlyCapFen, monthsFrom, previousMonth, runLedger, settleMonth } from '../../domain/accountability/ledger';

const month = (i: number) => addMonths('2026-01', i);
const monthsArb = fc.array(
  fc.record({
    chargedFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000_000 })),
    efficiencyBonusFen: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
  }),
  { minLength: 1, maxLength: 36 },
);

describe('P14: monthly cap and carry-over', () => {
  test('P14: no month deducts more than 50% of its efficiency bonus, nothing is lost or invented, and each month deducts all it may', () => {
    fc.assert(
      fc.property(monthsArb, fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 10_000 }), (months, opening, capBp) => {
        const rows = runLedger(months.map((m, i) => ({ ...m, month: month(i) })), capBp, opening);
        let carried = opening;
        for (const [i, r] of rows.entries()) {
          const bonus = months[i]!.efficiencyBonusFen ?? 0;
          expect(r.capFen).toBe(Math.floor((bonus * capBp) / 10_000));
          expect(r.deductedFen).toBeLessThanOrEqual(r.capFen);
          expect(r.deductedFen).toBeGreaterThanOrEqual(0);
          expect(r.broughtForwardFen).toBe(carried);
          expect(r.deductedFen + r.carriedForwardFen).toBe(r.broughtForwardFen + r.chargedFen);
          expect(r.deductedFen).toBe(Math.min(r.capFen, r.broughtForwardFen + r.chargedFen));
          carried = r.carriedForwardFen;
        }
        const charged = months.reduce((s, m) => s + m.chargedFen, 0);
        const deducted = rows.reduce((s, r) => s + r.deductedFen, 0);
        expect(deducted + rows[rows.length - 1]!.carriedForwardFen).toBe(opening + charged);
      }),
      { numRuns: 500 },
    );
  });

  test('P14: with the default 50% cap the cap is half the bonus, rounded down to the fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (bonus) => {
        const cap = monthlyCapFen(bonus, 5000);
        expect(BigInt(cap) * 2n <= BigInt(bonus)).toBe(true);
        expect(BigInt(cap + 1) * 2n > BigInt(bonus)).toBe(true);
      }),
    );
  });

  test('P14: 3037.16 owed against a 1000.00 efficiency bonus: 500.00 a month in instalments, the rest carried', () => {
    const rows = runLedger(
      [
        { month: '2026-11', chargedFen: 303_716, efficiencyBonusFen: 100_000 },
        { month: '2026-12', chargedFen: 0, efficiencyBonusFen: 100_000 },
        { month: '2027-01', chargedFen: 0, efficiencyBonusFen: null },
        { month: '2027-02', chargedFen: 0, efficiencyBonusFen: 1_000_000 },
      ],
      5000,
    );
    expect(rows.map((r) => [r.month, r.capFen, r.deductedFen, r.carriedForwardFen])).toEqual([
      ['2026-11', 50_000, 50_000, 253_716],
      ['2026-12', 50_000, 50_000, 203_716],
      ['2027-01', 0, 0, 203_716], // no bonus on file: nothing deducted, nothing lost
      ['2027-02', 500_000, 203_716, 0],
    ]);
  });

  test('P14: refuses negative or fractional amounts', () => {
    expect(() => settleMonth({ month: '2026-11', broughtForwardFen: -1, chargedFen: 0, efficiencyBonusFen: 0, capBp: 5000 })).toThrow();
    expect(() => settleMonth({ month: '2026-11', broughtForwardFen: 0, chargedFen: 0.5, efficiencyBonusFen: 0, capBp: 5000 })).toThrow();
    expect(() => monthlyCapFen(100, 10_001)).toThrow();
  });
});

describe('months', () => {
  test('month arithmetic across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(monthsFrom('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsFrom('2027-02', '2026-11')).toEqual([]);
  });

  test('C12: company months follow TIME_ZONE: 2026-11-30T17:00Z is already December in Shanghai', () => {
    expect(monthOf(new Date('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthOf(new Date('2026-11-30T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11');
    const r = monthRange('2026-12', 'Asia/Shanghai');
    expect(r.start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(r.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
