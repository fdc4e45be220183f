// S13, S20: the Temporal Schedule that runs dailyOperationsWorkflow every day at DAILY_JOB_TIME in
// TIME_ZONE (or every DAILY_JOB_EVERY, for a demonstration); kept by the worker (services/schedules.ts).
import type { Client, ScheduleOptionsStartWorkflowAction, ScheduleSpec } from '@temporalio/client';
import type { Config } from '../config';
import { dailyOperationsWorkflow } from '../workflows/dailyOperations';
import { type ScheduleOutcome, keepSchedule } from './schedules';

export const dailyScheduleId = (taskQueue: string): string => `daily-operations-${taskQueue}`;

export function dailyScheduleSpec(config: Config): ScheduleSpec {
  const { hour, minute, everyMs } = config.service.dailyJob;
  if (everyMs !== undefined) return { intervals: [{ every: everyMs }] };
  return { calendars: [{ hour, minute, comment: 'S13 register reconciliation and S20 overdue digest' }], timezone: config.timeZone };
}

/** Creates, updates or (when disabled) deletes the daily schedule. */
export async function ensureDailySchedule(client: Client, config: Config): Promise<ScheduleOutcome> {
  const scheduleId = dailyScheduleId(config.temporal.taskQueue);
  const action: ScheduleOptionsStartWorkflowAction<typeof dailyOperationsWorkflow> = {
    type: 'startWorkflow',
    workflowType: dailyOperationsWorkflow,
    args: [{}],
    taskQueue: config.temporal.taskQueue,
    workflowId: scheduleId,
  };
  return keepSchedule(client, scheduleId, {
    enabled: config.service.dailyJob.enabled,
    spec: dailyScheduleSpec(config),
    action,
    policies: { overlap: 'SKIP', catchupWindow: '1 day' },
  });
}
