// The complaint workflow at full length in the time-skipping environment (C17, C18, C19, G3):
// real activities on a fresh database, the default stage deadlines, 13 days domestic and 17 days
// foreign. Days pass in seconds; the durable timers fire by themselves.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { createActivities } from '../../activities';
import { type Database, createDatabase } from '../../db/client';
import { DEFAULT_THRESHOLDS } from '../../domain/authority';
import type { ComplaintRules } from '../../domain/complaint/machine';
import { zComplaintFiling } from '../../domain/complaint/schemas';
import { DEFAULT_STAGE_DEADLINES_MS } from '../../domain/complaint/stages';
import type { ComplaintView } from '../../domain/complaint/machine';
import { complaintActionUpdate, complaintStateQuery, complaintWorkflow, complaintWorkflowId } from '../../workflows/complaint';
import { createTestDatabaseUrl } from '../support/database';
import { complaintFiling } from '../support/fixtures';
import { createTimeSkippingEnv } from '../support/timeSkipping';

jest.setTimeout(180_000);

const DAY = 24 * 60 * 60 * 1000;
const RULES: ComplaintRules = {
  caseDeadlineMs: { domestic: 13 * DAY, foreign: 17 * DAY },
  stageDeadlineMs: { ...DEFAULT_STAGE_DEADLINES_MS },
  reminderIntervalMs: 1 * DAY,
  jointInspectionReportMs: 3 * DAY,
  authority: DEFAULT_THRESHOLDS,
};

let env: TestWorkflowEnvironment;
let db: Database;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `complaint-timeskipping-${randomUUID()}`;

beforeAll(async () => {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  env = await createTimeSkippingEnv();
  db = createDatabase(await createTestDatabaseUrl());
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
    activities: createActivities({ db, timeZone: 'Asia/Shanghai', accounting: loadConfig({}).accounting, customerMessages: loadConfig({}).customerMessages }),
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

/** Files a case and has the GM office register it (C2, C17: the case clock starts here). */
async function fileAndRegister(market: 'domestic' | 'foreign') {
  const id = randomUUID();
  const filedAt = new Date(Number(await env.currentTimeMs())).toISOString();
  const handle = await env.client.workflow.start(complaintWorkflow, {
    taskQueue,
    workflowId: complaintWorkflowId(id),
    args: [
      {
        id,
        filing: zComplaintFiling().parse(complaintFiling({ market, customer: { name: market === 'domestic' ? 'Hangzhou Precision Co.' : 'Osaka Trading', country: market === 'domestic' ? 'CN' : 'JP' } })),
        filedBy: { id: 'sales-1', name: 'Li Sales' },
        filedAt,
        rules: RULES,
      },
    ],
  });
  // Asked for no version, the workflow answers with the view.
  const view = (await handle.executeUpdate(complaintActionUpdate, {
    args: [{ actor: { id: 'gm-office-1', name: 'Zhao GM-Office', roles: ['gm_office'] }, input: { action: 'register' } }],
  })) as ComplaintView;
  expect(view).toMatchObject({ stage: 'analysis', status: 'open', number: expect.stringMatching(/^\d{4}-\d{2,}$/) });
  const registeredAt = Date.parse((await handle.query(complaintStateQuery)).registeredAt!);
  return { id, handle, view, registeredAt };
}

/** Waits (bounded) until every notice the workflow counted is in the database. */
async function settled(id: string, handle: Awaited<ReturnType<typeof fileAndRegister>>['handle']) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await handle.query(complaintStateQuery);
    const counted = state.visits.reduce((n, v) => n + v.remindersSent, 0) + (state.noticesSent.includes(`${id}:escalation:case`) ? 1 : 0);
    const stored = await db.notice.count({ where: { caseId: id } });
    if (stored === counted) return state;
    if (Date.now() > deadline) throw new Error(`notices not settled: the workflow counted ${counted}, the database holds ${stored}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function remindersOf(id: string, stage: string) {
  return db.notice.findMany({ where: { caseId: id, type: 'reminder', stage }, orderBy: { at: 'asc' } });
}

test('C17, C19: a domestic case left in analysis escalates once after 13 days; analysis reminders every day from its 2-day deadline', async () => {
  const { id, handle, view, registeredAt } = await fileAndRegister('domestic');
  expect(Date.parse(view.dueAt!)).toBe(registeredAt + 13 * DAY);
  expect(Date.parse(view.stageDueAt!)).toBe(registeredAt + 2 * DAY); // C18: analysis, 2 days

  await env.sleep('14 days');
  const state = await settled(id, handle);

  const escalations = await db.notice.findMany({ where: { caseId: id, type: 'escalation' } });
  expect(escalations).toHaveLength(1);
  expect(escalations[0]).toMatchObject({ stage: 'analysis', to: JSON.stringify(['gm_office', 'gm']), dedupeKey: `${id}:escalation:case` });
  expect(escalations[0]!.at.getTime()).toBe(registeredAt + 13 * DAY);

  const reminders = await remindersOf(id, 'analysis');
  // Due after 2 days, then every day: days 2..13 at least (day 14 itself may or may not have fired yet).
  expect(reminders.length).toBeGreaterThanOrEqual(12);
  expect(reminders.length).toBeLessThanOrEqual(13);
  expect(reminders.map((r) => r.at.getTime())).toEqual(reminders.map((_, k) => registeredAt + (2 + k) * DAY));
  expect(reminders.every((r) => r.to === JSON.stringify(['qa']))).toBe(true);
  expect(reminders.length).toBe(state.visits[1]!.remindersSent);

  // Still open and overdue; the escalation does not repeat as more days pass.
  await env.sleep('3 days');
  await settled(id, handle);
  expect(await db.notice.count({ where: { caseId: id, type: 'escalation' } })).toBe(1);
  expect((await remindersOf(id, 'analysis')).length).toBeGreaterThanOrEqual(15);
  const projected = await db.complaintCase.findUniqueOrThrow({ where: { id } });
  expect(projected).toMatchObject({ status: 'open', stage: 'analysis' });
});

test('C17: a foreign case has no escalation after 14 days and exactly one after 18 days (17-day limit)', async () => {
  const { id, handle, view, registeredAt } = await fileAndRegister('foreign');
  expect(Date.parse(view.dueAt!)).toBe(registeredAt + 17 * DAY);

  await env.sleep('14 days');
  await settled(id, handle);
  expect(await db.notice.count({ where: { caseId: id, type: 'escalation' } })).toBe(0);
  expect((await remindersOf(id, 'analysis')).length).toBeGreaterThanOrEqual(12);

  await env.sleep('4 days');
  await settled(id, handle);
  const escalations = await db.notice.findMany({ where: { caseId: id, type: 'escalation' } });
  expect(escalations).toHaveLength(1);
  expect(escalations[0]!.at.getTime()).toBe(registeredAt + 17 * DAY);
  expect(escalations[0]!.to).toBe(JSON.stringify(['gm_office', 'gm']));
});
