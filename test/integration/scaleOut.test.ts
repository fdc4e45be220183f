// Scale-out by configuration only: two worker processes and two API processes share one
// Temporal server, one task queue and one database; cases filed and registered through either
// API get distinct numbers (C2) and are served by whichever worker is free.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../config';
import { createTestDatabaseUrl } from '../support/database';
import { bearer, complaintFiling } from '../support/fixtures';
import { freePort } from '../../platform/ports';

jest.setTimeout(180_000);

const children: ChildProcess[] = [];
afterAll(async () => {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
});

function run(entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base} never became ready`);
}

test('G1, C2: two workers and two API processes on one queue and one database', async () => {
  const env = {
    DATABASE_URL: await createTestDatabaseUrl(),
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: `scale-${Date.now()}`,
    BOOTSTRAP_ADMIN_TOKEN: 'scale-out-admin-token-123',
    LOG_LEVEL: 'warn',
  };
  const ports = [await freePort(), await freePort()];
  run('worker/main.ts', env);
  run('worker/main.ts', env);
  for (const port of ports) run('api/main.ts', { ...env, PORT: String(port) });
  const bases = ports.map((p) => `http://127.0.0.1:${p}`);
  await Promise.all(bases.map(waitReady));

  const call = async (base: string, method: string, url: string, token: string, body?: unknown) => {
    const res = await fetch(base + url, { method, headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const sales = (await call(bases[0]!, 'POST', '/api/v1/users', env.BOOTSTRAP_ADMIN_TOKEN, { name: 'Sales', roles: ['sales'] })).body.token as string;
  const office = (await call(bases[1]!, 'POST', '/api/v1/users', env.BOOTSTRAP_ADMIN_TOKEN, { name: 'Office', roles: ['gm_office'] })).body.token as string;

  const ids = await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const filed = await call(bases[i % 2]!, 'POST', '/api/v1/complaints', sales, complaintFiling());
      expect(filed.status).toBe(201);
      return filed.body.id as string;
    }),
  );
  const numbers = await Promise.all(
    ids.map(async (id, i) => {
      const res = await call(bases[(i + 1) % 2]!, 'POST', `/api/v1/complaints/${id}/actions`, office, { action: 'register' });
      expect(res.status).toBe(200);
      return res.body.number as string;
    }),
  );
  const serials = numbers.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
  expect(serials).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  const list = await call(bases[0]!, 'GET', '/api/v1/complaints?stage=analysis&limit=50', sales);
  expect(list.body.items).toHaveLength(8);
});

test('G1: an API process whose port another program holds exits 1 at once, naming the address, instead of running on unreachable', async () => {
  const holder = net.createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  try {
    const env = {
      DATABASE_URL: await createTestDatabaseUrl(),
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
      BOOTSTRAP_ADMIN_TOKEN: 'port-taken-admin-token-123',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
    };
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'api/main.ts')], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toContain(`api cannot listen on 127.0.0.1:${port}`);
    expect(stderr).toContain('EADDRINUSE');
  } finally {
    await new Promise((r) => holder.close(r));
  }
});
