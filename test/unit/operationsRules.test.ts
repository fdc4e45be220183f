// The definitions of the quantified goals (O1), activity points and rankings (O2), the cost budget
// (O3), the part request rules (O4) and service orders (O5), with expectations computed by hand.
import { AppError } from '../../domain/errors';
import { activityTotals, defaultActivityType, rankByPoints } from '../../domain/operations/activity';
import { budgetComparison, passesWarningShare } from '../../domain/operations/budget';
import {
  DEFAULT_KPI_TARGETS,
  type CallForRepeat,
  callsPerDay,
  isMet,
  parseKpiTargets,
  repeatRepairRate,
  revenuePerJob,
  sameFault,
  satisfactionIndex,
  satisfactionIndexOfSums,
  surveyScore,
  warrantyClaimApprovalRate,
} from '../../domain/operations/kpis';
import { type PartRequestState, applyLines, bearerOf, checkPartRequestAction, coverageOf, settled } from '../../domain/operations/partRequest';
import { serviceOrderCounts } from '../../domain/operations/serviceOrders';
import type { Actor } from '../../domain/roles';

const DAY = 86_400_000;

describe('O1 goals', () => {
  test('O1: satisfaction index is the mean survey score on 0–100 (a level is 25 points)', () => {
    expect(surveyScore({ attitude: 4, skill: 4, arrival: 4, promise: 4 })).toBe(100);
    expect(surveyScore({ attitude: 1, skill: 1, arrival: 1, promise: 1 })).toBe(25);
    // 4+3+4+4 = 15 → 15/16 × 100 = 93.75; 4+4+4+3 = 15 → 93.75; 3+3+3+3 = 12 → 75. Mean (93.75+93.75+75)/3 = 87.5.
    const r = satisfactionIndex([
      { attitude: 4, skill: 3, arrival: 4, promise: 4 },
      { attitude: 4, skill: 4, arrival: 4, promise: 3 },
      { attitude: 3, skill: 3, arrival: 3, promise: 3 },
    ]);
    expect(r).toEqual({ value: 87.5, counts: { surveys: 3, scoreSum: 262.5 } });
    expect(isMet(r.value, DEFAULT_KPI_TARGETS.satisfaction_index)).toBe(false);
    expect(isMet(93, DEFAULT_KPI_TARGETS.satisfaction_index)).toBe(true); // "at least 93"
    expect(satisfactionIndex([])).toEqual({ value: null, counts: { surveys: 0, scoreSum: 0 } });
    // The same three from the database's sums: 15 + 15 + 12 = 42 rating points → 42 × 6.25 = 262.5.
    expect(satisfactionIndexOfSums(3, 42)).toEqual(r);
    expect(satisfactionIndexOfSums(0, 0)).toEqual({ value: null, counts: { surveys: 0, scoreSum: 0 } });
    expect(isMet(null, DEFAULT_KPI_TARGETS.satisfaction_index)).toBeNull();
  });

  test('O1: a repeat repair is a call on the same serial for the same fault registered within the window after the earlier one closed', () => {
    const t0 = Date.UTC(2026, 10, 1);
    const call = (id: string, serialNo: string | null, fault: string | null, registeredDay: number, closedDay: number | null): CallForRepeat => ({
      id,
      serialNo,
      fault,
      registeredAtMs: t0 + registeredDay * DAY,
      closedAtMs: closedDay === null ? null : t0 + closedDay * DAY,
    });
    const history = [
      call('a1', 'SN1', 'E07', 0, 1), // first visit, closed day 1
      call('b1', 'SN2', 'E07', 0, 2),
      call('c1', 'SN3', 'noise', 0, 1),
      call('d1', 'SN4', null, 0, 1),
    ];
    const closed = [
      call('a2', 'SN1', ' e07 ', 20, 21), // 19 days after a1 closed, same fault (case and space ignored): repeat
      call('b2', 'SN2', 'E07', 40, 41), // 38 days after b1 closed: outside 30 days
      call('c2', 'SN3', 'leak', 5, 6), // another fault: not a repeat
      call('d2', 'SN4', 'E01', 3, 4), // the earlier call named no fault: counts as the same
      call('e1', null, 'E07', 3, 4), // no serial: cannot be matched
    ];
    const r = repeatRepairRate(closed, [...history, ...closed], 30 * DAY);
    expect(r.repeats).toEqual([
      { callId: 'a2', repeatOf: 'a1' },
      { callId: 'd2', repeatOf: 'd1' },
    ]);
    // 2 of 5 closed calls = 40%.
    expect(r.value).toBe(40);
    expect(r.counts).toEqual({ closedCalls: 5, repeats: 2 });
    expect(isMet(r.value, DEFAULT_KPI_TARGETS.repeat_repair_rate)).toBe(false);
    expect(isMet(1.99, DEFAULT_KPI_TARGETS.repeat_repair_rate)).toBe(true);
    expect(isMet(2, DEFAULT_KPI_TARGETS.repeat_repair_rate)).toBe(false); // "below 2%"
    // Exactly at the window's end still counts; a call registered before the earlier one closed does not.
    expect(repeatRepairRate([call('x2', 'SN9', 'E', 31, 32)], [call('x1', 'SN9', 'E', 0, 1)], 30 * DAY).counts.repeats).toBe(1);
    expect(repeatRepairRate([call('y2', 'SN8', 'E', 0, 5)], [call('y1', 'SN8', 'E', 0, 1)], 30 * DAY).counts.repeats).toBe(0);
    expect(sameFault('E07', 'e07')).toBe(true);
    expect(sameFault('E07', 'E08')).toBe(false);
  });

  test('O1: warranty-claim approval rate, calls per day and revenue per job', () => {
    // 19 approved of 20 decided = 95% → met; 18 of 20 = 90% → missed.
    expect(warrantyClaimApprovalRate(19, 1)).toEqual({ value: 95, counts: { decided: 20, approved: 19, rejected: 1 } });
    expect(isMet(95, DEFAULT_KPI_TARGETS.warranty_claim_approval_rate)).toBe(true);
    expect(warrantyClaimApprovalRate(2, 1).value).toBe(66.67);
    // 620 calls in a 31-day month = 20 a day; 7 in a week = 1.
    expect(callsPerDay(620, 31)).toEqual({ value: 20, counts: { registered: 620, days: 31 } });
    expect(callsPerDay(7, 7).value).toBe(1);
    // 2,400.00 yuan of fees over 3 paid calls = 800.00 a job; 100.00 over 3 = 33.33.
    expect(revenuePerJob(240_000, 3)).toEqual({ value: 800, counts: { feesFen: 240_000, completedCategoryA: 3 } });
    expect(revenuePerJob(10_000, 3).value).toBe(33.33);
    expect(revenuePerJob(0, 0).value).toBeNull();
  });

  test('O1: targets are configurable; each keeps its direction', () => {
    expect(parseKpiTargets('calls_per_day=12.5,revenue_per_job=650')).toMatchObject({
      calls_per_day: { comparison: 'at_least', value: 12.5 },
      revenue_per_job: { comparison: 'at_least', value: 650 },
      repeat_repair_rate: { comparison: 'below', value: 2 },
    });
    expect(() => parseKpiTargets('repeat_repair_rate=120%')).toThrow(/at most 100/);
    expect(() => parseKpiTargets('calls_per_day=many')).toThrow(/goal=number/);
  });
});

