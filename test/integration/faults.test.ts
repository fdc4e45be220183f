// G1, G3: faults on the real parts, each followed by the same check: no case, history event,
// notice or workflow lost or duplicated (test/support/faultsComplaints.ts `expectConsistent`).
// - worker processes (`node --require tsx/cjs worker/main.ts`) killed with -9 while a case waits
//   and while an activity is blocked on a database lock, and stopped with SIGTERM while it hangs;
// - the API dying between its idempotency record and the workflow start, and the reverse;
// - conflicting decisions at once;
// - the Temporal server (file persistence) restarted mid-case and kept down across a deadline.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zComplaintFiling } from '../../domain/complaint/schemas';
import { complaintRulesFrom } from '../../config/caseRules';
import { requestHash } from '../../services/idempotency';
import { type ComplaintWorkflowInput, complaintWorkflow, complaintWorkflowId } from '../../workflows/complaint';
import { createTestDatabaseUrl } from '../support/database';
import {
  type FaultPlatform,
  type HeldLock,
  ProcessReaper,
  type RestartableTemporal,
  type WorkerProcess,
  eventually,
  holdProjectionLock,
  sleep,
  spawnWorker,
  startFaultPlatform,
  startRestartableTemporal,
  useRollbackJournal,
} from '../support/faults';
import { INPUT, type Party, complaintApi, describeResponse, partyOf } from '../support/faultsComplaints';
import { bearer, complaintFiling } from '../support/fixtures';
import { freePort } from '../../platform/ports';

jest.setTimeout(180_000);

/** temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED */
const ACTIVITY_STARTED = 2;
const WORKFLOW_TASK_STARTED = 2;

const reaper = new ProcessReaper();
afterAll(async () => {
  // Whatever a failed test left running.
  await reaper.killAll();
});

function sharedTemporalAddress(): string {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('the jest global setup did not start Temporal');
  return address;
}

