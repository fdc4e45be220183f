// G1: activities retry with bounded back-off; a failure that outlasts the retries makes the case
// wait on a durable timer and try again (the administrators are told once), so a long outage delays
// a case and never loses it; a failure that can never pass ends the work at once with its error.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { loadConfig } from '../../config';
import { createActivities } from '../../activities';
import { type Database, createDatabase } from '../../db/client';
import { zComplaintFiling } from '../../domain/complaint/schemas';
import { complaintRulesFrom } from '../../config/caseRules';
import { ACTIVITY_RETRY } from '../../workflows/kernel';
import { complaintActionUpdate, complaintQuery, complaintStateQuery, complaintWorkflow, complaintWorkflowId } from '../../workflows/complaint';
import { monthlyReportWorkflow } from '../../workflows/monthlyReport';
import { createTestDatabaseUrl } from '../support/database';
import { COMPLAINT_ACTION_BODIES, complaintFiling } from '../support/fixtures';
import { createTimeSkippingEnv } from '../support/timeSkipping';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let db: Database;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `patience-${randomUUID()}`;
/** How many times the case's projection has been tried, and how many of those fail (the database "down"). */
const projection = { calls: 0, failFirst: 0 };

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
  env = await createTimeSkippingEnv();
  db = createDatabase(await createTestDatabaseUrl());
  const config = loadConfig({});
  const real = createActivities({ db, timeZone: config.timeZone, accounting: config.accounting, customerMessages: config.customerMessages });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities: {
      ...real,
      // The database is unreachable for the first `failFirst` attempts.
      async projectComplaint(input: Parameters<typeof real.projectComplaint>[0]) {
        projection.calls += 1;
        if (projection.calls <= projection.failFirst) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return real.projectComplaint(input);
      },
      // The same for a lean case's projection (a local activity in the action's workflow task).
      async projectComplaintChanges(input: Parameters<typeof real.projectComplaintChanges>[0]) {
        projection.calls += 1;
        if (projection.calls <= projection.failFirst) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return real.projectComplaintChanges(input);
      },
    },
  });
  running = worker.run();
});

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await running;
  }
  await env?.teardown();
  await db?.$disconnect();
});

test('G1: a projection that fails past its retries waits on a durable timer, tells the administrators once, and then completes', async () => {
  projection.calls = 0;
  projection.failFirst = ACTIVITY_RETRY.maximumAttempts * 2; // two full rounds of retries
  const id = randomUUID();
  const handle = await env.client.workflow.start(complaintWorkflow, {
    taskQueue,
    workflowId: complaintWorkflowId(id),
    args: [{ id, filing: zComplaintFiling().parse(complaintFiling()), filedBy: { id: 'sales-1', name: 'Li Sales' }, filedAt: new Date(Number(await env.currentTimeMs())).toISOString(), rules: complaintRulesFrom(loadConfig({})) }],
  });
  const deadline = Date.now() + 120_000;
  while (!(await db.complaintCase.findUnique({ where: { id } }))) {
    if (Date.now() > deadline) throw new Error(`the case was never projected (${projection.calls} attempts)`);
    await env.sleep('1 minute');
  }
  expect(projection.calls).toBe(ACTIVITY_RETRY.maximumAttempts * 2 + 1);
  const stalled = await db.notice.findMany({ where: { caseId: id, stage: 'stalled' } });
  expect(stalled).toHaveLength(1);
  expect(JSON.parse(stalled[0]!.to)).toEqual(['admin']);
  expect(stalled[0]!.message).toContain('projectComplaint');
  expect((await handle.query(complaintQuery)).stage).toBe('registration');
});

test('G1: a case whose projection lost its last change (the database restored from an earlier backup) is projected whole at its next action', async () => {
  projection.calls = 0;
  projection.failFirst = 0;
  const id = randomUUID();
  const handle = await env.client.workflow.start(complaintWorkflow, {
    taskQueue,
    workflowId: complaintWorkflowId(id),
    args: [{ id, filing: zComplaintFiling().parse(complaintFiling()), filedBy: { id: 'sales-1', name: 'Li Sales' }, filedAt: new Date(Number(await env.currentTimeMs())).toISOString(), rules: complaintRulesFrom(loadConfig({})) }],
  });
  const deadline = Date.now() + 60_000;
  let backup = await db.complaintCase.findUnique({ where: { id } });
  while (!backup) {
    if (Date.now() > deadline) throw new Error('the case was never projected');
    await new Promise((resolve) => setTimeout(resolve, 100));
    backup = await db.complaintCase.findUnique({ where: { id } });
  }
  await handle.executeUpdate(complaintActionUpdate, { args: [{ actor: { id: 'gm-office-1', name: 'Zhao GM-Office', roles: ['gm_office'] }, input: { action: 'register' } }] });
  expect(await db.complaintCase.findUnique({ where: { id } })).toMatchObject({ stage: 'analysis', version: 2 });

  // The database comes back from the backup taken after the filing: the registration is gone from it.
  const { id: _id, ...restored } = backup;
  await db.complaintCase.update({ where: { id }, data: restored });
  await db.caseEvent.deleteMany({ where: { caseType: 'complaint', caseId: id, seq: { gt: backup.version } } });

  await handle.executeUpdate(complaintActionUpdate, { args: [{ actor: { id: 'qa-1', name: 'Wang QA', roles: ['qa'] }, input: COMPLAINT_ACTION_BODIES.analyze }] });
  const state = await handle.query(complaintStateQuery);
  const row = await db.complaintCase.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ stage: state.stage, number: state.number, version: state.history.length });
  expect(row.stage).not.toBe('analysis');
  expect(await db.caseEvent.count({ where: { caseType: 'complaint', caseId: id } })).toBe(state.history.length);
});

test('G1, G5: a month that can never be compiled ends its job at once with the error, instead of retrying forever', async () => {
  const run = env.client.workflow.execute(monthlyReportWorkflow, { taskQueue, workflowId: `monthly-report-bad-${randomUUID()}`, args: [{ month: '0000-01' }] });
  const failure = await run.then(
    () => null,
    (err: unknown) => err,
  );
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  expect((failure as WorkflowFailedError).cause).toMatchObject({ type: 'invalid_input', nonRetryable: true });
});
