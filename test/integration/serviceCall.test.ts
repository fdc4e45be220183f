// Service calls through HTTP on the real stack (API + worker + Temporal dev server + database):
// registration and category (S1, S2), the arrival deadline (S14), dispatch (S3), both paths to the
// archive (S4–S8), the delay report (S9), refusals that change nothing (G2, G5), lists, tasks,
// history, replay (G4) and a worker restart mid-call (G1).
import { arrivalDueAt } from '../../domain/businessCalendar';
import { addDays, localDateIn } from '../../domain/localTime';
import type { ServiceCallState } from '../../domain/serviceCall/machine';
import { serviceCallStateQuery, serviceCallWorkflowId } from '../../workflows/serviceCall';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type ServiceParty, type View, callRegistration, contractFiling, eventually, expectStatus, servicePartyOf, serviceApi } from './serviceHelpers';

jest.setTimeout(120_000);

let stack: TestStack;
let p: ServiceParty;
let api: ReturnType<typeof serviceApi>;

beforeAll(async () => {
  stack = await startTestStack();
  p = await servicePartyOf(stack);
  api = serviceApi(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const today = () => localDateIn(stack.config.timeZone, new Date());
const state = (id: string) => stack.client.workflow.getHandle(serviceCallWorkflowId(id)).query(serviceCallStateQuery);

/** What a refusal must leave untouched: the workflow state, the projection and the history rows. */
async function snapshot(id: string) {
  return {
    state: JSON.stringify(await state(id)),
    row: (await stack.db.serviceCall.findUniqueOrThrow({ where: { id } })).version,
    events: await stack.db.caseEvent.count({ where: { caseId: id } }),
    notices: await stack.db.notice.count({ where: { caseId: id } }),
    workItems: await stack.db.workItem.count({ where: { caseId: id } }),
  };
}

describe('S1, S2: registration', () => {
  test('S2, S14: the clerk registers a call: stage dispatch, category A, arrival due after 6 working hours, voucher drawn', async () => {
    const before = new Date();
    const call = await api.register(p.clerk);
    const after = new Date();
    expect(call).toMatchObject({ status: 'open', stage: 'dispatch', category: 'A', area: 'urban', serviceCentre: 'main', technician: null });
    expect(call.awaiting).toMatchObject({ roles: ['service_supervisor'], action: 'dispatch' });
    expect(call.voucher).toMatchObject({ status: 'drawn' });
    // S14: exactly the business-calendar arithmetic on the registration time.
    const registeredAt = new Date(call.registeredAt);
    expect(registeredAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(registeredAt.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(call.arrivalDueAt).toBe(arrivalDueAt(stack.config.service.calendar, registeredAt, 'urban', stack.config.service.arrivalSla).toISOString());
    const suburban = await api.register(p.clerk, { area: 'suburban' });
    expect(suburban.arrivalDueAt).toBe(
      arrivalDueAt(stack.config.service.calendar, new Date(suburban.registeredAt), 'suburban', { urbanMs: 6 * 3_600_000, suburbanMs: 7 * 3_600_000 }).toISOString(),
    );
    // The register entry and the voucher record, projected from the workflow.
    const row = await api.projected(call.id, 1);
    expect(row).toMatchObject({ status: 'open', stage: 'dispatch', category: 'A', customerName: 'Suzhou Textile Co.', registeredOn: today() });
    expect(await stack.db.serviceVoucher.findUnique({ where: { callId: call.id } })).toMatchObject({ status: 'drawn', archivedAt: null });
    const read = await api.get(p.service_supervisor, call.id);
    expect(read).toMatchObject({ id: call.id, stage: 'dispatch', arrivalDueAt: call.arrivalDueAt });
  });

  test('S1: in warranty → C; warranty over → A', async () => {
    expect((await api.register(p.clerk, { warrantyUntil: addDays(today(), 30) })).category).toBe('C');
    expect((await api.register(p.clerk, { warrantyUntil: today() })).category).toBe('C');
    expect((await api.register(p.clerk, { warrantyUntil: addDays(today(), -1) })).category).toBe('A');
  });

  test('S1: an active contract, named or found by serial, → B even in warranty; an expired one does not count', async () => {
    const serial = `SN-K-${Date.now()}`;
    const created = await stack.http.post('/api/v1/contracts').set(bearer(p.service_dept.token)).send(contractFiling({ serialNos: [serial, `${serial}-2`] }));
    expectStatus(created, 201);
    await eventually('contract projection', () => stack.db.serviceContract.findUnique({ where: { id: created.body.id } }), (r) => r !== null);
    const bySerial = await api.register(p.clerk, { serialNo: serial, warrantyUntil: addDays(today(), 10) });
    expect(bySerial).toMatchObject({ category: 'B', contractId: created.body.id, categoryBasis: { rule: 'contract', contractId: created.body.id } });
    const byId = await api.register(p.clerk, { serialNo: undefined, contractId: created.body.id });
    expect(byId.category).toBe('B');
    // A contract that has ended does not make a call B.
    const old = await stack.http
      .post('/api/v1/contracts')
      .set(bearer(p.service_dept.token))
      .send(contractFiling({ serialNos: [`${serial}-old`], startsOn: '2020-01-01', endsOn: '2021-12-31' }));
    expectStatus(old, 201);
    await eventually('expired contract projected', () => stack.db.serviceContract.findUnique({ where: { id: old.body.id } }), (r) => r !== null);
    expect((await api.register(p.clerk, { serialNo: `${serial}-old` })).category).toBe('A');
  });

  test('S1, G5: an unknown contract or a serial the named contract does not cover → 400 naming the field; nothing is started', async () => {
    const before = await stack.client.workflow.count(`TaskQueue = '${stack.config.temporal.taskQueue}' AND WorkflowType = 'serviceCallWorkflow'`);
    const unknown = await stack.http
      .post('/api/v1/service-calls')
      .set(bearer(p.clerk.token))
      .send(callRegistration({ contractId: '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11' }));
    expectStatus(unknown, 400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'contractId' })]);
    const c = await stack.http.post('/api/v1/contracts').set(bearer(p.service_dept.token)).send(contractFiling());
    await eventually('contract projected', () => stack.db.serviceContract.findUnique({ where: { id: c.body.id } }), (r) => r !== null);
    const notCovered = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).send(callRegistration({ contractId: c.body.id, serialNo: 'SN-NOT-COVERED' }));
    expectStatus(notCovered, 400);
    expect(notCovered.body.error.details).toEqual([expect.objectContaining({ field: 'serialNo' })]);
    const after = await stack.client.workflow.count(`TaskQueue = '${stack.config.temporal.taskQueue}' AND WorkflowType = 'serviceCallWorkflow'`);
    expect(after.count).toBe(before.count);
  });

  test('G5: missing and wrong fields are each named; nothing is written', async () => {
    const before = await stack.db.serviceCall.count();
    const res = await stack.http
      .post('/api/v1/service-calls')
      .set(bearer(p.clerk.token))
      .send(callRegistration({ area: 'moon', customer: { name: 'X', address: '', phone: 'call me' }, productModel: undefined, warrantyUntil: '2026-02-30' }));
    expectStatus(res, 400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['area', 'customer.address', 'customer.phone', 'productModel', 'warrantyUntil'].sort(),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await stack.db.serviceCall.count()).toBe(before);
  });

  test('S2: only the clerk registers calls', async () => {
    const res = await stack.http.post('/api/v1/service-calls').set(bearer(p.service_supervisor.token)).send(callRegistration());
    expectStatus(res, 403);
    expect(res.body.error.code).toBe('forbidden');
  });

  test('Idempotency-Key: the same key and body returns the first call; another body → 409', async () => {
    const key = `call-${Date.now()}`;
    const body = callRegistration();
    const first = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).set('Idempotency-Key', key).send(body);
    expectStatus(first, 201);
    const again = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).set('Idempotency-Key', key).send(body);
    expectStatus(again, 201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // Temporal's visibility (what count reads) lags a start by a moment: wait for it, then exactly one run.
    const runs = await eventually('the run in visibility', () => stack.client.workflow.count(`WorkflowId = '${serviceCallWorkflowId(first.body.id)}'`), (c) => c.count > 0);
    expect(runs.count).toBe(1);
    const other = await stack.http.post('/api/v1/service-calls').set(bearer(p.clerk.token)).set('Idempotency-Key', key).send({ ...body, description: 'other' });
    expectStatus(other, 409);
  });
});

