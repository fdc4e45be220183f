// The approval controls an auditor relies on, through HTTP on the real stack: the money at stake is
// computed from the proposal's own figures and a different amount can only raise the tier (C8, G7);
// whoever proposed or consolidated does not decide (G7); a stand-in's decision names the decider
// (G7); every decision is explained (G7); roles that may never take an action are refused before
// its fields are looked at; a case created is there to refer to at once; an overdue stage escalates
// (G3); the joint inspection can be asked for later and is reported to the GM (C4, C5); how the
// decision reached the customer is recorded (C13); a finding of not established can be petitioned
// (C16, C14); manufacturing reports the affected lot.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createDatabase } from '../../db/client';
import { localDateIn } from '../../domain/localTime';
import { createLogger } from '../../observability/logger';
import { IdempotencyService } from '../../services/idempotency';
import { UserService } from '../../services/users';
import { dataConverterFor } from '../../temporal/codec';
import { COMPLAINT_ACTION_BODIES as INPUT, bearer, complaintFiling } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { callRegistration, contractFiling, eventually } from './serviceHelpers';

jest.setTimeout(120_000);

type Person = { token: string; id: string; name: string };
type View = Record<string, any> & { id: string; stage: string };

let stack: TestStack;
const people: Record<string, Person> = {};
const ROLES = ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'sales_manager', 'vp', 'gm', 'auditor'] as const;

beforeAll(async () => {
  stack = await startTestStack({ COMPLAINT_STAGE_DEADLINES: 'analysis=1s', COMPLAINT_STAGE_ESCALATION_AFTER: '1s', COMPLAINT_REMINDER_INTERVAL: '1h', COMPLAINT_PETITION_WINDOW: '1h' });
  for (const role of ROLES) people[role] = await stack.user([role], `${role} person`);
});
afterAll(() => stack.stop());

const file = async (overrides: Record<string, unknown> = {}): Promise<View> =>
  (await stack.http.post('/api/v1/complaints').set(bearer(people.sales!.token)).send(complaintFiling(overrides)).expect(201)).body as View;
