// Loss allocation and penalty amounts (P9, P10, P12, P13, P15): properties over random inputs
// (fast-check) and one example per rule.
import fc from 'fast-check';
import {
  type AccountingRules,
  type PenaltyLine,
  type PersonRecord,
  DEFAULT_ACCOUNTING_RULES,
  allocateLoss,
  computeCharges,
  largestRemainder,
  penaltyMinimumFen,
} from '../../domain/accountability/allocation';
import { PENALTY_GROUNDS } from '../../domain/accountability/grounds';
import { defaultChargeTarget, departmentKind, isWithinUnit, normaliseUnit } from '../../domain/accountability/units';

const RULES: AccountingRules = DEFAULT_ACCOUNTING_RULES;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Responsibility ratios in basis points, each > 0, adding up to exactly 10000 (as the closing requires). */
const ratiosBp = fc
  .uniqueArray(fc.integer({ min: 1, max: 9_999 }), { maxLength: 9 })
  .map((cuts) => {
    const points = [0, ...[...cuts].sort((a, b) => a - b), 10_000];
    return points.slice(1).map((p, i) => p - points[i]!);
  });
const lossFen = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

describe('largest-remainder split', () => {
  test('P9: the parts add up exactly to the amount, none is negative, each is within 1 fen of its exact share', () => {
    fc.assert(
      fc.property(lossFen, fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }).filter((w) => sum(w) > 0), (total, weights) => {
        const parts = largestRemainder(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, p) => a + BigInt(p), 0n)).toBe(BigInt(total));
        const W = BigInt(sum(weights));
        parts.forEach((p, i) => {
          expect(p).toBeGreaterThanOrEqual(0);
          const diff = BigInt(p) * W - BigInt(total) * BigInt(weights[i]!);
          expect(diff > -W && diff < W).toBe(true);
          if (weights[i] === 0) expect(p).toBe(0);
        });
      }),
      { numRuns: 500 },
    );
  });

  test('the leftover fen go to the largest remainders, ties to the earlier party', () => {
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(largestRemainder(10, [3334, 3333, 3333])).toEqual([4, 3, 3]);
    expect(largestRemainder(0, [5, 5])).toEqual([0, 0]);
  });

  test('refuses amounts that are not whole non-negative fen, and weights that add up to nothing', () => {
    expect(() => largestRemainder(-1, [1])).toThrow(/non-negative/);
    expect(() => largestRemainder(1.5, [1])).toThrow(/whole/);
    expect(() => largestRemainder(100, [0, 0])).toThrow(/zero/);
    expect(() => largestRemainder(100, [])).toThrow(/Nothing/);
  });
});

describe('P9: loss allocated by responsibility', () => {
  test('P9: allocations sum to the loss exactly, whatever the ratios', () => {
    fc.assert(
      fc.property(lossFen, ratiosBp, (loss, bps) => {
        const parties = bps.map((bp, i) => ({ department: `manufacturing/section-${i}`, ratio: bp / 10_000 }));
        const a = allocateLoss(loss, parties);
        expect(a.reduce((s, x) => s + BigInt(x.amountFen), 0n)).toBe(BigInt(loss));
        expect(a.map((x) => x.ratioBp)).toEqual(bps);
      }),
      { numRuns: 500 },
    );
  });

  test("P9: one person's fault puts the whole loss on that person", () => {
    const [a] = allocateLoss(432_150, [{ department: 'sales', person: 'p-li', ratio: 1 }]);
    expect(a).toMatchObject({ amountFen: 432_150, target: { kind: 'person', person: 'p-li', scope: 'individual' } });
  });

  test('P9: a joint fault is split by ratio, to the fen', () => {
    const a = allocateLoss(432_150, [
      { department: 'manufacturing/section-2/group-3', ratio: 0.6 },
      { department: 'sales', person: 'p-li', ratio: 0.4 },
    ]);
    expect(a.map((x) => x.amountFen)).toEqual([259_290, 172_860]);
    const thirds = allocateLoss(10_000, [
      { department: 'qa', ratio: 0.3333 },
      { department: 'rnd', ratio: 0.3333 },
      { department: 'warehouse', ratio: 0.3334 },
    ]);
    expect(thirds.map((x) => x.amountFen)).toEqual([3333, 3333, 3334]);
  });
});