describe('S3: dispatch, and refusals that change nothing (G2)', () => {
  test('S3: the technician must be a user with the technician role → 400 technicianId otherwise', async () => {
    const call = await api.register(p.clerk);
    await api.projected(call.id, 1);
    const before = await snapshot(call.id);
    const notTech = await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: p.accounting.id }, 400);
    expect(notTech.error.details).toEqual([expect.objectContaining({ field: 'technicianId' })]);
    const unknown = await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11' }, 400);
    expect(unknown.error.details[0].field).toBe('technicianId');
    const notUuid = await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: 'tang' }, 400);
    expect(notUuid.error.details[0].field).toBe('technicianId');
    expect(await snapshot(call.id)).toEqual(before);
  });

  test('G2: wrong role 403, wrong stage 409, another technician 403; nothing changes', async () => {
    const call = await api.register(p.clerk);
    await api.projected(call.id, 1);
    let before = await snapshot(call.id);
    expect((await api.act(p.clerk, call.id, { action: 'dispatch', technicianId: p.tech.id }, 403)).error.code).toBe('forbidden');
    expect((await api.act(p.tech, call.id, { action: 'dispatch', technicianId: p.tech.id }, 403)).error.code).toBe('forbidden');
    expect((await api.act(p.service_supervisor, call.id, { action: 'inspect', passed: true }, 409)).error.code).toBe('wrong_stage');
    expect((await api.act(p.tech, call.id, { action: 'arrive' }, 409)).error.code).toBe('wrong_stage');
    expect(await snapshot(call.id)).toEqual(before);

    const dispatched = await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: p.tech.id });
    expect(dispatched).toMatchObject({ stage: 'arrival', technician: { id: p.tech.id, name: p.tech.name } });
    expect(dispatched.awaiting).toMatchObject({ roles: ['technician'], action: 'arrive', technicianId: p.tech.id });
    await api.projected(call.id, 2);
    before = await snapshot(call.id);
    // Object level: only the assigned technician acts as technician on the call.
    const other = await api.act(p.tech2, call.id, { action: 'arrive' }, 403);
    expect(other.error.message).toMatch(/assigned/);
    expect((await api.act(p.tech, call.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 5 }, 409)).error.code).toBe('wrong_stage');
    expect((await api.act(p.tech, call.id, { action: 'fly' }, 400)).error.details[0].field).toBe('action');
    expect(await snapshot(call.id)).toEqual(before);
    // A technician without a broader role cannot even read a call assigned to someone else.
    expect((await api.get(p.tech2, call.id, 403)).error.code).toBe('forbidden');
    expect((await api.get(p.tech, call.id)).id).toBe(call.id);
  });

  test('S3: a re-dispatch before arrival reassigns the call to another technician', async () => {
    const call = await api.register(p.clerk);
    await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: p.tech.id });
    const again = await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: p.tech2.id });
    expect(again.technician.id).toBe(p.tech2.id);
    await api.act(p.tech, call.id, { action: 'arrive' }, 403);
    await api.act(p.tech2, call.id, { action: 'arrive' });
  });

  test('unknown call → 404; an id that is not a UUID → 400', async () => {
    await api.get(p.clerk, '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11', 404);
    await api.act(p.tech, '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11', { action: 'arrive' }, 404);
    expect((await api.get(p.clerk, 'nope', 400)).error.details[0].field).toBe('id');
  });
});

