// G1: the whole platform, started the way the README starts it (local Temporal with file
// persistence, migrations, worker, API), stopped with SIGTERM and started again, loses nothing.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../config';
import { createTestDatabaseUrl } from '../support/database';
import { bearer, complaintFiling } from '../support/fixtures';
import { freePort } from '../support/ports';

jest.setTimeout(180_000);

interface Running {
  child: ChildProcess;
  output: () => string;
}

const started: ChildProcess[] = [];
afterAll(() => {
  // A failed assertion must not leave a platform running.
  for (const child of started) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function startPlatform(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'platform', 'run.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that a failed test can stop all of it
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${out}`)), 150_000);
    child.stdout!.on('data', () => {
      if (out.includes('Stop with Ctrl-C.')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${out}`));
    });
  });
}

async function stopPlatform(running: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
  running.child.kill('SIGTERM');
  return exited;
}

test('G1: a filed and registered complaint survives stopping and restarting everything', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-restart-'));
  const apiPort = await freePort();
  const env = {
    DATABASE_URL: await createTestDatabaseUrl(),
    TEMPORAL_DATA_DIR: dataDir,
    TEMPORAL_LOCAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    PORT: String(apiPort),
    BOOTSTRAP_ADMIN_TOKEN: 'restart-test-admin-token',
    LOG_LEVEL: 'warn',
  };
  delete process.env.TEMPORAL_ADDRESS;
  const base = `http://127.0.0.1:${apiPort}`;
  const call = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await fetch(base + url, {
      method,
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

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
