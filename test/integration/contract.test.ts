// Maintenance contracts (S15) through HTTP on the real stack: recording, refusals, renewal, and the
// expiry notice with its renewal work item appearing on their own from a durable timer. The notice
// lead is set so that the notice of a contract ending tomorrow falls due a few seconds after start.
import { addDays, endOfLocalDate, localDateIn } from '../../domain/localTime';
import { contractStateQuery, contractWorkflowId } from '../../workflows/contract';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type Person, type View, contractFiling, eventually, expectStatus } from './serviceHelpers';

jest.setTimeout(120_000);

const TIME_ZONE = 'Asia/Shanghai';
const MARGIN_MS = 15_000;

let stack: TestStack;
let dept: Person;
let clerk: Person;
let tomorrow: string;
let noticeDueMs: number;

beforeAll(async () => {
  const now = Date.now();
  tomorrow = addDays(localDateIn(TIME_ZONE, new Date(now)), 1);
  noticeDueMs = now + MARGIN_MS;
  const leadMs = endOfLocalDate(tomorrow, TIME_ZONE).getTime() - noticeDueMs;
  stack = await startTestStack({ TIME_ZONE, CONTRACT_NOTICE_LEAD: `${leadMs}ms` });
  dept = await stack.user(['service_dept'], 'Lin Service-Dept');
  clerk = await stack.user(['clerk'], 'Xu Clerk');
});
afterAll(async () => {
  await stack?.stop();
});

async function create(by: Person, body: Record<string, unknown>, status = 201): Promise<View> {
  const res = await stack.http.post('/api/v1/contracts').set(bearer(by.token)).send(body);
  expectStatus(res, status);
  return res.body;
}

async function renew(by: Person, id: string, body: Record<string, unknown>, status = 200): Promise<View> {
  const res = await stack.http.post(`/api/v1/contracts/${id}/renew`).set(bearer(by.token)).send(body);
  expectStatus(res, status);
  return res.body;
}

test('S15: the expiry notice, a letter to the customer and a renewal work item appear on their own; a renewal closes the item and re-arms the notice', async () => {
  const contract = await create(dept, contractFiling({ startsOn: addDays(tomorrow, -365), endsOn: tomorrow }));
  expect(contract).toMatchObject({ status: 'active', endsOn: tomorrow, noticeSent: false, expiresAt: endOfLocalDate(tomorrow, TIME_ZONE).toISOString() });
  expect(Date.parse(contract.noticeAt)).toBe(noticeDueMs);
  if (noticeDueMs - Date.now() > 3000) {
    // Not before its time.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await stack.db.notice.count({ where: { caseId: contract.id } })).toBe(0);
  }
  const [notice] = await eventually('S15 expiry notice', () => stack.db.notice.findMany({ where: { caseId: contract.id } }), (n) => n.length > 0, 60_000);
  expect(notice).toMatchObject({ type: 'reminder', caseType: 'contract', to: '["service_dept"]' });
  expect(notice!.at.getTime()).toBeGreaterThanOrEqual(noticeDueMs);
  expect(notice!.at.getTime()).toBeLessThan(noticeDueMs + 10_000);
  const [letter] = await stack.db.customerMessage.findMany({ where: { caseId: contract.id } });
  expect(letter).toMatchObject({ kind: 'contract_expiry', channel: 'letter', status: 'to_staff', recipient: 'Wuxi Dyeing Works, 5 Canal Street, Wuxi' });
  expect(letter!.body).toContain(`ends on ${tomorrow}`);
  // No gateway configured: the service department sends the letter and records it, once; a clerk may not.
  const send = (by: Person, channel: string) => stack.http.post(`/api/v1/customer-messages/${letter!.id}/send`).set(bearer(by.token)).send({ channel });
  expectStatus(await send(clerk, 'letter'), 403);
  const sent = await send(dept, 'letter');
  expectStatus(sent, 200);
  expect(sent.body).toMatchObject({ message: { status: 'sent', sentBy: dept.id }, contact: { name: 'Wuxi Dyeing Works', address: '5 Canal Street, Wuxi' }, link: null });
  expectStatus(await send(dept, 'letter'), 409);
  const item = await eventually('renewal work item', () => stack.db.workItem.findFirst({ where: { caseId: contract.id, kind: 'contract_renewal' } }), (w) => w !== null);
  expect(item).toMatchObject({ kind: 'contract_renewal', roles: '["service_dept"]', status: 'open', dueAt: new Date(contract.expiresAt) });
  const tasks = await stack.http.get('/api/v1/tasks').set(bearer(dept.token));
  expect(tasks.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ caseType: 'contract', caseId: contract.id, action: 'contract_renewal' })]));
  const read = await stack.http.get(`/api/v1/contracts/${contract.id}`).set(bearer(clerk.token));
  expect(read.body).toMatchObject({ noticeSent: true });

  const nextYear = addDays(tomorrow, 365);
  const renewed = await renew(dept, contract.id, { endsOn: nextYear, amount: '13000' });
  expect(renewed).toMatchObject({ status: 'active', endsOn: nextYear, amount: '13000.00', noticeSent: false, terms: [{ n: 1 }, { n: 2, endsOn: nextYear }] });
  expect(Date.parse(renewed.noticeAt)).toBe(endOfLocalDate(nextYear, TIME_ZONE).getTime() - (endOfLocalDate(tomorrow, TIME_ZONE).getTime() - noticeDueMs));
  expect(await stack.db.workItem.findFirst({ where: { caseId: contract.id, kind: 'contract_renewal' } })).toMatchObject({ status: 'done', doneBy: dept.id });
  const history = await stack.http.get(`/api/v1/contracts/${contract.id}/history`).set(bearer(dept.token));
  expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(['create', 'expiry_notice', 'renew']);
  // The re-armed timer is the new term's: nothing more fires now.
  await new Promise((r) => setTimeout(r, 1000));
  expect(await stack.db.notice.count({ where: { caseId: contract.id } })).toBe(1);
  const state = await stack.client.workflow.getHandle(contractWorkflowId(contract.id)).query(contractStateQuery);
  expect(state.noticesSent).toEqual([1]);
});

