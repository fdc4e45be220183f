// The service call's pure state machine (domain/serviceCall/machine.ts), without a server.
import { historyView } from '../../domain/caseHistory';
import { AppError } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import { deriveCategory } from '../../domain/serviceCall/category';
import {
  type ServiceCallInput,
  type ServiceCallState,
  applyAction,
  awaitingOf,
  checkAction,
  initialServiceCallState,
  nextNoticeAt,
  parseServiceCallAction,
  prioritize,
  recordSurveySent,
  serviceCallView,
  takeDueNotices,
} from '../../domain/serviceCall/machine';
import { serviceCallActionSchemas, serviceCallCommandSchemas, zServiceCallRegistration } from '../../domain/serviceCall/schemas';
import { zServiceCallHistoryEvent, zServiceCallView } from '../../domain/serviceCall/views';

const H = 3_600_000;
const T0 = Date.parse('2026-11-30T01:00:00Z'); // Monday 09:00 in Shanghai

const clerk: Actor = { id: 'u-clerk', name: 'Clerk', roles: ['clerk'] };
const supervisor: Actor = { id: 'u-sup', name: 'Supervisor', roles: ['service_supervisor'] };
const tech: Actor = { id: 'u-tech', name: 'Tech', roles: ['technician'] };
const otherTech: Actor = { id: 'u-tech2', name: 'Other tech', roles: ['technician'] };
const accounting: Actor = { id: 'u-acc', name: 'Accounting', roles: ['accounting'] };

function input(overrides: Partial<ServiceCallInput> = {}): ServiceCallInput {
  return {
    id: 'call-1',
    registration: zServiceCallRegistration().parse({
      customer: { name: 'Customer', address: 'Road 1', phone: '13800001234' },
      productModel: 'M-1',
      area: 'urban',
      description: 'Broken',
    }),
    category: 'A',
    categoryBasis: { rule: 'paid', contractId: null, warrantyUntil: null },
    serviceCentre: 'main',
    registeredBy: { id: clerk.id, name: clerk.name },
    registeredAt: new Date(T0).toISOString(),
    arrivalDueAt: new Date(T0 + 6 * H).toISOString(),
    rules: { surveyDelayMs: 24 * H, carryInPromiseMs: 72 * H, promiseWarningMs: 4 * H },
    ...overrides,
  };
}

/** Checks then applies, like the workflow's validator and handler. */
function act(state: ServiceCallState, actor: Actor, raw: Record<string, unknown>, nowMs: number, ctx = {}) {
  const cmd = parseServiceCallAction(raw);
  checkAction(state, actor, cmd, ctx, nowMs);
  return applyAction(state, actor, cmd, nowMs, ctx);
}

function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** Dispatches to `t` under a UUID id (the schema wants one) and returns `t` with that id. */
function dispatch(state: ServiceCallState, t: Actor = tech, nowMs = T0 + H): Actor {
  const technicianId = t.id === tech.id ? '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11' : '7f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c12';
  const ctxTech = { ...t, id: technicianId };
  act(state, supervisor, { action: 'dispatch', technicianId }, nowMs, { technician: { id: technicianId, name: t.name } });
  return ctxTech;
}

function onSite(): { state: ServiceCallState; t: Actor } {
  const state = initialServiceCallState(input());
  const t = dispatch(state);
  act(state, t, { action: 'arrive' }, T0 + 2 * H);
  return { state, t };
}

describe('S1: category', () => {
  test('S1: an active contract → B, else in warranty → C, else A', () => {
    const contract = { id: 'k', status: 'active', startsOn: '2026-01-01', endsOn: '2026-12-31' };
    expect(deriveCategory({ today: '2026-11-30', contract, warrantyUntil: '2027-01-01' }).category).toBe('B');
    expect(deriveCategory({ today: '2026-11-30', contract: null, warrantyUntil: '2026-11-30' }).category).toBe('C');
    expect(deriveCategory({ today: '2026-12-01', contract: null, warrantyUntil: '2026-11-30' }).category).toBe('A');
    expect(deriveCategory({ today: '2027-01-01', contract, warrantyUntil: null }).category).toBe('A');
    expect(deriveCategory({ today: '2025-12-31', contract, warrantyUntil: null }).category).toBe('A');
    expect(deriveCategory({ today: '2026-11-30', contract: { ...contract, status: 'expired' }, warrantyUntil: '2027-01-01' }).category).toBe('C');
    expect(deriveCategory({ today: '2026-11-30', contract, warrantyUntil: null }).basis).toEqual({ rule: 'contract', contractId: 'k', warrantyUntil: null });
  });

  test('S1: a fee on a category B or C call is refused; on A it is recorded', () => {
    for (const category of ['B', 'C'] as const) {
      const state = initialServiceCallState(input({ category }));
      const t = dispatch(state);
      act(state, t, { action: 'arrive' }, T0 + 2 * H);
      const err = refusal(() => act(state, t, { action: 'resolve_on_site', customerSigned: true, workMinutes: 30, fee: { amount: 50, collectedOnSite: true } }, T0 + 3 * H));
      expect(err.code).toBe('invalid_input');
      expect(err.details[0]!.field).toBe('fee');
      expect(state.stage).toBe('on_site');
    }
  });
});

