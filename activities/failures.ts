// How an activity's error leaves it (G1, G5): a refusal of the platform's own (an AppError: bad
// input, an impossible state) is a non-retryable ApplicationFailure with the error's code, so the
// workflow (or the request) ends at once with that error. Anything else (the database busy or
// unreachable, a network fault, even a fault of the code that a new release will mend) is retried by
// Temporal with back-off, and past the workflow's patience the case waits on a durable timer and the
// administrators are told (workflows/kernel.ts `patientActivities`): a case is delayed, never lost.
import { ApplicationFailure } from '@temporalio/activity';
import { AppError } from '../domain/errors';

export function classifyActivityError(err: unknown): unknown {
  if (err instanceof AppError) {
    return ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details], nonRetryable: true });
  }
  return err;
}

type ActivityFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** The same activities, each throwing classified errors. */
export function classifyingErrors<A extends ActivityFunctions>(activities: A): A {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          throw classifyActivityError(err);
        }
      },
    ]),
  ) as A;
}

/** The failure a delta projection throws when it cannot apply the delta (PROJECTION_GAP in workflows/kernel.ts): the workflow sends the whole state. */
export const projectionGap = (caseId: string): ApplicationFailure =>
  ApplicationFailure.create({ type: 'ProjectionGap', message: `the projection of ${caseId} holds no copy this change applies to`, nonRetryable: true });
