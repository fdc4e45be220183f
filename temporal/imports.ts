// The client side of import jobs (O6): start a job's workflow once under the import's id, and wait
// a while for it to finish so that a small import answers at once.
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { importWorkflow, importWorkflowId } from '../workflows/imports';
import { isPastDeadline } from './caseWorkflows';

/** Starts the import's job (again: nothing happens). */
export async function startImportJob(client: Client, taskQueue: string, importId: string): Promise<void> {
  try {
    await client.workflow.start(importWorkflow, {
      workflowId: importWorkflowId(importId),
      taskQueue,
      args: [{ importId }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Waits up to `waitMs` for the job to finish; true when it did. */
export async function importJobFinished(client: Client, importId: string, waitMs: number): Promise<boolean> {
  if (waitMs <= 0) return false;
  const deadline = Date.now() + waitMs;
  try {
    await client.withDeadline(deadline, () => client.workflow.getHandle(importWorkflowId(importId)).result());
    return true;
  } catch (err) {
    if (isPastDeadline(err, deadline)) return false;
    throw err;
  }
}
