// The platform's Temporal Schedules, kept by the worker at start-up: created when missing, brought
// up to the current configuration when present (another worker, a restart), deleted when the
// configuration turns the job off. There is always at most one of each per task queue.
// - S13, S20: the daily job (dailyOperationsWorkflow) at DAILY_JOB_TIME in TIME_ZONE, or every
//   DAILY_JOB_EVERY for a demonstration.
// - C12, P1, P14: last month's statistics and ledger (monthlyReportWorkflow) on MONTHLY_REPORT_DAY.
// - Notices delivered to people (noticeDeliveriesWorkflow) every DELIVERY_SWEEP_EVERY, while an e-mail
//   or chat channel is configured.
import { randomUUID } from 'node:crypto';
import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOptions,
  type ScheduleOptionsAction,
  type ScheduleSpec,
} from '@temporalio/client';
import type { Config } from '../config';
import { dailyOperationsWorkflow } from '../workflows/dailyOperations';
import { monthlyReportWorkflow } from '../workflows/monthlyReport';
import { noticeDeliveriesWorkflow } from '../workflows/noticeDeliveries';

export type ScheduleOutcome = 'created' | 'updated' | 'deleted' | 'disabled';

export async function keepSchedule(
  client: Client,
  scheduleId: string,
  wanted: { enabled: boolean; spec: ScheduleSpec; action: ScheduleOptionsAction; policies: NonNullable<ScheduleOptions['policies']> },
): Promise<ScheduleOutcome> {
  const handle = client.schedule.getHandle(scheduleId);
  if (!wanted.enabled) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return 'disabled';
      throw err;
    }
  }
  const { spec, action, policies } = wanted;
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await handle.update((previous) => ({ ...previous, spec, action, policies: { ...previous.policies, ...policies } }));
    return 'updated';
  }
}

export const dailyScheduleId = (taskQueue: string): string => `daily-operations-${taskQueue}`;

export function dailyScheduleSpec(config: Config): ScheduleSpec {
  const { hour, minute, everyMs } = config.service.dailyJob;
  if (everyMs !== undefined) return { intervals: [{ every: everyMs }] };
  return { calendars: [{ hour, minute, comment: 'S13 register reconciliation and S20 overdue digest' }], timezone: config.timeZone };
}

/**
 * Keeps the schedule `scheduleId` starting `workflow` (with no arguments but `{}`) on the task
 * queue; a run still going when the next is due makes that one skip, and a run missed while the
 * cluster was down still happens within `catchupWindow`.
 */
function keepWorkflowSchedule(
  client: Client,
  config: Config,
  wanted: { scheduleId: string; workflow: (input: object) => Promise<unknown>; enabled: boolean; spec: ScheduleSpec; catchupWindow: NonNullable<ScheduleOptions['policies']>['catchupWindow'] },
): Promise<ScheduleOutcome> {
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow',
    workflowType: wanted.workflow,
    args: [{}],
    taskQueue: config.temporal.taskQueue,
    workflowId: wanted.scheduleId,
  };
  return keepSchedule(client, wanted.scheduleId, { enabled: wanted.enabled, spec: wanted.spec, action, policies: { overlap: 'SKIP', catchupWindow: wanted.catchupWindow } });
}

/** Creates, updates or (when disabled) deletes the daily schedule. */
export function ensureDailySchedule(client: Client, config: Config): Promise<ScheduleOutcome> {
  return keepWorkflowSchedule(client, config, {
    scheduleId: dailyScheduleId(config.temporal.taskQueue),
    workflow: dailyOperationsWorkflow,
    enabled: config.service.dailyJob.enabled,
    spec: dailyScheduleSpec(config),
    catchupWindow: '1 day',
  });
}

export const monthlyScheduleId = (taskQueue: string): string => `monthly-report-${taskQueue}`;

export function monthlyScheduleSpec(config: Config): ScheduleSpec {
  const { day, hour, minute } = config.accounting.monthlyReport;
  return {
    calendars: [{ dayOfMonth: day, hour, minute, comment: "C12, P1: last month's complaint statistics and ledger, before the 10th" }],
    timezone: config.timeZone,
  };
}

/** Creates the monthly schedule, brings it up to the current configuration, or deletes it when disabled. */
export function ensureMonthlySchedule(client: Client, config: Config): Promise<ScheduleOutcome> {
  return keepWorkflowSchedule(client, config, {
    scheduleId: monthlyScheduleId(config.temporal.taskQueue),
    workflow: monthlyReportWorkflow,
    enabled: config.accounting.monthlyReport.enabled,
    spec: monthlyScheduleSpec(config),
    // A run missed while the cluster was down still happens, as long as it is before the 10th.
    catchupWindow: (10 - config.accounting.monthlyReport.day) * 24 * 60 * 60 * 1000,
  });
}

/** C12: compiles (or recompiles) `month` now, as the GM office asks, and waits for it. */
export async function runMonthlyReport(client: Client, taskQueue: string, month: string): Promise<void> {
  await client.workflow.execute(monthlyReportWorkflow, { workflowId: `monthly-report-${month}-${randomUUID()}`, taskQueue, args: [{ month }] });
}

export const deliveryScheduleId = (taskQueue: string): string => `notice-deliveries-${taskQueue}`;

/** Creates or updates the delivery schedule; deletes it when no channel (SMTP, chat webhook) is configured. */
export function ensureDeliverySchedule(client: Client, config: Config): Promise<ScheduleOutcome> {
  return keepWorkflowSchedule(client, config, {
    scheduleId: deliveryScheduleId(config.temporal.taskQueue),
    workflow: noticeDeliveriesWorkflow,
    enabled: config.deliveries.email !== null || config.deliveries.chat !== null,
    spec: { intervals: [{ every: config.deliveries.sweepEveryMs }] },
    // A run missed while the cluster was down is not made up: the next one sends everything due.
    catchupWindow: '1 minute',
  });
}
