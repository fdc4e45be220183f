// The accountability state machine (C9, P1, P2, P8): who may act when, what each action changes,
// and that a refusal changes nothing (G2).
import { DEFAULT_ACCOUNTING_RULES } from '../../domain/accountability/allocation';
import {
  type AccountabilityInput,
  type AccountabilityState,
  accountabilityFinished,
  accountabilityView,
  applyAccountabilityAction,
  checkAccountabilityAction,
  expireResaleWindow,
  initialAccountabilityState,
  lossAfterResale,
  markSettled,
  openTasks,
  parseAccountabilityAction,
  penaltyNotices,
} from '../../domain/accountability/machine';
import { AppError } from '../../domain/errors';
import type { Actor, Role } from '../../domain/roles';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T02:00:00Z');
const who = (role: Role): Actor => ({ id: `${role}-1`, name: `${role} user`, roles: [role] });

function input(over: Partial<AccountabilityInput> = {}): AccountabilityInput {
  return {
    caseId: '6f1d7c2e-0000-4000-8000-000000000001',
    caseNumber: '2611-07',
    closedAt: new Date(T0).toISOString(),
    customer: 'Hangzhou Precision Co.',
    market: 'domestic',
    responsibility: [
      { department: 'manufacturing/section-2/group-3', ratio: 0.6 },
      { department: 'sales', person: 'p-li', ratio: 0.4 },
    ],
    lossFen: 432_150,
    ourFault: true,
    humanNegligence: false,
    cause: 'Burr left by a worn mould',
    countermeasure: 'Replace the insert',
    trackImprovement: true,
    handlingKind: 'return',
    rules: DEFAULT_ACCOUNTING_RULES,
    ...over,
  };
}

const PROPOSAL = {
  action: 'propose',
  lines: [
    { entry: 0, ground: 'materials_not_per_spec', level: 'none' },
    { entry: 1, ground: 'order_entry_error', level: 'warning' },
  ],
};

function act(state: AccountabilityState, actor: Actor, raw: unknown, at = T0) {
  const cmd = parseAccountabilityAction(raw);
  checkAccountabilityAction(state, actor, cmd);
  return applyAccountabilityAction(state, actor, cmd, at);
}

function refused(state: AccountabilityState, actor: Actor, raw: unknown): AppError {
  const before = JSON.stringify(state);
  try {
    checkAccountabilityAction(state, actor, parseAccountabilityAction(raw));
  } catch (err) {
    expect(JSON.stringify(state)).toBe(before);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('P2: proposal by the GM office, approval by the GM', () => {
  test('P2: the GM office proposes, the GM approves; other roles are refused (403) and nothing changes', () => {
    const s = initialAccountabilityState(input(), T0);
    expect(s.status).toBe('awaiting_proposal');
    expect(refused(s, who('sales'), PROPOSAL).code).toBe('forbidden');
    expect(refused(s, who('gm'), PROPOSAL).code).toBe('forbidden');
    expect(refused(s, who('gm'), { action: 'approve' }).code).toBe('wrong_stage');
    act(s, who('gm_office'), PROPOSAL);
    expect(s.status).toBe('awaiting_approval');
    expect(refused(s, who('gm_office'), { action: 'approve' }).code).toBe('forbidden');
    expect(refused(s, who('gm_office'), PROPOSAL).code).toBe('wrong_stage');
    act(s, who('gm'), { action: 'approve' });
    expect(s.decision).toMatchObject({ by: { name: 'gm user' } });
  });

  test('P2: a rejection needs a reason and sends the proposal back to the GM office', () => {
    const s = initialAccountabilityState(input(), T0);
    act(s, who('gm_office'), PROPOSAL);
    const err = refused(s, who('gm'), { action: 'reject' });
    expect(err.code).toBe('invalid_input');
    expect(err.details.map((d) => d.field)).toContain('comment');
    act(s, who('gm'), { action: 'reject', comment: 'Name the group leader' });
    expect(s).toMatchObject({ status: 'awaiting_proposal', proposal: null, rejections: [{ comment: 'Name the group leader' }] });
    expect(openTasks(s).map((t) => t.key)).toEqual([`accountability:${s.case.caseId}:proposal:1`]);
  });

  test('P2, G5: a proposal must name every internal party once; bad lines are refused naming the field', () => {
    const s = initialAccountabilityState(input(), T0);
    const missing = refused(s, who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'other', level: 'none' }] });
    expect(missing).toMatchObject({ code: 'invalid_input', details: [{ field: 'lines', message: expect.stringMatching(/party 1 \(sales, p-li\)/) }] });
    const twice = refused(s, who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'other', level: 'none' }, { entry: 0, ground: 'other', level: 'none' }, { entry: 1, ground: 'other', level: 'none' }] });
    expect(twice.details[0]).toMatchObject({ field: 'lines.1.entry' });
    const range = refused(s, who('gm_office'), { action: 'propose', lines: [{ entry: 5, ground: 'other', level: 'none' }] });
    expect(range.details[0]).toMatchObject({ field: 'lines.0.entry' });
    const ground = refused(s, who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'bad luck', level: 'none' }] });
    expect(ground.details[0]).toMatchObject({ field: 'lines.0.ground' });
  });

  test('P10: an administrative penalty names a person; a waived share carries no level', () => {
    const s = initialAccountabilityState(input(), T0);
    const unit = refused(s, who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'other', level: 'warning' }, { entry: 1, ground: 'other', level: 'none' }] });
    expect(unit.details[0]).toMatchObject({ field: 'lines.0.level' });
    const waived = refused(s, who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'other', level: 'warning', waive: true, chargeTo: { person: 'p-a' } }, { entry: 1, ground: 'other', level: 'none' }] });
    expect(waived.details[0]).toMatchObject({ field: 'lines.0.waive' });
    act(s, who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'other', level: 'major_demerit', chargeTo: { person: 'p-a' } }, { entry: 1, ground: 'other', level: 'none' }] });
    expect(s.status).toBe('awaiting_approval');
  });
});

