// The daily operations run on the real stack: S13 (calls not dispatched today get priority dispatch
// tomorrow, the register reconciliation notice) and S20 (a digest of overdue open items per service
// centre for the service department), run the way the Temporal Schedule runs it, idempotently; and
// the schedule itself, created at worker start-up and updated rather than duplicated.
import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { loadConfig } from '../../config';
import { addDays, localDateIn } from '../../domain/localTime';
import { dailyScheduleId, ensureDailySchedule } from '../../temporal/schedules';
import { dailyOperationsWorkflow } from '../../workflows/dailyOperations';
import { bearer } from '../support/fixtures';
import { type TestStack, startTestStack } from '../support/stack';
import { type ServiceParty, eventually, servicePartyOf, serviceApi } from './serviceHelpers';

jest.setTimeout(120_000);

let stack: TestStack;
let p: ServiceParty;
let api: ReturnType<typeof serviceApi>;

beforeAll(async () => {
  stack = await startTestStack({ SERVICE_CALENDAR_ALWAYS_OPEN: 'true', ARRIVAL_SLA_URBAN: '1s', ARRIVAL_SLA_SUBURBAN: '1h', SURVEY_DELAY: '1h' });
  p = await servicePartyOf(stack);
  api = serviceApi(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const runDaily = () =>
  stack.client.workflow.execute(dailyOperationsWorkflow, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: `daily-test-${randomUUID()}`,
    args: [{ at: new Date().toISOString() }],
  });

test('S13: calls not dispatched today get priority dispatch tomorrow; the register is reconciled; a second run changes nothing', async () => {
  const waiting = await api.register(p.clerk, { area: 'suburban' });
  const dispatched = await api.register(p.clerk, { area: 'suburban' });
  await api.act(p.service_supervisor, dispatched.id, { action: 'dispatch', technicianId: p.tech.id });
  await api.projected(waiting.id, 1);
  await api.projected(dispatched.id, 2);
  const today = localDateIn(stack.config.timeZone, new Date());
  const tomorrow = addDays(today, 1);

  const result = await runDaily();
  expect(result.today).toBe(today);
  expect(result.prioritized).toContain(waiting.id);
  expect(result.prioritized).not.toContain(dispatched.id);
  const view = await eventually('priority in the call', () => api.get(p.service_supervisor, waiting.id), (v) => v.priority !== null);
  expect(view.priority).toMatchObject({ date: tomorrow });
  const history = await api.history(p.auditor, waiting.id);
  expect(history[1]).toMatchObject({ action: 'prioritize', actor: { id: 'system' }, data: { date: tomorrow } });
  expect((await api.get(p.service_supervisor, dispatched.id)).priority).toBeNull();
  // Projected: listed as priority, first among the supervisor's tasks.
  await api.projected(waiting.id, 2);
  const listed = await stack.http.get('/api/v1/service-calls?priority=true').set(bearer(p.service_supervisor.token));
  expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(waiting.id);
  expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(dispatched.id);
  const tasks = await api.tasks(p.service_supervisor);
  const first = tasks.find((t) => t.caseType === 'service_call');
  expect(first).toMatchObject({ priority: true });
  expect(tasks.find((t) => t.caseId === waiting.id)).toMatchObject({ action: 'dispatch', priority: true });
  const register = await stack.db.notice.findMany({ where: { caseId: `register-${today}` } });
  expect(register).toEqual([expect.objectContaining({ type: 'reminder', to: '["clerk","service_supervisor"]' })]);
  expect(register[0]!.message).toContain(`priority dispatch on ${tomorrow}`);
  expect(register[0]!.message).toContain(waiting.id.slice(0, 8));

  const again = await runDaily();
  expect(again.prioritized).not.toContain(waiting.id);
  expect(await stack.db.notice.count({ where: { caseId: `register-${today}` } })).toBe(1);
  expect((await api.history(p.auditor, waiting.id)).filter((e) => e.action === 'prioritize')).toHaveLength(1);
  // Dispatching it clears the task from the supervisor's list.
  await api.act(p.service_supervisor, waiting.id, { action: 'dispatch', technicianId: p.tech.id });
});

test('S20: the service department gets a digest of overdue open items per service centre, once a day', async () => {
  const north = await api.register(p.clerk, { serviceCentre: 'north' });
  const main = await api.register(p.clerk);
  // Both pass their 1 s arrival deadline.
  await eventually('arrival escalations', async () => (await api.notices(north.id)).length + (await api.notices(main.id)).length, (n) => n >= 2);
  await api.projected(north.id, 1);
  const today = localDateIn(stack.config.timeZone, new Date());
  const result = await runDaily();
  expect(result.digests.map((d) => d.centre)).toEqual(expect.arrayContaining(['main', 'north']));
  const digest = await stack.db.notice.findMany({ where: { caseId: `digest-${today}-north` } });
  expect(digest).toEqual([expect.objectContaining({ type: 'reminder', to: '["service_dept","service_supervisor"]', stage: 'digest' })]);
  expect(digest[0]!.message).toContain(north.id.slice(0, 8));
  expect(digest[0]!.message).not.toContain(main.id.slice(0, 8));
  expect(digest[0]!.message).toMatch(/arrival deadline \(S14\)/);
  const mainDigest = await stack.db.notice.findFirstOrThrow({ where: { caseId: `digest-${today}-main` } });
  expect(mainDigest.message).toContain(main.id.slice(0, 8));
  const mine = await stack.http.get('/api/v1/notices?mine=true&limit=200').set(bearer(p.service_dept.token));
  expect(mine.body.items.map((n: { caseId: string }) => n.caseId)).toEqual(expect.arrayContaining([`digest-${today}-north`, `digest-${today}-main`]));
  await runDaily();
  expect(await stack.db.notice.count({ where: { caseId: `digest-${today}-north` } })).toBe(1);
});

test('S13, S20: the worker creates the daily schedule at DAILY_JOB_TIME in TIME_ZONE, updates it on the next start, and it runs the job', async () => {
  const config = stack.config;
  const handle = stack.client.schedule.getHandle(dailyScheduleId(config.temporal.taskQueue));
  try {
    expect(await ensureDailySchedule(stack.client, config)).toBe('created');
    let described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 18, end: 18, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dailyOperationsWorkflow', taskQueue: config.temporal.taskQueue });
    const later = loadConfig({ DATABASE_URL: config.databaseUrl, TEMPORAL_ADDRESS: config.temporal.address, TEMPORAL_TASK_QUEUE: config.temporal.taskQueue, DAILY_JOB_TIME: '07:30' });
    expect(await ensureDailySchedule(stack.client, later)).toBe('updated');
    described = await handle.describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    // Triggered now, it runs the daily workflow on the worker.
    const scheduled = () => stack.client.workflow.count(`WorkflowId STARTS_WITH '${dailyScheduleId(config.temporal.taskQueue)}' AND ExecutionStatus = 'Completed'`);
    expect((await scheduled()).count).toBe(0);
    await handle.trigger();
    await eventually('scheduled run', async () => (await scheduled()).count, (n) => n === 1);
    expect((await handle.describe()).info.recentActions).toHaveLength(1);
    // DAILY_JOB_EVERY (a demonstration) runs it at an interval instead.
    const demo = loadConfig({ DATABASE_URL: config.databaseUrl, TEMPORAL_ADDRESS: config.temporal.address, TEMPORAL_TASK_QUEUE: config.temporal.taskQueue, DAILY_JOB_EVERY: '2m' });
    expect(await ensureDailySchedule(stack.client, demo)).toBe('updated');
    described = await handle.describe();
    expect(described.spec.calendars ?? []).toEqual([]);
    expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 120_000 })]);
    // Switched off, the next start deletes it.
    const disabled = loadConfig({ DATABASE_URL: config.databaseUrl, TEMPORAL_ADDRESS: config.temporal.address, TEMPORAL_TASK_QUEUE: config.temporal.taskQueue, DAILY_JOB_ENABLED: 'false' });
    expect(await ensureDailySchedule(stack.client, disabled)).toBe('deleted');
    await expect(handle.describe()).rejects.toThrow(ScheduleNotFoundError);
    expect(await ensureDailySchedule(stack.client, disabled)).toBe('disabled');
  } finally {
    await handle.delete().catch(() => undefined);
  }
});