describe('S4, S5: on-site fix, registration to archive through the API', () => {
  test('S4, S5: fixed on site, fee collected and handed to accounting; register struck, voucher archived, time logged', async () => {
    const call = await api.register(p.clerk);
    await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: p.tech.id });
    const arrived = await api.act(p.tech, call.id, { action: 'arrive' });
    expect(arrived).toMatchObject({ stage: 'on_site', arrivalLate: false });
    expect(arrived.awaiting.actions).toEqual(['resolve_on_site', 'carry_in']);
    const unsigned = await api.act(p.tech, call.id, { action: 'resolve_on_site', customerSigned: false, workMinutes: 45 }, 400);
    expect(unsigned.error.details[0].field).toBe('customerSigned');
    const done = await api.act(p.tech, call.id, {
      action: 'resolve_on_site',
      customerSigned: true,
      workMinutes: 45,
      parts: [{ partNo: 'FUSE-5A', quantity: 2, cost: '3.50' }, { partNo: 'BOARD-7', quantity: 1, costFen: 12000 }],
      fee: { amount: '80.00', collectedOnSite: true },
      comment: 'replaced fuse and board',
    });
    expect(done).toMatchObject({ status: 'closed', stage: 'closed', path: 'on_site', awaiting: null, workMinutes: 45 });
    expect(done.voucher).toMatchObject({ status: 'archived' });
    expect(done.registerStruckAt).toBe(done.closedAt);
    expect(done.onSite.parts).toEqual([{ partNo: 'FUSE-5A', quantity: 2, cost: '3.50' }, { partNo: 'BOARD-7', quantity: 1, cost: '120.00' }]);
    expect(done.fees).toEqual([expect.objectContaining({ kind: 'on_site', amount: '80.00', collectedOnSite: true })]);
    expect(done.survey.sentAt).toBeNull();
    await api.projected(call.id, 4);
    expect(await stack.db.serviceVoucher.findUnique({ where: { callId: call.id } })).toMatchObject({ status: 'archived' });
    expect(await stack.db.serviceCall.findUnique({ where: { id: call.id } })).toMatchObject({ status: 'closed', registerStruckAt: new Date(done.closedAt) });
    // S5: the cash and the invoice are accounting's work, the same day.
    const items = await stack.db.workItem.findMany({ where: { caseId: call.id } });
    expect(items).toEqual([expect.objectContaining({ kind: 'fee_handover', roles: '["accounting"]', status: 'open' })]);
    expect(await stack.db.serviceFee.findMany({ where: { callId: call.id } })).toEqual([expect.objectContaining({ amountFen: BigInt(8000), collectedOnSite: true })]);
    const accountingTasks = await api.tasks(p.accounting);
    expect(accountingTasks).toEqual(expect.arrayContaining([expect.objectContaining({ caseType: 'service_call', caseId: call.id, action: 'fee_handover' })]));
    // S10: the time is logged for the technician in the call's category.
    expect(await stack.db.workLog.findMany({ where: { caseId: call.id } })).toEqual([
      expect.objectContaining({ technicianId: p.tech.id, category: 'A', minutes: 45, date: today() }),
    ]);
    const history = await api.history(p.auditor, call.id);
    expect(history.map((e) => [e.action, e.actor.name])).toEqual([
      ['register', p.clerk.name],
      ['dispatch', p.service_supervisor.name],
      ['arrive', p.tech.name],
      ['resolve_on_site', p.tech.name],
    ]);
    expect(history[3]).toMatchObject({ stage: 'on_site', comment: 'replaced fuse and board', data: { workMinutes: 45, fee: { amount: '80.00', collectedOnSite: true } } });
    // A closed call takes no more actions.
    expect((await api.act(p.tech, call.id, { action: 'arrive' }, 409)).error.code).toBe('wrong_stage');
    // It can be found in Temporal by its search attributes.
    const found = await eventually(
      'search attributes',
      async () => (await stack.client.workflow.count(`WorkflowId = '${serviceCallWorkflowId(call.id)}' AND CaseType = 'service_call' AND CaseStage = 'closed' AND CaseStatus = 'closed'`)).count,
      (n) => n === 1,
    );
    expect(found).toBe(1);
  });

  test('S5: a fee not collected on site → an invoice for the technician from accounting, due the same day', async () => {
    const call = await api.onSite(p);
    await api.act(p.tech, call.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 20, fee: { amount: 65, collectedOnSite: false } });
    const item = await eventually('invoice work item', () => stack.db.workItem.findFirst({ where: { caseId: call.id } }), (w) => w !== null);
    expect(item).toMatchObject({ kind: 'invoice_for_collection', roles: '["accounting"]' });
    expect(localDateIn(stack.config.timeZone, new Date(item!.dueAt!.getTime() - 1))).toBe(today());
  });

  test('S1: a warranty (C) call takes no fee → 400 fee', async () => {
    const call = await api.onSite(p, { warrantyUntil: addDays(today(), 100) });
    expect(call.category).toBe('C');
    const res = await api.act(p.tech, call.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 20, fee: { amount: 65, collectedOnSite: true } }, 400);
    expect(res.error.details[0].field).toBe('fee');
    expect((await api.get(p.clerk, call.id)).stage).toBe('on_site');
  });
});

