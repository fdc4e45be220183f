// The client side of every case workflow (complaints, service calls, contracts, accountability):
// start it once under its business id, send it actions as Updates, read it through its queries,
// replay its history. A finished workflow is kept by Temporal only for the namespace's retention
// period; after that, reads fall back to the case's projection (the state and history rows written
// in step with the workflow), so a case closed a year ago still reads the same, and an action on it
// is refused with 409. A read also falls back to the projection when no worker answers within the
// read wait (every worker down or overloaded): the last recorded state rather than a timeout.
import { randomBytes } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, isGrpcServiceError } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { AppError } from '../domain/errors';
import { type ProjectedAnswer, isProjectedAnswer } from '../workflows/kernel';
import { type ReplayResult, replayWorkflow } from './replay';

/** Temporal does not have this workflow (never started, or past its namespace's retention). */
export function isWorkflowGone(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError) return true;
  const cause = (err as { cause?: unknown })?.cause;
  return (isGrpcServiceError(err) && err.code === 5) || (isGrpcServiceError(cause) && cause.code === 5);
}

/**
 * A call ran past the deadline the client set: gRPC DEADLINE_EXCEEDED, or CANCELLED when the client
 * gave up on it first.
 */
export function isPastDeadline(err: unknown, deadline: number): boolean {
  const DEADLINE_EXCEEDED = 4;
  const CANCELLED = 1;
  const code = isGrpcServiceError(err) ? err.code : (err as { cause?: { code?: unknown } })?.cause?.code;
  return code === DEADLINE_EXCEEDED || (code === CANCELLED && Date.now() >= deadline);
}

/** A query with a deadline; null when no worker answered in time. */
export async function queryWithin<T>(client: Client, waitMs: number, query: () => Promise<T>): Promise<T | null> {
  const deadline = Date.now() + waitMs;
  try {
    return await client.withDeadline(deadline, query);
  } catch (err) {
    if (isPastDeadline(err, deadline)) return null;
    throw err;
  }
}

/** The engine failed to carry a call (a gRPC error), as opposed to the workflow refusing it. */
const isEngineFault = (err: unknown): boolean => isGrpcServiceError(err) || (err as Error)?.name === 'ServiceError' || isGrpcServiceError((err as { cause?: unknown })?.cause);

/** No worker answered the query within the read wait. */
class Unanswered extends Error {}

/** A case type's workflow and the messages it answers, as its workflow file defines them. */
export interface CaseWorkflowType<Input, View, Request, Event> {
  /** How a case of this type is named in messages: "complaint", "service call". */
  noun: string;
  workflow: (input: Input) => Promise<unknown>;
  workflowId: (id: string) => string;
  viewQuery: QueryDefinition<View>;
  historyQuery?: QueryDefinition<Event[]>;
  actionUpdate: UpdateDefinition<View | ProjectedAnswer, [Request]>;
  /** Asked (`answer: 'projected'`), the workflow answers an action with null once its projection is current; the case is then read from the projection. */
  answersByProjection?: boolean;
  /** The refusal of an action on a finished case whose workflow is gone. */
  finished: string;
}

/** The case as its projection holds it, read when its workflow is gone. */
export interface CaseProjection<View, Event> {
  view(id: string): Promise<View | null>;
  history?(id: string): Promise<Event[] | null>;
}

export class CaseWorkflows<Input, View, Request, Event = never> {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly type: CaseWorkflowType<Input, View, Request, Event>,
    private readonly projection: CaseProjection<View, Event>,
    /** How long a read waits for the workflow before the projection answers. */
    private readonly readWaitMs = 3000,
  ) {}

  private handle(id: string) {
    return this.client.workflow.getHandle(this.type.workflowId(id));
  }

  /**
   * Starts the case's workflow under its fixed id. A retry after the start already happened (the
   * API died between its write and the answer) finds it started: 'already_started'.
   */
  async start(id: string, input: Input): Promise<'started' | 'already_started'> {
    try {
      await this.client.workflow.start(this.type.workflow as (input: Input) => Promise<unknown>, {
        workflowId: this.type.workflowId(id),
        taskQueue: this.taskQueue,
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

  /** The case from its workflow, or from the projection once the workflow is gone; 404 when unknown. */
  read(id: string): Promise<View> {
    return this.orProjection(id, () => this.queried(this.type.viewQuery, id), () => this.projection.view(id));
  }

  /** An action (an Update): the case after it, or the workflow's refusal; 409 when the case is finished and gone. */
  act(id: string, request: Request): Promise<View> {
    return this.orProjection(
      id,
      async () => {
        // Asked so, a workflow records a few bytes per action rather than the whole view; its
        // projection is current when the Update returns, so the case is read there. (Cases started
        // before lean projections answer with the view whatever they are asked.)
        const args: [Request] = [this.type.answersByProjection ? { ...request, answer: 'projected' } : request];
        // Named by 128 random bits (as unique as a UUID): the id is recorded in four events of every action, 22 characters rather than 36.
        const answer = await this.handle(id).executeUpdate(this.type.actionUpdate, { args, updateId: randomBytes(16).toString('base64url') });
        if (!isProjectedAnswer(answer)) return answer;
        const view = await this.projection.view(id);
        if (view === null) throw new Error(`the projection of ${this.type.noun} ${id} is missing after an action it was written by`);
        return view;
      },
      async () => {
        if ((await this.projection.view(id)) !== null) throw new AppError('wrong_stage', this.type.finished);
        return null;
      },
    );
  }

  /** G4: the recorded history events, from the workflow or the projection. */
  history(id: string): Promise<Event[]> {
    const { historyQuery } = this.type;
    if (!historyQuery || !this.projection.history) throw new Error(`${this.type.noun} has no history query`);
    const fromProjection = this.projection.history.bind(this.projection);
    return this.orProjection(id, () => this.queried(historyQuery, id), () => fromProjection(id));
  }

  /** G4: the workflow's recorded history replayed against the current code; 404 naming retention when it is gone. */
  replay(id: string): Promise<ReplayResult> {
    return this.orProjection(id, () => replayWorkflow(this.client, this.type.workflowId(id)), async () => {
      if ((await this.projection.view(id)) !== null) {
        throw new AppError('not_found', `The workflow history of this ${this.type.noun} is past the retention period and cannot be replayed; GET its /history for the recorded events.`);
      }
      return null;
    });
  }

  private async queried<T>(query: QueryDefinition<T>, id: string): Promise<T> {
    let answer: T | null;
    try {
      answer = await queryWithin(this.client, this.readWaitMs, () => this.handle(id).query(query));
    } catch (err) {
      // The engine could not ask the workflow (restarting, moving its shards, unreachable): the
      // reader gets the case as of its last action from the projection rather than an error.
      if (!isWorkflowGone(err) && isEngineFault(err)) throw new Unanswered();
      throw err;
    }
    if (answer === null) throw new Unanswered();
    return answer;
  }

  private async orProjection<T>(id: string, fromWorkflow: () => Promise<T>, fromProjection: () => Promise<T | null>): Promise<T> {
    try {
      return await fromWorkflow();
    } catch (err) {
      if (!isWorkflowGone(err) && !(err instanceof Unanswered)) throw err;
      const fallback = await fromProjection();
      if (fallback === null) throw new AppError('not_found', `No ${this.type.noun} ${id}.`);
      return fallback;
    }
  }
}