describe('S2, S3: registration and dispatch', () => {
  test('S2: a new call waits for dispatch by the supervisor with its voucher drawn', () => {
    const state = initialServiceCallState(input());
    expect(state.stage).toBe('dispatch');
    expect(state.voucher).toEqual({ status: 'drawn', drawnAt: new Date(T0).toISOString(), signedAt: null, archivedAt: null });
    expect(awaitingOf(state)).toMatchObject({ roles: ['service_supervisor'], action: 'dispatch' });
    expect(state.history[0]).toMatchObject({ seq: 1, action: 'register', actor: { id: clerk.id } });
  });

  test('S3: only the supervisor dispatches, to a technician the API confirmed', () => {
    const state = initialServiceCallState(input());
    const id = '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11';
    expect(refusal(() => act(state, clerk, { action: 'dispatch', technicianId: id }, T0, { technician: { id, name: 'T' } })).code).toBe('forbidden');
    const unknown = refusal(() => act(state, supervisor, { action: 'dispatch', technicianId: id }, T0, {}));
    expect(unknown.code).toBe('invalid_input');
    expect(unknown.details[0]!.field).toBe('technicianId');
    act(state, supervisor, { action: 'dispatch', technicianId: id }, T0, { technician: { id, name: 'T' } });
    expect(state.stage).toBe('arrival');
    expect(state.technician).toEqual({ id, name: 'T' });
    expect(awaitingOf(state)).toMatchObject({ roles: ['technician'], action: 'arrive', technicianId: id });
  });

  test('S3: a re-dispatch before arrival reassigns the call; after arrival it is refused', () => {
    const state = initialServiceCallState(input());
    dispatch(state, tech);
    const t2 = dispatch(state, otherTech);
    expect(state.technician?.id).toBe(t2.id);
    expect(state.dispatches).toHaveLength(2);
    act(state, t2, { action: 'arrive' }, T0 + 2 * H);
    expect(refusal(() => dispatch(state, tech)).code).toBe('wrong_stage');
  });
});

describe('object-level and stage refusals change nothing', () => {
  test('G2: a technician not assigned to the call → forbidden; wrong stage → wrong_stage; state unchanged', () => {
    const state = initialServiceCallState(input());
    const t = dispatch(state);
    const before = JSON.stringify(state);
    expect(refusal(() => act(state, otherTech, { action: 'arrive' }, T0 + 2 * H)).code).toBe('forbidden');
    expect(refusal(() => act(state, t, { action: 'record_repair', workMinutes: 10 }, T0 + 2 * H)).code).toBe('wrong_stage');
    expect(refusal(() => act(state, supervisor, { action: 'inspect', passed: true }, T0 + 2 * H)).code).toBe('wrong_stage');
    expect(refusal(() => act(state, accounting, { action: 'arrive' }, T0 + 2 * H)).code).toBe('forbidden');
    expect(JSON.stringify(state)).toBe(before);
  });

  test('G5: invalid data names the field', () => {
    const err = refusal(() => parseServiceCallAction({ action: 'resolve_on_site', customerSigned: false, workMinutes: 0, parts: [{ partNo: 'P', quantity: 1 }] }));
    expect(err.details.map((d) => d.field).sort()).toEqual(['customerSigned', 'parts.0.cost', 'workMinutes']);
    expect(refusal(() => parseServiceCallAction({ action: 'fly' })).details[0]!.field).toBe('action');
    expect(refusal(() => parseServiceCallAction({ action: 'record_repair', workMinutes: 5, parts: [{ partNo: 'P', quantity: 1, cost: 1, costFen: 100 }] })).details[0]!.field).toBe('parts.0.cost');
    expect(parseServiceCallAction({ action: 'record_repair', workMinutes: 5, parts: [{ partNo: 'P', quantity: 2, cost: '1.15' }, { partNo: 'Q', quantity: 1, costFen: 99 }] })).toMatchObject({
      parts: [{ partNo: 'P', quantity: 2, costFen: 115 }, { partNo: 'Q', quantity: 1, costFen: 99 }],
    });
  });
});

