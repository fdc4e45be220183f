// G1: the whole platform, started the way the README starts it (local Temporal with file
// persistence, migrations, worker, API), stopped with SIGTERM and started again, loses nothing.
import { complaintFiling } from '../support/fixtures';
import { killStartedPlatforms, platformEnv, platformHttp, startPlatform, stopPlatform } from '../support/platform';

jest.setTimeout(180_000);

afterAll(killStartedPlatforms); // a failed assertion must not leave a platform running

test('G1: a filed and registered complaint survives stopping and restarting everything', async () => {
  const env = await platformEnv();
  const base = `http://127.0.0.1:${env.PORT}`;
  const call = platformHttp(base);

  let running = await startPlatform(env);
  expect(running.output()).toContain(`API:              ${base}/api/v1`);
  const sales = await call('POST', '/api/v1/users', env.BOOTSTRAP_ADMIN_TOKEN, { name: 'Sales', roles: ['sales'] });
  const office = await call('POST', '/api/v1/users', env.BOOTSTRAP_ADMIN_TOKEN, { name: 'GM office', roles: ['gm_office'] });
  const filed = await call('POST', '/api/v1/complaints', sales.body.token, complaintFiling());
  expect(filed.status).toBe(201);
  const registered = await call('POST', `/api/v1/complaints/${filed.body.id}/actions`, office.body.token, { action: 'register' });
  expect(registered.status).toBe(200);
  expect(registered.body.number).toMatch(/^\d{4}-01$/);
  expect(await stopPlatform(running)).toBe(0);

  running = await startPlatform(env);
  try {
    const read = await call('GET', `/api/v1/complaints/${filed.body.id}`, sales.body.token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: filed.body.id, number: registered.body.number, stage: 'analysis' });
    const me = await call('GET', '/api/v1/me', sales.body.token);
    expect(me.body.name).toBe('Sales');
    const list = await call('GET', '/api/v1/complaints?stage=analysis', sales.body.token);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([filed.body.id]);
    const history = await call('GET', `/api/v1/complaints/${filed.body.id}/history`, sales.body.token);
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(['file', 'register']);
  } finally {
    expect(await stopPlatform(running)).toBe(0);
  }
});
