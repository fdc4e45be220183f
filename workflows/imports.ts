// importWorkflow: one import of customers, products or contracts as a durable job (O6). Its first
// activity checks every row and writes them all in one transaction (or, when a row has an error,
// nothing); then each new contract's workflow is started as a child that outlives the import,
// under the contract's own workflow id, so that no contract is ever started twice. A restart of
// any worker resumes the job where it stood; a long list of contracts continues as new.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ContinueAsNew, ParentClosePolicy, continueAsNew, startChild, workflowInfo } from '@temporalio/workflow';
import type { InstalledBaseActivities } from '../activities/installedBase';
import { contractWorkflow, contractWorkflowId } from './contract';
import { patientActivities } from './kernel';

export interface ImportWorkflowInput {
  importId: string;
  /** Set when the job continued as new: its rows are written, contracts are being started. */
  written?: boolean;
}

export interface ImportWorkflowResult {
  status: string;
}

export const importWorkflowId = (importId: string): string => `import-${importId}`;

const activities = patientActivities<InstalledBaseActivities>({ startToCloseTimeout: '15 minutes' });

/** Contract workflows started at once. */
const BATCH = 50;
/** History length past which the job continues as new. */
const HISTORY_LIMIT = 5_000;

const at = () => new Date(Date.now()).toISOString();

export async function importWorkflow(input: ImportWorkflowInput): Promise<ImportWorkflowResult> {
  const { importId } = input;
  try {
    if (!input.written) {
      const { status, contractsToStart } = await activities.runImportJob({ importId, at: at() });
      if (status !== 'running' || contractsToStart === 0) return { status };
    }
    for (;;) {
      const due = await activities.contractStartsDue({ importId, limit: BATCH });
      await Promise.all(
        due.map(async ({ contractId, input: contract }) => {
          try {
            await startChild(contractWorkflow, {
              workflowId: contractWorkflowId(contractId),
              args: [contract],
              parentClosePolicy: ParentClosePolicy.ABANDON,
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
            });
          } catch (err) {
            // Started already (an earlier run of this job, or another import of the same contract).
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          }
        }),
      );
      const { remaining } = await activities.markContractsStarted({ importId, contractIds: due.map((d) => d.contractId), at: at() });
      if (remaining === 0) return { status: 'done' };
      const info = workflowInfo();
      if (info.continueAsNewSuggested || info.historyLength > HISTORY_LIMIT) await continueAsNew<typeof importWorkflow>({ importId, written: true });
    }
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    // The job stopped on something other than its rows: say so on the import, then fail.
    const cause = (err as { cause?: unknown }).cause;
    const message = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
    await activities.failImportJob({ importId, error: message, at: at() });
    return { status: 'failed' };
  }
}