const action = (by: Person, id: string, body: Record<string, unknown>) => stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(by.token)).send(body);
async function act(by: Person, id: string, body: Record<string, unknown>): Promise<View> {
  const res = await action(by, id, body);
  if (res.status !== 200) throw new Error(`${String(body.action)}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as View;
}
/** Files a case and takes it to stage proposal. */
async function toProposal(): Promise<View> {
  const filed = await file();
  await act(people.gm_office!, filed.id, INPUT.register!);
  await act(people.qa!, filed.id, INPUT.analyze!);
  await act(people.manufacturing!, filed.id, INPUT.countermeasure!);
  await act(people.manager_office!, filed.id, INPUT.review!);
  return act(people.gm_office!, filed.id, INPUT.check!);
}
const history = async (id: string) => (await stack.http.get(`/api/v1/complaints/${id}/history`).set(bearer(people.auditor!.token)).expect(200)).body.events as View[];

test('C8, G7: 500,000 proposed and 1 consolidated: the tier stays the GM’s, the sales manager and the VP are refused, the GM decides', async () => {
  const at = await toProposal();
  await act(people.sales!, at.id, { action: 'propose', handling: { kind: 'compensation', compensation: '500000' } });
  // A lower amount with no reason is refused; with a reason it is recorded, and cannot lower the tier.
  const noReason = await action(people.gm_office!, at.id, { action: 'consolidate', opinion: 'Small matter', amount: 1 });
  expect(noReason.status).toBe(400);
  expect(noReason.body.error.details).toEqual([expect.objectContaining({ field: 'amountReason' })]);
  const consolidated = await act(people.gm_office!, at.id, { action: 'consolidate', opinion: 'Small matter', amount: 1, amountReason: 'Goodwill gesture only' });
  expect(consolidated).toMatchObject({
    tier: 'gm',
    amountAtStake: '500000.00',
    consolidation: { proposalTier: 'gm', override: { amount: '1.00', reason: 'Goodwill gesture only', tier: 'sales_manager' } },
    proposal: { kind: 'compensation', amount: '500000.00', compensation: '500000.00', allowance: '0.00' },
  });
  for (const who of [people.sales_manager!, people.vp!]) {
    const refused = await action(who, at.id, { action: 'decide', decision: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/C8/);
  }
  expect((await act(people.gm!, at.id, { action: 'decide', decision: 'approve' })).decision).toMatchObject({ tier: 'gm', decidedAs: 'gm', byId: people.gm!.id });
  // The history records both figures and the reason; the decision is explained.
  const consolidate = (await history(at.id)).find((e) => e.action === 'consolidate')!;
  expect(consolidate.data).toMatchObject({ amount: '500000.00', tier: 'gm', override: { amount: '1.00', reason: 'Goodwill gesture only' } });
  const decisions = (await stack.http.get(`/api/v1/complaints/${at.id}/decisions`).set(bearer(people.auditor!.token)).expect(200)).body.items;
  expect(decisions).toEqual([
    expect.objectContaining({
      decision: 'approve',
      tier: 'gm',
      decidedAs: 'gm',
      decidedBy: { id: people.gm!.id, name: people.gm!.name, roles: ['gm'] },
      moneyAtStake: expect.objectContaining({ amount: '500000.00', computed: true, figures: expect.objectContaining({ compensation: '500000.00' }) }),
      thresholds: { salesManagerMax: '10000.00', vpMax: '100000.00' },
      rules: ['C8', 'G7'],
      delegation: null,
    }),
  ]);
});

test('C8, C3: a return states its unit price; an undetermined quantity is stated before the case is consolidated', async () => {
  const at = await toProposal();
  const noPrice = await action(people.sales!, at.id, { action: 'propose', handling: { kind: 'return', quantity: 37, amount: 5000 } });
  expect(noPrice.status).toBe(400);
  expect(noPrice.body.error.details).toEqual([expect.objectContaining({ field: 'handling.unitPrice' })]);
  const mismatch = await action(people.sales!, at.id, { action: 'propose', handling: { kind: 'return', quantity: 10, unitPrice: 100, amount: 999 } });
  expect(mismatch.body.error.details).toEqual([expect.objectContaining({ field: 'handling.amount', message: expect.stringContaining('1000.00') })]);
  await act(people.sales!, at.id, { action: 'propose', handling: { kind: 'exchange', quantity: null, unitPrice: '2500' } });
  const early = await action(people.gm_office!, at.id, { action: 'consolidate', opinion: 'Exchange' });
  expect(early.status).toBe(409);
  expect(early.body.error.message).toMatch(/undetermined/);
  expect((await act(people.sales!, at.id, { action: 'state_quantity', quantity: 50 })).proposal).toMatchObject({ quantity: 50, amount: '125000.00', goodsValue: '125000.00' });
  expect((await act(people.gm_office!, at.id, { action: 'consolidate', opinion: 'Exchange' })).tier).toBe('gm');
});

test('G7: whoever proposed or consolidated a case does not decide it, whatever roles they hold; a higher tier deciding a lower-tier case is recorded', async () => {
  const officeAndGm = await stack.user(['gm_office', 'gm'], 'Ma Office-and-GM');
  const at = await toProposal();
  await act(people.sales!, at.id, INPUT.propose!);
  await act(officeAndGm, at.id, INPUT.consolidate!);
  const own = await action(officeAndGm, at.id, { action: 'decide', decision: 'approve' });
  expect(own.status).toBe(403);
  expect(own.body.error.message).toMatch(/G7/);
  const decided = await act(people.vp!, at.id, { action: 'decide', decision: 'approve' });
  expect(decided.decision).toMatchObject({ tier: 'sales_manager', decidedAs: 'vp' });
  const [explained] = (await stack.http.get(`/api/v1/complaints/${at.id}/decisions`).set(bearer(people.auditor!.token)).expect(200)).body.items;
  expect(explained).toMatchObject({ higherTierActed: true, rules: ['C8', 'C13', 'G7'] });
});

test('G7: a decider names a stand-in for a period; the stand-in’s decision names both; ended early, the stand-in may decide no more', async () => {
  const gm = await stack.user(['gm'], 'Zheng GM-on-leave');
  const deputy = await stack.user(['manager_office'], 'Hu Deputy');
  const today = localDateIn(stack.config.timeZone, new Date());
  // Only the person stood in for (or an admin) names a stand-in; bad periods name the field.
  expect((await stack.http.post(`/api/v1/users/${gm.id}/stand-ins`).set(bearer(people.gm!.token)).send({ standInId: deputy.id, from: today, to: today })).status).toBe(403);
  const backwards = await stack.http.post(`/api/v1/users/${gm.id}/stand-ins`).set(bearer(gm.token)).send({ standInId: deputy.id, from: '2026-12-10', to: '2026-12-01' });
  expect(backwards.body.error.details).toEqual([expect.objectContaining({ field: 'to' })]);
  const named = await stack.http.post(`/api/v1/users/${gm.id}/stand-ins`).set(bearer(gm.token)).send({ standInId: deputy.id, from: today, to: '2100-12-31' }).expect(201);
  expect(named.body).toMatchObject({ userId: gm.id, standIn: { id: deputy.id, name: 'Hu Deputy' }, from: today, endedAt: null });

  const at = await toProposal();
  await act(people.sales!, at.id, { action: 'propose', handling: { kind: 'compensation', compensation: '200000' } });
  await act(people.gm_office!, at.id, INPUT.consolidate!);
  const decided = await act(deputy, at.id, { action: 'decide', decision: 'approve' });
  expect(decided.decision).toMatchObject({ decidedAs: 'gm', byId: deputy.id, delegation: { for: { id: gm.id, name: 'Zheng GM-on-leave' }, from: today, to: '2100-12-31' } });
  const [explained] = (await stack.http.get(`/api/v1/complaints/${at.id}/decisions`).set(bearer(people.auditor!.token)).expect(200)).body.items;
  expect(explained.delegation).toMatchObject({ for: { id: gm.id }, from: today });

  const list = (await stack.http.get(`/api/v1/users/${gm.id}/stand-ins`).set(bearer(gm.token)).expect(200)).body.items;
  expect(list).toHaveLength(1);
  await stack.http.delete(`/api/v1/users/${gm.id}/stand-ins/${named.body.id as string}`).set(bearer(gm.token)).expect(200);
  const next = await toProposal();
  await act(people.sales!, next.id, { action: 'propose', handling: { kind: 'compensation', compensation: '200000' } });
  await act(people.gm_office!, next.id, INPUT.consolidate!);
  expect((await action(deputy, next.id, { action: 'decide', decision: 'approve' })).status).toBe(403);
});

test('G2, G5: a role that may never take an action is refused (403) before the action’s fields are looked at; a role that may gets the 400', async () => {
  const at = await toProposal();
  const auditorTries = await action(people.auditor!, at.id, { action: 'analyze' });
  expect(auditorTries.status).toBe(403);
  const qaTries = await action(people.qa!, at.id, { action: 'analyze' });
  expect(qaTries.status).toBe(400);
  expect(qaTries.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['cause', 'ourFault']));
});

test('C13: how the decision reached the customer is recorded, and asked for', async () => {
  const at = await toProposal();
  await act(people.sales!, at.id, INPUT.propose!);
  await act(people.gm_office!, at.id, INPUT.consolidate!);
  await act(people.sales_manager!, at.id, INPUT.decide!);
  const missing = await action(people.sales!, at.id, { action: 'record_result', customerAccepted: true, result: 'Accepted' });
  expect(missing.body.error.details).toEqual([expect.objectContaining({ field: 'channel' })]);
  expect((await act(people.sales!, at.id, { action: 'record_result', customerAccepted: true, result: 'Accepted', channel: 'visit' })).customerResult).toEqual({
    customerAccepted: true,
    result: 'Accepted',
    channel: 'visit',
  });
});

test('C16, C14: the customer disputes a finding of not established: sales petitions, the GM reopens the case', async () => {
  const filed = await file();
  await act(people.gm_office!, filed.id, INPUT.register!);
  const rejected = await act(people.gm_office!, filed.id, { action: 'not_established', reason: 'Damage arose at the customer' });
  expect(rejected).toMatchObject({ status: 'rejected', notEstablished: { reason: 'Damage arose at the customer', petitionUntil: expect.any(String) } });
  expect((await action(people.qa!, filed.id, INPUT.analyze!)).status).toBe(409);
  const petitioned = await act(people.sales!, filed.id, { action: 'appeal', reason: 'The customer shows photos taken at delivery' });
  expect(petitioned).toMatchObject({ status: 'open', stage: 'appeal', appeal: { fromStage: 'closed' }, awaiting: { action: 'rule_appeal', roles: ['gm'] } });
  const reopened = await act(people.gm!, filed.id, { action: 'rule_appeal', ruling: 'reopen', reopenStage: 'analysis' });
  expect(reopened).toMatchObject({ status: 'open', stage: 'analysis', notEstablished: null });
});

test('C4, C5: a joint inspection asked for later calls QA and manufacturing out; its report falls due from the inspection day and reaches the GM', async () => {
  const filed = await file();
  await act(people.gm_office!, filed.id, INPUT.register!);
  const requested = await act(people.sales!, filed.id, { action: 'request_inspection' });
  expect(requested.jointInspection).toMatchObject({ reportDueAt: null, report: null });
  for (const role of ['qa', 'manufacturing'] as const) {
    const tasks = await eventually('the call-out', async () => (await stack.http.get('/api/v1/tasks').set(bearer(people[role]!.token))).body.items as View[], (items) =>
      items.some((t) => t.caseId === filed.id && t.action === 'joint_inspection'),
    );
    expect(tasks.find((t) => t.caseId === filed.id && t.action === 'joint_inspection')).toBeTruthy();
  }
  const investigated = await act(people.qa!, filed.id, { action: 'record_investigation', investigatedOn: '2026-11-02' });
  expect(investigated.jointInspection).toMatchObject({ investigatedOn: '2026-11-02', reportDueAt: '2026-11-05T16:00:00.000Z' });
  await act(people.qa!, filed.id, { action: 'report_inspection', findings: 'Burrs on 37 parts' });
  const report = await eventually('the report notice', async () => (await stack.http.get(`/api/v1/notices?caseId=${filed.id}&type=report`).set(bearer(people.gm!.token))).body.items as View[], (n) => n.length === 1);
  expect(report[0]).toMatchObject({ to: ['gm'], message: expect.stringContaining('Burrs on 37 parts') });
  // The call-out is done once the inspection took place.
  await eventually('the call-out done', async () => ((await stack.http.get('/api/v1/tasks').set(bearer(people.qa!.token))).body.items as View[]).filter((t) => t.caseId === filed.id && t.action === 'joint_inspection').length, (n) => n === 0);
});

test('G3: an overdue stage is reminded and, the configured time after its deadline, escalated once to the GM office and the GM, with a task that ends when the stage does', async () => {
  const filed = await file();
  await act(people.gm_office!, filed.id, INPUT.register!);
  const escalations = await eventually(
    'the stage escalation',
    async () => (await stack.http.get(`/api/v1/notices?caseId=${filed.id}&type=escalation`).set(bearer(people.gm!.token))).body.items as View[],
    (n) => n.some((e) => e.stage === 'analysis'),
    20_000,
  );
  expect(escalations.filter((e) => e.stage === 'analysis')).toEqual([expect.objectContaining({ to: ['gm_office', 'gm'], message: expect.stringMatching(/overdue in stage analysis/) })]);
  const task = async () => ((await stack.http.get('/api/v1/tasks').set(bearer(people.gm!.token))).body.items as View[]).filter((t) => t.caseId === filed.id && t.action.startsWith('stage_escalation'));
  expect(await eventually('the escalation task', task, (t) => t.length === 1)).toHaveLength(1);
  await act(people.qa!, filed.id, INPUT.analyze!);
  await eventually('the escalation task done', task, (t) => t.length === 0);
});

test('manufacturing reports the affected lot with its countermeasure; cases are found by production unit and date', async () => {
  const filed = await file();
  await act(people.gm_office!, filed.id, INPUT.register!);
  await act(people.qa!, filed.id, INPUT.analyze!);
  const { traceability: _t, ...without } = INPUT.countermeasure!;
  const missing = await action(people.manufacturing!, filed.id, without);
  expect(missing.body.error.details).toEqual([expect.objectContaining({ field: 'traceability' })]);
  const traceability = { productionUnit: `unit-${randomUUID().slice(0, 8)}`, machine: 'IM-09', shift: 'C', operators: ['Liu Yang'], productionDate: '2026-10-15' };
  await act(people.manufacturing!, filed.id, { ...INPUT.countermeasure!, traceability });
  const found = await eventually(
    'the case by production unit',
    async () => (await stack.http.get(`/api/v1/complaints?productionUnit=${traceability.productionUnit}&productionDate=2026-10-15`).set(bearer(people.auditor!.token))).body.items as View[],
    (items) => items.length === 1,
  );
  expect(found[0]!.countermeasure.traceability).toEqual(traceability);
  const event = (await history(filed.id)).find((e) => e.action === 'countermeasure')!;
  expect(event.data.traceability).toEqual(traceability);
});

test('read your writes: a user, a contract, a complaint and a service call created through one API process are referred to at once through another', async () => {
  // A second API process: its own database connection and Temporal client, the same database and task queue.
  const db = createDatabase(stack.config.databaseUrl);
  const connection = await Connection.connect({ address: stack.config.temporal.address });
  const temporal = new Client({ connection, namespace: stack.config.temporal.namespace, dataConverter: dataConverterFor(stack.config) });
  const other = request(createApp({ config: stack.config, db, temporal, logger: createLogger('silent', 'api'), users: new UserService(db), idempotency: new IdempotencyService(db), now: () => new Date() }));
  try {
    const dept = await stack.user(['service_dept']);
    const clerk = await stack.user(['clerk']);
    for (let i = 0; i < 3; i++) {
      const user = await stack.http.post('/api/v1/users').set(bearer(stack.adminToken)).send({ name: `gm ${i}`, roles: ['gm'] }).expect(201);
      await other.get('/api/v1/me').set(bearer(user.body.token)).expect(200);
      await other.post(`/api/v1/users/${user.body.id as string}/stand-ins`).set(bearer(user.body.token)).send({ standInId: people.vp!.id, from: '2026-12-01', to: '2026-12-05' }).expect(201);
      const contract = await stack.http.post('/api/v1/contracts').set(bearer(dept.token)).send(contractFiling({ serialNos: [`SN-RYW-${i}-${randomUUID().slice(0, 6)}`] })).expect(201);
      const call = await other.post('/api/v1/service-calls').set(bearer(clerk.token)).send(callRegistration({ contractId: contract.body.id, serialNo: contract.body.serialNos[0] }));
      expect({ status: call.status, category: call.body.category }).toEqual({ status: 201, category: 'B' });
      const listed = await other.get(`/api/v1/service-calls?limit=200`).set(bearer(clerk.token)).expect(200);
      expect(listed.body.items.map((c: View) => c.id)).toContain(call.body.id);
      const parent = await file();
      const child = await other.post('/api/v1/complaints').set(bearer(people.sales!.token)).send(complaintFiling({ parentId: parent.id }));
      expect(child.status).toBe(201);
    }
  } finally {
    await connection.close();
    await db.$disconnect();
  }
});
