// The complaint state machine without a server (C4–C19, G2): routing, authority, refusals that
// change nothing, closing, appeals, not-established cases, joint inspection, deadlines, reminders,
// escalation and timeliness after closing.
import { z } from 'zod';
import { DEFAULT_THRESHOLDS } from '../../domain/authority';
import { historyView } from '../../domain/caseHistory';
import {
  type ActionOutcome,
  type ComplaintRules,
  type ComplaintState,
  DISTRIBUTION_COPIES,
  type NoticeDraft,
  applyAction,
  awaitingOf,
  checkAction,
  complaintView,
  followUpNotices,
  initialComplaintState,
  nextNoticeAt,
  parseComplaintAction,
  stageTimeliness,
  takeDueNotices,
} from '../../domain/complaint/machine';
import { zComplaintFiling } from '../../domain/complaint/schemas';
import { type ComplaintStage, DEFAULT_STAGE_DEADLINES_MS, type OpenStage } from '../../domain/complaint/stages';
import { zComplaintHistoryEvent, zComplaintView } from '../../domain/complaint/views';
import { AppError } from '../../domain/errors';
import type { Actor, Role } from '../../domain/roles';
import { complaintFiling } from '../support/fixtures';

const S = 1000;
const H = 60 * 60 * S;
const D = 24 * H;
const T0 = Date.parse('2026-11-02T01:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const RULES: ComplaintRules = {
  caseDeadlineMs: { domestic: 13 * D, foreign: 17 * D },
  stageDeadlineMs: { ...DEFAULT_STAGE_DEADLINES_MS },
  reminderIntervalMs: 1 * D,
  jointInspectionReportMs: 3 * D,
  authority: DEFAULT_THRESHOLDS,
};

const person = (role: Role, id = `${role}-1`, extraRoles: Role[] = []): Actor => ({ id, name: `${role} ${id}`, roles: [role, ...extraRoles] });
const P = {
  sales: person('sales'),
  gm_office: person('gm_office'),
  qa: person('qa'),
  manufacturing: person('manufacturing'),
  manager_office: person('manager_office'),
  rnd: person('rnd'),
  sales_manager: person('sales_manager'),
  vp: person('vp'),
  gm: person('gm'),
  auditor: person('auditor'),
  admin: person('admin'),
} satisfies Partial<Record<Role, Actor>>;

type Input = Record<string, unknown> & { action: string };

/** A valid input for every action. */
const INPUT: Record<string, Input> = {
  register: { action: 'register' },
  analyze: { action: 'analyze', cause: 'Burr left by a worn mould', responsibleDepartments: ['manufacturing'], ourFault: true, needsRnd: false },
  countermeasure: { action: 'countermeasure', cause: 'Worn mould insert', countermeasure: 'Replace the insert; full inspection for two weeks' },
  review: { action: 'review', comment: 'Agreed' },
  rnd_review: { action: 'rnd_review', opinion: 'Increase the draft angle' },
  check: { action: 'check' },
  coordinate_supplier: { action: 'coordinate_supplier', supplier: 'Ningbo Resin Ltd', outcome: 'Supplier bears 40%', supplierRatio: 0.4 },
  propose: { action: 'propose', handling: { kind: 'return', quantity: 37, amount: '5000' } },
  consolidate: { action: 'consolidate', opinion: 'Accept the return', amount: '5000' },
  decide: { action: 'decide', decision: 'approve' },
  record_result: { action: 'record_result', customerAccepted: true, result: 'The customer accepts the return' },
  confirm: { action: 'confirm' },
  close: { action: 'close', responsibility: [{ department: 'manufacturing', ratio: 1 }], lossAmount: '4321.50', trackImprovement: true },
  rule_appeal: { action: 'rule_appeal', ruling: 'uphold' },
  appeal: { action: 'appeal', reason: 'The ratio charged to us is wrong' },
  not_established: { action: 'not_established', reason: 'The parts were damaged by the customer' },
  withdraw: { action: 'withdraw', reason: 'The customer withdrew the complaint' },
  assign_inspector: { action: 'assign_inspector', inspectorId: 'manufacturing-7', inspectorName: 'Zhou QC' },
  report_inspection: { action: 'report_inspection', findings: 'Scratches from the packing line', investigatedOn: '2026-11-03' },
};

/** The routing action of each stage and the role that takes it (decision: the case's tier). */
const ROUTE: Record<OpenStage, string> = {
  registration: 'register',
  analysis: 'analyze',
  countermeasure: 'countermeasure',
  review: 'review',
  rnd_review: 'rnd_review',
  check: 'check',
  supplier_coordination: 'coordinate_supplier',
  proposal: 'propose',
  consolidation: 'consolidate',
  decision: 'decide',
  customer_result: 'record_result',
  confirmation: 'confirm',
  closing: 'close',
  appeal: 'rule_appeal',
};
const OWNER: Record<OpenStage, Actor | null> = {
  registration: P.gm_office,
  analysis: P.qa,
  countermeasure: P.manufacturing,
  review: P.manager_office,
  rnd_review: P.rnd,
  check: P.gm_office,
  supplier_coordination: P.gm_office,
  proposal: P.sales,
  consolidation: P.gm_office,
  decision: null,
  customer_result: P.sales,
  confirmation: P.sales_manager,
  closing: P.gm_office,
  appeal: P.gm,
};

/** As JSON carries it (undefined fields left out). */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** The view and the history as the API sends them match the schemas the API declares for them. */
function expectViewsMatchSchemas(state: ComplaintState, nowMs: number): void {
  expect(zComplaintView.safeParse(wire(complaintView(state, nowMs))).error).toBeUndefined();
  expect(z.array(zComplaintHistoryEvent).safeParse(wire(historyView(state.history))).error).toBeUndefined();
}

function file(overrides: Record<string, unknown> = {}, at = T0, rules: ComplaintRules = RULES): ComplaintState {
  const state = initialComplaintState({
    id: 'case-1',
    filing: zComplaintFiling().parse(complaintFiling(overrides)),
    filedBy: { id: P.sales.id, name: P.sales.name },
    filedAt: iso(at),
    rules,
  });
  expectViewsMatchSchemas(state, at);
  return state;
}