describe('P12, P15: whom a share is charged to', () => {
  test('P12: manufacturing is charged at the smallest group unit named, else the section, else the department', () => {
    expect(defaultChargeTarget({ department: 'Manufacturing / Section-2 / Group-3' })).toEqual({ kind: 'unit', unit: 'manufacturing/section-2/group-3', scope: 'group' });
    expect(defaultChargeTarget({ department: 'manufacturing/section-2' })).toEqual({ kind: 'unit', unit: 'manufacturing/section-2', scope: 'section' });
    expect(defaultChargeTarget({ department: 'manufacturing' })).toEqual({ kind: 'unit', unit: 'manufacturing', scope: 'department' });
  });

  test('P12: sales is charged to the individual when named, else the department', () => {
    expect(defaultChargeTarget({ department: 'sales', person: 'p-li' })).toEqual({ kind: 'person', person: 'p-li', scope: 'individual' });
    expect(defaultChargeTarget({ department: 'sales' })).toEqual({ kind: 'unit', unit: 'sales', scope: 'department' });
  });

  test('P15: service: an individual like a manufacturing group, a department like a whole section', () => {
    expect(departmentKind('service/centre-1')).toBe('sales_service');
    expect(defaultChargeTarget({ department: 'service', person: 'p-tech' })).toMatchObject({ kind: 'person', scope: 'individual' });
    expect(defaultChargeTarget({ department: 'service_dept' })).toMatchObject({ kind: 'unit', unit: 'service_dept', scope: 'department' });
  });

  test('C15: a supplier or another company is not charged inside the company', () => {
    expect(defaultChargeTarget({ department: 'supplier' })).toEqual({ kind: 'external', party: 'supplier' });
    expect(defaultChargeTarget({ department: 'other_company/ningbo-resin', person: 'x' })).toMatchObject({ kind: 'external' });
  });

  test('units: members of a unit are the people in it or below it', () => {
    expect(isWithinUnit('manufacturing/section-2/group-3', 'manufacturing/section-2')).toBe(true);
    expect(isWithinUnit('manufacturing/section-20', 'manufacturing/section-2')).toBe(false);
    expect(normaliseUnit('  Sales / East Region ')).toBe('sales/east-region');
  });
});

const GROUP: PersonRecord[] = [
  { id: 'p-a', name: 'A', unit: 'manufacturing/section-2/group-3', basePointsCenti: 120 },
  { id: 'p-b', name: 'B', unit: 'manufacturing/section-2/group-3', basePointsCenti: 100 },
  { id: 'p-c', name: 'C', unit: 'manufacturing/section-2/group-3', basePointsCenti: 80 },
  { id: 'p-li', name: 'Li', unit: 'sales/east', basePointsCenti: 100 },
];