describe('S6–S9: carry-in repair, registration to archive through the API', () => {
  test('S6, S7, S8: carried in, repaired, failed and passed inspection, returned by the clerk; receipt voided; invoiced on the day of return', async () => {
    const call = await api.onSite(p);
    const promisedBy = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const inShop = await api.act(p.tech, call.id, { action: 'carry_in', receiptNo: 'RC-0001', customerSigned: true, promisedBy });
    expect(inShop).toMatchObject({ stage: 'repair', path: 'carry_in', dueAt: promisedBy, voucher: { status: 'signed' } });
    expect(inShop.carryIn).toMatchObject({ receiptNo: 'RC-0001', promisedBy, returnedAt: null });
    await api.projected(call.id, 4);
    expect(await stack.db.carryInRecord.findUnique({ where: { callId: call.id } })).toMatchObject({ receiptNo: 'RC-0001', returnedAt: null, receiptVoidedAt: null });

    // The supervisor cannot inspect before the repair is recorded; the other technician cannot record it.
    await api.act(p.service_supervisor, call.id, { action: 'inspect', passed: true }, 409);
    await api.act(p.tech2, call.id, { action: 'record_repair', workMinutes: 60 }, 403);
    await api.act(p.tech, call.id, { action: 'record_repair', workMinutes: 60, parts: [{ partNo: 'PSU-12', quantity: 1, cost: 45 }] });
    await api.act(p.tech, call.id, { action: 'return', customerSigned: true }, 409);
    const failed = await api.act(p.service_supervisor, call.id, { action: 'inspect', passed: false, comment: 'still resets under load' });
    expect(failed.stage).toBe('repair');
    await api.act(p.tech, call.id, { action: 'record_repair', workMinutes: 30, parts: [] });
    const passed = await api.act(p.service_supervisor, call.id, { action: 'inspect', passed: true });
    expect(passed).toMatchObject({ stage: 'return', awaiting: { roles: ['technician', 'clerk'], action: 'return' } });
    expect((await api.tasks(p.clerk)).map((t) => t.caseId)).toContain(call.id);

    const returned = await api.act(p.clerk, call.id, { action: 'return', customerSigned: true, fee: { amount: '150.00', collectedOnSite: false } });
    expect(returned).toMatchObject({ status: 'closed', workMinutes: 90, voucher: { status: 'archived' } });
    expect(returned.carryIn.receiptVoidedAt).toBe(returned.closedAt);
    expect(returned.carryIn.inspections.map((i: { passed: boolean }) => i.passed)).toEqual([false, true]);
    await api.projected(call.id, 9);
    expect(await stack.db.carryInRecord.findUnique({ where: { callId: call.id } })).toMatchObject({
      returnedAt: new Date(returned.closedAt),
      receiptVoidedAt: new Date(returned.closedAt),
    });
    const item = await stack.db.workItem.findFirstOrThrow({ where: { caseId: call.id } });
    expect(item).toMatchObject({ kind: 'invoice_on_return', roles: '["accounting"]' });
    expect(localDateIn(stack.config.timeZone, new Date(item.dueAt!.getTime() - 1))).toBe(localDateIn(stack.config.timeZone, new Date(returned.closedAt)));
    expect((await stack.db.workLog.findMany({ where: { caseId: call.id } })).map((w) => w.minutes).sort()).toEqual([30, 60]);
    expect((await api.history(p.service_supervisor, call.id)).map((e) => e.action)).toEqual([
      'register', 'dispatch', 'arrive', 'carry_in', 'record_repair', 'inspect', 'record_repair', 'inspect', 'return',
    ]);
  });

  test('S9: the technician reports a delay → a notice to the supervisor; a new promise must be later', async () => {
    const call = await api.onSite(p);
    const promisedBy = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await api.act(p.tech, call.id, { action: 'carry_in', receiptNo: 'RC-0002', customerSigned: true, promisedBy });
    const earlier = await api.act(p.tech, call.id, { action: 'report_delay', reason: 'part on order', promisedBy: new Date(Date.now() + 86_400_000).toISOString() }, 400);
    expect(earlier.error.details[0].field).toBe('promisedBy');
    await api.act(p.tech2, call.id, { action: 'report_delay', reason: 'x' }, 403);
    const later = new Date(Date.now() + 4 * 86_400_000).toISOString();
    const delayed = await api.act(p.tech, call.id, { action: 'report_delay', reason: 'the board is on order', promisedBy: later });
    expect(delayed.carryIn).toMatchObject({ promisedBy: later, delays: [expect.objectContaining({ reason: 'the board is on order', promisedBy, newPromisedBy: later })] });
    const notices = await eventually('S9 delay notice', () => api.notices(call.id), (n) => n.length > 0);
    expect(notices).toEqual([expect.objectContaining({ type: 'escalation', caseType: 'service_call', to: '["service_supervisor"]' })]);
    expect(notices[0]!.message).toMatch(/the board is on order/);
  });
});

