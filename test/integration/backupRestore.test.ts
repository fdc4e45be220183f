// Backup and restore of a single-machine installation (npm run backup / npm run restore): a case
// with a pending stage deadline is backed up while the platform runs, the platform is stopped, the
// backup is restored into a fresh data folder and database, and the platform started there: the
// case, its users and its history are there, an action succeeds and the deadline's timer fires.
// On SQLite by default; DATABASE_URL=postgresql://… runs it on PostgreSQL (pg_dump / pg_restore).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { REPO_ROOT } from '../../config';
import { isPostgresUrl, withDatabaseName } from '../../platform/database';
import { testDatabasePrefix } from '../support/database';
import { COMPLAINT_ACTION_BODIES as INPUT, complaintFiling } from '../support/fixtures';
import { killStartedPlatforms, platformEnv, platformHttp, startPlatform, stopPlatform } from '../support/platform';

jest.setTimeout(300_000);

afterAll(killStartedPlatforms); // a failed assertion must not leave a platform running

const STAGE_DEADLINE_S = 25;
const onPostgres = isPostgresUrl(process.env.DATABASE_URL);

/** `npm run <script> -- args` with `env` over this process's environment (undefined unsets). */
function npmRun(script: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: REPO_ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

/** An empty database to restore into: a new PostgreSQL database (dropped by the run's teardown) or a SQLite path not yet there. */
async function emptyDatabase(dir: string): Promise<string> {
  if (!onPostgres) return `file:${path.join(dir, 'restored.db')}`;
  const name = `${testDatabasePrefix()}restored_${randomBytes(4).toString('hex')}`;
  const admin = new PgClient({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return withDatabaseName(process.env.DATABASE_URL!, name);
}

async function eventually<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (ok(value)) return value;
      last = value;
    } catch (err) {
      last = `error: ${(err as Error).message}`;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 1000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test(`G1: a case backed up while the platform runs, restored into a fresh data folder and ${onPostgres ? 'PostgreSQL' : 'SQLite'} database, continues there and its timer fires`, async () => {
  // The payload keys are the installation's own (generated into the data folder), so the backup must carry them.
  const rules = { COMPLAINT_STAGE_DEADLINES: `countermeasure=${STAGE_DEADLINE_S}s`, COMPLAINT_REMINDER_INTERVAL: '1h', PAYLOAD_KEYS: undefined };
  const first = { ...(await platformEnv()), ...rules };
  const http = platformHttp(`http://127.0.0.1:${first.PORT}`);
  let running = await startPlatform(first);
  const backupDir = path.join(fs.mkdtempSync(path.join(process.env.TEST_TMP_DIR ?? os.tmpdir(), 'backup-')), 'nightly');
  let who: { sales: string; office: string; qa: string; maker: string };
  let id: string;
  let registered: Record<string, any>;
  let dueAt: number;
  try {
    const user = async (name: string, roles: string[]) => (await http('POST', '/api/v1/users', first.BOOTSTRAP_ADMIN_TOKEN, { name, roles })).body.token as string;
    who = { sales: await user('Sales', ['sales']), office: await user('GM office', ['gm_office']), qa: await user('QA', ['qa']), maker: await user('Manufacturing', ['manufacturing']) };
    const filed = await http('POST', '/api/v1/complaints', who.sales, complaintFiling({ orderNo: 'SO-BACKUP' }));
    expect(filed.status).toBe(201);
    id = filed.body.id;
    registered = (await http('POST', `/api/v1/complaints/${id}/actions`, who.office, INPUT.register)).body;
    const analyzed = await http('POST', `/api/v1/complaints/${id}/actions`, who.qa, INPUT.analyze);
    expect([analyzed.status, analyzed.body.stage]).toEqual([200, 'countermeasure']);
    dueAt = Date.parse(analyzed.body.stageDueAt);

    // Backed up while running, before the deadline.
    const taken = await npmRun('backup', [backupDir], first);
    expect([taken.code, taken.out]).toEqual([0, expect.stringContaining(`backup complete: ${backupDir}`)]);
    expect(Date.now()).toBeLessThan(dueAt);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 1,
      platform: { version: expect.any(String) },
      database: { kind: onPostgres ? 'postgresql' : 'sqlite', file: onPostgres ? 'platform.pgdump' : 'platform.sqlite', bytes: expect.any(Number) },
      temporal: { kind: 'local dev server', file: 'temporal.db', source: path.join(first.TEMPORAL_DATA_DIR, 'temporal.db') },
      secrets: [
        { name: 'payload-keys', keyIds: ['k1'], file: 'payload-keys' },
        // BOOTSTRAP_ADMIN_TOKEN is given in the environment here, so there is no token file to copy.
      ],
    });
    expect(manifest.secrets).toHaveLength(1);
    for (const f of [manifest.database, manifest.temporal, ...manifest.secrets]) expect(fs.statSync(path.join(backupDir, f.file)).size).toBe(f.bytes);

    // A restore is refused while the platform runs.
    const whileRunning = await npmRun('restore', [backupDir, '--force'], first);
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.out).toMatch(/restore failed: the platform is running \(its runner is process \d+, see .*platform\.pid\); stop it before restoring/);
  } finally {
    expect(await stopPlatform(running)).toBe(0);
  }
  // Over the existing installation only with --force.
  const overwrite = await npmRun('restore', [backupDir], first);
  expect(overwrite.code).toBe(1);
  expect(overwrite.out).toContain('restore failed: restoring would overwrite');
  expect(overwrite.out).toContain('add --force to replace them');

  // Restored into a fresh data folder and an empty database.
  const fresh = await platformEnv();
  const dataDir = fresh.TEMPORAL_DATA_DIR;
  const second = { ...fresh, ...rules, DATABASE_URL: await emptyDatabase(dataDir) };
  const restored = await npmRun('restore', [backupDir], second);
  expect([restored.code, restored.out]).toEqual([0, expect.stringContaining('restore complete')]);
  expect(fs.readFileSync(path.join(dataDir, 'payload-keys'), 'utf8')).toBe(fs.readFileSync(path.join(first.TEMPORAL_DATA_DIR, 'payload-keys'), 'utf8'));
  // The backup was taken before the deadline, so a reminder found below can only come from the timer firing here
  // (at once, if the deadline passed while the platform was stopped).

  const http2 = platformHttp(`http://127.0.0.1:${second.PORT}`);
  running = await startPlatform(second);
  try {
    expect(running.output()).toContain(`Payload keys:     ${path.join(dataDir, 'payload-keys')}`);
    // The case, its users and its history are there.
    const view = await http2('GET', `/api/v1/complaints/${id}`, who.sales);
    expect([view.status, view.body]).toEqual([200, expect.objectContaining({ id, number: registered.number, stage: 'countermeasure' })]);
    const history = await http2('GET', `/api/v1/complaints/${id}/history`, who.sales);
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(['file', 'register', 'analyze']);

    // The stage deadline's timer fires in the restored installation, once.
    const reminders = await eventually(
      'the countermeasure reminder',
      () => http2('GET', `/api/v1/notices?caseId=${id}&type=reminder`, who.maker),
      (r) => r.status === 200 && r.body.items.length > 0,
      STAGE_DEADLINE_S * 1000 + 60_000,
    );
    expect(reminders.body.items).toEqual([expect.objectContaining({ stage: 'countermeasure', to: ['manufacturing'], at: new Date(dueAt).toISOString() })]);

    // And the case continues.
    const next = await http2('POST', `/api/v1/complaints/${id}/actions`, who.maker, INPUT.countermeasure);
    expect([next.status, next.body.stage]).toEqual([200, 'review']);
    const another = await http2('POST', '/api/v1/complaints', who.sales, complaintFiling({ orderNo: 'SO-AFTER-RESTORE' }));
    expect(another.status).toBe(201);
    const numbered = await http2('POST', `/api/v1/complaints/${another.body.id}/actions`, who.office, INPUT.register);
    expect(numbered.body.number).not.toBe(registered.number); // the C2 numbering went on from the backup
  } finally {
    expect(await stopPlatform(running)).toBe(0);
  }
});
