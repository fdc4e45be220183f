// The foundation through HTTP on the real worker, Temporal server and database:
// identity (401/403), validation (G5), idempotency, and the complaint round trip (G1).
import { complaintWorkflowId } from '../../workflows/complaint';
import { startTestStack, type TestStack } from '../support/stack';
import { bearer, complaintFiling } from '../support/fixtures';
import { eventually } from './serviceHelpers';

let stack: TestStack;
let sales: { token: string; id: string };

beforeAll(async () => {
  stack = await startTestStack();
  sales = await stack.user(['sales'], 'Li Sales');
});
afterAll(async () => {
  await stack?.stop();
});

describe('health', () => {
  test('healthz answers without a token; readyz checks Temporal and the database', async () => {
    await stack.http.get('/healthz').expect(200, { status: 'ok' });
    const ready = await stack.http.get('/readyz').expect(200);
    expect(ready.body).toEqual({ status: 'ready', temporal: true, database: true });
  });

  test('openapi.json documents the routes from the same schemas that validate them', async () => {
    const res = await stack.http.get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/users', '/api/v1/me', '/api/v1/complaints', '/api/v1/complaints/{id}/actions']));
    const filing = res.body.paths['/api/v1/complaints'].post.requestBody.content['application/json'].schema;
    expect(filing.required).toEqual(expect.arrayContaining(['customer', 'market', 'orderNo', 'quantity', 'request']));
  });
});

describe('identity', () => {
  test('the bootstrap admin creates a user whose token works for /me and is stored only as a hash', async () => {
    const res = await stack.http
      .post('/api/v1/users')
      .set(bearer(stack.adminToken))
      .send({ name: 'Wang QA', roles: ['qa'] })
      .expect(201);
    expect(res.body).toMatchObject({ name: 'Wang QA', roles: ['qa'] });
    expect(res.body.token).toMatch(/^asp_/);
    const me = await stack.http.get('/api/v1/me').set(bearer(res.body.token)).expect(200);
    expect(me.body).toMatchObject({ id: res.body.id, name: 'Wang QA', roles: ['qa'], login: null, csrfToken: null, sessionExpiresAt: null });
    const row = await stack.db.user.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(res.body.token);
  });

  test('no token or an unknown token → 401 with the error envelope', async () => {
    const none = await stack.http.get('/api/v1/me').expect(401);
    expect(none.body.error.code).toBe('unauthenticated');
    await stack.http.get('/api/v1/me').set(bearer('asp_not-a-real-token')).expect(401);
    await stack.http.get('/api/v1/me').set({ Authorization: 'Basic abc' }).expect(401);
  });

  test('a non-admin creating users → 403 and no user is written', async () => {
    const before = await stack.db.user.count();
    const res = await stack.http.post('/api/v1/users').set(bearer(sales.token)).send({ name: 'X', roles: ['gm'] }).expect(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(await stack.db.user.count()).toBe(before);
  });

  test('an unknown role → 400 naming the field', async () => {
    const res = await stack.http
      .post('/api/v1/users')
      .set(bearer(stack.adminToken))
      .send({ name: 'Y', roles: ['qa', 'emperor'] })
      .expect(400);
    expect(res.body.error.code).toBe('invalid_input');
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'roles.1' })]);
  });
});