describe('worker process faults: kill -9 and SIGTERM of real worker processes', () => {
  let p: FaultPlatform;
  let who: Party;
  let api: ReturnType<typeof complaintApi>;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabaseUrl();
    useRollbackJournal(databaseUrl);
    p = await startFaultPlatform({ temporalAddress: sharedTemporalAddress(), databaseUrl });
    who = await partyOf(p);
    api = complaintApi(p, who);
  });
  afterAll(async () => {
    await reaper.killAll();
    await p?.stop();
  });

  /** An action sent now and answered later (`response`). */
  function send(id: string, by: keyof Party, body: Record<string, unknown>) {
    let settled = false;
    const response = api.action(who[by], id, body).then((res) => {
      settled = true;
      return res;
    });
    return {
      response,
      /**
       * After a failed test: ends the case's workflow so that the request (waiting on its Update)
       * is answered and nothing is left running; bounded.
       */
      async abandon() {
        if (settled) return;
        await p.client.workflow.getHandle(complaintWorkflowId(id)).terminate('fault test cleanup').catch(() => undefined);
        await Promise.race([response.catch(() => undefined), sleep(30_000)]);
      },
    };
  }

  /** Sends `action` with the projection blocked: the lock is taken once the request is authenticated. */
  function sendWithBlockedProjection(id: string, by: keyof Party, body: Record<string, unknown>) {
    let lock: HeldLock | undefined;
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    p.afterAuthentication = async () => {
      lock = await holdProjectionLock(databaseUrl, reaper);
      locked();
    };
    return {
      ...send(id, by, body),
      lockTaken,
      async release() {
        const l = lock;
        lock = undefined;
        await l?.release();
      },
    };
  }

  /**
   * Waits until the action's projection is running on a worker: the projectComplaint activity of a
   * case filed before lean projections, or, for a lean case, the action's workflow task (its
   * projection runs there as a local activity).
   */
  async function projectionRunning(id: string): Promise<void> {
    const handle = p.client.workflow.getHandle(complaintWorkflowId(id));
    await eventually(
      'the projection to be running',
      async () => (await handle.describe()).raw,
      (raw) =>
        (raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'projectComplaint' && a.state === ACTIVITY_STARTED) ||
        raw.pendingWorkflowTask?.state === WORKFLOW_TASK_STARTED,
      30_000,
      100,
    );
  }

  /**
   * The projections in the workflow's Temporal history, and whether one ran again after its worker
   * died: a projectComplaint activity or a local projection completed by a later attempt, or (lean
   * cases, whose projection is a local activity in the action's workflow task) a workflow task that
   * timed out or failed and was taken again. A local projection's failed attempt leaves a marker of
   * its own (its retry waits on a workflow timer): it counts as running again, not as a projection.
   */
  async function projections(id: string): Promise<{ count: number; ranAgain: boolean }> {
    const { events } = await p.client.workflow.getHandle(complaintWorkflowId(id)).fetchHistory();
    const scheduled = new Set<string>();
    let count = 0;
    let ranAgain = false;
    for (const e of events ?? []) {
      if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'projectComplaint') scheduled.add(String(e.eventId));
      const started = e.activityTaskStartedEventAttributes;
      if (started && scheduled.has(String(started.scheduledEventId))) {
        count++;
        if ((started.attempt ?? 0) > 1) ranAgain = true;
      }
      const marker = e.markerRecordedEventAttributes;
      const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
      const detail = data ? Buffer.from(data).toString('utf8') : '';
      if (/"activity_type":"projectComplaintChanges"/.test(detail)) {
        if (marker?.failure) ranAgain = true;
        else count++;
        if (Number(/"attempt":(\d+)/.exec(detail)?.[1] ?? 1) > 1) ranAgain = true;
      }
      if (e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes) ranAgain = true;
    }
    return { count, ranAgain };
  }

  test('G1: kill -9 of the worker while a case waits for a decision; with a new worker the decision through the API completes and the case closes', async () => {
    let worker: WorkerProcess = await spawnWorker(reaper, p.workerEnv());
    let decision: ReturnType<typeof send> | undefined;
    try {
      const at = await api.driveTo(await api.file({ orderNo: 'SO-KILL-IDLE' }), 'decision');
      expect(at.tier).toBe('sales_manager');
      await worker.kill9();
      expect(worker.child.signalCode).toBe('SIGKILL');

      // The decision is sent while no worker runs; it completes once the new worker is up.
      decision = send(at.id, 'sales_manager', INPUT.decide!);
      worker = await spawnWorker(reaper, p.workerEnv());
      const decided = await decision.response;
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({ stage: 'customer_result', decision: { decision: 'approve', tier: 'sales_manager' } });

      await api.driveTo(decided.body, 'closed');
      await api.completed(at.id);
      const state = await api.expectConsistent(at.id);
      expect(state.history.map((h) => h.action)).toEqual([
        'file', 'register', 'analyze', 'countermeasure', 'review', 'check', 'propose', 'consolidate', 'decide', 'record_result', 'confirm', 'close',
      ]);
      expect(state.status).toBe('closed');
    } finally {
      await decision?.abandon();
      await worker.kill9();
    }
  });

  test('G1: kill -9 of the worker while an action’s projection activity is blocked on a database lock; after the lock is released a new worker completes the action exactly once', async () => {
    let worker: WorkerProcess = await spawnWorker(reaper, p.workerEnv());
    let inFlight: ReturnType<typeof sendWithBlockedProjection> | undefined;
    try {
      const at = await api.driveTo(await api.file({ orderNo: 'SO-KILL-ACTIVITY' }), 'analysis');
      inFlight = sendWithBlockedProjection(at.id, 'qa', INPUT.analyze!);
      await inFlight.lockTaken;
      await projectionRunning(at.id);
      await worker.kill9();

      await inFlight.release();
      worker = await spawnWorker(reaper, p.workerEnv());
      // The activity's attempt died with the worker: Temporal retries it after its 30 s start-to-close
      // timeout. The request itself is bounded by REQUEST_TIMEOUT (30 s): it answers 504 while the retry
      // is pending (or 200 when the retry came first), and the action completes either way.
      const res = await inFlight.response;
      if (res.status !== 200 && !(res.status === 504 && (res.body as { error?: { code?: string } }).error?.code === 'timeout')) {
        throw new Error(`the action was refused: ${describeResponse(res)}`);
      }
      const after = await eventually('the action to complete', () => api.get(at.id), (v) => v.stage === 'countermeasure', 60_000);

      const state = await api.expectConsistent(at.id);
      expect(state.history.filter((h) => h.action === 'analyze')).toHaveLength(1);
      // Filing, registration, analysis: the last projection ran again after its attempt died with the worker.
      // A retried projection's record may follow the stage the query shows by a moment.
      expect(await eventually('the projections to be recorded', () => projections(at.id), (v) => v.count === 3, 60_000)).toEqual({ count: 3, ranAgain: true });
      await api.driveTo(after, 'closed');
      await api.completed(at.id);
      const closed = await api.expectConsistent(at.id);
      expect(closed.history.filter((h) => h.action === 'analyze')).toHaveLength(1);
    } finally {
      await inFlight?.release().catch(() => undefined);
      await inFlight?.abandon();
      await worker.kill9();
    }
  });

  test('G1: SIGTERM to a worker whose activity hangs on a database lock: the process exits in bounded time (SHUTDOWN_GRACE 3 s); a new worker then completes the action once', async () => {
    let worker: WorkerProcess = await spawnWorker(reaper, p.workerEnv({ SHUTDOWN_GRACE: '3s' }));
    let inFlight: ReturnType<typeof sendWithBlockedProjection> | undefined;
    try {
      const at = await api.driveTo(await api.file({ orderNo: 'SO-SIGTERM' }), 'analysis');
      inFlight = sendWithBlockedProjection(at.id, 'qa', INPUT.analyze!);
      await inFlight.lockTaken;
      await projectionRunning(at.id);

      // Grace 3 s, then the activity is cancelled (it ignores that: it is stuck in the database);
      // the worker must still exit, within 15 s of the signal.
      const stopped = await worker.terminate(15_000);
      expect(stopped.signal).toBeNull();
      expect(stopped.ms).toBeLessThan(15_000);

      await inFlight.release();
      worker = await spawnWorker(reaper, p.workerEnv());
      // Answered (200) or bounded by REQUEST_TIMEOUT (504) while the activity's retry is pending: the action completes either way.
      const res = await inFlight.response;
      if (res.status !== 200 && !(res.status === 504 && (res.body as { error?: { code?: string } }).error?.code === 'timeout')) {
        throw new Error(`the action was refused: ${describeResponse(res)}`);
      }
      const after = await eventually('the action to complete', () => api.get(at.id), (v) => v.stage === 'countermeasure', 60_000);
      // A retried projection's record may follow the stage the query shows by a moment.
      expect(await eventually('the projections to be recorded', () => projections(at.id), (v) => v.count === 3, 60_000)).toEqual({ count: 3, ranAgain: true });
      await api.driveTo(after, 'closed');
      await api.completed(at.id);
      const state = await api.expectConsistent(at.id);
      expect(state.history.filter((h) => h.action === 'analyze')).toHaveLength(1);
    } finally {
      await inFlight?.release().catch(() => undefined);
      await inFlight?.abandon();
      await worker.kill9();
    }
  });

  test('G1, G4: kill -9 of the worker after an action\'s projection was written, before its workflow task completed: the action taken again later replaces what the dead task projected', async () => {
    let worker: WorkerProcess = await spawnWorker(reaper, p.workerEnv());
    let inFlight: ReturnType<typeof send> | undefined;
    try {
      const at = await api.driveTo(await api.file({ orderNo: 'SO-KILL-AFTER-PROJECTION' }), 'analysis');
      await worker.kill9();
      // This worker writes the analysis (version 3) to the projection, then never finishes its workflow task.
      const env = p.workerEnv({ PROJECTION_THEN_HANG: `${at.id}@3` });
      worker = await spawnWorker(reaper, env, undefined, 'test/support/workerDyingAfterProjection.ts');
      inFlight = send(at.id, 'qa', INPUT.analyze!);
      const projected = await eventually(
        'the analysis to be projected',
        () => p.db.caseEvent.findUnique({ where: { caseType_caseId_seq: { caseType: 'complaint', caseId: at.id, seq: 3 } } }),
        (e) => e !== null,
        60_000,
      );
      await eventually('the worker to hang after the projection', async () => worker.output(), (out) => out.includes('hanging'), 10_000);
      await worker.kill9();

      // Temporal times the task out and hands it to the new worker, which takes the action again, later.
      worker = await spawnWorker(reaper, p.workerEnv());
      const res = await inFlight.response;
      if (res.status !== 200 && !(res.status === 504 && (res.body as { error?: { code?: string } }).error?.code === 'timeout')) {
        throw new Error(`the action was refused: ${describeResponse(res)}`);
      }
      await eventually('the action to complete', () => api.get(at.id), (v) => v.stage === 'countermeasure', 60_000);
      const state = await api.expectConsistent(at.id);
      const analysis = state.history[2]!;
      expect(analysis.action).toBe('analyze');
      expect(Date.parse(analysis.at)).toBeGreaterThan(projected!.at.getTime());
      expect((await projections(at.id)).ranAgain).toBe(true);

      // The projection holds the workflow's state, not the dead task's: the case row and the history entry.
      const row = await p.db.complaintCase.findUniqueOrThrow({ where: { id: at.id } });
      expect(JSON.parse(row.state)).toEqual(JSON.parse(JSON.stringify(state)));
      const entry = await p.db.caseEvent.findUniqueOrThrow({ where: { caseType_caseId_seq: { caseType: 'complaint', caseId: at.id, seq: 3 } } });
      expect(entry.at.toISOString()).toBe(analysis.at);
    } finally {
      await inFlight?.abandon();
      await worker.kill9();
    }
  });

  test('no case was lost or duplicated by the faults above', async () => {
    await api.expectNoExtraCases();
  });
});