describe('P8: the resale window fixes the loss', () => {
  const approved = (over: Partial<AccountabilityInput> = {}, resale?: boolean) => {
    const s = initialAccountabilityState(input(over), T0);
    act(s, who('gm_office'), { ...PROPOSAL, ...(resale === undefined ? {} : { resale }) });
    act(s, who('gm'), { action: 'approve' }, T0 + DAY);
    return s;
  };

  test('P8: after the decision the goods may be resold for one month (RESALE_WINDOW)', () => {
    const s = approved();
    expect(s.status).toBe('resale_window');
    expect(Date.parse(s.resaleDueAt!)).toBe(T0 + DAY + 30 * DAY);
    expect(openTasks(s).map((t) => t.kind)).toEqual(['resale_outcome', 'penalty_publication']);
  });

  test('P8: sold → the loss is the shortfall against the A-grade price', () => {
    const s = approved();
    expect(refused(s, who('warehouse'), { action: 'record_resale', outcome: 'sold', saleAmount: '7000', aGradeAmount: '9000' }).code).toBe('forbidden');
    const bad = refused(s, who('sales'), { action: 'record_resale', outcome: 'sold', saleAmount: '7000' });
    expect(bad.details.map((d) => d.field)).toEqual(['aGradeAmount']);
    act(s, who('sales'), { action: 'record_resale', outcome: 'sold', saleAmount: '7000', aGradeAmount: '9000.50' }, T0 + 10 * DAY);
    expect(s).toMatchObject({ status: 'settling', fixedLoss: { amountFen: 200_050 } });
    expect(s.fixedLoss!.basis).toMatch(/shortfall, 2000\.50 \(P8\)/);
  });

  test('P8: not sold → the actual loss: as recorded, or as closed when none is given', () => {
    const a = approved();
    act(a, who('accounting'), { action: 'record_resale', outcome: 'not_sold', actualLoss: '5000' });
    expect(a.fixedLoss!.amountFen).toBe(500_000);
    const b = approved();
    act(b, who('accounting'), { action: 'record_resale', outcome: 'not_sold' });
    expect(b.fixedLoss!.amountFen).toBe(432_150);
    expect(refused(approved(), who('sales'), { action: 'record_resale', outcome: 'not_sold', saleAmount: '1' }).details[0]).toMatchObject({ field: 'saleAmount' });
  });

  test('P8: the window ends with no outcome → the actual loss recorded at closing', () => {
    const s = approved();
    expireResaleWindow(s, T0 + 31 * DAY);
    expect(s).toMatchObject({ status: 'settling', resale: { outcome: 'window_expired' }, fixedLoss: { amountFen: 432_150 } });
    expect(refused(s, who('sales'), { action: 'record_resale', outcome: 'not_sold' }).code).toBe('wrong_stage');
  });

  test('P8: sold above the A-grade price → no loss; nothing to resell → the closing loss at once', () => {
    expect(lossAfterResale(1000, { outcome: 'sold', saleAmountFen: 900, aGradeAmountFen: 800, by: 'x', at: 'y' }).amountFen).toBe(0);
    const s = approved({ handlingKind: 'allowance' });
    expect(s).toMatchObject({ status: 'settling', resaleDueAt: null, fixedLoss: { amountFen: 432_150 } });
    const forced = approved({ handlingKind: 'allowance' }, true);
    expect(forced.status).toBe('resale_window');
  });
});