/** Parses, checks and applies one action, as the workflow does. */
function act(state: ComplaintState, who: Actor, input: Input, nowMs: number): ActionOutcome {
  const cmd = parseComplaintAction(input);
  checkAction(state, who, cmd);
  const outcome = applyAction(state, who, cmd, nowMs, cmd.action === 'register' ? { number: '2611-01' } : {});
  expectViewsMatchSchemas(state, nowMs);
  return outcome;
}

const ownerOf = (state: ComplaintState): Actor => {
  const stage = state.stage as OpenStage;
  return stage === 'decision' ? P[state.tier!] : OWNER[stage]!;
};

/** Takes the awaited routing action with the default input (merged with `over`). */
function step(state: ComplaintState, nowMs: number, over: Record<string, Record<string, unknown>> = {}): ActionOutcome {
  const action = ROUTE[state.stage as OpenStage];
  return act(state, ownerOf(state), { ...INPUT[action]!, ...over[action] }, nowMs);
}

/** Steps until the case is in `target`, one hour apart; returns the time of the last step. */
function runTo(state: ComplaintState, target: ComplaintStage, over: Record<string, Record<string, unknown>> = {}, from = T0, gap = H): number {
  let now = from;
  for (let i = 0; state.stage !== target; i++) {
    if (i > 30) throw new Error(`never reached ${target}`);
    now += gap;
    step(state, now, over);
  }
  return now;
}

function refusal(state: ComplaintState, who: Actor, input: Input): AppError {
  try {
    checkAction(state, who, parseComplaintAction(input));
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`"${input.action}" by ${who.roles.join('+')} was not refused in stage ${state.stage}`);
}

/** The action is refused with `code` (naming `field` when given) and the state is exactly as before. */
function expectRefused(state: ComplaintState, who: Actor, input: Input, code: string, field?: string): AppError {
  const before = structuredClone(state);
  const err = refusal(state, who, input);
  expect(err.code).toBe(code);
  if (field) expect(err.details.map((d) => d.field)).toContain(field);
  expect(state).toEqual(before);
  return err;
}

const actions = (state: ComplaintState) => state.history.map((e) => e.action);

describe('C6: routing order', () => {
  test('C6, C3: a filed case is in registration awaiting the GM office to register it', () => {
    const s = file();
    expect(s).toMatchObject({ status: 'open', stage: 'registration', number: null, dueAt: null, tier: null });
    expect(awaitingOf(s)).toEqual({ roles: ['gm_office'], action: 'register' });
    expect(s.history).toEqual([expect.objectContaining({ seq: 1, action: 'file', stage: 'registration', actor: { id: P.sales.id, name: P.sales.name } })]);
  });

  test('C6: the main path without R&D or supplier visits every stage in order, each awaiting its owner', () => {
    const s = file();
    const seen: { stage: ComplaintStage; awaiting: ReturnType<typeof awaitingOf> }[] = [{ stage: s.stage, awaiting: awaitingOf(s) }];
    let now = T0;
    while (s.status === 'open') {
      now += H;
      step(s, now);
      seen.push({ stage: s.stage, awaiting: awaitingOf(s) });
    }
    expect(seen).toEqual([
      { stage: 'registration', awaiting: { roles: ['gm_office'], action: 'register' } },
      { stage: 'analysis', awaiting: { roles: ['qa'], action: 'analyze' } },
      { stage: 'countermeasure', awaiting: { roles: ['manufacturing'], action: 'countermeasure' } },
      { stage: 'review', awaiting: { roles: ['manager_office'], action: 'review' } },
      { stage: 'check', awaiting: { roles: ['gm_office'], action: 'check' } },
      { stage: 'proposal', awaiting: { roles: ['sales'], action: 'propose' } },
      { stage: 'consolidation', awaiting: { roles: ['gm_office'], action: 'consolidate' } },
      { stage: 'decision', awaiting: { roles: ['sales_manager', 'vp', 'gm'], action: 'decide' } },
      { stage: 'customer_result', awaiting: { roles: ['sales'], action: 'record_result' } },
      { stage: 'confirmation', awaiting: { roles: ['sales_manager'], action: 'confirm' } },
      { stage: 'closing', awaiting: { roles: ['gm_office'], action: 'close' } },
      { stage: 'closed', awaiting: null },
    ]);
    expect(s.status).toBe('closed');
    expect(s.closedAt).toBe(iso(now));
    expect(actions(s)).toEqual([
      'file', 'register', 'analyze', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'decide', 'record_result', 'confirm', 'close',
    ]);
    // Each event records the stage it was taken in, in order, with strictly increasing seq.
    expect(s.history.map((e) => e.stage)).toEqual([
      'registration', 'registration', 'analysis', 'countermeasure', 'review', 'check', 'proposal', 'consolidation', 'decision', 'customer_result', 'confirmation', 'closing',
    ]);
    expect(s.history.map((e) => e.seq)).toEqual(s.history.map((_, i) => i + 1));
    expect(s.visits.map((v) => v.stage)).toEqual([
      'registration', 'analysis', 'countermeasure', 'review', 'check', 'proposal', 'consolidation', 'decision', 'customer_result', 'confirmation', 'closing',
    ]);
    expect(s.visits.every((v) => v.leftAt !== undefined)).toBe(true);
  });

  test('C6, C15: with needsRnd and a named supplier: … review → rnd_review → check → supplier_coordination → proposal …', () => {
    const s = file();
    runTo(s, 'closed', { analyze: { needsRnd: true, supplier: 'Ningbo Resin Ltd' } });
    expect(s.visits.map((v) => v.stage)).toEqual([
      'registration', 'analysis', 'countermeasure', 'review', 'rnd_review', 'check', 'supplier_coordination', 'proposal', 'consolidation', 'decision',
      'customer_result', 'confirmation', 'closing',
    ]);
    expect(s.supplier).toEqual({ supplier: 'Ningbo Resin Ltd', outcome: 'Supplier bears 40%', supplierRatio: 0.4 });
    expect(s.reviews.map((r) => r.stage)).toEqual(['review', 'rnd_review', 'check']);
    expect(s.reviews[1]).toMatchObject({ by: P.rnd.name, opinion: 'Increase the draft angle' });
  });

  test('C6: R&D review only when QA asks for it; rnd_review is refused (wrong_stage) otherwise', () => {
    const s = file();
    runTo(s, 'review');
    step(s, T0 + 10 * H);
    expect(s.stage).toBe('check');
    const withRnd = file();
    runTo(withRnd, 'review', { analyze: { needsRnd: true } });
    step(withRnd, T0 + 10 * H);
    expect(withRnd.stage).toBe('rnd_review');
    expect(awaitingOf(withRnd)).toEqual({ roles: ['rnd'], action: 'rnd_review' });
    expectRefused(s, P.rnd, INPUT.rnd_review!, 'wrong_stage');
  });

  test('C15: supplier coordination only when the analysis names a supplier, awaiting the GM office', () => {
    const s = file();
    runTo(s, 'check', { analyze: { supplier: 'Suzhou Castings' } });
    step(s, T0 + 10 * H);
    expect(s.stage).toBe('supplier_coordination');
    expect(awaitingOf(s)).toEqual({ roles: ['gm_office'], action: 'coordinate_supplier' });
    expectRefused(s, P.sales, INPUT.propose!, 'wrong_stage');
    expectRefused(s, P.qa, INPUT.coordinate_supplier!, 'forbidden');
    const plain = file();
    runTo(plain, 'proposal');
    expect(plain.visits.some((v) => v.stage === 'supplier_coordination')).toBe(false);
  });

  test('C2: registering records the assigned number in the case and the history', () => {
    const s = file();
    step(s, T0 + H);
    expect(s.number).toBe('2611-01');
    expect(s.registeredAt).toBe(iso(T0 + H));
    expect(s.history[1]).toMatchObject({ action: 'register', actor: { id: P.gm_office.id, name: P.gm_office.name }, data: { number: '2611-01' } });
  });
});