describe('API faults: idempotent filing across a crash, conflicting decisions', () => {
  let p: FaultPlatform;
  let who: Party;
  let api: ReturnType<typeof complaintApi>;

  beforeAll(async () => {
    p = await startFaultPlatform({ temporalAddress: sharedTemporalAddress(), databaseUrl: await createTestDatabaseUrl(), inProcessWorker: true });
    who = await partyOf(p);
    api = complaintApi(p, who);
  });
  afterAll(async () => {
    await p?.stop();
  });

  const SCOPE = 'POST /api/v1/complaints';
  const post = (key: string, body: unknown) =>
    p.http.post('/api/v1/complaints').set(bearer(who.sales.token)).set('Idempotency-Key', key).send(body as object);
  const runsOf = async (id: string) => (await p.client.workflow.count(`WorkflowId = "${complaintWorkflowId(id)}"`)).count;

  test('G1: the API died after writing its idempotency record, before starting the workflow: the retry starts that very case once', async () => {
    const body = complaintFiling({ orderNo: 'SO-CRASH-BEFORE-START' });
    const key = `crash-${randomUUID()}`;
    const resourceId = randomUUID();
    // What the first attempt wrote before dying: the record, in flight (no status), with the id it chose.
    await p.db.idempotencyRecord.create({
      data: { id: randomUUID(), userId: who.sales.id, scope: SCOPE, key, requestHash: requestHash(body), resourceId },
    });
    api.track(resourceId);

    const retry = await post(key, body);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: resourceId, stage: 'registration', status: 'open' });
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const again = await post(key, body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(resourceId);
    expect(await p.db.idempotencyRecord.findMany({ where: { userId: who.sales.id, key } })).toEqual([
      expect.objectContaining({ resourceId, status: 201 }),
    ]);

    await eventually('the workflow to be visible', () => runsOf(resourceId), (n) => n > 0);
    expect(await runsOf(resourceId)).toBe(1);
    await api.expectConsistent(resourceId);
    await api.expectNoExtraCases();
  });

  test('G1: the API died after starting the workflow, before completing its idempotency record: the retry answers with the same case and starts nothing', async () => {
    const body = complaintFiling({ orderNo: 'SO-CRASH-AFTER-START' });
    const key = `crash-${randomUUID()}`;
    const resourceId = randomUUID();
    await p.db.idempotencyRecord.create({
      data: { id: randomUUID(), userId: who.sales.id, scope: SCOPE, key, requestHash: requestHash(body), resourceId },
    });
    // ... and the workflow the first attempt started, exactly as the route starts it.
    const input: ComplaintWorkflowInput = {
      id: resourceId,
      filing: zComplaintFiling().parse(body),
      filedBy: { id: who.sales.id, name: who.sales.name },
      filedAt: new Date().toISOString(),
      rules: complaintRulesFrom(p.config),
    };
    await p.client.workflow.start(complaintWorkflow, {
      workflowId: complaintWorkflowId(resourceId),
      taskQueue: p.config.temporal.taskQueue,
      args: [input],
    });
    api.track(resourceId);
    // The case moved on before the client retried.
    await eventually('the first projection', () => p.db.complaintCase.count({ where: { id: resourceId } }), (n) => n === 1);
    await api.act(who.gm_office, resourceId, INPUT.register!);

    const retry = await post(key, body);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: resourceId, stage: 'analysis', createdAt: input.filedAt });
    const again = await post(key, body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(resourceId);

    await eventually('the workflow to be visible', () => runsOf(resourceId), (n) => n > 0);
    expect(await runsOf(resourceId)).toBe(1);
    await api.expectConsistent(resourceId);
    await api.expectNoExtraCases();
  });

  test('G1: two retries of one filing at once (same key, same body): one case, one workflow, the same id to both', async () => {
    const body = complaintFiling({ orderNo: 'SO-RETRY-RACE' });
    const key = `race-${randomUUID()}`;
    const [a, b] = await Promise.all([post(key, body), post(key, body)]);
    if (a.status !== 201 || b.status !== 201) throw new Error(`expected 201 twice: ${describeResponse(a)} / ${describeResponse(b)}`);
    expect(a.body.id).toBe(b.body.id);
    api.track(a.body.id);
    await eventually('the workflow to be visible', () => runsOf(a.body.id), (n) => n > 0);
    expect(await runsOf(a.body.id)).toBe(1);
    await api.expectConsistent(a.body.id);
    await api.expectNoExtraCases();
  });

  test('C8, G2: conflicting decisions at once (the sales manager approves, the VP rejects): exactly one wins, the other gets 409; one decide in the history', async () => {
    const cases = await Promise.all([0, 1, 2].map(async (i) => api.driveTo(await api.file({ orderNo: `SO-DECIDE-RACE-${i}` }), 'decision')));
    const outcomes = await Promise.all(
      cases.map(async (c) => {
        expect(c.tier).toBe('sales_manager'); // both may decide it
        const [approve, reject] = await Promise.all([
          api.action(who.sales_manager, c.id, { action: 'decide', decision: 'approve' }),
          api.action(who.vp, c.id, { action: 'decide', decision: 'reject', comment: 'Not justified' }),
        ]);
        return { id: c.id, approve, reject };
      }),
    );
    for (const { id, approve, reject } of outcomes) {
      expect([approve.status, reject.status].sort()).toEqual([200, 409]);
      const [winner, loser, decision] = approve.status === 200 ? [approve, reject, 'approve'] : [reject, approve, 'reject'];
      expect(['conflict', 'wrong_stage']).toContain(loser.body.error.code);
      expect(winner.body).toMatchObject({ stage: 'customer_result', decision: { decision } });
      const state = await api.expectConsistent(id);
      const decides = state.history.filter((h) => h.action === 'decide');
      expect(decides).toHaveLength(1);
      expect(decides[0]!.data).toMatchObject({ decision });
      expect(decides[0]!.actor.id).toBe(decision === 'approve' ? who.sales_manager.id : who.vp.id);
    }
    await api.expectNoExtraCases();
  });
});

