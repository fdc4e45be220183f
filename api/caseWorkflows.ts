// What the routes of every case type (complaints, service calls, contracts) do with its workflow:
// start it once per id, read it, and read it still when the workflow is gone. A finished
// workflow is kept by Temporal only for the namespace's retention period; after that, reads fall
// back to the projection (the state JSON and CaseEvent rows written in step with the workflow),
// so a case closed a year ago still reads the same, and an action on it is refused with 409.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Database } from '../db/client';
import { AppError } from '../domain/errors';
import type { ApiDeps } from './context';
import { isWorkflowGone } from './errors';
import { z } from './zod';

/** A history entry as /history returns it; `name` is the OpenAPI schema name. */
export const zCaseHistoryEvent = (name: string) =>
  z
    .object({
      seq: z.number().int().describe('1, 2, … in the order the actions were taken'),
      at: z.string(),
      actor: z.object({ id: z.string(), name: z.string() }),
      action: z.string(),
      stage: z.string(),
      data: z.record(z.string(), z.unknown()),
      comment: z.string().nullable(),
    })
    .openapi(name);

export interface CaseHistoryEventView {
  seq: number;
  at: string;
  actor: { id: string; name: string };
  action: string;
  stage: string;
  data: Record<string, unknown>;
  comment: string | null;
}

/**
 * Starts a case's workflow under its fixed id. A retry after the start already happened (the
 * API died between its write and the answer) finds it started: 'already_started'.
 */
export async function startCaseWorkflow<I>(
  deps: ApiDeps,
  workflow: (input: I) => Promise<unknown>,
  workflowId: string,
  input: I,
): Promise<'started' | 'already_started'> {
  try {
    await deps.temporal.workflow.start(workflow as (input: unknown) => Promise<unknown>, {
      workflowId,
      taskQueue: deps.config.temporal.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already_started';
    throw err;
  }
}

/** Runs `f` against the workflow; when it is gone, `gone()` answers (from the projection) or the case is unknown: 404. */
export async function fromWorkflowOr<T>(what: string, f: () => Promise<T>, gone: () => Promise<T | null>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (!isWorkflowGone(err)) throw err;
    const fallback = await gone();
    if (fallback === null) throw new AppError('not_found', `No ${what}.`);
    return fallback;
  }
}

/** An action on a case whose workflow is gone: 409 when the case exists (it is finished), else 404. */
export async function actOnWorkflow<T>(what: string, f: () => Promise<T>, exists: () => Promise<boolean>, finished: string): Promise<T> {
  return fromWorkflowOr(what, f, async () => {
    if (await exists()) throw new AppError('wrong_stage', finished);
    return null;
  });
}

/** The case's history from its CaseEvent rows; null when there are none. */
export async function projectedHistory(db: Database, caseType: string, caseId: string): Promise<CaseHistoryEventView[] | null> {
  const rows = await db.caseEvent.findMany({ where: { caseType, caseId }, orderBy: { seq: 'asc' } });
  if (rows.length === 0) return null;
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: { id: r.actorId, name: r.actorName },
    action: r.action,
    stage: r.stage,
    data: JSON.parse(r.data) as Record<string, unknown>,
    comment: r.comment,
  }));
}

/** The workflow's history entries as /history returns them. */
export const historyView = <E extends { comment?: string | null }>(events: readonly E[]) => events.map((e) => ({ ...e, comment: e.comment ?? null }));

/** A replay of a case whose workflow history is past retention: 404 saying so (unknown case: the plain 404). */
export async function historyGone(deps: ApiDeps, table: 'complaintCase' | 'serviceCall', id: string): Promise<null> {
  const exists = table === 'complaintCase' ? await deps.db.complaintCase.count({ where: { id } }) : await deps.db.serviceCall.count({ where: { id } });
  if (exists > 0) {
    throw new AppError('not_found', 'The workflow history of this case is past the retention period and cannot be replayed; GET its /history for the recorded events.');
  }
  return null;
}
