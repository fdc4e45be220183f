// G1 on a single machine: the runner (platform/run.ts, started as `npm start` starts it) keeps its
// processes up. A worker, API or Temporal server killed with SIGKILL is started again and the
// cases go on (actions, and a stage deadline's reminder); a process that keeps crashing stops
// the platform with a message naming it and its log.
import fs from 'node:fs';
import path from 'node:path';
import { CrashHistory, RESTART_POLICY, formatDuration } from '../../platform/supervisor';
import { portAnswers } from '../../platform/pidFile';
import { COMPLAINT_ACTION_BODIES as INPUT, complaintFiling } from '../support/fixtures';
import { killStartedPlatforms, platformEnv, platformHttp, platformProcess, startPlatform, stopPlatform, waitForOutput } from '../support/platform';

jest.setTimeout(300_000);

afterAll(killStartedPlatforms); // a failed assertion must not leave a platform running

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    await sleep(300);
  }
}

describe('the restart policy', () => {
  test('pauses 1 s, 2 s, 4 s … at most 30 s; a minute up resets the pause; the 5th crash within 2 minutes gives up', () => {
    const h = new CrashHistory(RESTART_POLICY);
    let t = 0;
    const pauses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const v = h.crashed((t += 1_000), 1_000);
      if (v.giveUp) throw new Error('gave up too early');
      pauses.push(v.restartInMs);
    }
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(h.crashed((t += 1_000), 1_000)).toEqual({ giveUp: true, crashesInWindow: 5 });

    // Crashing every 50 s never reaches 5 within 2 minutes: the pause grows to its cap instead.
    const slow = new CrashHistory(RESTART_POLICY);
    const slowPauses = Array.from({ length: 8 }, (_, i) => slow.crashed((i + 1) * 50_000, 50_000)).map((v) => (v.giveUp ? 'gave up' : v.restartInMs));
    expect(slowPauses).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);

    // A process that stayed up a minute starts again with the first pause.
    const stable = new CrashHistory(RESTART_POLICY);
    stable.crashed(0, 1_000);
    stable.crashed(1_000, 1_000);
    expect(stable.crashed(200_000, 120_000)).toEqual({ giveUp: false, crashesInWindow: 1, restartInMs: 1_000 });
    expect(formatDuration(RESTART_POLICY.crashWindowMs)).toBe('2m');
  });
});