describe('P1: HR publishes administrative penalties', () => {
  test('P1: publication is required for warnings and demerits, by HR, once; the case ends when settled and published', () => {
    const s = initialAccountabilityState(input({ handlingKind: 'allowance' }), T0);
    act(s, who('gm_office'), PROPOSAL);
    expect(refused(s, who('hr'), { action: 'publish' }).code).toBe('wrong_stage');
    act(s, who('gm'), { action: 'approve' });
    expect(s.publication.required).toBe(true);
    markSettled(s, { month: '2026-11', at: s.fixedLoss!.at, allocations: [], charges: [] }, T0);
    expect(s.status).toBe('settled');
    expect(accountabilityFinished(s)).toBe(false);
    expect(refused(s, who('gm_office'), { action: 'publish' }).code).toBe('forbidden');
    act(s, who('hr'), { action: 'publish', reference: 'HR bulletin 2026-47' });
    expect(accountabilityFinished(s)).toBe(true);
    expect(refused(s, who('hr'), { action: 'publish' }).code).toBe('wrong_stage');
    expect(openTasks(s)).toEqual([]);
  });

  test('P1: without administrative penalties nothing goes to HR', () => {
    const s = initialAccountabilityState(input({ handlingKind: 'allowance' }), T0);
    act(s, who('gm_office'), { action: 'propose', lines: [{ entry: 0, ground: 'other', level: 'none' }, { entry: 1, ground: 'other', level: 'none' }] });
    act(s, who('gm'), { action: 'approve' });
    expect(s.publication.required).toBe(false);
    expect(refused(s, who('hr'), { action: 'publish' }).code).toBe('wrong_stage');
  });
});

describe('C9, P2: closing outcomes and notices', () => {
  test('C9: when the fault is not ours nobody is charged and every action is refused', () => {
    const s = initialAccountabilityState(input({ ourFault: false }), T0);
    expect(s.status).toBe('not_our_fault');
    expect(accountabilityFinished(s)).toBe(true);
    expect(refused(s, who('gm_office'), PROPOSAL).code).toBe('wrong_stage');
  });

  test('P2: one reward/penalty notice per penalised party, in three copies (GM office, accounting, the party)', () => {
    const s = initialAccountabilityState(input(), T0);
    act(s, who('gm_office'), PROPOSAL);
    expect(penaltyNotices(s)).toEqual([]);
    act(s, who('gm'), { action: 'approve' });
    const notices = penaltyNotices(s);
    expect(notices.map((n) => [n.number, n.party, n.copies, n.final])).toEqual([
      ['RP-2611-07-1', 'manufacturing/section-2/group-3', ['gm_office', 'accounting', 'manufacturing/section-2/group-3'], false],
      ['RP-2611-07-2', 'p-li', ['gm_office', 'accounting', 'p-li'], false],
    ]);
  });

  test('personal data: the view leaves the proposal and the charges out for roles without access', () => {
    const s = initialAccountabilityState(input(), T0);
    act(s, who('gm_office'), PROPOSAL);
    expect(accountabilityView(s, { personal: true })).toHaveProperty('proposal');
    const open = accountabilityView(s, { personal: false });
    expect(open).not.toHaveProperty('proposal');
    expect(open).not.toHaveProperty('settlement');
    expect(open.allocations.map((a) => [a.amount, a.status])).toEqual([['2592.90', 'provisional'], ['1728.60', 'provisional']]);
  });
});