describe('G2: a refused action changes nothing', () => {
  const stagesOnPath: OpenStage[] = ['registration', 'analysis', 'countermeasure', 'review', 'rnd_review', 'check', 'supplier_coordination', 'proposal', 'consolidation', 'decision', 'customer_result', 'confirmation', 'closing'];

  test.each(stagesOnPath)('C6, G2: in stage %s every other stage’s action by its own role → wrong_stage; state deep-equal', (stage) => {
    const s = file();
    runTo(s, stage, { analyze: { needsRnd: true, supplier: 'Ningbo Resin Ltd' } });
    for (const [other, action] of Object.entries(ROUTE) as [OpenStage, string][]) {
      if (other === stage) continue;
      const who = other === 'decision' ? P.gm : OWNER[other]!;
      expectRefused(s, who, INPUT[action]!, 'wrong_stage');
    }
  });

  test.each(stagesOnPath)('C6, G2: in stage %s the awaited action by every other role → forbidden; state deep-equal', (stage) => {
    const s = file();
    runTo(s, stage, { analyze: { needsRnd: true, supplier: 'Ningbo Resin Ltd' } });
    const allowed = awaitingOf(s)!.roles;
    const action = ROUTE[stage];
    for (const [role, who] of Object.entries(P)) {
      if (allowed.includes(role as Role)) continue;
      expectRefused(s, who, INPUT[action]!, 'forbidden');
    }
    // The right role still may: the refusals left nothing behind.
    expect(() => checkAction(s, ownerOf(s), parseComplaintAction(INPUT[action]))).not.toThrow();
  });

  test('G5: invalid data → invalid_input naming each field; state deep-equal', () => {
    const s = file();
    runTo(s, 'analysis');
    const err = expectRefused(s, P.qa, { action: 'analyze', cause: '', responsibleDepartments: [], ourFault: 'yes', needsRnd: false }, 'invalid_input');
    expect(err.details.map((d) => d.field)).toEqual(expect.arrayContaining(['cause', 'responsibleDepartments', 'ourFault']));
    expectRefused(s, P.qa, { action: 'analyze', cause: 'x', responsibleDepartments: ['qa'], ourFault: true, needsRnd: false, extra: 1 }, 'invalid_input');
    expectRefused(s, P.qa, { action: 'fly' }, 'invalid_input', 'action');
  });

  test('G2: a closed case refuses every action (wrong_stage)', () => {
    const s = file();
    runTo(s, 'closed');
    for (const action of Object.keys(INPUT)) {
      expectRefused(s, P.gm, INPUT[action]!, 'wrong_stage');
      expectRefused(s, P.gm_office, INPUT[action]!, 'wrong_stage');
    }
    expect(nextNoticeAt(s)).toBeNull();
    expect(takeDueNotices(s, T0 + 100 * D)).toEqual([]);
  });
});