test('S15: only the service department records contracts; bad input names the field; nothing is started', async () => {
  expectStatus(await stack.http.post('/api/v1/contracts').set(bearer(clerk.token)).send(contractFiling()), 403);
  const bad = await stack.http
    .post('/api/v1/contracts')
    .set(bearer(dept.token))
    .send(contractFiling({ startsOn: '2027-01-01', endsOn: '2026-12-31', amount: '-5', serialNos: [] }));
  expectStatus(bad, 400);
  expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['amount', 'endsOn', 'serialNos']);
  const order = await stack.http.post('/api/v1/contracts').set(bearer(dept.token)).send(contractFiling({ startsOn: '2027-01-01', endsOn: '2026-12-31' }));
  expect(order.body.error.details).toEqual([expect.objectContaining({ field: 'endsOn' })]);
});

test('S15: recording is idempotent; contracts are listed and found by serial', async () => {
  const body = contractFiling();
  const key = `k-${Date.now()}`;
  const first = await stack.http.post('/api/v1/contracts').set(bearer(dept.token)).set('Idempotency-Key', key).send(body);
  const again = await stack.http.post('/api/v1/contracts').set(bearer(dept.token)).set('Idempotency-Key', key).send(body);
  expect(again.body).toEqual(first.body);
  expect(again.headers['idempotent-replayed']).toBe('true');
  await eventually('contract projected', () => stack.db.serviceContract.findUnique({ where: { id: first.body.id } }), (r) => r !== null);
  const list = await stack.http.get(`/api/v1/contracts?serialNo=${encodeURIComponent(body.serialNos[0]!)}`).set(bearer(clerk.token));
  expect(list.body.items.map((c: View) => c.id)).toEqual([first.body.id]);
});

test('S15: a renewal must extend the contract, by the service department; refusals change nothing', async () => {
  const contract = await create(dept, contractFiling({ endsOn: '2030-06-30' }));
  expect((await renew(clerk, contract.id, { endsOn: '2031-06-30', amount: 1 }, 403)).error.code).toBe('forbidden');
  const earlier = await renew(dept, contract.id, { endsOn: '2030-06-30', amount: 1 }, 400);
  expect(earlier.error.details).toEqual([expect.objectContaining({ field: 'endsOn' })]);
  expect((await renew(dept, contract.id, { endsOn: '2031-02-30', amount: 1 }, 400)).error.details[0].field).toBe('endsOn');
  const read = await stack.http.get(`/api/v1/contracts/${contract.id}`).set(bearer(dept.token));
  expect(read.body).toMatchObject({ endsOn: '2030-06-30', terms: [{ n: 1 }] });
  await renew(dept, '6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11', { endsOn: '2031-06-30', amount: 1 }, 404);
});

test('S15: amounts up to the largest a request may carry are recorded and renewed, on either database', async () => {
  const contract = await create(dept, contractFiling({ amount: '9999999999.99' }));
  const renewed = await renew(dept, contract.id, { endsOn: '2100-06-30', amount: 10_000_000_000 });
  expect(renewed).toMatchObject({ amount: '10000000000.00', endsOn: '2100-06-30' });
  const row = await eventually('renewal projected', () => stack.db.serviceContract.findUnique({ where: { id: contract.id } }), (r) => r?.endsOn === '2100-06-30');
  expect(row?.amountFen).toBe(BigInt(1_000_000_000_000));
});

test('S15: an expired contract cannot be renewed (409) and is read from its record', async () => {
  const old = await create(dept, contractFiling({ startsOn: '2020-01-01', endsOn: '2020-12-31' }));
  const expired = await eventually('expiry', () => stack.db.serviceContract.findUnique({ where: { id: old.id } }), (r) => r?.status === 'expired');
  expect(expired).toMatchObject({ status: 'expired' });
  const res = await renew(dept, old.id, { endsOn: '2031-12-31', amount: 1 }, 409);
  expect(res.error.code).toBe('wrong_stage');
  const read = await stack.http.get(`/api/v1/contracts/${old.id}`).set(bearer(dept.token));
  expect(read.body).toMatchObject({ status: 'expired', noticeSent: true });
});
