// C12, C19, P1: the monthly statistics, compiled from plain inputs, and their CSV and HTML forms.
import { type MonthlyCaseInput, compileMonthlyStatistics } from '../../domain/accountability/monthly';
import { monthlyStatisticsCsv, monthlyStatisticsHtml, penaltyNoticeHtml } from '../../api/render/reportFormats';

const base: Omit<MonthlyCaseInput, 'caseId' | 'number' | 'closedAt'> = {
  status: 'closed',
  cause: 'Worn mould',
  ourFault: true,
  humanNegligence: false,
  responsibility: [{ department: 'manufacturing/section-2/group-3', ratio: 1 }],
  lossFen: 100_000,
  countermeasure: 'Replace the insert',
  trackImprovement: true,
  accountability: null,
};

function report() {
  return compileMonthlyStatistics({
    month: '2026-11',
    compiledAt: '2026-12-05T00:00:00.000Z',
    cases: [
      { ...base, caseId: 'c1', number: '2611-01', closedAt: '2026-11-03T01:00:00Z', accountability: { status: 'settled', grounds: ['materials_not_per_spec'], fixedLossFen: 90_000 } },
      {
        ...base,
        caseId: 'c2',
        number: '2611-02',
        closedAt: '2026-11-04T01:00:00Z',
        cause: 'Wrong label <b>',
        humanNegligence: true,
        trackImprovement: false,
        responsibility: [
          { department: 'manufacturing/section-1', ratio: 0.6 },
          { department: 'sales', person: 'p-li', ratio: 0.4 },
        ],
        lossFen: 50_001,
        accountability: { status: 'awaiting_approval', grounds: ['labelling_not_per_spec', 'order_entry_error'], fixedLossFen: null },
      },
      { ...base, caseId: 'c3', number: '2611-03', closedAt: '2026-11-05T01:00:00Z', status: 'rejected', responsibility: [], lossFen: 0 },
    ],
    timeliness: [
      { caseId: 'c1', department: 'qa', stage: 'analysis', late: false, lateByMinutes: 0 },
      { caseId: 'c2', department: 'qa', stage: 'analysis', late: true, lateByMinutes: 90 },
      { caseId: 'c2', department: 'manufacturing', stage: 'countermeasure', late: false, lateByMinutes: 0 },
      { caseId: 'other', department: 'qa', stage: 'analysis', late: true, lateByMinutes: 999 },
    ],
    pendingDecisions: [{ caseId: 'c2', number: '2611-02', status: 'awaiting_approval', closedAt: '2026-11-04T01:00:00Z', since: '2026-11-06T00:00:00Z' }],
  });
}

describe('C12 monthly statistics', () => {
  test('C12: responsibility and ratios by department, with the loss by ratio', () => {
    const r = report();
    expect(r.totals).toMatchObject({ closed: 2, notEstablished: 1, ourFault: 2, tracked: 1, lossAtClosing: '1500.01', lossFixed: '900.00', casesWithLossFixed: 1 });
    expect(r.responsibility).toEqual([
      { department: 'manufacturing', units: ['manufacturing/section-1', 'manufacturing/section-2/group-3'], cases: 2, ratioSum: '1.6000', averageRatio: '0.8000', loss: '1300.01', lossShare: '86.66%' },
      { department: 'sales', units: ['sales'], cases: 1, ratioSum: '0.4000', averageRatio: '0.4000', loss: '200.00', lossShare: '13.33%' },
    ]);
  });

  test('C12, P11: counts by cause and by penalty ground', () => {
    const r = report();
    expect(r.causes).toEqual([
      { cause: 'Worn mould', count: 1 },
      { cause: 'Wrong label <b>', count: 1 },
    ]);
    expect(r.penaltyGrounds.map((g) => [g.ground, g.count])).toEqual([
      ['materials_not_per_spec', 1],
      ['order_entry_error', 1],
      ['labelling_not_per_spec', 1],
    ]);
  });

  test("C19: timeliness per department over the month's closed cases only", () => {
    expect(report().timeliness).toEqual([
      { department: 'manufacturing', stages: 1, onTime: 1, late: 0, lateRate: '0.00%', lateMinutes: 0 },
      { department: 'qa', stages: 2, onTime: 1, late: 1, lateRate: '50.00%', lateMinutes: 90 },
    ]);
  });

  test('C9, P1: countermeasure status (human negligence is not tracked) and the penalties still to approve', () => {
    const r = report();
    expect(r.countermeasures.map((c) => [c.number, c.status])).toEqual([
      ['2611-01', 'tracked'],
      ['2611-02', 'not_tracked_human_negligence'],
    ]);
    expect(r.penaltiesToApprove.map((p) => [p.number, p.status])).toEqual([['2611-02', 'awaiting_approval']]);
  });

  test('C12: CSV in long form, one line per figure; HTML printable and escaped', () => {
    const csv = monthlyStatisticsCsv(report());
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,key,field,value');
    expect(lines).toContain('responsibility,manufacturing,ratioSum,1.6000');
    expect(lines).toContain('timeliness,qa,lateRate,50.00%');
    expect(lines).toContain('penalty_ground,order_entry_error,count,1');
    const html = monthlyStatisticsHtml(report(), { provisional: true });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('Wrong label &lt;b&gt;');
    expect(html).not.toContain('Wrong label <b>');
    expect(html).toContain('provisional');
  });
});

describe('formats', () => {
  test('P2: a printed notice has one page per copy', () => {
    const html = penaltyNoticeHtml({
      number: 'RP-2611-07-1',
      caseNumber: '2611-07',
      caseId: 'c',
      party: 'p-li',
      copies: ['gm_office', 'accounting', 'p-li'],
      approvedBy: 'Zheng GM',
      approvedAt: '2026-11-21T00:00:00Z',
      final: true,
      lines: [{ entry: 1, ground: 'order_entry_error', level: 'warning', allocated: '1728.60' }],
      charges: [{ personId: 'p-li', personName: 'Li', share: '1728.60', minimum: '400.00', charge: '1728.60', basis: 'b' }],
      lossBasis: 'No goods to resell',
    });
    expect(html.match(/<section/g)).toHaveLength(3);
    expect(html).toContain('Copy for: <strong>accounting</strong>');
    expect(html).toContain('Order entry errors');
  });
});