describe('C8, C13: authority tiers', () => {
  function atDecision(amount: string, rules = RULES): ComplaintState {
    const s = file({}, T0, rules);
    runTo(s, 'decision', { consolidate: { amount } });
    return s;
  }

  test.each([
    ['0', 'sales_manager', ['sales_manager', 'vp', 'gm']],
    ['10000', 'sales_manager', ['sales_manager', 'vp', 'gm']],
    ['10000.00', 'sales_manager', ['sales_manager', 'vp', 'gm']],
    ['10000.01', 'vp', ['vp', 'gm']],
    ['100000', 'vp', ['vp', 'gm']],
    ['100000.01', 'gm', ['gm']],
  ])('C8: %s yuan at stake sets tier %s; the decision awaits %j', (amount, tier, roles) => {
    const s = atDecision(amount);
    expect(s.tier).toBe(tier);
    expect(awaitingOf(s)).toEqual({ roles, action: 'decide' });
    expect(complaintView(s, T0 + 10 * H)).toMatchObject({ tier, amountAtStake: Number(amount).toFixed(2) });
    expect(s.history.at(-1)).toMatchObject({ action: 'consolidate', data: { tier, amount: Number(amount).toFixed(2) } });
  });

  test('C8, C13: a lower tier is refused with forbidden and the state is unchanged', () => {
    const vpCase = atDecision('10000.01');
    expectRefused(vpCase, P.sales_manager, INPUT.decide!, 'forbidden');
    const gmCase = atDecision('100000.01');
    expectRefused(gmCase, P.sales_manager, INPUT.decide!, 'forbidden');
    expectRefused(gmCase, P.vp, INPUT.decide!, 'forbidden');
    expectRefused(gmCase, P.vp, { action: 'decide', decision: 'rework', reworkStage: 'proposal' }, 'forbidden');
    expectRefused(gmCase, P.sales, INPUT.decide!, 'forbidden');
  });

  test('C8, C13: a higher tier may decide; decidedAs records the tier that did', () => {
    const s = atDecision('20000');
    const now = T0 + 20 * H;
    act(s, P.gm, { ...INPUT.decide!, comment: 'Approved by the GM' }, now);
    expect(s.decision).toEqual({ decision: 'approve', tier: 'vp', decidedAs: 'gm', by: P.gm.name, at: iso(now) });
    expect(s.history.at(-1)).toMatchObject({ action: 'decide', stage: 'decision', comment: 'Approved by the GM', data: { decision: 'approve', tier: 'vp', decidedAs: 'gm' } });
    expect(s.stage).toBe('customer_result');
  });

  test('C8: a person holding several tiers decides as the lowest one that suffices', () => {
    const s = atDecision('500');
    act(s, person('sales_manager', 'sm-vp', ['vp']), INPUT.decide!, T0 + 20 * H);
    expect(s.decision).toMatchObject({ tier: 'sales_manager', decidedAs: 'sales_manager' });
  });

  test('C8: a rejection is a decision too and goes to sales to explain (C7)', () => {
    const s = atDecision('500');
    act(s, P.sales_manager, { action: 'decide', decision: 'reject' }, T0 + 20 * H);
    expect(s.decision).toMatchObject({ decision: 'reject', decidedAs: 'sales_manager' });
    expect(s.stage).toBe('customer_result');
  });

  test('C8: the tier thresholds come from the case rules', () => {
    const rules = { ...RULES, authority: { salesManagerMaxFen: 5000 * 100, vpMaxFen: 20_000 * 100 } };
    expect(atDecision('5000', rules).tier).toBe('sales_manager');
    expect(atDecision('5000.01', rules).tier).toBe('vp');
    expect(atDecision('20000.01', rules).tier).toBe('gm');
  });
});

describe('C8: decide rework', () => {
  test('C8: rework sends the case back to the named stage; the case routes forward to a new decision', () => {
    const s = file();
    let now = runTo(s, 'decision');
    now += H;
    act(s, P.sales_manager, { action: 'decide', decision: 'rework', reworkStage: 'countermeasure', comment: 'Countermeasure too weak' }, now);
    expect(s.stage).toBe('countermeasure');
    expect(s.decision).toBeNull();
    expect(awaitingOf(s)).toEqual({ roles: ['manufacturing'], action: 'countermeasure' });
    expect(s.history.at(-1)).toMatchObject({
      action: 'decide',
      stage: 'decision',
      comment: 'Countermeasure too weak',
      data: { decision: 'rework', reworkStage: 'countermeasure', tier: 'sales_manager', decidedAs: 'sales_manager' },
    });
    runTo(s, 'closed', {}, now);
    expect(actions(s).slice(8)).toEqual(['decide', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'decide', 'record_result', 'confirm', 'close']);
  });

  test('C8: rework needs a stage (invalid_input naming reworkStage), not one outside the path, not rnd_review without R&D', () => {
    const s = file();
    runTo(s, 'decision');
    expectRefused(s, P.sales_manager, { action: 'decide', decision: 'rework' }, 'invalid_input', 'reworkStage');
    expectRefused(s, P.sales_manager, { action: 'decide', decision: 'rework', reworkStage: 'closing' }, 'invalid_input', 'reworkStage');
    expectRefused(s, P.sales_manager, { action: 'decide', decision: 'rework', reworkStage: 'rnd_review' }, 'invalid_input', 'reworkStage');
    const withRnd = file();
    runTo(withRnd, 'decision', { analyze: { needsRnd: true } });
    act(withRnd, P.sales_manager, { action: 'decide', decision: 'rework', reworkStage: 'rnd_review' }, T0 + 30 * H);
    expect(withRnd.stage).toBe('rnd_review');
  });
});

describe('C9, C10: closing', () => {
  const close = (responsibility: unknown, extra: Record<string, unknown> = {}): Input => ({ ...INPUT.close!, responsibility, ...extra });

  test.each([
    [[{ department: 'manufacturing', ratio: 0.5 }, { department: 'qa', ratio: 0.4 }]],
    [[{ department: 'manufacturing', ratio: 0.6 }, { department: 'qa', ratio: 0.6 }]],
    [[{ department: 'manufacturing', ratio: 0.3333 }, { department: 'qa', ratio: 0.6666 }]],
  ])('C9: responsibility ratios that do not add up to 1 → invalid_input naming responsibility; state unchanged (%j)', (responsibility) => {
    const s = file();
    runTo(s, 'closing');
    expectRefused(s, P.gm_office, close(responsibility), 'invalid_input', 'responsibility');
  });

  test('C9: a ratio of 0, above 1 or with more than 4 decimals is invalid input naming it', () => {
    const s = file();
    runTo(s, 'closing');
    expectRefused(s, P.gm_office, close([{ department: 'qa', ratio: 0 }, { department: 'manufacturing', ratio: 1 }]), 'invalid_input', 'responsibility.0.ratio');
    expectRefused(s, P.gm_office, close([{ department: 'qa', ratio: 1.5 }]), 'invalid_input', 'responsibility.0.ratio');
    expectRefused(s, P.gm_office, close([{ department: 'qa', ratio: 0.12345 }, { department: 'manufacturing', ratio: 0.87655 }]), 'invalid_input', 'responsibility.0.ratio');
    expectRefused(s, P.gm_office, close([]), 'invalid_input', 'responsibility');
  });

  test.each([
    [[{ department: 'manufacturing', ratio: 0.1 }, { department: 'qa', ratio: 0.2 }, { department: 'sales', person: 'Li', ratio: 0.7 }]],
    [[{ department: 'manufacturing', ratio: 0.3333 }, { department: 'qa', ratio: 0.6667 }]],
  ])('C9: ratios adding up to exactly 1 are accepted (%j)', (responsibility) => {
    const s = file();
    runTo(s, 'closing');
    act(s, P.gm_office, close(responsibility), T0 + 20 * H);
    expect(s.status).toBe('closed');
    expect(s.closing!.responsibility).toEqual(responsibility);
  });

  test('C9: improvement tracking is refused when the cause is human negligence; allowed otherwise', () => {
    const careless = file();
    runTo(careless, 'closing', { analyze: { humanNegligence: true } });
    expectRefused(careless, P.gm_office, close([{ department: 'manufacturing', person: 'Wu', ratio: 1 }]), 'invalid_input', 'trackImprovement');
    act(careless, P.gm_office, close([{ department: 'manufacturing', person: 'Wu', ratio: 1 }], { trackImprovement: false }), T0 + 20 * H);
    expect(careless.closing!.trackImprovement).toBe(false);
    const tooling = file();
    runTo(tooling, 'closing');
    act(tooling, P.gm_office, close([{ department: 'manufacturing', ratio: 1 }], { trackImprovement: true }), T0 + 20 * H);
    expect(tooling.closing!.trackImprovement).toBe(true);
  });

  test('C10: the closed form goes in five copies: QA, manufacturing, sales, accounting, GM office', () => {
    const s = file();
    const now = runTo(s, 'closed');
    expect(DISTRIBUTION_COPIES).toEqual(['qa', 'manufacturing', 'sales', 'accounting', 'gm_office']);
    expect(s.closing).toEqual({
      responsibility: [{ department: 'manufacturing', ratio: 1 }],
      lossAmountFen: 432150,
      trackImprovement: true,
      distribution: ['qa', 'manufacturing', 'sales', 'accounting', 'gm_office'],
    });
    expect(s.history.at(-1)).toMatchObject({ action: 'close', data: { lossAmount: '4321.50', distribution: ['qa', 'manufacturing', 'sales', 'accounting', 'gm_office'] } });
    expect(complaintView(s, now).closing).toMatchObject({ lossAmount: '4321.50', distribution: DISTRIBUTION_COPIES });
    expect(complaintView(s, now)).toMatchObject({ status: 'closed', stage: 'closed', awaiting: null, overdue: false, closedAt: iso(now) });
  });
});

