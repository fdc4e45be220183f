// The platform the browser journeys run against: platform/run.ts as `npm start` runs it (a local
// Temporal server, migrations, the worker, and the API serving the built workspace from web/dist),
// on a fresh SQLite database and data folder, on free ports. The people of the journeys are made
// here over the API (one per role, each with a login name and a password of their own), so that
// each journey signs in as a person would; the bootstrap admin keeps its initial password for the
// first-sign-in journey.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../platform/ports';
import type { Role } from '../../domain/roles';

export const REPO = path.resolve(__dirname, '..', '..');
/** Where the journeys find the platform's address and their people (written by globalSetup). */
export const STATE_FILE = path.join(REPO, 'test', 'browser', 'results', 'platform.json');

export interface Person {
  id: string;
  name: string;
  login: string;
  password: string;
  roles: Role[];
}

export interface PlatformState {
  baseURL: string;
  pid: number;
  dataDir: string;
  adminToken: string;
  adminPassword: string;
  people: Record<string, Person>;
}

/** One person per role the journeys act as, with Chinese names as the company would enter them. */
export const PEOPLE: Record<string, { name: string; roles: Role[] }> = {
  sales: { name: '王销售', roles: ['sales'] },
  sales_manager: { name: '李经理', roles: ['sales_manager'] },
  gm_office: { name: '张秘书', roles: ['gm_office'] },
  qa: { name: '陈品管', roles: ['qa'] },
  manufacturing: { name: '刘制造', roles: ['manufacturing'] },
  manager_office: { name: '赵经理室', roles: ['manager_office'] },
  vp: { name: '周副总', roles: ['vp'] },
  auditor: { name: '吴稽核', roles: ['auditor'] },
  clerk: { name: '孙客服', roles: ['clerk'] },
  service_supervisor: { name: '郑主管', roles: ['service_supervisor'] },
  technician: { name: '钱技师', roles: ['technician'] },
  english: { name: 'Grace Lin', roles: ['sales', 'gm_office', 'qa', 'manufacturing', 'manager_office', 'sales_manager'] },
  english_vp: { name: 'Victor Hu', roles: ['vp'] },
};

export const readState = (): PlatformState => JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as PlatformState;

async function call(base: string, method: string, url: string, init: { token?: string; cookie?: string; csrf?: string; body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.csrf) headers['X-CSRF-Token'] = init.csrf;
  if (method === 'POST' && url === '/api/v1/users') headers['Idempotency-Key'] = `${Date.now()}-${Math.random()}`;
  const res = await fetch(base + url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${await res.text()}`);
  return res;
}

/** Makes a person who has signed in once and chosen their own password. */
async function person(base: string, adminToken: string, key: string, spec: { name: string; roles: Role[] }, n: number): Promise<Person> {
  const login = key.length < 3 ? `${key}.lead` : key.replace(/_/g, '.');
  const first = `Harbour-Lantern-${n}7q`;
  const password = `Quiet-Orchard-${n}4z`;
  const created = (await (await call(base, 'POST', '/api/v1/users', { token: adminToken, body: { name: spec.name, roles: spec.roles, login, password: first } })).json()) as { id: string };
  const session = await call(base, 'POST', '/api/v1/session', { body: { login, password: first } });
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = session.headers.get('x-csrf-token') ?? '';
  await call(base, 'PUT', '/api/v1/me/password', { cookie, csrf, body: { current: first, new: password } });
  await call(base, 'DELETE', '/api/v1/session', { cookie, csrf });
  return { id: created.id, name: spec.name, login, password, roles: spec.roles };
}

/** What a platform started for a spec of its own differs in. */
export interface PlatformOptions {
  /** Environment on top of the journeys' own (e.g. a mail server, short stage deadlines). */
  env?: Record<string, string>;
  /** The people to make (keys of PEOPLE); all of them when not given. */
  people?: string[];
}

/**
 * Starts a platform on a fresh database and data folder, on free ports, and makes its people. The
 * journeys share the one globalSetup starts; a spec that needs other configuration starts its own
 * (and stops it with stopPlatform).
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<PlatformState> {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-browser-'));
  const port = await freePort();
  const adminToken = `browser-admin-${Date.now()}-token`;
  const adminPassword = 'Bootstrap-Admin-2026';
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The journeys run on SQLite whatever database the rest of the run uses.
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  Object.assign(env, {
    DATABASE_URL: `file:${path.join(dataDir, 'aftersales.db')}`,
    TEMPORAL_DATA_DIR: dataDir,
    TEMPORAL_LOCAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    BOOTSTRAP_ADMIN_TOKEN: adminToken,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    ...JSON.parse(process.env.BROWSER_PLATFORM_ENV ?? '{}'),
    ...options.env,
  });
  // The platform's output goes to a file in its data folder (read when it fails to start).
  const logFile = path.join(dataDir, 'platform-output.log');
  const fd = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO, 'platform', 'run.ts')], {
    cwd: REPO,
    env,
    stdio: ['ignore', fd, fd],
    detached: true, // its own process group: teardown stops the runner, which stops its parts
  });
  fs.closeSync(fd);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + 240_000;
  for (;;) {
    const out = fs.readFileSync(logFile, 'utf8');
    if (out.includes('Stop with Ctrl-C.')) break;
    if (exited !== undefined) throw new Error(`the platform exited with ${exited}:\n${out}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`the platform did not start within 4 minutes:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.unref();
  const baseURL = `http://127.0.0.1:${port}`;
  const people: Record<string, Person> = {};
  try {
    let n = 0;
    for (const [key, spec] of Object.entries(PEOPLE)) {
      ++n;
      if (!options.people || options.people.includes(key)) people[key] = await person(baseURL, adminToken, key, spec, n);
    }
  } catch (err) {
    process.kill(child.pid!, 'SIGTERM');
    throw err;
  }
  process.stdout.write(`browser journeys: the platform is up at ${baseURL} after ${Math.round((Date.now() - started) / 1000)} s (data in ${dataDir})\n`);
  return { baseURL, pid: child.pid!, dataDir, adminToken, adminPassword, people };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops a platform (SIGTERM: the runner stops the API, the worker and Temporal in order) and removes its data folder. */
export async function stopPlatform(state: PlatformState): Promise<void> {
  if (alive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + 60_000;
    while (alive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (alive(state.pid)) process.kill(-state.pid, 'SIGKILL');
  }
  if (!process.env.KEEP_BROWSER_DATA) fs.rmSync(state.dataDir, { recursive: true, force: true });
}

export default async function globalSetup(): Promise<void> {
  const state = await startPlatform();
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}