describe('P13, P10: deductions', () => {
  test('P13: a unit share is split by base points: loss ÷ unit total × the person', () => {
    const r = computeCharges({
      lossFen: 432_150,
      responsibility: [
        { department: 'manufacturing/section-2/group-3', ratio: 0.6 },
        { department: 'sales', person: 'p-li', ratio: 0.4 },
      ],
      lines: [
        { entry: 0, ground: 'materials_not_per_spec', level: 'none' },
        { entry: 1, ground: 'order_entry_error', level: 'none' },
      ],
      people: GROUP,
      rules: RULES,
    });
    expect(r.charges.map((c) => [c.personId, c.shareFen, c.chargeFen])).toEqual([
      ['p-a', 103_716, 103_716],
      ['p-b', 86_430, 86_430],
      ['p-c', 69_144, 69_144],
      ['p-li', 172_860, 172_860],
    ]);
    expect(r.charges[0]!.basis).toMatch(/2592\.90 ÷ 3\.00 base points × 1\.20 = 1037\.16 \(P13\)/);
    expect(r.allocations.map((a) => a.status)).toEqual(['charged', 'charged']);
  });

  test('P10: a warning deducts at least 400, a minor demerit at least 800 per base point, a major demerit forfeits the performance bonus', () => {
    expect(penaltyMinimumFen('warning', 120, RULES)).toBe(40_000);
    expect(penaltyMinimumFen('minor_demerit', 120, RULES)).toBe(96_000);
    expect(penaltyMinimumFen('minor_demerit', 133, RULES)).toBe(106_400);
    expect(penaltyMinimumFen('major_demerit', 120, RULES)).toBe(0);
    expect(penaltyMinimumFen('none', 120, RULES)).toBe(0);
    const r = computeCharges({
      lossFen: 10_000,
      responsibility: [
        { department: 'sales', person: 'p-li', ratio: 0.5 },
        { department: 'manufacturing', person: 'p-a', ratio: 0.3 },
        { department: 'manufacturing', person: 'p-b', ratio: 0.2 },
      ],
      lines: [
        { entry: 0, ground: 'shipping_error', level: 'warning' },
        { entry: 1, ground: 'inspection_data_mismatch', level: 'minor_demerit' },
        { entry: 2, ground: 'rejects_mixed_with_good_stock', level: 'major_demerit' },
      ],
      people: GROUP,
      rules: RULES,
    });
    expect(r.charges.map((c) => [c.personId, c.shareFen, c.minimumFen, c.chargeFen, c.performanceForfeit])).toEqual([
      ['p-li', 5_000, 40_000, 40_000, false],
      ['p-a', 3_000, 96_000, 96_000, false],
      ['p-b', 2_000, 0, 2_000, true],
    ]);
  });

  test('P2: a waived share is borne by the company; an external share stays on record; a unit with nobody on file is unassigned', () => {
    const r = computeCharges({
      lossFen: 100_000,
      responsibility: [
        { department: 'qa', ratio: 0.5 },
        { department: 'supplier', ratio: 0.3 },
        { department: 'warehouse/store-9', ratio: 0.2 },
      ],
      lines: [
        { entry: 0, ground: 'other', level: 'none', waive: true, note: 'first offence' },
        { entry: 2, ground: 'storage_or_transport_fault', level: 'none' },
      ],
      people: GROUP,
      rules: RULES,
    });
    expect(r.allocations.map((a) => [a.status, a.amountFen])).toEqual([
      ['waived', 50_000],
      ['external', 30_000],
      ['unassigned', 20_000],
    ]);
    expect(r.charges).toEqual([]);
  });

  test('P9, P13: whatever the loss, ratios and units, the allocations add up to the loss and each unit share is split exactly', () => {
    const people = fc.array(
      fc.record({ group: fc.integer({ min: 0, max: 3 }), bp: fc.integer({ min: 1, max: 500 }) }),
      { minLength: 0, maxLength: 12 },
    );
    fc.assert(
      fc.property(lossFen, ratiosBp, people, fc.array(fc.constantFrom(...PENALTY_GROUNDS), { minLength: 10, maxLength: 10 }), (loss, bps, staff, grounds) => {
        const roster: PersonRecord[] = staff.map((s, i) => ({ id: `p-${String(i).padStart(2, '0')}`, name: `P${i}`, unit: `manufacturing/section-1/group-${s.group}`, basePointsCenti: s.bp }));
        const responsibility = bps.map((bp, i) => ({ department: `manufacturing/section-1/group-${i % 4}`, ratio: bp / 10_000 }));
        const lines: PenaltyLine[] = responsibility.map((_, i) => ({ entry: i, ground: grounds[i]!, level: 'none' }));
        const r = computeCharges({ lossFen: loss, responsibility, lines, people: roster, rules: RULES });
        expect(r.allocations.reduce((s, a) => s + BigInt(a.amountFen), 0n)).toBe(BigInt(loss));
        for (const a of r.allocations) {
          const mine = r.charges.filter((c) => c.entry === a.entry);
          if (a.status === 'charged') expect(mine.reduce((s, c) => s + BigInt(c.shareFen), 0n)).toBe(BigInt(a.amountFen));
          else expect(mine).toEqual([]);
          for (const c of mine) expect(c.chargeFen).toBe(Math.max(c.shareFen, c.minimumFen));
        }
      }),
      { numRuns: 300 },
    );
  });
});
