// How a refusal leaves a workflow: a domain AppError becomes a non-retryable ApplicationFailure
// with the same code as its type (api/errors.ts maps it to HTTP); anything else is rethrown.
// And how an activity's failure reaches a workflow, whichever way the activity ran.
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import { AppError } from '../domain/errors';

export function asFailure(err: unknown): never {
  if (err instanceof AppError) {
    throw ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details], nonRetryable: true });
  }
  throw err;
}

/**
 * What an activity failed with. An activity run as its own task reaches the workflow as an
 * ActivityFailure whose cause is what the activity threw (or its timeout); a local activity (run in
 * the workflow task) reaches it as that failure itself, unwrapped.
 */
export const activityFailureCause = (err: unknown): unknown => (err instanceof ActivityFailure ? err.cause : err);

/**
 * Whether an activity's failure (its retries ran out or it timed out) may pass if tried again
 * later: anything the activity did not call permanent. A cancellation, or anything that is not an
 * activity's failure, never does.
 */
export function mayPassLater(err: unknown): boolean {
  if (err instanceof ActivityFailure) return !(err.cause instanceof ApplicationFailure && err.cause.nonRetryable);
  return (err instanceof ApplicationFailure && !err.nonRetryable) || err instanceof TimeoutFailure;
}

/** Whether an activity failed with the permanent failure of this type (e.g. a projection gap). */
export const isActivityFailureOfType = (err: unknown, type: string): boolean => {
  const cause = activityFailureCause(err);
  return cause instanceof ApplicationFailure && cause.type === type;
};