describe('C14: appeal', () => {
  function decided(): { s: ComplaintState; now: number } {
    const s = file();
    const now = runTo(s, 'customer_result');
    return { s, now };
  }

  test('C14: an appeal needs a decision (wrong_stage before) and a department role (auditor, admin → forbidden)', () => {
    const s = file();
    runTo(s, 'consolidation');
    expectRefused(s, P.qa, INPUT.appeal!, 'wrong_stage');
    const { s: d } = decided();
    expectRefused(d, P.auditor, INPUT.appeal!, 'forbidden');
    expectRefused(d, P.admin, INPUT.appeal!, 'forbidden');
  });

  test('C14: a department appeals after the decision; the GM rules; uphold returns the case where it was with the decision standing', () => {
    const { s, now } = decided();
    const decision = structuredClone(s.decision);
    act(s, P.manufacturing, INPUT.appeal!, now + H);
    expect(s.stage).toBe('appeal');
    expect(s.appeal).toEqual({ by: P.manufacturing.name, reason: INPUT.appeal!.reason, fromStage: 'customer_result', at: iso(now + H) });
    expect(awaitingOf(s)).toEqual({ roles: ['gm'], action: 'rule_appeal' });
    expectRefused(s, P.vp, INPUT.rule_appeal!, 'forbidden');
    expectRefused(s, P.sales, INPUT.record_result!, 'wrong_stage');
    expectRefused(s, P.sales, INPUT.withdraw!, 'wrong_stage');
    expectRefused(s, P.gm, { action: 'rule_appeal', ruling: 'reopen' }, 'invalid_input', 'reopenStage');
    act(s, P.gm, { action: 'rule_appeal', ruling: 'uphold', comment: 'The ratio stands' }, now + 2 * H);
    expect(s.stage).toBe('customer_result');
    expect(s.decision).toEqual(decision);
    expect(s.appeal!.ruling).toBe('uphold');
    expect(s.history.at(-1)).toMatchObject({ action: 'rule_appeal', stage: 'appeal', data: { ruling: 'uphold' }, comment: 'The ratio stands' });
  });

  test('C14: an appeal from closing, upheld, returns to closing', () => {
    const s = file();
    const now = runTo(s, 'closing');
    act(s, P.qa, INPUT.appeal!, now + H);
    expect(s.appeal!.fromStage).toBe('closing');
    act(s, P.gm, INPUT.rule_appeal!, now + 2 * H);
    expect(s.stage).toBe('closing');
  });

  test('C14: reopen sends the case to the named stage, clearing the decision and the customer result; it then routes to closing again', () => {
    const { s, now } = decided();
    act(s, P.sales, INPUT.record_result!, now + H);
    expect(s.stage).toBe('confirmation');
    act(s, P.qa, INPUT.appeal!, now + 2 * H);
    act(s, P.gm, { action: 'rule_appeal', ruling: 'reopen', reopenStage: 'proposal' }, now + 3 * H);
    expect(s.stage).toBe('proposal');
    expect(s.decision).toBeNull();
    expect(s.customerResult).toBeNull();
    expect(s.appeal!.ruling).toBe('reopen');
    expect(awaitingOf(s)).toEqual({ roles: ['sales'], action: 'propose' });
    runTo(s, 'closed', {}, now + 3 * H);
    expect(s.status).toBe('closed');
  });
});

describe('C16: not established', () => {
  test('C16: the GM office finds the complaint not established → rejected, closed, and a receivable-collection task for sales', () => {
    const s = file();
    const now = runTo(s, 'analysis') + H;
    const { notices, event } = act(s, P.gm_office, INPUT.not_established!, now);
    expect(s).toMatchObject({ status: 'rejected', stage: 'closed', closedAt: iso(now), notEstablished: { reason: INPUT.not_established!.reason } });
    expect(event).toMatchObject({ action: 'not_established', stage: 'analysis', data: { reason: INPUT.not_established!.reason } });
    expect(notices).toEqual([
      expect.objectContaining({ key: 'case-1:task:receivable_collection', type: 'task', to: ['sales'], stage: 'closed', at: iso(now), message: expect.stringMatching(/receivable/) }),
    ]);
    expect(awaitingOf(s)).toBeNull();
    expect(nextNoticeAt(s)).toBeNull();
    expectRefused(s, P.qa, INPUT.analyze!, 'wrong_stage');
  });

  test('C16: only the GM office, and only before the decision', () => {
    const s = file();
    runTo(s, 'consolidation');
    expectRefused(s, P.sales, INPUT.not_established!, 'forbidden');
    expectRefused(s, P.qa, INPUT.not_established!, 'forbidden');
    runTo(s, 'decision');
    expectRefused(s, P.gm_office, INPUT.not_established!, 'wrong_stage');
    runTo(s, 'customer_result');
    expectRefused(s, P.gm_office, INPUT.not_established!, 'wrong_stage');
  });

  test('C16: possible right at registration, before a number is assigned', () => {
    const s = file();
    act(s, P.gm_office, INPUT.not_established!, T0 + H);
    expect(s.status).toBe('rejected');
    expect(s.number).toBeNull();
  });
});