describe('Temporal server faults: a restart of the local server (file persistence) under a running API and worker', () => {
  const ANALYSIS_DEADLINE_S = 8;
  let dir: string;
  let temporal: RestartableTemporal;
  let p: FaultPlatform;
  let who: Party;
  let api: ReturnType<typeof complaintApi>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-faults-'));
    temporal = await startRestartableTemporal(dir, await freePort());
    p = await startFaultPlatform({
      temporalAddress: temporal.address,
      databaseUrl: await createTestDatabaseUrl(),
      inProcessWorker: true,
      env: { COMPLAINT_STAGE_DEADLINES: `analysis=${ANALYSIS_DEADLINE_S}s`, COMPLAINT_REMINDER_INTERVAL: '1h' },
    });
    who = await partyOf(p);
    api = complaintApi(p, who);
  });
  afterAll(async () => {
    await temporal?.start(); // the worker drains against a running server
    await p?.stop();
    await temporal?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('G1: the Temporal server restarts mid-case; the API and the worker reconnect by themselves, the case continues and nothing is lost', async () => {
    const at = await api.driveTo(await api.file({ orderNo: 'SO-TEMPORAL-RESTART' }), 'review');
    const before = await api.state(at.id);

    await temporal.stop();
    // The read model still answers while Temporal is down.
    const listed = await p.http.get('/api/v1/complaints?stage=review').set(bearer(who.auditor.token));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((v: { id: string }) => v.id)).toEqual([at.id]);
    // So does one case, as of its last action, when its workflow cannot be asked.
    const one = await p.http.get(`/api/v1/complaints/${at.id}`).set(bearer(who.auditor.token));
    expect([one.status, one.body.id, one.body.number, one.body.stage]).toEqual([200, at.id, at.number, 'review']);
    await temporal.start();

    const after = await eventually('the case to answer after the restart', () => api.get(at.id), (v) => v.stage === 'review', 60_000);
    expect(after).toMatchObject({ id: at.id, number: at.number, stage: 'review', status: 'open' });
    expect((await api.state(at.id)).history).toEqual(before.history);

    await api.driveTo(after, 'closed');
    await api.completed(at.id);
    const state = await api.expectConsistent(at.id);
    expect(state.history.slice(0, before.history.length)).toEqual(before.history);
    expect(state.status).toBe('closed');
  });

  test(`G3, C19: the Temporal server is down across a stage deadline (analysis ${ANALYSIS_DEADLINE_S} s, reminders hourly): after the restart the reminder fires exactly once`, async () => {
    const registered = await api.act(who.gm_office, (await api.file({ orderNo: 'SO-TEMPORAL-DOWN' })).id, INPUT.register!);
    const id = registered.id;
    expect(registered.stage).toBe('analysis');
    const due = Date.parse(registered.stageDueAt);

    await temporal.stop();
    if (Date.now() >= due) throw new Error('stopping the Temporal server took longer than the stage deadline; the test proves nothing');
    // Down across the deadline: nothing can fire, nothing is written.
    await sleep(due - Date.now() + 2_000);
    expect(await p.db.notice.count({ where: { caseId: id } })).toBe(0);
    await temporal.start();

    const reminders = await eventually('the reminder after the restart', () => p.db.notice.findMany({ where: { caseId: id } }), (n) => n.length > 0, 60_000);
    expect(reminders).toEqual([expect.objectContaining({ dedupeKey: `${id}:reminder:1:1`, type: 'reminder', stage: 'analysis' })]);
    expect(reminders[0]!.at.getTime()).toBe(due);
    const state = await eventually('the workflow to count the reminder', () => api.state(id), (s) => s.visits[1]?.remindersSent === 1);
    expect(state.visits.map((v) => v.remindersSent)).toEqual([0, 1]);
    expect((await api.get(id)).overdue).toBe(true);

    // Finish the case: still exactly that one reminder (plus C19's follow-up for the late stage).
    await api.driveTo(registered, 'closed');
    await api.completed(id);
    const closed = await api.expectConsistent(id);
    expect(closed.visits[1]!.remindersSent).toBe(1);
    expect(await p.db.notice.count({ where: { caseId: id, type: 'reminder' } })).toBe(1);
  });

  test('no case was lost or duplicated by the restarts', async () => {
    await api.expectNoExtraCases();
  });
});