describe('G5: bad input', () => {
  test('malformed JSON → 400 malformed_json, never 500', async () => {
    const res = await stack.http
      .post('/api/v1/complaints')
      .set(bearer(sales.token))
      .set('Content-Type', 'application/json')
      .send('{"customer": ')
      .expect(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  test('C3: missing and wrong fields are each named; nothing is started', async () => {
    const before = await stack.db.complaintCase.count();
    const res = await stack.http
      .post('/api/v1/complaints')
      .set(bearer(sales.token))
      .send(complaintFiling({ quantity: 0, defectQuantity: 5, market: 'moon', orderNo: undefined }))
      .expect(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['quantity', 'market', 'orderNo']));
    expect(await stack.db.complaintCase.count()).toBe(before);
  });

  test('C3: defect quantity above quantity → 400 on defectQuantity', async () => {
    const res = await stack.http
      .post('/api/v1/complaints')
      .set(bearer(sales.token))
      .send(complaintFiling({ quantity: 10, defectQuantity: 11, request: { kind: 'return', quantity: 5 } }))
      .expect(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'defectQuantity' })]);
  });

  test('a body that is not JSON → 415', async () => {
    const res = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  test('a body over the limit → 413', async () => {
    const res = await stack.http
      .post('/api/v1/complaints')
      .set(bearer(sales.token))
      .send(complaintFiling({ reason: 'x'.repeat(200_000) }))
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  test('an id that is not a UUID → 400 naming it; an unknown id → 404', async () => {
    const bad = await stack.http.get('/api/v1/complaints/not-a-uuid').set(bearer(sales.token)).expect(400);
    expect(bad.body.error.details[0].field).toBe('id');
    await stack.http.get('/api/v1/complaints/6f1f6b6e-8d1e-4c55-9a51-2f8a2b7e0c11').set(bearer(sales.token)).expect(404);
  });
});

describe('idempotency', () => {
  test('the same key and body returns the first result; no second case is started', async () => {
    const key = `file-${Date.now()}`;
    const first = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).set('Idempotency-Key', key).send(complaintFiling()).expect(201);
    const again = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).set('Idempotency-Key', key).send(complaintFiling()).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // Temporal's visibility (what count reads) lags a start by a moment: wait for it, then exactly one run.
    const list = await eventually('the run in visibility', () => stack.client.workflow.count(`WorkflowId = '${complaintWorkflowId(first.body.id)}'`), (c) => c.count > 0);
    expect(list.count).toBe(1);
  });

  test('the same key with another body → 409 conflict', async () => {
    const key = `file-other-${Date.now()}`;
    await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).set('Idempotency-Key', key).send(complaintFiling()).expect(201);
    const res = await stack.http
      .post('/api/v1/complaints')
      .set(bearer(sales.token))
      .set('Idempotency-Key', key)
      .send(complaintFiling({ orderNo: 'SO-OTHER' }))
      .expect(409);
    expect(res.body.error.code).toBe('conflict');
  });
});

describe('C3, G1: the complaint round trip', () => {
  test('filing starts a workflow whose id is the business id; GET reads it back from the workflow', async () => {
    const filed = await stack.http
      .post('/api/v1/complaints')
      .set(bearer(sales.token))
      .send(complaintFiling({ request: { kind: 'exchange', quantity: null } }))
      .expect(201);
    expect(filed.body).toMatchObject({ status: 'open', stage: 'registration', number: null, market: 'domestic' });
    expect(filed.body.awaiting).toEqual({ roles: ['gm_office'], action: 'register' });
    // C3: "customer still processing; undetermined"
    expect(filed.body.request).toEqual({ kind: 'exchange', quantity: null, undetermined: true });
    const handle = stack.client.workflow.getHandle(complaintWorkflowId(filed.body.id));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const read = await stack.http.get(`/api/v1/complaints/${filed.body.id}`).set(bearer(sales.token)).expect(200);
    expect(read.body).toMatchObject({ id: filed.body.id, stage: 'registration', orderNo: 'SO-2611-0042' });
  });

  test('filing needs the sales role', async () => {
    const qa = await stack.user(['qa']);
    const res = await stack.http.post('/api/v1/complaints').set(bearer(qa.token)).send(complaintFiling()).expect(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  test('cases can be found in Temporal by their search attributes (type, number, stage, status)', async () => {
    const office = await stack.user(['gm_office']);
    const filed = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling()).expect(201);
    const registered = await stack.http.post(`/api/v1/complaints/${filed.body.id}/actions`).set(bearer(office.token)).send({ action: 'register' }).expect(200);
    // (Test files share one Temporal server, and each has its own database, so numbers repeat across files.)
    const query = `CaseType = 'complaint' AND CaseNumber = '${registered.body.number}' AND CaseStage = 'analysis' AND CaseStatus = 'open' AND WorkflowId = '${complaintWorkflowId(filed.body.id)}'`;
    let found: string[] = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      found = [];
      for await (const wf of stack.client.workflow.list({ query })) found.push(wf.workflowId);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toEqual([complaintWorkflowId(filed.body.id)]);
  });
});