describe('withdraw', () => {
  test('sales withdraws an undecided case → withdrawn, no further actions, no notices', () => {
    const s = file();
    const now = runTo(s, 'review') + H;
    expectRefused(s, P.qa, INPUT.withdraw!, 'forbidden');
    act(s, P.sales, INPUT.withdraw!, now);
    expect(s).toMatchObject({ status: 'withdrawn', stage: 'closed', closedAt: iso(now) });
    expect(s.history.at(-1)).toMatchObject({ action: 'withdraw', stage: 'review', data: { reason: INPUT.withdraw!.reason } });
    expect(nextNoticeAt(s)).toBeNull();
    expectRefused(s, P.manager_office, INPUT.review!, 'wrong_stage');
  });

  test('a decided case cannot be withdrawn (wrong_stage)', () => {
    const s = file();
    runTo(s, 'customer_result');
    expectRefused(s, P.sales, INPUT.withdraw!, 'wrong_stage');
  });
});

describe('C4, C5: joint inspection', () => {
  test('C5: a joint inspection asks for a report to the GM within 3 days', () => {
    const s = file({ jointInspection: true });
    expect(s.jointInspection).toEqual({ requestedAt: iso(T0), reportDueAt: iso(T0 + 3 * D), inspector: null, report: null, remindersSent: 0 });
    expect(complaintView(s, T0 + 3 * D - 1).jointInspection).toMatchObject({ overdue: false });
    expect(complaintView(s, T0 + 3 * D).jointInspection).toMatchObject({ overdue: true });
    expect(file().jointInspection).toBeNull();
  });

  test('C4, C5: a missed report reminds QA and manufacturing, then again with the GM, once per interval', () => {
    const s = file({ jointInspection: true });
    runTo(s, 'review'); // keep the stage reminders out of the way
    const inspection = (ns: NoticeDraft[]) => ns.filter((n) => n.key.includes(':inspection:'));
    expect(inspection(takeDueNotices(s, T0 + 3 * D - 1))).toEqual([]);
    expect(inspection(takeDueNotices(s, T0 + 3 * D))).toEqual([
      expect.objectContaining({ key: 'case-1:inspection:1', type: 'reminder', to: ['qa', 'manufacturing'], at: iso(T0 + 3 * D) }),
    ]);
    expect(inspection(takeDueNotices(s, T0 + 3 * D))).toEqual([]);
    expect(inspection(takeDueNotices(s, T0 + 4 * D))).toEqual([
      expect.objectContaining({ key: 'case-1:inspection:2', to: ['qa', 'manufacturing', 'gm'], at: iso(T0 + 4 * D) }),
    ]);
    act(s, P.qa, INPUT.report_inspection!, T0 + 4 * D + H);
    expect(inspection(takeDueNotices(s, T0 + 30 * D))).toEqual([]);
  });

  test('C4: when QA cannot go the GM (only the GM) assigns someone; only that person or QA may report', () => {
    const s = file({ jointInspection: true });
    runTo(s, 'analysis');
    expectRefused(s, P.gm_office, INPUT.assign_inspector!, 'forbidden');
    act(s, P.gm, INPUT.assign_inspector!, T0 + 2 * H);
    expect(s.jointInspection!.inspector).toEqual({ id: 'manufacturing-7', name: 'Zhou QC' });
    expect(s.stage).toBe('analysis');
    expect(s.history.at(-1)).toMatchObject({ action: 'assign_inspector', data: { inspectorId: 'manufacturing-7' } });
    expectRefused(s, P.manufacturing, INPUT.report_inspection!, 'forbidden');
    expectRefused(s, P.sales, INPUT.report_inspection!, 'forbidden');
    const viaQa = structuredClone(s);
    act(viaQa, P.qa, INPUT.report_inspection!, T0 + 3 * H);
    expect(viaQa.jointInspection!.report).toMatchObject({ by: P.qa.name });
    const inspector = person('manufacturing', 'manufacturing-7');
    act(s, inspector, INPUT.report_inspection!, T0 + 3 * H);
    expect(s.jointInspection!.report).toEqual({ findings: INPUT.report_inspection!.findings, investigatedOn: '2026-11-03', by: inspector.name, at: iso(T0 + 3 * H) });
    expectRefused(s, inspector, INPUT.report_inspection!, 'wrong_stage');
    expectRefused(s, P.gm, INPUT.assign_inspector!, 'wrong_stage');
  });

  test('C4, C5: a person the GM assigns from another department (here R&D) reports the inspection; their colleagues may not', () => {
    const s = file({ jointInspection: true });
    runTo(s, 'analysis');
    const engineer = person('rnd', 'rnd-9');
    act(s, P.gm, { action: 'assign_inspector', inspectorId: engineer.id }, T0 + 2 * H);
    expectRefused(s, P.rnd, INPUT.report_inspection!, 'forbidden');
    act(s, engineer, INPUT.report_inspection!, T0 + 3 * H);
    expect(s.jointInspection!.report).toMatchObject({ by: engineer.name });
  });

  test('C5: the case cannot close until the inspection report is in', () => {
    const s = file({ jointInspection: true });
    const now = runTo(s, 'closing');
    expectRefused(s, P.gm_office, INPUT.close!, 'wrong_stage');
    act(s, P.manufacturing, INPUT.report_inspection!, now + H);
    act(s, P.gm_office, INPUT.close!, now + 2 * H);
    expect(s.status).toBe('closed');
  });

  test('C4: a case without a joint inspection refuses assign_inspector and report_inspection (wrong_stage)', () => {
    const s = file();
    expectRefused(s, P.gm, INPUT.assign_inspector!, 'wrong_stage');
    expectRefused(s, P.qa, INPUT.report_inspection!, 'wrong_stage');
  });
});

