// Activities about the platform itself rather than one case type.
import type { Database } from '../db/client';
import { type NoticeInput, recordNotices } from '../services/notices';

/** Which case a workflow id belongs to: `complaint-<id>`, `service-call-<id>`, …; a scheduled job otherwise. */
function caseOf(workflowId: string): Pick<NoticeInput, 'caseType' | 'caseId'> {
  const m = /^(complaint|service-call|contract|accountability)-(.+)$/.exec(workflowId);
  return m ? { caseType: m[1]!.replace('-', '_') as NoticeInput['caseType'], caseId: m[2]! } : { caseType: 'job', caseId: workflowId };
}

export function createOperationsActivities(deps: { db: Database }) {
  return {
    /**
     * G1: an activity of a workflow keeps failing past its retries (the database or another part is
     * down): the administrators are told once; the case waits on a durable timer and tries again.
     */
    async recordStalledWork(input: { workflowId: string; activity: string; error: string; at: string }): Promise<void> {
      await recordNotices(deps.db, [
        {
          key: `${input.workflowId}:stalled:${input.activity}`,
          type: 'escalation',
          ...caseOf(input.workflowId),
          stage: 'stalled',
          to: ['admin'],
          message: `${input.workflowId} is waiting: "${input.activity}" keeps failing (${input.error.slice(0, 300)}). It is tried again on its own; nothing is lost.`,
          at: input.at,
        },
      ]);
    },
  };
}

export type OperationsActivities = ReturnType<typeof createOperationsActivities>;
