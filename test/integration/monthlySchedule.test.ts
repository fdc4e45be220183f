// C12, P1: the monthly Temporal Schedule on the real Temporal server (the time-skipping test
// server does not implement schedules; the run itself is exercised there, see
// accountabilityTimeSkipping.test.ts). Created idempotently at worker start, on MONTHLY_REPORT_DAY
// in TIME_ZONE, and its run compiles last month's statistics.
import { ScheduleNotFoundError } from '@temporalio/client';
import { monthOf, previousMonth } from '../../domain/accountability/ledger';
import { loadConfig } from '../../config';
import { ensureMonthlySchedule, monthlyScheduleId } from '../../temporal/schedules';
import { type TestStack, startTestStack } from '../support/stack';
import { eventually } from './accountabilityHelpers';

jest.setTimeout(120_000);

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ MONTHLY_REPORT_DAY: '5', MONTHLY_REPORT_TIME: '08:30' });
});

afterAll(async () => {
  await stack?.client.schedule.getHandle(monthlyScheduleId(stack.config.temporal.taskQueue)).delete().catch(() => undefined);
  await stack?.stop();
});

test('C12, P1: the schedule is created once, on the 5th at 08:30 company time, and updated (not duplicated) on the next start', async () => {
  expect(await ensureMonthlySchedule(stack.client, stack.config)).toBe('created');
  expect(await ensureMonthlySchedule(stack.client, stack.config)).toBe('updated');
  const handle = stack.client.schedule.getHandle(monthlyScheduleId(stack.config.temporal.taskQueue));
  const d = await handle.describe();
  expect(d.spec.timezone).toBe(stack.config.timeZone);
  expect(d.spec.calendars).toHaveLength(1);
  expect(d.spec.calendars![0]).toMatchObject({ dayOfMonth: [{ start: 5, end: 5 }], hour: [{ start: 8, end: 8 }], minute: [{ start: 30, end: 30 }] });
  expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'monthlyReportWorkflow', taskQueue: stack.config.temporal.taskQueue });
  expect(d.policies.overlap).toBe('SKIP');
  const next = d.info.nextActionTimes[0]!;
  expect(monthOf(next, stack.config.timeZone)).toMatch(/^\d{4}-\d{2}$/);
  expect(new Intl.DateTimeFormat('en', { timeZone: stack.config.timeZone, day: 'numeric' }).format(next)).toBe('5');

  // Its run compiles last month's statistics (triggered now instead of waiting for the 5th).
  await handle.trigger();
  const last = previousMonth(monthOf(new Date(), stack.config.timeZone));
  const report = await eventually('the compiled report', () => stack.db.monthlyReport.findUnique({ where: { month: last } }), (r) => r !== null);
  expect(JSON.parse(report!.data)).toMatchObject({ month: last, totals: { closed: 0 } });
});

test('C12: switched off, the schedule is deleted on the next start; its day must come before the 10th', async () => {
  const handle = stack.client.schedule.getHandle(monthlyScheduleId(stack.config.temporal.taskQueue));
  expect(await ensureMonthlySchedule(stack.client, stack.config)).not.toBe('disabled');
  const off = loadConfig({ DATABASE_URL: 'file:/dev/null', TEMPORAL_TASK_QUEUE: stack.config.temporal.taskQueue, MONTHLY_REPORT_ENABLED: 'false' });
  expect(await ensureMonthlySchedule(stack.client, off)).toBe('deleted');
  await expect(handle.describe()).rejects.toThrow(ScheduleNotFoundError);
  expect(await ensureMonthlySchedule(stack.client, off)).toBe('disabled');
  expect(() => loadConfig({ MONTHLY_REPORT_DAY: '10' })).toThrow(/MONTHLY_REPORT_DAY is invalid: must be 1 to 9/);
});