describe('lists and tasks', () => {
  test('lists filter by stage, category, technician and overdue; a technician lists only their own calls', async () => {
    const tech3 = await stack.user(['technician'], 'Zhu Technician');
    const mine = await api.onSite(p, { warrantyUntil: addDays(today(), 5) });
    const theirs = await api.register(p.clerk);
    await api.act(p.service_supervisor, theirs.id, { action: 'dispatch', technicianId: tech3.id });
    await api.projected(mine.id, 3);
    await api.projected(theirs.id, 2);
    const list = async (who: { token: string }, q: string) => {
      const res = await stack.http.get(`/api/v1/service-calls?${q}`).set(bearer(who.token));
      expectStatus(res, 200);
      return res.body.items.map((c: View) => c.id) as string[];
    };
    expect(await list(p.service_supervisor, 'stage=on_site&category=C')).toContain(mine.id);
    expect(await list(p.service_supervisor, 'stage=on_site&category=C')).not.toContain(theirs.id);
    expect(await list(p.service_supervisor, `technicianId=${tech3.id}`)).toEqual([theirs.id]);
    expect(await list(p.service_supervisor, 'overdue=false&limit=200')).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(await list(p.service_supervisor, 'overdue=true')).not.toContain(mine.id);
    const own = await list(p.tech, 'limit=200');
    expect(own).toContain(mine.id);
    expect(own).not.toContain(theirs.id);
    const res = await stack.http.get(`/api/v1/service-calls?technicianId=${tech3.id}`).set(bearer(p.tech.token));
    expectStatus(res, 403);
    const bad = await stack.http.get('/api/v1/service-calls?stage=nowhere').set(bearer(p.clerk.token));
    expectStatus(bad, 400);
    // Paging.
    const first = await stack.http.get('/api/v1/service-calls?limit=1').set(bearer(p.clerk.token));
    expect(first.body.items).toHaveLength(1);
    const second = await stack.http.get(`/api/v1/service-calls?limit=1&cursor=${first.body.nextCursor}`).set(bearer(p.clerk.token));
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  test('tasks: the supervisor sees calls to dispatch; a technician only the calls assigned to them', async () => {
    const waiting = await api.register(p.clerk);
    const assigned = await api.register(p.clerk);
    await api.act(p.service_supervisor, assigned.id, { action: 'dispatch', technicianId: p.tech.id });
    await api.projected(waiting.id, 1);
    await api.projected(assigned.id, 2);
    const sup = await api.tasks(p.service_supervisor);
    expect(sup).toEqual(expect.arrayContaining([expect.objectContaining({ caseType: 'service_call', caseId: waiting.id, action: 'dispatch', roles: ['service_supervisor'], dueAt: waiting.arrivalDueAt })]));
    expect(sup.map((t) => t.caseId)).not.toContain(assigned.id);
    const t1 = await api.tasks(p.tech);
    expect(t1).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: assigned.id, action: 'arrive' })]));
    expect(t1.map((t) => t.caseId)).not.toContain(waiting.id);
    expect((await api.tasks(p.tech2)).map((t) => t.caseId)).not.toContain(assigned.id);
  });
});