describe('O2 activity points', () => {
  test('O2: a call names its activity or takes its category default', () => {
    expect([defaultActivityType('A'), defaultActivityType('B'), defaultActivityType('C'), defaultActivityType('D')]).toEqual(['repair', 'maintenance', 'repair', 'internal']);
  });

  test('O2: totals per type, technician, region and day; equal points share a rank', () => {
    const rec = (technicianId: string, serviceCentre: string, activityType: string, points: number, date: string) => ({ technicianId, serviceCentre, activityType, points, date });
    const records = [
      rec('t1', 'shanghai', 'commissioning', 20, '2026-11-02'),
      rec('t1', 'shanghai', 'repair', 10, '2026-11-02'),
      rec('t2', 'hangzhou', 'emergency', 25, '2026-11-03'),
      rec('t2', 'hangzhou', 'internal', 2, '2026-11-03'),
      rec('t3', 'beijing', 'commissioning', 20, '2026-11-03'),
      rec('t3', 'beijing', 'repair', 10, '2026-11-04'),
    ];
    const regions: Record<string, string> = { shanghai: 'east', hangzhou: 'east', beijing: 'north' };
    const names: Record<string, string> = { t1: 'Tang', t2: 'Song', t3: 'Li' };
    const t = activityTotals(records, { regionOf: (c) => regions[c] ?? c, nameOf: (id) => names[id]!, dates: ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'] });
    expect(t.totals).toEqual({ count: 6, points: 87 });
    expect(t.byType.find((x) => x.type === 'commissioning')).toEqual({ type: 'commissioning', count: 2, points: 40 });
    expect(t.byType.find((x) => x.type === 'assembly')).toEqual({ type: 'assembly', count: 0, points: 0 });
    // t1 30, t2 27, t3 30: Li and Tang share rank 1 (by name), Song is 3rd.
    expect(t.byTechnician.map((x) => [x.name, x.points, x.rank])).toEqual([
      ['Li', 30, 1],
      ['Tang', 30, 1],
      ['Song', 27, 3],
    ]);
    expect(t.byRegion).toEqual([
      { region: 'east', count: 4, points: 57, rank: 1 },
      { region: 'north', count: 2, points: 30, rank: 2 },
    ]);
    expect(t.byDay).toEqual([
      { date: '2026-11-02', count: 2, points: 30 },
      { date: '2026-11-03', count: 3, points: 47 },
      { date: '2026-11-04', count: 1, points: 10 },
      { date: '2026-11-05', count: 0, points: 0 },
    ]);
    expect(rankByPoints([{ points: 5 }, { points: 5 }, { points: 5 }], () => 'x').map((r) => r.rank)).toEqual([1, 1, 1]);
  });
});

describe('O3 budget', () => {
  test('O3: actual against budget with the variance, per category and in total', () => {
    const budget = { materials: 4_000_000, vehicles: 2_400_000, travel: 1_300_000, communications: 600_000, business: 500_000, office: 200_000, other: 1_000_000 };
    const cmp = budgetComparison(budget, [
      { category: 'materials', source: 'parts_warranty', amountFen: 1_500_000 },
      { category: 'materials', source: 'parts_waived', amountFen: 250_000 },
      { category: 'materials', source: 'parts_warranty', amountFen: -50_000 }, // unused parts returned
      { category: 'vehicles', source: 'claim', amountFen: 2_983_600 },
      { category: 'travel', source: 'claim', amountFen: 1_744_300 },
    ]);
    const line = (c: string) => cmp.lines.find((l) => l.category === c)!;
    expect(line('materials')).toMatchObject({ budgetFen: 4_000_000, actualFen: 1_700_000, varianceFen: 2_300_000, usedPercent: 42.5 });
    expect(line('materials').bySourceFen).toEqual({ parts_warranty: 1_450_000, parts_contract: 0, parts_waived: 250_000, claim: 0 });
    // Vehicles 29,836.00 of 24,000.00: over by 5,836.00, 124.32%.
    expect(line('vehicles')).toMatchObject({ actualFen: 2_983_600, varianceFen: -583_600, usedPercent: 124.32 });
    expect(line('office')).toMatchObject({ actualFen: 0, varianceFen: 200_000, usedPercent: 0 });
    // Budget 100,000.00; actual 17,000 + 29,836 + 17,443 = 64,279.00.
    expect(cmp.total).toMatchObject({ budgetFen: 10_000_000, actualFen: 6_427_900, varianceFen: 3_572_100, usedPercent: 64.28 });
    expect(budgetComparison(null, []).total).toMatchObject({ budgetFen: null, varianceFen: null, usedPercent: null });
  });

  test('O3: the warning share is reached at or above it, never without a budget', () => {
    expect(passesWarningShare(1_920_000, 2_400_000, 8000)).toBe(true); // exactly 80%
    expect(passesWarningShare(1_919_999, 2_400_000, 8000)).toBe(false);
    expect(passesWarningShare(5, null, 8000)).toBe(false);
    expect(passesWarningShare(5, 0, 8000)).toBe(false);
  });
});

describe('O4 part requests', () => {
  const tech: Actor = { id: 't1', name: 'Tang', roles: ['technician'] };
  const other: Actor = { id: 't2', name: 'Song', roles: ['technician'] };
  const supervisor: Actor = { id: 's1', name: 'He', roles: ['service_supervisor'] };
  const store: Actor = { id: 'w1', name: 'Zhou', roles: ['warehouse'] };
  const state = (over: Partial<PartRequestState> = {}): PartRequestState => ({
    id: 'r1',
    status: 'requested',
    technicianId: 't1',
    coverage: 'warranty',
    lines: [
      { partNo: 'P-1', quantity: 3, issued: 0, replaced: 0, returned: 0 },
      { partNo: 'P-2', quantity: 1, issued: 0, replaced: 0, returned: 0 },
    ],
    ...over,
  });
  const refusal = (f: () => void) => {
    try {
      f();
    } catch (err) {
      return { code: (err as AppError).code, fields: (err as AppError).details.map((d) => d.field) };
    }
    return null;
  };

  test('O4: coverage and who bears the parts follow the call category and a waiver', () => {
    expect([coverageOf('A'), coverageOf('B'), coverageOf('C')]).toEqual(['paid', 'contract', 'warranty']);
    expect([bearerOf('warranty', false), bearerOf('contract', false), bearerOf('paid', false), bearerOf('paid', true)]).toEqual(['company', 'company', 'customer', 'company']);
  });

  test('O4: the supervisor decides, the store issues, the requester records; wrong role 403, wrong status 409', () => {
    expect(refusal(() => checkPartRequestAction(state(), supervisor, { action: 'approve' }))).toBeNull();
    expect(refusal(() => checkPartRequestAction(state(), store, { action: 'approve' }))).toEqual({ code: 'forbidden', fields: [] });
    expect(refusal(() => checkPartRequestAction(state(), supervisor, { action: 'issue' }))).toEqual({ code: 'forbidden', fields: [] });
    expect(refusal(() => checkPartRequestAction(state(), store, { action: 'issue' }))).toEqual({ code: 'wrong_stage', fields: [] });
    expect(refusal(() => checkPartRequestAction(state({ status: 'approved' }), store, { action: 'issue' }))).toBeNull();
    expect(refusal(() => checkPartRequestAction(state({ status: 'issued' }), supervisor, { action: 'approve' }))).toEqual({ code: 'wrong_stage', fields: [] });
    // Nobody decides their own request, even holding both roles.
    expect(refusal(() => checkPartRequestAction(state(), { ...tech, roles: ['technician', 'service_supervisor'] }, { action: 'approve' }))).toEqual({ code: 'forbidden', fields: [] });
    // A waiver only where the customer would pay.
    expect(refusal(() => checkPartRequestAction(state(), supervisor, { action: 'approve', waiveCharge: true }))).toEqual({ code: 'invalid_input', fields: ['waiveCharge'] });
    expect(refusal(() => checkPartRequestAction(state({ coverage: 'paid' }), supervisor, { action: 'approve', waiveCharge: true }))).toBeNull();
    // Another technician may neither record parts on it nor cancel it.
    const issued = state({ status: 'issued', lines: [{ partNo: 'P-1', quantity: 3, issued: 3, replaced: 0, returned: 0 }] });
    expect(refusal(() => checkPartRequestAction(issued, other, { action: 'record_replaced', lines: [{ partNo: 'P-1', quantity: 1 }] }))).toEqual({ code: 'forbidden', fields: [] });
    expect(refusal(() => checkPartRequestAction(state(), other, { action: 'cancel', reason: 'x' }))).toEqual({ code: 'forbidden', fields: [] });
    expect(refusal(() => checkPartRequestAction(state({ status: 'waiting_stock' }), supervisor, { action: 'cancel', reason: 'x' }))).toBeNull();
  });

  test('O4: parts fitted or returned never exceed what was issued; the request settles when all are accounted for', () => {
    const issued = state({
      status: 'issued',
      lines: [
        { partNo: 'P-1', quantity: 3, issued: 3, replaced: 0, returned: 0 },
        { partNo: 'P-2', quantity: 1, issued: 1, replaced: 0, returned: 0 },
      ],
    });
    expect(refusal(() => checkPartRequestAction(issued, tech, { action: 'record_replaced', lines: [{ partNo: 'P-1', quantity: 4 }, { partNo: 'P-9', quantity: 1 }] }))).toEqual({
      code: 'invalid_input',
      fields: ['lines.0.quantity', 'lines.1.partNo'],
    });
    const fitted = applyLines(issued, 'replaced', [{ partNo: 'P-1', quantity: 2 }]);
    expect(fitted.map((l) => [l.partNo, l.replaced, l.returned])).toEqual([
      ['P-1', 2, 0],
      ['P-2', 0, 0],
    ]);
    expect(settled(fitted)).toBe(false);
    const after = { ...issued, lines: fitted };
    expect(refusal(() => checkPartRequestAction(after, store, { action: 'return_unused', lines: [{ partNo: 'P-1', quantity: 2 }] }))).toEqual({ code: 'invalid_input', fields: ['lines.0.quantity'] });
    const returned = applyLines(after, 'returned', [
      { partNo: 'P-1', quantity: 1 },
      { partNo: 'P-2', quantity: 1 },
    ]);
    expect(settled(returned)).toBe(true);
  });
});

describe('O5 service orders', () => {
  test('O5: received, orders issued, receipts returned and the rates, per region', () => {
    const c = (serviceCentre: string, dispatched: boolean, closed: boolean) => ({ serviceCentre, dispatched, closed });
    const calls = [c('shanghai', true, true), c('shanghai', true, false), c('hangzhou', false, false), c('beijing', true, true), c('beijing', true, true), c('beijing', true, false), c('beijing', false, false)];
    const regions: Record<string, string> = { shanghai: 'east', hangzhou: 'east', beijing: 'north' };
    const r = serviceOrderCounts(calls, (x) => regions[x] ?? x);
    // 7 received, 5 dispatched (71.43%), 3 closed of them (60%).
    expect(r.total).toEqual({ received: 7, ordersIssued: 5, receiptsReturned: 3, executionRate: 71.43, receiptRate: 60 });
    expect(r.byRegion).toEqual([
      { region: 'east', received: 3, ordersIssued: 2, receiptsReturned: 1, executionRate: 66.67, receiptRate: 50 },
      { region: 'north', received: 4, ordersIssued: 3, receiptsReturned: 2, executionRate: 75, receiptRate: 66.67 },
    ]);
    expect(serviceOrderCounts([], (x) => x).total).toEqual({ received: 0, ordersIssued: 0, receiptsReturned: 0, executionRate: null, receiptRate: null });
  });
});
