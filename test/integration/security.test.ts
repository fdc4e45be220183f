// G2, G4, G5: the audit log, replay for auditors, rate limiting, mass assignment and hostile input.
import { startTestStack, type TestStack } from '../support/stack';
import { bearer, complaintFiling } from '../support/fixtures';

let stack: TestStack;
let sales: { token: string; id: string };
let office: { token: string; id: string };
let auditor: { token: string; id: string };

beforeAll(async () => {
  stack = await startTestStack({ RATE_LIMIT_PER_MINUTE: '600', RATE_LIMIT_BURST: '1000' });
  sales = await stack.user(['sales']);
  office = await stack.user(['gm_office']);
  auditor = await stack.user(['auditor']);
});
afterAll(async () => {
  await stack?.stop();
});

async function fileAndRegister() {
  const filed = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling()).expect(201);
  await stack.http.post(`/api/v1/complaints/${filed.body.id}/actions`).set(bearer(office.token)).send({ action: 'register' }).expect(200);
  return filed.body.id as string;
}

describe('G4: append-only audit log', () => {
  test('every action, accepted or refused, is recorded with actor, roles, object, result and a payload hash', async () => {
    const id = await fileAndRegister();
    await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(sales.token)).send({ action: 'register' }).expect(403);
    const res = await stack.http.get(`/api/v1/audit?objectId=${id}`).set(bearer(auditor.token)).expect(200);
    const entries = res.body.items.map((e: Record<string, unknown>) => [e.actorId, e.action, e.status, e.errorCode]);
    expect(entries).toEqual([
      [office.id, 'register', 200, null],
      [sales.id, 'register', 403, 'forbidden'],
    ]);
    expect(res.body.items[0]).toMatchObject({ objectType: 'complaints', actorRoles: ['gm_office'], payloadHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const filing = await stack.http.get(`/api/v1/audit?actorId=${sales.id}&action=${encodeURIComponent('POST /api/v1/complaints')}`).set(bearer(auditor.token)).expect(200);
    expect(filing.body.items.length).toBeGreaterThanOrEqual(1);
  });

  test('no token reaches the audit log, and the database refuses updates and deletes', async () => {
    const created = await stack.http.post('/api/v1/users').set(bearer(stack.adminToken)).send({ name: 'Temp', roles: ['qa'] }).expect(201);
    const rows = await stack.db.auditEntry.findMany();
    expect(JSON.stringify(rows)).not.toContain(created.body.token);
    expect(JSON.stringify(rows)).not.toContain(stack.adminToken);
    const count = await stack.db.auditEntry.count();
    await expect(stack.db.auditEntry.deleteMany({})).rejects.toThrow();
    await expect(stack.db.auditEntry.updateMany({ data: { status: 200 } })).rejects.toThrow();
    expect(await stack.db.auditEntry.count()).toBe(count);
    expect(await stack.db.auditEntry.count({ where: { status: 200 } })).toBeLessThan(count);
  });

  test('a survey link token in the path never reaches the audit log', async () => {
    const token = `survey-token-${Date.now()}-abcdef`;
    const res = await stack.http.post(`/api/v1/surveys/${token}`).send({ attitude: 4, skill: 4, arrival: 4, promise: 4 });
    expect([404, 409]).toContain(res.status);
    const rows = await stack.db.auditEntry.findMany({ where: { path: { contains: 'surveys' } } });
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  test('only auditors and admins read the audit log', async () => {
    const res = await stack.http.get('/api/v1/audit').set(bearer(sales.token)).expect(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('G4: replay against the current code', () => {
  test('an auditor replays a case history: ok, with its event count', async () => {
    const id = await fileAndRegister();
    const res = await stack.http.get(`/api/v1/complaints/${id}/replay`).set(bearer(auditor.token)).expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.eventCount).toBeGreaterThan(5);
  });

  test('replay is for auditors and admins only; an unknown case is 404', async () => {
    const id = await fileAndRegister();
    await stack.http.get(`/api/v1/complaints/${id}/replay`).set(bearer(sales.token)).expect(403);
    await stack.http.get('/api/v1/complaints/0b8f0d7e-3a7c-4b9e-8f5d-7e9a1c2b3d4e/replay').set(bearer(auditor.token)).expect(404);
  });
});

describe('G2: object and function level authorization', () => {
  test('roles outside the complaint process may not read complaints, their history or the list', async () => {
    const id = await fileAndRegister();
    for (const roles of [['technician'], ['clerk'], ['service_supervisor']] as const) {
      const outsider = await stack.user([...roles]);
      for (const path of [`/api/v1/complaints/${id}`, `/api/v1/complaints/${id}/history`, '/api/v1/complaints']) {
        const res = await stack.http.get(path).set(bearer(outsider.token)).expect(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    }
  });

  test('an action by an outsider is refused and recorded as refused; the case is unchanged', async () => {
    const id = await fileAndRegister();
    const technician = await stack.user(['technician']);
    await stack.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(technician.token)).send({ action: 'analyze', cause: 'x', responsibleDepartments: ['qa'], ourFault: true, needsRnd: false }).expect(403);
    const after = await stack.http.get(`/api/v1/complaints/${id}/history`).set(bearer(sales.token)).expect(200);
    expect(after.body.events.map((e: { action: string }) => e.action)).toEqual(['file', 'register']);
  });
});

describe('G2, G5: mass assignment and hostile input', () => {
  test('client-supplied status, number or tier are refused naming the field; nothing is started', async () => {
    const before = await stack.db.complaintCase.count();
    const res = await stack.http
      .post('/api/v1/complaints')
      .set(bearer(sales.token))
      .send({ ...complaintFiling(), status: 'closed', number: '2601-01' })
      .expect(400);
    expect(res.body.error.details.map((d: { message: string }) => d.message).join(' ')).toMatch(/status|number|Unrecognized/i);
    expect(await stack.db.complaintCase.count()).toBe(before);
    const id = await fileAndRegister();
    const qa = await stack.user(['qa']);
    const action = await stack.http
      .post(`/api/v1/complaints/${id}/actions`)
      .set(bearer(qa.token))
      .send({ action: 'analyze', cause: 'c', responsibleDepartments: ['qa'], ourFault: true, needsRnd: false, tier: 'gm', approvedBy: 'me' })
      .expect(400);
    expect(action.body.error.code).toBe('invalid_input');
    const after = await stack.http.get(`/api/v1/complaints/${id}`).set(bearer(sales.token)).expect(200);
    expect(after.body.stage).toBe('analysis');
  });

  test('deeply nested JSON is a 400, never a 500', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const res = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).set('Content-Type', 'application/json').send(deep);
    expect(res.status).toBe(400);
  });

  test('impossible dates and over-long ids are 400 naming the field', async () => {
    const date = await stack.http.post('/api/v1/complaints').set(bearer(sales.token)).send(complaintFiling({ shipDate: '2026-02-30' })).expect(400);
    expect(date.body.error.details[0].field).toBe('shipDate');
    const id = await stack.http.get(`/api/v1/complaints/${'a'.repeat(5000)}`).set(bearer(sales.token)).expect(400);
    expect(id.body.error.details[0].field).toBe('id');
  });
});

describe('rate limiting', () => {
  test('past the burst a caller gets 429 with Retry-After; other callers are unaffected', async () => {
    const limited = await startTestStack({ RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '3' });
    try {
      const a = await limited.user(['sales']);
      const b = await limited.user(['sales']);
      for (let i = 0; i < 3; i++) await limited.http.get('/api/v1/me').set(bearer(a.token)).expect(200);
      const res = await limited.http.get('/api/v1/me').set(bearer(a.token)).expect(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      await limited.http.get('/api/v1/me').set(bearer(b.token)).expect(200);
      await limited.http.get('/healthz').expect(200);
    } finally {
      await limited.stop();
    }
  });
});
