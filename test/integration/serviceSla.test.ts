// Deadlines of service calls at demonstration speed on the real stack (G3: durable timers, no
// polling): the S14 arrival escalation and the S9 repair-promise warning and escalation appear on
// their own, exactly once, also across a worker restart (G1).
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type ServiceParty, eventually, expectStatus, servicePartyOf, serviceApi, sleep } from './serviceHelpers';

jest.setTimeout(120_000);

let stack: TestStack;
let p: ServiceParty;
let api: ReturnType<typeof serviceApi>;

beforeAll(async () => {
  stack = await startTestStack({
    SERVICE_CALENDAR_ALWAYS_OPEN: 'true',
    ARRIVAL_SLA_URBAN: '2s',
    ARRIVAL_SLA_SUBURBAN: '3s',
    CARRY_IN_PROMISE: '5s',
    REPAIR_PROMISE_WARNING: '3s',
    SURVEY_DELAY: '1h',
  });
  p = await servicePartyOf(stack);
  api = serviceApi(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const keyed = async (caseId: string, suffix: string) => (await api.notices(caseId)).filter((n) => n.dedupeKey.endsWith(suffix));

test('S14: a call nobody reaches within its working-time SLA escalates to the supervisor and the service department, once', async () => {
  const call = await api.register(p.clerk);
  // Always open: due exactly 2 s after registration.
  expect(Date.parse(call.arrivalDueAt) - Date.parse(call.registeredAt)).toBe(2000);
  const [notice] = await eventually('S14 escalation', () => keyed(call.id, ':escalation:arrival'), (n) => n.length > 0);
  expect(notice).toMatchObject({ type: 'escalation', caseType: 'service_call', to: '["service_supervisor","service_dept"]', stage: 'dispatch' });
  expect(notice!.at.toISOString()).toBe(call.arrivalDueAt);
  expect(notice!.message).toMatch(/not yet dispatched/);
  // It shows as overdue everywhere, and it is not repeated.
  expect(await api.get(p.service_supervisor, call.id)).toMatchObject({ overdue: true, arrivalLate: true });
  await api.projected(call.id, 1);
  const overdue = await stack.http.get('/api/v1/service-calls?overdue=true&limit=200').set(bearer(p.service_supervisor.token));
  expect(overdue.body.items.map((c: { id: string }) => c.id)).toContain(call.id);
  expect((await api.tasks(p.service_supervisor)).find((t) => t.caseId === call.id)).toMatchObject({ overdue: true });
  const listed = await stack.http.get(`/api/v1/notices?caseId=${call.id}`).set(bearer(p.service_dept.token));
  expectStatus(listed, 200);
  expect(listed.body.items).toEqual([expect.objectContaining({ type: 'escalation', to: ['service_supervisor', 'service_dept'] })]);
  await sleep(1500);
  expect(await keyed(call.id, ':escalation:arrival')).toHaveLength(1);
});

test('S14, G1: the arrival timer survives a worker restart and fires once; a late arrival is recorded', async () => {
  const call = await api.register(p.clerk, { area: 'suburban' });
  await api.act(p.service_supervisor, call.id, { action: 'dispatch', technicianId: p.tech.id });
  await stack.restartWorker();
  const [notice] = await eventually('S14 escalation after restart', () => keyed(call.id, ':escalation:arrival'), (n) => n.length > 0);
  expect(notice!.message).toMatch(/assigned to Tang Technician/);
  const arrived = await api.act(p.tech, call.id, { action: 'arrive' });
  expect(arrived).toMatchObject({ arrivalLate: true, overdue: false });
  const history = await api.history(p.service_supervisor, call.id);
  expect(history[2]).toMatchObject({ action: 'arrive', data: { late: true } });
  expect(await keyed(call.id, ':escalation:arrival')).toHaveLength(1);
});

test('S9: an unfinished carry-in repair warns its technician before the promised time and escalates to the supervisor at it', async () => {
  const call = await api.onSite(p);
  const carried = await api.act(p.tech, call.id, { action: 'carry_in', receiptNo: 'RC-T1', customerSigned: true });
  const promised = Date.parse(carried.carryIn.promisedBy);
  const [warning] = await eventually('S9 warning', () => keyed(call.id, ':reminder:promise:1'), (n) => n.length > 0);
  expect(warning).toMatchObject({ type: 'reminder', to: '["technician"]' });
  expect(warning!.at.getTime()).toBe(promised - 3000);
  const [missed] = await eventually('S9 escalation', () => keyed(call.id, ':escalation:promise:1'), (n) => n.length > 0);
  expect(missed).toMatchObject({ type: 'escalation', to: '["service_supervisor"]' });
  expect(missed!.at.getTime()).toBe(promised);
  expect(missed!.message).toMatch(/missed its promised time/);
  // Once the repair is recorded and passed, nothing more is due.
  await api.act(p.tech, call.id, { action: 'record_repair', workMinutes: 15 });
  await api.act(p.service_supervisor, call.id, { action: 'inspect', passed: true });
  expect((await api.get(p.clerk, call.id)).overdue).toBe(false);
});