describe('S4, S5: on-site fix', () => {
  test('S4: the customer signs, the register entry is struck, the voucher archived; S16: a survey is due a day later', () => {
    const { state, t } = onSite();
    const now = T0 + 3 * H;
    act(state, t, { action: 'resolve_on_site', customerSigned: true, workMinutes: 40, parts: [{ partNo: 'F1', quantity: 1, cost: '12.5' }] }, now);
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', path: 'on_site', registerStruckAt: new Date(now).toISOString() });
    expect(state.voucher).toMatchObject({ status: 'archived', signedAt: new Date(now).toISOString(), archivedAt: new Date(now).toISOString() });
    expect(state.survey).toEqual({ dueAt: new Date(now + 24 * H).toISOString(), sentAt: null, surveyId: null });
    expect(serviceCallView(state, now).onSite).toEqual({ workMinutes: 40, parts: [{ partNo: 'F1', quantity: 1, cost: '12.50' }], at: new Date(now).toISOString() });
    expect(refusal(() => act(state, t, { action: 'arrive' }, now)).code).toBe('wrong_stage');
    recordSurveySent(state, 'survey-1', now + 24 * H);
    expect(state.history.map((e) => e.action)).toEqual(['register', 'dispatch', 'arrive', 'resolve_on_site', 'survey_sent']);
  });

  test('S5: a paid call records its fee, collected on site or not', () => {
    const { state, t } = onSite();
    act(state, t, { action: 'resolve_on_site', customerSigned: true, workMinutes: 30, fee: { amount: '80', collectedOnSite: false } }, T0 + 3 * H);
    expect(state.fees).toEqual([{ n: 1, kind: 'on_site', amountFen: 8000, collectedOnSite: false, at: new Date(T0 + 3 * H).toISOString(), technicianId: t.id }]);
  });
});

test('G5: a part whose cost the API accepts is accepted again by the workflow, and a larger one is refused at once naming cost', () => {
  const repair = (cost: string | number) => ({ action: 'record_repair', workMinutes: 30, parts: [{ partNo: 'P', quantity: 1, cost }] });
  const largest = serviceCallActionSchemas.union().parse(repair('1000000000.00'));
  expect(serviceCallCommandSchemas.union().safeParse(largest).success).toBe(true);
  for (const tooLarge of ['1000000000.01', 9_999_999_999]) {
    const refused = serviceCallActionSchemas.union().safeParse(repair(tooLarge));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['parts.0.cost']);
  }
});