describe('C17: case deadline from GM office acceptance', () => {
  test('C17: a domestic case is due 13 days after registration, not after filing', () => {
    const s = file();
    expect(s.dueAt).toBeNull();
    act(s, P.gm_office, INPUT.register!, T0 + 5 * H);
    expect(s.dueAt).toBe(iso(T0 + 5 * H + 13 * D));
    expect(s.history[1]).toMatchObject({ action: 'register', data: { dueAt: iso(T0 + 5 * H + 13 * D) } });
    expect(complaintView(s, T0 + 6 * H).dueAt).toBe(iso(T0 + 5 * H + 13 * D));
  });

  test('C17: a foreign case is due 17 days after registration', () => {
    const s = file({ market: 'foreign', customer: { name: 'Osaka Trading', country: 'JP' } });
    act(s, P.gm_office, INPUT.register!, T0 + 5 * H);
    expect(s.dueAt).toBe(iso(T0 + 5 * H + 17 * D));
  });

  test('C17: the case is overdue from its due instant while open, not after it is closed', () => {
    // Every stage within its own limit: only the case deadline matters here.
    const stageDeadlineMs = Object.fromEntries(Object.keys(RULES.stageDeadlineMs).map((k) => [k, 30 * D])) as ComplaintRules['stageDeadlineMs'];
    const s = file({}, T0, { ...RULES, stageDeadlineMs });
    act(s, P.gm_office, INPUT.register!, T0);
    expect(complaintView(s, T0 + 13 * D - 1).overdue).toBe(false);
    expect(complaintView(s, T0 + 13 * D).overdue).toBe(true);
    runTo(s, 'closed', {}, T0 + 13 * D);
    expect(complaintView(s, T0 + 20 * D).overdue).toBe(false);
  });
});

describe('C18: stage deadlines', () => {
  test('C18: each stage is due its own limit after it is entered', () => {
    const s = file();
    expect(complaintView(s, T0).stageDueAt).toBe(iso(T0 + 1 * D)); // registration, before acceptance
    act(s, P.gm_office, INPUT.register!, T0 + H);
    expect(complaintView(s, T0 + H).stageDueAt).toBe(iso(T0 + H + 2 * D)); // analysis
    act(s, P.qa, INPUT.analyze!, T0 + 2 * H);
    expect(complaintView(s, T0 + 2 * H).stageDueAt).toBe(iso(T0 + 2 * H + 2 * D)); // countermeasure
    act(s, P.manufacturing, INPUT.countermeasure!, T0 + 3 * H);
    expect(complaintView(s, T0 + 3 * H).stageDueAt).toBe(iso(T0 + 3 * H + 1 * D)); // review
  });

  test('C18, C17: a stage entered near the case deadline is due at the case deadline, never later', () => {
    const s = file();
    act(s, P.gm_office, INPUT.register!, T0);
    const caseDue = T0 + 13 * D;
    runTo(s, 'consolidation', {}, T0, H);
    act(s, P.gm_office, INPUT.consolidate!, caseDue - 2 * H); // decision (1 day) entered 2 h before the case is due
    expect(s.stage).toBe('decision');
    expect(complaintView(s, caseDue - 2 * H).stageDueAt).toBe(iso(caseDue));
    act(s, P.sales_manager, INPUT.decide!, caseDue + 5 * H); // entered after the case deadline: due at once
    expect(s.visits.at(-1)).toMatchObject({ stage: 'customer_result', enteredAt: iso(caseDue + 5 * H), dueAt: iso(caseDue) });
    expect(complaintView(s, caseDue + 5 * H).overdue).toBe(true);
  });

  test('C18: stage deadlines come from the case rules', () => {
    const rules = { ...RULES, stageDeadlineMs: { ...RULES.stageDeadlineMs, analysis: 90 * S } };
    const s = file({}, T0, rules);
    act(s, P.gm_office, INPUT.register!, T0);
    expect(s.visits.at(-1)!.dueAt).toBe(iso(T0 + 90 * S));
  });
});