describe('G1, G4: durability and audit', () => {
  test('G1: a worker restart mid-call loses nothing and duplicates nothing', async () => {
    const call = await api.register(p.clerk);
    await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: p.tech.id });
    await stack.restartWorker();
    await api.act(p.tech, call.id, { action: 'arrive' });
    await api.act(p.tech, call.id, { action: 'carry_in', receiptNo: 'RC-R1', customerSigned: true });
    await stack.restartWorker();
    await api.act(p.tech, call.id, { action: 'record_repair', workMinutes: 25, parts: [{ partNo: 'X', quantity: 1, cost: 9 }] });
    await api.act(p.service_supervisor, call.id, { action: 'inspect', passed: true });
    await stack.restartWorker();
    const done = await api.act(p.tech, call.id, { action: 'return', customerSigned: true, fee: { amount: 30, collectedOnSite: true } });
    expect(done.status).toBe('closed');
    await api.projected(call.id, 7);
    const s = (await state(call.id)) as ServiceCallState;
    expect(s.history.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const events = await stack.db.caseEvent.findMany({ where: { caseType: 'service_call', caseId: call.id }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['register', 'dispatch', 'arrive', 'carry_in', 'record_repair', 'inspect', 'return']);
    expect(await stack.db.workLog.count({ where: { caseId: call.id } })).toBe(1);
    expect(await stack.db.serviceFee.count({ where: { callId: call.id } })).toBe(1);
    expect(await stack.db.workItem.count({ where: { caseId: call.id } })).toBe(1);
    expect(await stack.db.carryInRecord.count({ where: { callId: call.id } })).toBe(1);
  });

  test('G4: the auditor replays a call against the current code; other roles may not', async () => {
    const call = await api.onSite(p);
    await api.act(p.tech, call.id, { action: 'resolve_on_site', customerSigned: true, workMinutes: 10 });
    const res = await stack.http.get(`/api/v1/service-calls/${call.id}/replay`).set(bearer(p.auditor.token));
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ ok: true });
    expect(res.body.eventCount).toBeGreaterThan(10);
    expectStatus(await stack.http.get(`/api/v1/service-calls/${call.id}/replay`).set(bearer(p.clerk.token)), 403);
  });
});