test('G1: the worker, the API and the Temporal server are each killed (SIGKILL) and started again; actions and a stage deadline still work', async () => {
  const env = await platformEnv({ COMPLAINT_STAGE_DEADLINES: 'analysis=3s', COMPLAINT_REMINDER_INTERVAL: '2s' });
  const http = platformHttp(`http://127.0.0.1:${env.PORT}`);
  const running = await startPlatform(env);
  try {
    const user = async (name: string, roles: string[]) => {
      const res = await http('POST', '/api/v1/users', env.BOOTSTRAP_ADMIN_TOKEN, { name, roles });
      expect(res.status).toBe(201);
      return res.body.token as string;
    };
    const sales = await user('Sales', ['sales']);
    const office = await user('GM office', ['gm_office']);
    const qa = await user('QA', ['qa']);
    const maker = await user('Manufacturing', ['manufacturing']);

    // The worker dies: the runner says so and starts another.
    let from = running.output().length;
    const worker = platformProcess(running, 'worker');
    process.kill(worker, 'SIGKILL');
    let said = await waitForOutput(running, /platform: worker restarted \(pid \d+\)/, from);
    expect(said).toMatch(/platform: worker exited unexpectedly \(signal SIGKILL\) after \S+; restarting it in 1s \(crash 1 within 2m; the 5th stops the platform; log: .*worker\.log\)/);
    expect(platformProcess(running, 'worker')).not.toBe(worker);

    // Then the API.
    from = running.output().length;
    const api = platformProcess(running, 'api');
    process.kill(api, 'SIGKILL');
    said = await waitForOutput(running, /platform: api is ready again/, from);
    expect(said).toMatch(/platform: api exited unexpectedly \(signal SIGKILL\) after \S+; restarting it in 1s/);
    expect(platformProcess(running, 'api')).not.toBe(api);

    // A case goes on through the new processes, and its stage deadline's reminder comes by itself.
    const filed = await http('POST', '/api/v1/complaints', sales, complaintFiling({ orderNo: 'SO-SUPERVISED' }));
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    const registered = await http('POST', `/api/v1/complaints/${id}/actions`, office, INPUT.register);
    expect([registered.status, registered.body.stage]).toEqual([200, 'analysis']);
    const reminders = await eventually(
      'the analysis reminder',
      () => http('GET', `/api/v1/notices?caseId=${id}&type=reminder`, qa),
      (r) => r.status === 200 && r.body.items.length > 0,
    );
    expect(reminders.body.items[0]).toMatchObject({ type: 'reminder', caseId: id, stage: 'analysis', to: ['qa'] });
    expect(Date.parse(reminders.body.items[0].at)).toBe(Date.parse(registered.body.stageDueAt));
    const analyzed = await http('POST', `/api/v1/complaints/${id}/actions`, qa, INPUT.analyze);
    expect([analyzed.status, analyzed.body.stage]).toEqual([200, 'countermeasure']);

    // The Temporal server dies: it is started again on the same file; the worker and the API reconnect by themselves.
    from = running.output().length;
    const temporal = platformProcess(running, 'temporal');
    process.kill(temporal, 'SIGKILL');
    said = await waitForOutput(running, /platform: Temporal dev server restarted \(pid \d+\)/, from);
    expect(said).toMatch(/platform: Temporal dev server exited unexpectedly \(signal SIGKILL\) after \S+; restarting it in 1s/);
    const next = await eventually(
      'the countermeasure to be taken after the Temporal restart',
      async () => {
        const view = await http('GET', `/api/v1/complaints/${id}`, maker);
        if (view.body.stage !== 'countermeasure') return view;
        return http('POST', `/api/v1/complaints/${id}/actions`, maker, INPUT.countermeasure);
      },
      (r) => r.status === 200 && r.body.stage === 'review',
    );
    expect(next.body).toMatchObject({ id, stage: 'review' });
    const history = await http('GET', `/api/v1/complaints/${id}/history`, sales);
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(['file', 'register', 'analyze', 'countermeasure']);
    // Nothing crashed but what was killed.
    expect(running.output().match(/exited unexpectedly/g)).toHaveLength(3);
  } finally {
    expect(await stopPlatform(running)).toBe(0);
  }
});

test('a worker that keeps crashing (5 times within 2 minutes) stops the platform with a message naming it and its log', async () => {
  const env = await platformEnv();
  const running = await startPlatform(env);
  const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
  for (let crash = 1; crash <= 5; crash++) {
    const from = running.output().length;
    process.kill(platformProcess(running, 'worker'), 'SIGKILL');
    if (crash < 5) await waitForOutput(running, /platform: worker restarted/, from);
  }
  expect(await exited).toBe(1);
  const out = running.output();
  const log = path.join(env.TEMPORAL_DATA_DIR, 'worker.log');
  expect(out).toContain('platform: the worker crashed 5 times within 2m; stopping the platform.');
  expect(out).toContain(`platform: the worker's log is ${log}`);
  expect(out).toMatch(/restarting it in 1s[^\n]*\n[\s\S]*restarting it in 2s[\s\S]*restarting it in 4s[\s\S]*restarting it in 8s/);
  // Everything else was stopped in order, and the data folder is free again.
  expect(out.indexOf('stopping...')).toBeGreaterThan(out.indexOf('crashed 5 times'));
  expect(out.trimEnd().endsWith('stopped')).toBe(true);
  expect(await portAnswers('127.0.0.1', Number(env.PORT))).toBe(false);
  expect(await portAnswers('127.0.0.1', Number(env.TEMPORAL_LOCAL_PORT))).toBe(false);
  expect(fs.existsSync(path.join(env.TEMPORAL_DATA_DIR, 'platform.pid'))).toBe(false);
  // The runner noted each restart in the worker's own log.
  expect(fs.readFileSync(log, 'utf8')).toContain('"process":"platform","msg":"platform: worker restarted');
});