describe('C19: reminders and escalation', () => {
  test('C19: an overdue stage reminds its owner at the deadline and again every interval, never twice for the same turn', () => {
    const s = file();
    const due = T0 + 1 * D;
    expect(nextNoticeAt(s)).toBe(due);
    expect(takeDueNotices(s, due - 1)).toEqual([]);
    const first = takeDueNotices(s, due);
    expect(first).toEqual([
      { key: 'case-1:reminder:0:1', type: 'reminder', stage: 'registration', to: ['gm_office'], message: expect.stringContaining('registration'), at: iso(due) },
    ]);
    expect(takeDueNotices(s, due)).toEqual([]);
    expect(takeDueNotices(s, due + D - 1)).toEqual([]);
    expect(nextNoticeAt(s)).toBe(due + D);
    expect(takeDueNotices(s, due + D)).toEqual([expect.objectContaining({ key: 'case-1:reminder:0:2', at: iso(due + D) })]);
    expect(nextNoticeAt(s)).toBe(due + 2 * D);
    expect(s.visits[0]!.remindersSent).toBe(2);
    // Reminders are counted per stage visit, so the state does not grow with each one.
    expect(s.noticesSent).toEqual([]);
  });

  test('C19: taking notices late catches up one turn at a time, each with its own key and scheduled time', () => {
    const s = file();
    const due = T0 + D;
    const late = due + 3 * D + 5 * H;
    const got: NoticeDraft[] = [];
    for (let i = 0; i < 10; i++) got.push(...takeDueNotices(s, late));
    expect(got.map((n) => [n.key, n.at])).toEqual([
      ['case-1:reminder:0:1', iso(due)],
      ['case-1:reminder:0:2', iso(due + D)],
      ['case-1:reminder:0:3', iso(due + 2 * D)],
      ['case-1:reminder:0:4', iso(due + 3 * D)],
    ]);
  });

  test('C19: leaving the stage stops its reminders; the next stage counts its own', () => {
    const s = file();
    takeDueNotices(s, T0 + D);
    act(s, P.gm_office, INPUT.register!, T0 + D + H);
    const analysisDue = T0 + D + H + 2 * D;
    expect(nextNoticeAt(s)).toBe(analysisDue);
    expect(takeDueNotices(s, analysisDue - 1)).toEqual([]);
    expect(takeDueNotices(s, analysisDue)).toEqual([expect.objectContaining({ key: 'case-1:reminder:1:1', stage: 'analysis', to: ['qa'] })]);
  });

  test('C19, C8: a decision-stage reminder goes to the tier that must decide', () => {
    const s = file();
    const now = runTo(s, 'decision', { consolidate: { amount: '150000' } });
    const reminders = takeDueNotices(s, now + D);
    expect(reminders).toEqual([expect.objectContaining({ type: 'reminder', stage: 'decision', to: ['gm'] })]);
  });

  test('C17, C19: the case deadline escalates to the GM office and the GM exactly once, while reminders go on', () => {
    const s = file();
    act(s, P.gm_office, INPUT.register!, T0);
    const caseDue = T0 + 13 * D;
    const all: NoticeDraft[] = [];
    // Drive it as the workflow does: wake at the next notice time, take what is due, repeat.
    for (let i = 0; i < 100; i++) {
      const next = nextNoticeAt(s);
      if (next === null || next > T0 + 20 * D) break;
      all.push(...takeDueNotices(s, next));
    }
    const escalations = all.filter((n) => n.type === 'escalation');
    expect(escalations).toEqual([
      { key: 'case-1:escalation:case', type: 'escalation', stage: 'analysis', to: ['gm_office', 'gm'], message: expect.stringContaining('C17'), at: iso(caseDue) },
    ]);
    const reminders = all.filter((n) => n.type === 'reminder');
    // analysis is due after 2 days: reminders on days 2, 3, …, 20.
    expect(reminders.map((n) => n.at)).toEqual(Array.from({ length: 19 }, (_, k) => iso(T0 + (2 + k) * D)));
    expect(new Set(all.map((n) => n.key)).size).toBe(all.length);
    // Only the once-only escalation is remembered by key, exactly once.
    expect(s.noticesSent).toEqual(['case-1:escalation:case']);
    expect(takeDueNotices(s, T0 + 40 * D).filter((n) => n.type === 'escalation')).toEqual([]);
  });

  test('C17, C19: no escalation before registration (no case deadline yet) nor for a case closed in time', () => {
    const s = file();
    const drafts = takeDueNotices(s, T0 + 30 * D);
    expect(drafts.map((n) => n.type)).toEqual(['reminder']);
    const closed = file();
    runTo(closed, 'closed');
    expect(takeDueNotices(closed, T0 + 30 * D)).toEqual([]);
  });

  test('C19: the view reports a stage overdue from its deadline', () => {
    const s = file();
    expect(complaintView(s, T0 + D - 1).overdue).toBe(false);
    expect(complaintView(s, T0 + D).overdue).toBe(true);
  });
});

describe('C19: timeliness and follow-up after closing', () => {
  /** A case whose analysis finishes 5 hours late and whose countermeasure finishes 1 day late. */
  function lateCase(): ComplaintState {
    const s = file();
    act(s, P.gm_office, INPUT.register!, T0 + H);
    act(s, P.qa, INPUT.analyze!, T0 + H + 2 * D + 5 * H);
    const cmEntered = T0 + H + 2 * D + 5 * H;
    act(s, P.manufacturing, INPUT.countermeasure!, cmEntered + 3 * D);
    runTo(s, 'closed', {}, cmEntered + 3 * D);
    return s;
  }

  test('C19: each stage visit gets a timeliness row for its department; late ones say by how much', () => {
    const s = lateCase();
    const rows = stageTimeliness(s);
    expect(rows.map((r) => [r.stage, r.department, r.late])).toEqual([
      ['registration', 'gm_office', false],
      ['analysis', 'qa', true],
      ['countermeasure', 'manufacturing', true],
      ['review', 'manager_office', false],
      ['check', 'gm_office', false],
      ['proposal', 'sales', false],
      ['consolidation', 'gm_office', false],
      ['decision', 'sales_manager', false],
      ['customer_result', 'sales', false],
      ['confirmation', 'sales_manager', false],
      ['closing', 'gm_office', false],
    ]);
    expect(rows[1]).toMatchObject({ lateByMs: 5 * H, enteredAt: iso(T0 + H), dueAt: iso(T0 + H + 2 * D), leftAt: iso(T0 + H + 2 * D + 5 * H) });
    expect(rows[2]!.lateByMs).toBe(1 * D);
    expect(rows.filter((r) => !r.late).every((r) => r.lateByMs === 0)).toBe(true);
  });

  test('C19: follow-up notices ask each late department why, once per late stage', () => {
    const s = lateCase();
    const closedAt = Date.parse(s.closedAt!);
    const notices = followUpNotices(s, closedAt);
    expect(notices).toEqual([
      { key: 'case-1:follow_up:1', type: 'follow_up', stage: 'analysis', to: ['qa'], message: expect.stringContaining('5 h'), at: iso(closedAt) },
      { key: 'case-1:follow_up:2', type: 'follow_up', stage: 'countermeasure', to: ['manufacturing'], message: expect.stringContaining('24 h'), at: iso(closedAt) },
    ]);
    expect(followUpNotices(s, closedAt + D)).toEqual(notices.map((n) => ({ ...n, at: iso(closedAt + D) })));
  });

  test('C19: the decision stage is charged to the tier that decided it', () => {
    const s = file();
    let now = runTo(s, 'decision', { consolidate: { amount: '20000' } });
    now += 3 * D;
    act(s, P.gm, INPUT.decide!, now);
    runTo(s, 'closed', {}, now);
    const decision = stageTimeliness(s).find((r) => r.stage === 'decision')!;
    expect(decision).toMatchObject({ department: 'gm', late: true });
    expect(followUpNotices(s, now).find((n) => n.stage === 'decision')).toMatchObject({ to: ['gm'] });
  });

  test('C19: a case closed on time gets no follow-up', () => {
    const s = file();
    runTo(s, 'closed');
    expect(stageTimeliness(s).some((r) => r.late)).toBe(false);
    expect(followUpNotices(s, Date.parse(s.closedAt!))).toEqual([]);
  });
});
