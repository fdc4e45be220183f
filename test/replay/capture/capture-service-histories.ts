// Captures workflow histories from real runs of the service-side paths (service calls, contracts,
// the daily job) for the replay gate (test/replay.test.ts), like test/replay/capture/capture-histories.ts
// does for complaints.
//   npx tsx test/replay/capture/capture-service-histories.ts   writes test/replay/histories/<workflow>-<path>.json
// Run it when one of these workflows gains a path; never to paper over a replay failure (docs/VERSIONING.md).
import { randomUUID } from 'node:crypto';
import { addDays, endOfLocalDate, localDateIn } from '../../../domain/localTime';
import { bearer } from '../../support/fixtures';
import type { TestStack } from '../../support/stack';
import { captureWith, saveHistory } from './captureHistories';
import { contractWorkflowId } from '../../../workflows/contract';
import { dailyOperationsWorkflow } from '../../../workflows/dailyOperations';
import { serviceCallWorkflowId } from '../../../workflows/serviceCall';

const TZ = 'Asia/Shanghai';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type People = Record<'clerk' | 'service_supervisor' | 'technician' | 'service_dept', { token: string; id: string }>;

const registration = (overrides: Record<string, unknown> = {}) => ({
  customer: { name: 'Suzhou Textile Co.', address: '88 Renmin Road, Suzhou', phone: '13800001234' },
  productModel: 'LX-200',
  serialNo: `SN-${randomUUID().slice(0, 8)}`,
  area: 'urban',
  description: 'Controller resets',
  ...overrides,
});

async function call(stack: TestStack, who: People, steps: [keyof People, Record<string, unknown>][], filing: Record<string, unknown> = {}, waitAfterRegister = 0) {
  const res = await stack.http.post('/api/v1/service-calls').set(bearer(who.clerk.token)).send(registration(filing));
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  const id = res.body.id as string;
  if (waitAfterRegister) await sleep(waitAfterRegister);
  for (const [role, body] of steps) {
    const r = await stack.http.post(`/api/v1/service-calls/${id}/actions`).set(bearer(who[role].token)).send(body);
    if (r.status !== 200) throw new Error(`${String(body.action)}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return id;
}


// A contract ending tomorrow gets its notice a few seconds after start.
const tomorrow = addDays(localDateIn(TZ, new Date()), 1);

captureWith(
  () => {
    const lead = endOfLocalDate(tomorrow, TZ).getTime() - (Date.now() + 8000);
    return {
    TIME_ZONE: TZ,
    SERVICE_CALENDAR_ALWAYS_OPEN: 'true',
    ARRIVAL_SLA_URBAN: '1s',
    ARRIVAL_SLA_SUBURBAN: '1h',
    CARRY_IN_PROMISE: '2s',
    REPAIR_PROMISE_WARNING: '1s',
    SURVEY_DELAY: '1s',
    CONTRACT_NOTICE_LEAD: `${lead}ms`,
  };
  },
  async (stack) => {
  const who = {} as People;
  for (const role of ['clerk', 'service_supervisor', 'technician', 'service_dept'] as const) {
    const u = await stack.user([role]);
    who[role] = { token: u.token, id: u.id };
  }
  const other = await stack.user(['technician'], 'Other technician');
  const dispatch = { action: 'dispatch', technicianId: who.technician.id };

  const onSite = await call(stack, who, [
    ['service_supervisor', dispatch],
    ['technician', { action: 'arrive' }],
    ['technician', { action: 'resolve_on_site', customerSigned: true, workMinutes: 45, parts: [{ partNo: 'F1', quantity: 1, cost: '3.50' }], fee: { amount: '80', collectedOnSite: true } }],
  ], { area: 'suburban' });
  await saveHistory(stack, serviceCallWorkflowId(onSite), 'serviceCallWorkflow-on-site', true);

  // Arrival breach, re-dispatch, carry-in with promise warning and escalation, a reported delay,
  // a failed inspection, return with a fee, survey.
  const carryIn = await call(
    stack,
    who,
    [
      ['service_supervisor', { action: 'dispatch', technicianId: other.id }],
      ['service_supervisor', dispatch],
      ['technician', { action: 'arrive' }],
      ['technician', { action: 'carry_in', receiptNo: 'RC-1', customerSigned: true }],
    ],
    {},
    2000,
  );
  await sleep(3000);
  for (const [role, body] of [
    ['technician', { action: 'report_delay', reason: 'Board on order', promisedBy: new Date(Date.now() + 60_000).toISOString() }],
    ['technician', { action: 'record_repair', workMinutes: 60, parts: [{ partNo: 'B7', quantity: 1, costFen: 12000 }] }],
    ['service_supervisor', { action: 'inspect', passed: false }],
    ['technician', { action: 'record_repair', workMinutes: 20 }],
    ['service_supervisor', { action: 'inspect', passed: true }],
    ['clerk', { action: 'return', customerSigned: true, fee: { amount: '150', collectedOnSite: false } }],
  ] as const) {
    const r = await stack.http.post(`/api/v1/service-calls/${carryIn}/actions`).set(bearer(who[role].token)).send(body);
    if (r.status !== 200) throw new Error(`${body.action}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  await saveHistory(stack, serviceCallWorkflowId(carryIn), 'serviceCallWorkflow-breach-carry-in', true);

  // Not dispatched: the daily job prioritises it (a signal); then dispatched.
  const waiting = await call(stack, who, [], { area: 'suburban' });
  await sleep(500);
  const daily = await stack.client.workflow.start(dailyOperationsWorkflow, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: `daily-capture-${randomUUID()}`,
    args: [{ at: new Date().toISOString() }],
  });
  await daily.result();
  await saveHistory(stack, daily.workflowId, 'dailyOperationsWorkflow-run', false);
  await sleep(500);
  const r = await stack.http.post(`/api/v1/service-calls/${waiting}/actions`).set(bearer(who.service_supervisor.token)).send(dispatch);
  if (r.status !== 200) throw new Error(`dispatch: ${r.status}`);
  await saveHistory(stack, serviceCallWorkflowId(waiting), 'serviceCallWorkflow-prioritized', false);

  // Contracts: notice then renewal (still running); one that ended before it was recorded.
  const contract = await stack.http
    .post('/api/v1/contracts')
    .set(bearer(who.service_dept.token))
    .send({ customer: { name: 'Wuxi Works' }, serialNos: ['SN-K1'], startsOn: addDays(tomorrow, -365), endsOn: tomorrow, amount: '12000' });
  if (contract.status !== 201) throw new Error(`contract: ${contract.status} ${JSON.stringify(contract.body)}`);
  for (let i = 0; i < 60 && (await stack.db.workItem.count({ where: { caseId: contract.body.id } })) === 0; i++) await sleep(500);
  const renewed = await stack.http.post(`/api/v1/contracts/${contract.body.id}/renew`).set(bearer(who.service_dept.token)).send({ endsOn: addDays(tomorrow, 365), amount: '13000' });
  if (renewed.status !== 200) throw new Error(`renew: ${renewed.status} ${JSON.stringify(renewed.body)}`);
  await saveHistory(stack, contractWorkflowId(contract.body.id), 'contractWorkflow-notice-renew', false);
  const old = await stack.http
    .post('/api/v1/contracts')
    .set(bearer(who.service_dept.token))
    .send({ customer: { name: 'Old Works' }, serialNos: ['SN-K2'], startsOn: '2020-01-01', endsOn: '2020-12-31', amount: '1000' });
  await saveHistory(stack, contractWorkflowId(old.body.id), 'contractWorkflow-expired', true);
  },
);
