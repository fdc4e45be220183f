// G5 at the HTTP edge: a declared path asked with a method it does not serve answers 405 naming the
// ones it does; no request waits longer than REQUEST_TIMEOUT (504 with an error code).
import { eventually } from '../support/faults';
import { bearer, complaintFiling } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  // Long enough for a filing and a read from the projection on a busy machine, far shorter than
  // waiting for a worker.
  stack = await startTestStack({ REQUEST_TIMEOUT: '2s', CASE_READ_WAIT: '300ms', IMPORT_WAIT: '300ms' });
});
afterAll(() => stack.stop());

test('G5: an unsupported method on a known path answers 405 with Allow; an unknown path 404', async () => {
  const admin = bearer(stack.adminToken);
  const trace = await stack.http.trace('/api/v1/complaints').set(admin);
  expect(trace.status).toBe(405);
  expect(trace.headers.allow).toBe('POST, GET, HEAD');
  expect(trace.body.error.code).toBe('method_not_allowed');
  const put = await stack.http.put('/api/v1/complaints/2f6b0d8e-6f37-4a53-9a83-7b9c0c2f1a11').set(admin).send({});
  expect(put.status).toBe(405);
  expect(put.headers.allow).toBe('GET, HEAD');
  const unknown = await stack.http.get('/api/v1/no-such-thing').set(admin);
  expect(unknown.status).toBe(404);
});

test('G5: a request that takes longer than REQUEST_TIMEOUT answers 504 at once, and the platform goes on serving', async () => {
  const sales = await stack.user(['sales']);
  const office = await stack.user(['gm_office']);
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling()).expect(201);
  const id = filed.body.id as string;
  // With every worker down an action waits for one; the caller hears 504 instead of waiting on.
  await stack.stopWorker();
  try {
    const started = Date.now();
    const slow = await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(office.token)).send({ action: 'register' });
    expect(slow.status).toBe(504);
    expect(slow.body.error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    // A read does not wait for a worker either: the case's last recorded state answers.
    const read = await stack.http.get(`/api/v1/complaints/${id}`).set(bearer(sales.token)).expect(200);
    expect(read.body.stage).toBe('registration');
    const history = await stack.http.get(`/api/v1/complaints/${id}/history`).set(bearer(sales.token)).expect(200);
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(['file']);
  } finally {
    await stack.startWorker();
  }
  // Once a worker is back the case takes actions again. The action that timed out may still have been
  // delivered (a 504 leaves the outcome open), so sending it again is applied once or refused as done.
  let again;
  for (let i = 0; i < 40; i++) {
    again = await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(office.token)).send({ action: 'register' });
    if (again.status !== 504) break;
  }
  expect([200, 409]).toContain(again!.status);
  // A 409 means the delivered action was applied; its history entry is recorded a moment later.
  const actions = await eventually(
    'the register action in the history',
    async () => (await stack.http.get(`/api/v1/complaints/${id}/history`).set(bearer(sales.token)).expect(200)).body.events.map((e: { action: string }) => e.action) as string[],
    (seen) => seen.includes('register'),
    15_000,
  );
  expect(actions).toEqual(['file', 'register']);
});

test('G5: text holding the character U+0000 (which PostgreSQL cannot store) is refused with 400 naming the field, in a body, a query or a path', async () => {
  const admin = bearer(stack.adminToken);
  const body = await stack.http.post('/api/v1/users').set(admin).send({ name: 'Li\u0000Na', roles: ['sales'] });
  expect(body.status).toBe(400);
  expect(body.body.error.details).toEqual([{ field: 'name', message: 'must not contain the character U+0000' }]);
  const query = await stack.http.get('/api/v1/people?cursor=a%00b').set(admin);
  expect(query.status).toBe(400);
  expect(query.body.error.details).toEqual([{ field: 'cursor', message: 'must not contain the character U+0000' }]);
  const sales = await stack.user(['sales']);
  const nested = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling({ customer: { name: 'Hangzhou\u0000' } }));
  expect([nested.status, nested.body.error.details]).toEqual([400, [{ field: 'customer.name', message: 'must not contain the character U+0000' }]]);
  const path = await stack.http.post('/api/v1/surveys/tok%00en').send({ attitude: 1, skill: 1, arrival: 1, promise: 1 });
  expect([path.status, path.body.error.details]).toEqual([400, [{ field: 'surveyToken', message: 'must not contain the character U+0000' }]]);
});
