// S13, S20: the Temporal Schedule that runs dailyOperationsWorkflow every day at DAILY_JOB_TIME in
// TIME_ZONE. The worker creates it at start-up; creating it again (another worker, a restart)
// updates it to the current configuration instead, so there is always exactly one.
import { type Client, ScheduleAlreadyRunning, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import type { Config } from '../config';
import { dailyOperationsWorkflow } from '../workflows/dailyOperations';

export const dailyScheduleId = (taskQueue: string): string => `daily-operations-${taskQueue}`;

export function dailyScheduleSpec(config: Config): ScheduleSpec {
  const { hour, minute } = config.service.dailyJob;
  return { calendars: [{ hour, minute, comment: 'S13 register reconciliation and S20 overdue digest' }], timezone: config.timeZone };
}

export async function ensureDailySchedule(client: Client, config: Config): Promise<'created' | 'updated' | 'disabled'> {
  if (!config.service.dailyJob.enabled) return 'disabled';
  const scheduleId = dailyScheduleId(config.temporal.taskQueue);
  const spec = dailyScheduleSpec(config);
  const action: ScheduleOptionsStartWorkflowAction<typeof dailyOperationsWorkflow> = {
    type: 'startWorkflow',
    workflowType: dailyOperationsWorkflow,
    args: [{}],
    taskQueue: config.temporal.taskQueue,
    workflowId: scheduleId,
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    return 'updated';
  }
}