describe('S6–S9: carry-in repair', () => {
  function carriedIn(promisedBy?: string) {
    const { state, t } = onSite();
    act(state, t, { action: 'carry_in', receiptNo: 'R-1', customerSigned: true, ...(promisedBy ? { promisedBy } : {}) }, T0 + 3 * H);
    return { state, t };
  }

  test('S6: receipt, signed voucher, repair card; the promise defaults to the configured time', () => {
    const { state } = carriedIn();
    expect(state.stage).toBe('repair');
    expect(state.voucher.status).toBe('signed');
    expect(state.carryIn).toMatchObject({ receiptNo: 'R-1', receivedAt: new Date(T0 + 3 * H).toISOString(), promisedBy: new Date(T0 + 75 * H).toISOString(), repairs: [] });
  });

  test('S7: repair, failed inspection back to repair, passed, return by the clerk voids the receipt; S8: fee on return', () => {
    const { state, t } = carriedIn();
    act(state, t, { action: 'record_repair', workMinutes: 90, parts: [{ partNo: 'B2', quantity: 2, costFen: 3000 }] }, T0 + 5 * H);
    expect(state.stage).toBe('inspection');
    act(state, supervisor, { action: 'inspect', passed: false, comment: 'still resets' }, T0 + 6 * H);
    expect(state.stage).toBe('repair');
    act(state, t, { action: 'record_repair', workMinutes: 30 }, T0 + 7 * H);
    act(state, supervisor, { action: 'inspect', passed: true }, T0 + 8 * H);
    expect(state.stage).toBe('return');
    expect(awaitingOf(state)).toMatchObject({ roles: ['technician', 'clerk'], action: 'return' });
    act(state, clerk, { action: 'return', customerSigned: true, fee: { amount: '150.00', collectedOnSite: false } }, T0 + 30 * H);
    expect(state.status).toBe('closed');
    expect(state.carryIn).toMatchObject({ returnedAt: new Date(T0 + 30 * H).toISOString(), receiptVoidedAt: new Date(T0 + 30 * H).toISOString() });
    expect(state.carryIn!.inspections.map((i) => i.passed)).toEqual([false, true]);
    expect(state.voucher.status).toBe('archived');
    expect(state.fees).toEqual([expect.objectContaining({ kind: 'carry_in', amountFen: 15000 })]);
    expect(serviceCallView(state, T0 + 30 * H).workMinutes).toBe(120);
  });

  test('S7: another technician may not return the product; the assigned one may', () => {
    const { state, t } = carriedIn();
    act(state, t, { action: 'record_repair', workMinutes: 10 }, T0 + 4 * H);
    act(state, supervisor, { action: 'inspect', passed: true }, T0 + 5 * H);
    expect(refusal(() => act(state, otherTech, { action: 'return', customerSigned: true }, T0 + 6 * H)).code).toBe('forbidden');
    act(state, t, { action: 'return', customerSigned: true }, T0 + 6 * H);
    expect(state.status).toBe('closed');
  });

  test('S9: a reported delay notifies the supervisor; a new promise must be later; missing it escalates', () => {
    const promisedBy = new Date(T0 + 10 * H).toISOString();
    const { state, t } = carriedIn(promisedBy);
    // The warning to the technician comes 4 h before the promise, the escalation at the promise.
    expect(nextNoticeAt(state)).toBe(T0 + 6 * H); // the S14 arrival escalation is gone (arrived)
    expect(takeDueNotices(state, T0 + 6 * H)).toEqual([expect.objectContaining({ type: 'reminder', to: ['technician'], key: 'call-1:reminder:promise:1' })]);
    const bad = refusal(() => act(state, t, { action: 'report_delay', reason: 'part on order', promisedBy: new Date(T0 + 9 * H).toISOString() }, T0 + 7 * H));
    expect(bad.details[0]!.field).toBe('promisedBy');
    const { notices } = act(state, t, { action: 'report_delay', reason: 'part on order', promisedBy: '2026-12-01T10:00:00+08:00' }, T0 + 7 * H);
    expect(notices).toEqual([expect.objectContaining({ type: 'escalation', to: ['service_supervisor'] })]);
    expect(state.carryIn!.promisedBy).toBe('2026-12-01T02:00:00.000Z');
    expect(nextNoticeAt(state)).toBe(Date.parse('2026-12-01T02:00:00Z') - 4 * H);
    const missed = takeDueNotices(state, Date.parse('2026-12-01T02:00:00Z'));
    expect(missed.map((n) => n.key)).toEqual(['call-1:reminder:promise:2', 'call-1:escalation:promise:2']);
    expect(missed[1]).toMatchObject({ type: 'escalation', to: ['service_supervisor'] });
    expect(nextNoticeAt(state)).toBeNull();
  });

  test('S9: a delay reported without a new promise skips the warning but not the escalation', () => {
    const { state, t } = carriedIn(new Date(T0 + 10 * H).toISOString());
    act(state, t, { action: 'report_delay', reason: 'waiting for a board' }, T0 + 4 * H);
    expect(nextNoticeAt(state)).toBe(T0 + 10 * H);
  });

  test('S9: a promised time in the past is refused', () => {
    const { state, t } = onSite();
    const err = refusal(() => act(state, t, { action: 'carry_in', receiptNo: 'R', customerSigned: true, promisedBy: new Date(T0).toISOString() }, T0 + 3 * H));
    expect(err.details[0]!.field).toBe('promisedBy');
    expect(state.stage).toBe('on_site');
  });
});

describe('S14: arrival escalation', () => {
  test('S14: not on site by the arrival deadline → one escalation to the supervisor and the service department', () => {
    const state = initialServiceCallState(input());
    expect(nextNoticeAt(state)).toBe(T0 + 6 * H);
    expect(takeDueNotices(state, T0 + 6 * H - 1)).toEqual([]);
    const due = takeDueNotices(state, T0 + 6 * H);
    expect(due).toEqual([expect.objectContaining({ key: 'call-1:escalation:arrival', type: 'escalation', to: ['service_supervisor', 'service_dept'] })]);
    expect(takeDueNotices(state, T0 + 7 * H)).toEqual([]);
    expect(serviceCallView(state, T0 + 6 * H)).toMatchObject({ overdue: true, arrivalLate: true });
  });

  test('S14: arriving in time cancels it; arriving late is recorded', () => {
    const a = initialServiceCallState(input());
    const t = dispatch(a);
    act(a, t, { action: 'arrive' }, T0 + 5 * H);
    expect(nextNoticeAt(a)).toBeNull();
    expect(a.history[2]!.data).toMatchObject({ late: false });
    const b = initialServiceCallState(input());
    const t2 = dispatch(b);
    act(b, t2, { action: 'arrive' }, T0 + 7 * H);
    expect(b.history[2]!.data).toMatchObject({ late: true });
    expect(serviceCallView(b, T0 + 7 * H)).toMatchObject({ arrivalLate: true, overdue: false });
  });
});

