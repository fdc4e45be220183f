// C1: the lighter anomaly report when no loss arose: recorded, and a notice to each unit.
import { startTestStack, type TestStack } from '../support/stack';
import { bearer } from '../support/fixtures';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const report = { partNo: 'PN-88-A', orderNo: 'SO-1', description: 'Colour slightly off; customer used the parts', units: ['manufacturing', 'qa'], noLoss: true };

test('C1: a department files an anomaly report; each unit concerned gets a notice, once', async () => {
  const qa = await stack.user(['qa']);
  const key = 'anomaly-1';
  const res = await stack.http.post('/api/v1/anomaly-reports').set(bearer(qa.token)).set('Idempotency-Key', key).send(report).expect(201);
  expect(res.body).toMatchObject({ partNo: 'PN-88-A', units: ['manufacturing', 'qa'], reportedBy: qa.name });
  await stack.http.post('/api/v1/anomaly-reports').set(bearer(qa.token)).set('Idempotency-Key', key).send(report).expect(201);
  const notices = await stack.http.get(`/api/v1/notices?caseId=${res.body.id}`).set(bearer(qa.token)).expect(200);
  // Both notices carry the same time; compare them in a fixed order.
  const got = notices.body.items.map((n: { to: string[]; type: string }) => [n.type, n.to]).sort((a: string[][], b: string[][]) => String(a[1]).localeCompare(String(b[1])));
  expect(got).toEqual([
    ['anomaly', ['manufacturing']],
    ['anomaly', ['qa']],
  ]);
  const list = await stack.http.get('/api/v1/anomaly-reports').set(bearer(qa.token)).expect(200);
  expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
});

test('C1: a report where a loss arose is refused (file a complaint), naming the field; nothing is written', async () => {
  const sales = await stack.user(['sales']);
  const before = await stack.db.anomalyReport.count();
  const res = await stack.http.post('/api/v1/anomaly-reports').set(bearer(sales.token)).send({ ...report, noLoss: false }).expect(400);
  expect(res.body.error.details[0].field).toBe('noLoss');
  const unit = await stack.http.post('/api/v1/anomaly-reports').set(bearer(sales.token)).send({ ...report, units: ['moon'] }).expect(400);
  expect(unit.body.error.details[0].field).toBe('units.0');
  expect(await stack.db.anomalyReport.count()).toBe(before);
});

test('C1: roles outside the departments may not file one', async () => {
  const auditor = await stack.user(['auditor']);
  await stack.http.post('/api/v1/anomaly-reports').set(bearer(auditor.token)).send(report).expect(403);
});
