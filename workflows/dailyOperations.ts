// dailyOperationsWorkflow: the service side's end-of-day run, started by a Temporal Schedule
// (services/dailySchedule.ts) at DAILY_JOB_TIME. S13: the register is reconciled and every call
// not dispatched today gets priority dispatch tomorrow (a signal to its workflow). S20: the
// service department gets a digest of the overdue open items of each service centre.
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import type { DailyOperationsActivities } from '../activities/dailyOperations';
import { patientActivities } from './kernel';
import { prioritizeSignal, serviceCallWorkflowId } from './serviceCall';

export interface DailyOperationsInput {
  /** The instant the run stands for (default: when it runs); its local date is "today". */
  at?: string;
}

export interface DailyOperationsResult {
  today: string;
  prioritized: string[];
  digests: { centre: string; overdue: number }[];
}

const activities = patientActivities<DailyOperationsActivities>({ startToCloseTimeout: '2 minutes' });

export const dailyOperationsWorkflowId = (taskQueue: string, date: string): string => `daily-operations-${taskQueue}-${date}`;

export async function dailyOperationsWorkflow(input: DailyOperationsInput = {}): Promise<DailyOperationsResult> {
  const at = input.at ?? new Date(Date.now()).toISOString();
  const { today, tomorrow, callIds } = await activities.findUndispatchedCalls({ at });
  const prioritized: string[] = [];
  for (const id of callIds) {
    try {
      await getExternalWorkflowHandle(serviceCallWorkflowId(id)).signal(prioritizeSignal, { date: tomorrow });
      prioritized.push(id);
    } catch {
      // The call's workflow is gone (it cannot be: an undispatched call is open); nothing to prioritise.
    }
  }
  await activities.recordReconciliation({ at, today, tomorrow, callIds: prioritized });
  const digests = await activities.sendOverdueDigests({ at, today });
  return { today, prioritized, digests };
}