describe('S13: priority dispatch', () => {
  test('S13: an undispatched call gets priority for the next day, once per day; a dispatched one does not', () => {
    const state = initialServiceCallState(input());
    expect(prioritize(state, '2026-12-01', T0 + 10 * H)).toBe(true);
    expect(prioritize(state, '2026-12-01', T0 + 10 * H)).toBe(false);
    expect(state.priority).toEqual({ date: '2026-12-01', at: new Date(T0 + 10 * H).toISOString() });
    expect(state.history[1]).toMatchObject({ action: 'prioritize', actor: { id: 'system' }, data: { date: '2026-12-01' } });
    dispatch(state, tech, T0 + 11 * H);
    expect(prioritize(state, '2026-12-02', T0 + 30 * H)).toBe(false);
  });
});

describe('G4: the view and the history match the schemas the API publishes', () => {
  /** What a client receives: the JSON of the view and of /history, checked against their schemas. */
  const wire = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));
  const checkAll = (state: ServiceCallState, nowMs: number) => {
    expect(zServiceCallView.parse(wire(serviceCallView(state, nowMs)))).toEqual(wire(serviceCallView(state, nowMs)));
    for (const event of historyView(state.history)) expect(zServiceCallHistoryEvent.parse(wire(event))).toEqual(wire(event));
  };

  test('every action, signal and view along both paths', () => {
    const state = initialServiceCallState(input({ registration: { ...input().registration, serialNo: 'SN-1', warrantyUntil: '2027-01-01', serviceCentre: 'north' } }));
    checkAll(state, T0);
    prioritize(state, '2026-12-01', T0 + 10 * H);
    dispatch(state, tech, T0 + 11 * H);
    checkAll(state, T0 + 11 * H);
    const t = dispatch(state, otherTech, T0 + 12 * H);
    act(state, t, { action: 'arrive', comment: 'traffic' }, T0 + 13 * H);
    act(state, t, { action: 'carry_in', receiptNo: 'R-9', customerSigned: true }, T0 + 14 * H);
    act(state, t, { action: 'report_delay', reason: 'board on order' }, T0 + 15 * H);
    act(state, t, { action: 'report_delay', reason: 'still on order', promisedBy: new Date(T0 + 200 * H).toISOString() }, T0 + 16 * H);
    act(state, t, { action: 'record_repair', workMinutes: 30, parts: [{ partNo: 'B2', quantity: 2, cost: '15' }] }, T0 + 17 * H);
    checkAll(state, T0 + 17 * H);
    act(state, supervisor, { action: 'inspect', passed: false, comment: 'still resets' }, T0 + 18 * H);
    act(state, t, { action: 'record_repair', workMinutes: 20 }, T0 + 19 * H);
    act(state, supervisor, { action: 'inspect', passed: true }, T0 + 20 * H);
    act(state, clerk, { action: 'return', customerSigned: true, fee: { amount: '150.00', collectedOnSite: true } }, T0 + 30 * H);
    recordSurveySent(state, 'survey-1', T0 + 54 * H);
    expect(state.history.map((e) => e.action)).toEqual([
      'register', 'prioritize', 'dispatch', 'dispatch', 'arrive', 'carry_in', 'report_delay', 'report_delay', 'record_repair', 'inspect', 'record_repair', 'inspect', 'return', 'survey_sent',
    ]);
    checkAll(state, T0 + 54 * H);

    const { state: onSiteCall, t: t2 } = onSite();
    act(onSiteCall, t2, { action: 'resolve_on_site', customerSigned: true, workMinutes: 40, parts: [{ partNo: 'F1', quantity: 1, costFen: 1250 }], fee: { amount: 80, collectedOnSite: false } }, T0 + 3 * H);
    checkAll(onSiteCall, T0 + 3 * H);
  });

  test('an event with data its action does not record is refused by the schema', () => {
    const state = initialServiceCallState(input());
    const [register] = wire(historyView(state.history)) as Record<string, unknown>[];
    expect(zServiceCallHistoryEvent.safeParse({ ...register, data: { ...(register!.data as object), extra: 1 } }).success).toBe(false);
    expect(zServiceCallHistoryEvent.safeParse({ ...register, stage: 'repair' }).success).toBe(false);
  });
});
